using Shegong.Domain.Cases;
using Shegong.Domain.Common;
using Shegong.Domain.Registry;
using Shegong.Domain.Statistics;

namespace Shegong.UnitTests.Cases;

/// <summary>The rules of the case figures (CaseFigures) and of a supervision note (SupervisionNote.Write).</summary>
public sealed class CaseFiguresTests
{
    private static readonly DateOnly Day = new(2026, 3, 10);

    [Theory]
    [InlineData(0, 0)]
    [InlineData(-3, 0)]
    [InlineData(60, 60)]
    [InlineData(61, 61)]
    [InlineData(67, 61)]
    [InlineData(68, 68)]
    [InlineData(365, 362)]
    [InlineData(366, 366)]
    [InlineData(400, 396)]
    [InlineData(5000, 999)]
    public void Days_are_exact_to_60_then_binned_by_week_then_by_30_days(int days, int bin) => CaseFigures.DaysBin(days).ShouldBe(bin);

    [Fact]
    public void Opening_counts_the_case_by_source_risk_and_each_type_and_puts_it_at_intake()
    {
        var d = CaseFigures.OfChange(CaseAction.Opened, null, CaseStage.Intake, Day, null, CaseSource.Hotline, RiskLevel.High,
            PersonTypes.LivingAlone | PersonTypes.Disabled).ToList();
        d.ShouldContain(new FigureDelta(StatDimension.CasesOpened, 202603, 43, 1));
        d.Count(x => x.Dimension == StatDimension.CasesOpenedByType).ShouldBe(2);
        d.ShouldContain(new FigureDelta(StatDimension.CasesByStage, 202603, (int)CaseStage.Intake, 1));
        d.ShouldNotContain(x => x.Dimension == StatDimension.CaseStageDays);
    }

    [Fact]
    public void A_move_leaves_one_stage_with_its_days_and_enters_the_next_closing_counts_a_closed_case()
    {
        var move = CaseFigures.OfChange(CaseAction.Advanced, CaseStage.Intake, CaseStage.Assessment, Day.AddDays(3), Day, CaseSource.Outreach, RiskLevel.Low, PersonTypes.None).ToList();
        move.ShouldBe([new(StatDimension.CasesByStage, 202603, 1, -1), new(StatDimension.CaseStageDays, 202603, 1003, 1), new(StatDimension.CasesByStage, 202603, 2, 1)]);
        var close = CaseFigures.OfChange(CaseAction.Closed, CaseStage.Evaluation, CaseStage.Closed, Day, Day, CaseSource.Outreach, RiskLevel.Low, PersonTypes.None).ToList();
        close.ShouldContain(new FigureDelta(StatDimension.CasesClosed, 202603, 21, 1));
        close.ShouldNotContain(x => x.Dimension == StatDimension.CasesByStage && x.Delta > 0);
        var notTaken = CaseFigures.OfChange(CaseAction.NotTaken, CaseStage.Intake, CaseStage.NotTaken, Day, Day, CaseSource.Outreach, RiskLevel.Low, PersonTypes.None).ToList();
        notTaken.ShouldContain(new FigureDelta(StatDimension.CasesClosed, 202603, 121, 1));
        // A reopened case re-enters intervention; a closed case spent no "stage days".
        CaseFigures.OfChange(CaseAction.Reopened, CaseStage.Closed, CaseStage.Intervention, Day, Day, CaseSource.Outreach, RiskLevel.Low, PersonTypes.None)
            .ShouldBe([new FigureDelta(StatDimension.CasesByStage, 202603, 4, 1)]);
        CaseFigures.OfChange(CaseAction.ClosingRequested, CaseStage.Evaluation, CaseStage.Evaluation, Day, Day, CaseSource.Outreach, RiskLevel.Low, PersonTypes.None).ShouldBeEmpty();
    }

    [Fact]
    public void A_referral_counts_in_the_month_it_was_sent_done_and_the_person_s_answer_apart_and_is_due_while_open()
    {
        var open = CaseFigures.OfReferral(ReceiverKind.Hospital, Day, Day.AddDays(7), ReferralStatus.Sent, null, 1).ToList();
        open.ShouldBe([new(StatDimension.ReferralsSent, 202603, 1, 1), new(StatDimension.ReferralsDue, 0, 202603, 1), new(StatDimension.ReferralsDue, 202603, 17, 1)]);
        var done = CaseFigures.OfReferral(ReceiverKind.Hospital, Day, Day.AddDays(7), ReferralStatus.Done, ConfirmationAnswer.NotReceived, 1).ToList();
        done.ShouldBe([new(StatDimension.ReferralsSent, 202603, 1, 1), new(StatDimension.ReferralOutcomes, 202603, 104, 1), new(StatDimension.ReferralOutcomes, 202603, 113, 1)]);
    }

    [Fact]
    public void Overdue_today_is_the_months_before_this_one_and_the_days_of_this_month_before_today()
    {
        var today = new DateOnly(2026, 3, 17);
        (int, int, long)[] rows = [(0, 202601, 2), (0, 202602, 3), (0, 202603, 4), (202603, 16, 1), (202603, 17, 5), (202603, 20, 7), (0, 202604, 9)];
        CaseFigures.Overdue(rows, today).ShouldBe(2 + 3 + 1);
    }

    [Fact]
    public void A_supervision_note_counts_its_minutes_and_its_minutes_for_each_worker()
    {
        CaseFigures.OfSupervision(SupervisionKind.Group, Day, 90, 3, 1).ShouldBe([
            new(StatDimension.Supervision, 202603, 2, 1), new(StatDimension.Supervision, 202603, 12, 90), new(StatDimension.Supervision, 202603, 22, 270)]);
    }

    private static readonly Guid Station = Guid.NewGuid(), Supervisor = Guid.NewGuid(), A = Guid.NewGuid(), B = Guid.NewGuid();

    private static SupervisionNote Write(SupervisionKind? kind, Guid[] workers, (Guid, Guid, IReadOnlyCollection<Guid>)? caseOf = null, int? minutes = 60, string? advice = "建议") =>
        SupervisionNote.Write(Station, "440112010", kind, workers, caseOf, Day, "主题", advice, minutes, Supervisor, Day, DateTime.UtcNow);

    [Fact]
    public void A_supervision_note_is_readable_by_its_author_and_the_workers_it_concerns()
    {
        var n = Write(SupervisionKind.Group, [A, B]);
        WorkerAccess.Admits(n.AccessList, Supervisor).ShouldBeTrue();
        WorkerAccess.Admits(n.AccessList, A).ShouldBeTrue();
        WorkerAccess.Admits(n.AccessList, B).ShouldBeTrue();
        WorkerAccess.Admits(n.AccessList, Guid.NewGuid()).ShouldBeFalse();
    }

    [Fact]
    public void Individual_is_one_worker_group_two_or_more_a_case_only_the_worker_s_own_and_only_individually()
    {
        Fields(() => Write(SupervisionKind.Individual, [A, B])).ShouldBe(["Workers"]);
        Fields(() => Write(SupervisionKind.Group, [A])).ShouldBe(["Workers"]);
        Fields(() => Write(null, [A])).ShouldBe(["Kind"]);
        Fields(() => Write(SupervisionKind.Individual, [A], (Guid.NewGuid(), Station, [B]))).ShouldBe(["CaseId"]);
        Fields(() => Write(SupervisionKind.Individual, [A], (Guid.NewGuid(), Guid.NewGuid(), [A]))).ShouldBe(["CaseId"]);
        Fields(() => Write(SupervisionKind.Group, [A, B], (Guid.NewGuid(), Station, [A]))).ShouldBe(["CaseId"]);
        Fields(() => Write(SupervisionKind.Individual, [A], minutes: 0, advice: "")).ShouldBe(["Advice", "Minutes"], ignoreOrder: true);
        Write(SupervisionKind.Individual, [A], (Guid.NewGuid(), Station, [A])).CaseId.ShouldNotBeNull();
    }

    private static string[] Fields(Func<SupervisionNote> write) => Should.Throw<DomainException>(write).Each.Select(e => e.Field).ToArray();
}
