using Shegong.Domain.Cases;
using Shegong.Domain.Common;
using Shegong.Domain.Registry;
using Case = Shegong.Domain.Cases.Case;

namespace Shegong.UnitTests.Cases;

/// <summary>Every allowed and refused move of a case (CaseFlow) and of a referral (ReferralFlow).</summary>
public sealed class CaseFlowTests
{
    private static readonly DateOnly Day = new(2026, 3, 10);
    private static readonly Guid Worker = Guid.NewGuid(), Manager = Guid.NewGuid();
    private static readonly VisitSubjectRef Person = new(Guid.NewGuid(), Guid.NewGuid(), "440112010", Guid.NewGuid());

    private static Case Open() => Case.Open(Person, CaseSource.Outreach, RiskLevel.High, Worker, [], IntakeRecord.Checked("肿瘤未治疗，担心费用", "想去医院看病"), Day, Worker);

    private static PlanRecord Plan() => PlanRecord.Checked([("完成手术", "联动医院、街道", Day.AddDays(30)), ("术后有人照料", "居委会探访", Day.AddDays(60))], Day);

    /// <summary>A case moved to <paramref name="stage"/> through every earlier stage, documents written.</summary>
    private static Case At(CaseStage stage)
    {
        var c = Open();
        if (stage == CaseStage.Intake) return c;
        c.Advance(CaseStage.Assessment, Day, Worker);
        if (stage == CaseStage.Assessment) return c;
        c.WriteAssessment(AssessmentRecord.Checked("独居，肿瘤未治疗", "愿意配合", "高", "女儿在外地", [new("有无照顾者", ChecklistAnswer.No)]));
        c.Advance(CaseStage.Planning, Day, Worker);
        if (stage == CaseStage.Planning) return c;
        c.WritePlan(Plan());
        c.Advance(CaseStage.Intervention, Day, Worker);
        if (stage == CaseStage.Intervention) return c;
        c.Advance(CaseStage.Evaluation, Day, Worker);
        return c;
    }

    private static Case Evaluated()
    {
        var c = At(CaseStage.Evaluation);
        c.WriteEvaluation([new(1, Attainment.Attained), new(2, Attainment.Partly, "女儿每周来电")], "手术完成");
        return c;
    }

    private static Case Closed()
    {
        var c = Evaluated();
        c.RequestClosing(ClosingReason.GoalsAttained, "术后恢复良好", Day, Worker);
        c.ApproveClosing(true, Day, Manager);
        return c;
    }

    private static string Refusal(Action a) => Should.Throw<DomainException>(a).Code;

    [Fact]
    public void A_case_opens_at_intake_for_its_worker_with_an_opening_change()
    {
        var c = Open();
        c.Stage.ShouldBe(CaseStage.Intake);
        c.AccessList.ShouldBe(WorkerAccess.Token(Worker));
        c.NewChanges.Single().Action.ShouldBe(CaseAction.Opened);
        (c.StationId, c.RegionPrefix, c.PersonId).ShouldBe((Person.StationId, Person.RegionPrefix, Person.PersonId));
    }

    [Fact]
    public void Each_stage_moves_to_the_next_once_its_document_is_written()
    {
        var c = Closed();
        c.Stage.ShouldBe(CaseStage.Closed);
        c.ClosedOn.ShouldBe(Day);
        c.NewChanges.Select(x => x.Action).ShouldBe([CaseAction.Opened, CaseAction.Advanced, CaseAction.Advanced, CaseAction.Advanced,
            CaseAction.Advanced, CaseAction.ClosingRequested, CaseAction.Closed]);
        c.NewChanges.Where(x => x.Action == CaseAction.Advanced).Select(x => x.To)
            .ShouldBe([CaseStage.Assessment, CaseStage.Planning, CaseStage.Intervention, CaseStage.Evaluation]);
    }

    [Theory]
    [InlineData(CaseStage.Intake, CaseStage.Planning)]
    [InlineData(CaseStage.Intake, CaseStage.Intervention)]
    [InlineData(CaseStage.Assessment, CaseStage.Intervention)]
    [InlineData(CaseStage.Planning, CaseStage.Evaluation)]
    [InlineData(CaseStage.Intervention, CaseStage.Intervention)]
    [InlineData(CaseStage.Planning, CaseStage.Assessment)]
    public void Skipping_or_going_back_a_stage_is_refused(CaseStage at, CaseStage to) =>
        Refusal(() => At(at).Advance(to, Day, Worker)).ShouldBe("Cases.SkipRefused");

    [Theory]
    [InlineData(CaseStage.Intake)]
    [InlineData(CaseStage.Intervention)]
    [InlineData(CaseStage.Evaluation)]
    public void Closing_is_never_a_plain_move(CaseStage at) =>
        Refusal(() => At(at).Advance(CaseStage.Closed, Day, Worker)).ShouldBe("Cases.CloseNeedsApproval");

    [Fact]
    public void Leaving_a_stage_without_its_document_is_refused()
    {
        var intake = Case.Open(Person, CaseSource.OwnRequest, RiskLevel.Low, Worker, [], new IntakeRecord(), Day, Worker);
        Refusal(() => intake.Advance(CaseStage.Assessment, Day, Worker)).ShouldBe("Cases.DocumentMissing");
        Refusal(() => At(CaseStage.Assessment).Advance(CaseStage.Planning, Day, Worker)).ShouldBe("Cases.DocumentMissing");
        Refusal(() => At(CaseStage.Planning).Advance(CaseStage.Intervention, Day, Worker)).ShouldBe("Cases.DocumentMissing");
    }

    [Fact]
    public void Closing_without_an_evaluation_is_refused()
    {
        Refusal(() => At(CaseStage.Evaluation).RequestClosing(ClosingReason.GoalsAttained, "好", Day, Worker)).ShouldBe("Cases.CloseNeedsEvaluation");
        Refusal(() => At(CaseStage.Intervention).RequestClosing(ClosingReason.GoalsAttained, "好", Day, Worker)).ShouldBe("Cases.CloseOnlyAfterEvaluation");
    }

    [Fact]
    public void Closing_without_the_station_managers_approval_is_refused()
    {
        var c = Evaluated();
        Refusal(() => c.ApproveClosing(true, Day, Manager)).ShouldBe("Cases.NoClosingRequested");
        c.RequestClosing(ClosingReason.GoalsAttained, "术后恢复良好", Day, Worker);
        c.Stage.ShouldBe(CaseStage.Evaluation);
        Refusal(() => c.ApproveClosing(false, Day, Worker)).ShouldBe("Cases.ApprovalByManager");
        Refusal(() => c.RequestClosing(ClosingReason.GoalsAttained, "再次", Day, Worker)).ShouldBe("Cases.ClosingPending");
        c.Stage.ShouldBe(CaseStage.Evaluation);
        c.ApproveClosing(true, Day, Manager);
        c.Stage.ShouldBe(CaseStage.Closed);
        c.ClosingApprovedBy.ShouldBe(Manager);
    }

    [Fact]
    public void A_refused_closing_keeps_the_case_in_evaluation_and_may_be_asked_again()
    {
        var c = Evaluated();
        c.RequestClosing(ClosingReason.GoalsAttained, "好", Day, Worker);
        Refusal(() => c.RefuseClosing(false, "再观察", Day, Worker)).ShouldBe("Cases.ApprovalByManager");
        Refusal(() => c.RefuseClosing(true, "", Day, Manager)).ShouldBe("Error.Required");
        c.RefuseClosing(true, "术后再观察两周", Day, Manager);
        (c.Stage, c.ClosingRequestedOn).ShouldBe((CaseStage.Evaluation, (DateOnly?)null));
        c.NewChanges.Last().Action.ShouldBe(CaseAction.ClosingRefused);
        c.RequestClosing(ClosingReason.GoalsAttained, "好", Day.AddDays(14), Worker);
        c.ApproveClosing(true, Day.AddDays(14), Manager);
        c.Stage.ShouldBe(CaseStage.Closed);
    }

    [Fact]
    public void A_closed_case_takes_no_notes_or_documents()
    {
        var c = Closed();
        Refusal(() => CaseNote.Write(c, Day, ContactMethod.Phone, 10, "电话回访", Worker, Day, DateTime.UtcNow)).ShouldBe("Cases.Closed");
        Refusal(() => c.WriteAssessment(AssessmentRecord.Checked("x", null, null, null, null))).ShouldBe("Cases.Closed");
        Refusal(() => c.WritePlan(Plan())).ShouldBe("Cases.Closed");
        Refusal(() => c.WriteEvaluation([], "x")).ShouldBe("Cases.Closed");
        Refusal(() => c.WriteIntake(IntakeRecord.Checked("x", null))).ShouldBe("Cases.Closed");
        Refusal(() => c.SetRisk(RiskLevel.Low)).ShouldBe("Cases.Closed");
        Refusal(() => c.Advance(CaseStage.Evaluation, Day, Worker)).ShouldBe("Cases.Closed");
        Refusal(() => Referral.Send(c, ReceiverKind.Hospital, "区人民医院", null, "手术", "安排手术", SharedField.Name, LegalBasis.WrittenConsent, "本人同意", 5, Day, WorkingCalendar.MondayToFriday, Worker))
            .ShouldBe("Cases.Closed");
    }

    [Fact]
    public void A_closed_case_reopens_with_a_reason_and_needs_a_new_evaluation_to_close()
    {
        var c = Closed();
        Refusal(() => c.Reopen("", Day, Manager)).ShouldBe("Error.Required");
        c.Reopen("术后复发", Day.AddDays(40), Worker);
        (c.Stage, c.Episode, c.ClosedOn).ShouldBe((CaseStage.Intervention, 2, (DateOnly?)null));
        c.NewChanges.Last().Action.ShouldBe(CaseAction.Reopened);
        CaseNote.Write(c, Day.AddDays(40), ContactMethod.HomeVisit, 30, "入户", Worker, Day.AddDays(40), DateTime.UtcNow).Minutes.ShouldBe(30);
        c.Advance(CaseStage.Evaluation, Day.AddDays(41), Worker);
        Refusal(() => c.RequestClosing(ClosingReason.GoalsAttained, "好", Day.AddDays(41), Worker)).ShouldBe("Cases.CloseNeedsEvaluation");
        c.WriteEvaluation([new(1, Attainment.Attained), new(2, Attainment.Attained)], "复发已处理");
        c.RequestClosing(ClosingReason.GoalsAttained, "好", Day.AddDays(41), Worker);
        c.ApproveClosing(true, Day.AddDays(41), Manager);
        c.Stage.ShouldBe(CaseStage.Closed);
    }

    [Theory]
    [InlineData(CaseStage.Intake)]
    [InlineData(CaseStage.Intervention)]
    public void Only_a_closed_case_reopens(CaseStage at) =>
        Refusal(() => At(at).Reopen("x", Day, Worker)).ShouldBe("Cases.ReopenOnlyClosed");

    [Fact]
    public void Intake_may_end_not_taken_referred_elsewhere_and_only_intake()
    {
        var c = Open();
        Refusal(() => c.DeclineAtIntake("不属本站服务范围", "", Day, Worker)).ShouldBe("Error.Required");
        c.DeclineAtIntake("不属本站服务范围", "区残联", Day, Worker);
        (c.Stage, c.ClosedOn, c.Intake.ReferredElsewhereTo).ShouldBe((CaseStage.NotTaken, (DateOnly?)Day, "区残联"));
        c.NewChanges.Last().Action.ShouldBe(CaseAction.NotTaken);
        Refusal(() => CaseNote.Write(c, Day, ContactMethod.Phone, 5, "x", Worker, Day, DateTime.UtcNow)).ShouldBe("Cases.Closed");
        Refusal(() => c.Reopen("x", Day, Worker)).ShouldBe("Cases.ReopenOnlyClosed");
        Refusal(() => At(CaseStage.Assessment).DeclineAtIntake("x", "y", Day, Worker)).ShouldBe("Cases.DeclineOnlyAtIntake");
    }

    [Fact]
    public void Documents_are_written_only_in_their_stages()
    {
        Refusal(() => Open().WriteAssessment(AssessmentRecord.Checked("x", null, null, null, null))).ShouldBe("Cases.DocumentNotInStage");
        Refusal(() => At(CaseStage.Assessment).WritePlan(Plan())).ShouldBe("Cases.DocumentNotInStage");
        Refusal(() => At(CaseStage.Intervention).WriteEvaluation([], "x")).ShouldBe("Cases.DocumentNotInStage");
        Refusal(() => At(CaseStage.Assessment).WriteIntake(IntakeRecord.Checked("x", null))).ShouldBe("Cases.DocumentNotInStage");
        At(CaseStage.Intervention).WritePlan(Plan()); // the plan is revised during intervention
    }

    [Fact]
    public void The_evaluation_covers_every_goal_of_the_plan()
    {
        var c = At(CaseStage.Evaluation);
        Refusal(() => c.WriteEvaluation([new(1, Attainment.Attained)], "x")).ShouldBe("Cases.GoalNotEvaluated");
        Refusal(() => c.WriteEvaluation([new(1, Attainment.Attained), new(3, Attainment.Attained)], "x")).ShouldBe("Cases.UnknownGoal");
        Refusal(() => c.WriteEvaluation([new(1, Attainment.Attained), new(2, Attainment.Attained)], "")).ShouldBe("Error.Required");
    }

    [Fact]
    public void A_note_needs_a_past_date_a_method_a_duration_and_text_all_reported_at_once()
    {
        var c = At(CaseStage.Intervention);
        var e = Should.Throw<DomainException>(() => CaseNote.Write(c, Day.AddDays(1), (ContactMethod)0, 0, "", Worker, Day, DateTime.UtcNow));
        e.Each.Select(x => x.Field).ShouldBe(["On", "Method", "Minutes", "Text"]);
    }

    [Fact]
    public void Co_workers_join_the_access_list_and_the_worker_in_charge_is_not_listed_twice()
    {
        var co = Guid.NewGuid();
        var c = Case.Open(Person, CaseSource.Hotline, RiskLevel.Medium, Worker, [co, Worker, co], IntakeRecord.Checked("x", null), Day, Worker);
        c.CoWorkers.ShouldBe([co]);
        WorkerAccess.Admits(c.AccessList, co).ShouldBeTrue();
        WorkerAccess.Admits(c.AccessList, Worker).ShouldBeTrue();
        WorkerAccess.Admits(c.AccessList, Manager).ShouldBeFalse();
    }

    private static Referral Send(Case c, int days = 5) =>
        Referral.Send(c, ReceiverKind.Hospital, "区人民医院", null, "肿瘤需手术", "安排检查和手术", SharedField.Name | SharedField.Age,
            LegalBasis.WrittenConsent, "本人签字同意", days, Day, WorkingCalendar.MondayToFriday, Worker);

    [Fact]
    public void A_referral_goes_sent_accepted_done_and_closes_the_loop_with_the_person()
    {
        var r = Send(At(CaseStage.Intervention));
        r.Status.ShouldBe(ReferralStatus.Sent);
        Refusal(() => r.Answer(ReferralStatus.Done, "做了", Day)).ShouldBe("Referrals.BadMove");
        Refusal(() => r.Confirm(Day, ConfirmationMethod.Call, ConfirmationAnswer.Received, null, Day)).ShouldBe("Referrals.ConfirmAfterDone");
        r.Answer(ReferralStatus.Accepted, null, Day.AddDays(1));
        Refusal(() => r.Answer(ReferralStatus.Done, "", Day.AddDays(3))).ShouldBe("Error.Required");
        r.Answer(ReferralStatus.Done, "手术已安排", Day.AddDays(3));
        (r.Status, r.DoneOn, r.Feedback).ShouldBe((ReferralStatus.Done, (DateOnly?)Day.AddDays(3), "手术已安排"));
        Refusal(() => r.Answer(ReferralStatus.Declined, "x", Day.AddDays(3))).ShouldBe("Referrals.BadMove");
        Refusal(() => r.Confirm(Day.AddDays(2), ConfirmationMethod.Call, ConfirmationAnswer.Received, null, Day.AddDays(9))).ShouldBe("Referrals.ConfirmBeforeDone");
        r.Confirm(Day.AddDays(5), ConfirmationMethod.Visit, ConfirmationAnswer.Partly, "手术做了，复查未约", Day.AddDays(9));
        r.ConfirmedAnswer.ShouldBe(ConfirmationAnswer.Partly);
        Refusal(() => r.Confirm(Day.AddDays(5), ConfirmationMethod.Visit, ConfirmationAnswer.Received, null, Day.AddDays(9))).ShouldBe("Referrals.AlreadyConfirmed");
    }

    [Fact]
    public void A_declined_referral_needs_a_reason_and_ends_there()
    {
        var r = Send(At(CaseStage.Intervention));
        Refusal(() => r.Answer(ReferralStatus.Declined, null, Day)).ShouldBe("Error.Required");
        r.Answer(ReferralStatus.Declined, "不在服务范围", Day);
        Refusal(() => r.Answer(ReferralStatus.Accepted, null, Day)).ShouldBe("Referrals.BadMove");
        Refusal(() => r.Answer(ReferralStatus.Done, "x", Day)).ShouldBe("Referrals.BadMove");
        r.IsOverdue(Day.AddDays(30)).ShouldBeFalse();
    }

    [Fact]
    public void The_deadline_counts_working_days_and_an_unanswered_referral_past_it_is_overdue()
    {
        // 2026-03-10 is a Tuesday: five working days later is Tuesday 17th.
        var r = Send(At(CaseStage.Intervention));
        r.DueOn.ShouldBe(new DateOnly(2026, 3, 17));
        r.IsOverdue(new DateOnly(2026, 3, 17)).ShouldBeFalse();
        r.IsOverdue(new DateOnly(2026, 3, 18)).ShouldBeTrue();
        r.Answer(ReferralStatus.Accepted, null, Day);
        r.IsOverdue(new DateOnly(2026, 3, 18)).ShouldBeTrue();
        r.Answer(ReferralStatus.Done, "已办", new DateOnly(2026, 3, 18));
        r.IsOverdue(new DateOnly(2026, 3, 18)).ShouldBeFalse();
    }

    [Fact]
    public void Holidays_are_skipped_and_make_up_workdays_count()
    {
        var calendar = new WorkingCalendar([new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 2)], [new DateOnly(2026, 10, 10)]);
        calendar.AddWorkingDays(new DateOnly(2026, 9, 30), 1).ShouldBe(new DateOnly(2026, 10, 5)); // Thu, Fri holidays; weekend
        calendar.AddWorkingDays(new DateOnly(2026, 10, 9), 1).ShouldBe(new DateOnly(2026, 10, 10)); // a Saturday made a workday
    }

    [Fact]
    public void A_referral_names_its_receiver_reason_request_basis_and_days_all_reported_at_once()
    {
        var e = Should.Throw<DomainException>(() => Referral.Send(At(CaseStage.Intervention), ReceiverKind.Station, "", null, "", "",
            SharedField.None, null, null, 0, Day, WorkingCalendar.MondayToFriday, Worker));
        e.Each.Select(x => x.Field).ShouldBe(["ReceiverName", "ReceiverStationId", "Reason", "Request", "Basis", "FeedbackDays"]);
        Refusal(() => Referral.Send(At(CaseStage.Intervention), ReceiverKind.Station, "本站", Person.StationId, "r", "q",
            SharedField.Name, LegalBasis.StatutoryDuty, null, 3, Day, WorkingCalendar.MondayToFriday, Worker)).ShouldBe("Referrals.NotOwnStation");
        Refusal(() => Referral.Send(At(CaseStage.Intervention), ReceiverKind.Hospital, "医院", null, "r", "q",
            SharedField.Name, LegalBasis.WrittenConsent, "", 3, Day, WorkingCalendar.MondayToFriday, Worker)).ShouldBe("Error.Required");
    }
}
