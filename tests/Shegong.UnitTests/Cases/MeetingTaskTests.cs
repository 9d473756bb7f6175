using Shegong.Domain.Cases;
using Shegong.Domain.Common;
using Shegong.Domain.Registry;
using Case = Shegong.Domain.Cases.Case;

namespace Shegong.UnitTests.Cases;

/// <summary>Linkage meetings' rules (LinkageMeeting.Record) and the due buckets of tasks on a fixed day (CaseTask).</summary>
public sealed class MeetingTaskTests
{
    // A fixed clock: Wednesday 2026-03-11.
    private static readonly DateOnly Today = new(2026, 3, 11);
    private static readonly Guid Worker = Guid.NewGuid(), Colleague = Guid.NewGuid(), Stranger = Guid.NewGuid();
    private static readonly Guid Station = Guid.NewGuid();

    private static Case OpenCase(Guid worker, Guid? station = null) =>
        Case.Open(new VisitSubjectRef(Guid.NewGuid(), station ?? Station, "440112010", Guid.NewGuid()), CaseSource.Outreach, RiskLevel.High, worker, [],
            IntakeRecord.Checked("肿瘤未治疗", "想看病"), Today.AddDays(-20), worker);

    private static bool OfStation(Guid id) => id == Worker || id == Colleague;

    private static (LinkageMeeting, IReadOnlyList<LinkageMeetingCase>, IReadOnlyList<CaseTask>) Record(IReadOnlyList<(Guid, Case?)> cases,
        IReadOnlyList<PartyInput>? parties = null, IReadOnlyList<DecisionInput>? decisions = null, DateOnly? on = null, string? minutes = "街道、居委会、医院共同商议") =>
        LinkageMeeting.Record(on ?? Today, parties ?? [new("长洲街道办事处", "李主任", "主任"), new("黄埔区人民医院")], cases, minutes,
            decisions ?? [], OfStation, Worker, Today, DateTime.UtcNow);

    [Theory]
    [InlineData("2026-03-10", TaskBucket.Overdue)]
    [InlineData("2026-01-01", TaskBucket.Overdue)]
    [InlineData("2026-03-11", TaskBucket.Today)]
    [InlineData("2026-03-12", TaskBucket.Week)]
    [InlineData("2026-03-17", TaskBucket.Week)]   // the sixth day after today
    [InlineData("2026-03-18", TaskBucket.Later)]
    public void A_due_date_falls_in_its_bucket_on_a_fixed_day(string due, TaskBucket bucket) =>
        CaseTask.BucketOf(DateOnly.Parse(due, System.Globalization.CultureInfo.InvariantCulture), Today).ShouldBe(bucket);

    [Fact]
    public void Decisions_become_tasks_of_their_owners_and_a_units_decision_is_the_case_workers()
    {
        var a = OpenCase(Worker);
        var (m, links, tasks) = Record([(a.Id, a)], decisions:
        [
            new("陪同细叔到医院做检查", Colleague, null, Today.AddDays(3), a.Id),
            new("申请大病救助", null, "长洲街道办事处", Today.AddDays(10), null),
        ]);
        m.Parties.List.Count.ShouldBe(2);
        m.AccessList.ShouldBe(a.AccessList);
        links.Single().CaseId.ShouldBe(a.Id);
        tasks.Count.ShouldBe(2);
        tasks[0].AssigneeId.ShouldBe(Colleague);
        WorkerAccess.Admits(tasks[0].AccessList, Colleague).ShouldBeTrue(); // the owner reads the task, not the minutes
        WorkerAccess.Admits(m.AccessList, Colleague).ShouldBeFalse();
        (tasks[1].AssigneeId, tasks[1].OwnerUnit, tasks[1].CaseId).ShouldBe((Worker, "长洲街道办事处", a.Id));
        tasks.ShouldAllBe(t => t.Kind == TaskKind.Decision && t.SourceId == m.Id && t.IsOpen);
    }

    [Fact]
    public void A_meeting_about_cases_of_two_workers_is_read_by_both()
    {
        var a = OpenCase(Worker);
        var b = OpenCase(Colleague);
        var (m, links, _) = Record([(a.Id, a), (b.Id, b)]);
        WorkerAccess.Admits(m.AccessList, Worker).ShouldBeTrue();
        WorkerAccess.Admits(m.AccessList, Colleague).ShouldBeTrue();
        WorkerAccess.Admits(m.AccessList, Stranger).ShouldBeFalse();
        links.Count.ShouldBe(2);
    }

    [Fact]
    public void Every_broken_rule_is_named_by_its_field_and_row()
    {
        var a = OpenCase(Worker);
        var other = Guid.NewGuid();
        var e = Should.Throw<DomainException>(() => Record([(a.Id, a), (other, null)], parties: [], minutes: " ", decisions:
        [
            new("陪同就医", null, null, Today.AddDays(3), a.Id),        // no owner
            new("申请救助", Worker, null, null, a.Id),                   // no due date
            new("送餐", Stranger, null, Today.AddDays(1), a.Id),         // owner not of the station
            new("探访", Worker, "居委会", Today.AddDays(1), a.Id),        // both owners
        ]));
        var fields = e.Each.Select(x => (x.Field, x.Code)).ToList();
        fields.ShouldContain(("Parties", "Meetings.NeedsParty"));
        fields.ShouldContain(("CaseIds[1]", "Meetings.CaseNotFound"));
        fields.ShouldContain(("MeetingMinutes", "Error.Required"));
        fields.ShouldContain(("Decisions[0].Owner", "Meetings.DecisionField"));
        fields.ShouldContain(("Decisions[1].DueOn", "Meetings.DecisionField"));
        fields.ShouldContain(("Decisions[2].Owner", "Meetings.DecisionField"));
        fields.ShouldContain(("Decisions[3].Owner", "Meetings.DecisionField"));
        e.Each.Single(x => x.Field == "Decisions[2].Owner").Args.ShouldContain(new LocalizedArg("Meetings.OwnerNotOfStation"));
    }

    [Fact]
    public void A_decision_must_concern_a_case_discussed_and_a_closed_case_cannot_be_discussed()
    {
        var a = OpenCase(Worker);
        var b = OpenCase(Worker);
        var e = Should.Throw<DomainException>(() => Record([(a.Id, a), (b.Id, b)], decisions: [new("探访", Worker, null, Today, null), new("探访", Worker, null, Today, Guid.NewGuid())]));
        e.Each.Select(x => x.Field).ShouldBe(["Decisions[0].CaseId", "Decisions[1].CaseId"]);
        var closed = OpenCase(Worker);
        closed.DeclineAtIntake("不符合条件", "民政办", Today, Worker);
        Should.Throw<DomainException>(() => Record([(closed.Id, closed)])).Code.ShouldBe("Meetings.CaseClosed");
        Should.Throw<DomainException>(() => Record([(a.Id, a)], decisions: [new("探访", Worker, null, Today.AddDays(-2), null)], on: Today.AddDays(-1)))
            .Field.ShouldBe("Decisions[0].DueOn");
    }

    [Fact]
    public void Only_a_decision_is_marked_done_by_hand()
    {
        var a = OpenCase(Worker);
        var (_, _, tasks) = Record([(a.Id, a)], decisions: [new("陪同就医", Worker, null, Today, null)]);
        var t = tasks.Single();
        t.MarkDone(Worker, Today);
        (t.IsOpen, t.Closure, t.ClosedOn).ShouldBe((false, (TaskClosure?)TaskClosure.Done, (DateOnly?)Today));
        Should.Throw<DomainException>(() => t.MarkDone(Worker, Today)).Code.ShouldBe("Tasks.AlreadyClosed");
        var goal = CaseTask.ForGoal(a, new PlanGoal(1, "完成手术", "联动医院", Today));
        Should.Throw<DomainException>(() => goal.MarkDone(Worker, Today)).Code.ShouldBe("Tasks.EndsWithSource");
    }

    [Fact]
    public void A_next_contact_date_cannot_be_in_the_past()
    {
        var a = OpenCase(Worker);
        a.Advance(CaseStage.Assessment, Today, Worker);
        Should.Throw<DomainException>(() => CaseNote.Write(a, Today, ContactMethod.Phone, 10, "电话回访", Worker, Today, DateTime.UtcNow, Today.AddDays(-1)))
            .Field.ShouldBe("NextContactOn");
        CaseNote.Write(a, Today, ContactMethod.Phone, 10, "电话回访", Worker, Today, DateTime.UtcNow, Today.AddDays(7)).NextContactOn.ShouldBe(Today.AddDays(7));
    }
}
