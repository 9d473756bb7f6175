using Shegong.Domain.Activities;
using Shegong.Domain.Common;

namespace Shegong.UnitTests.Activities;

/// <summary>The stage rules of group work (筹备 → 形成 → 转折 → 成熟 → 结束), sessions and attendance, without a database.</summary>
public sealed class GroupTests
{
    private static readonly DateOnly Today = new(2026, 11, 26);
    private static readonly Guid Station = Guid.NewGuid();
    private static readonly Guid Worker = Guid.NewGuid();
    private static readonly GroupEvaluation Evaluation = new(GroupAttainment.Partly, "组员说认识了新朋友", "转折期冲突处理得偏晚");

    private static Group NewGroup(GroupType type = GroupType.Support) =>
        Group.Create(Station, "440112010", "长者互助小组", "减少独居长者的孤独感", type, Worker, null, 6, Today);

    [Fact]
    public void A_new_group_is_in_preparation_and_moves_forward_one_stage_at_a_time_to_the_end()
    {
        var g = NewGroup();
        g.Stage.ShouldBe(GroupStage.Preparing);
        g.StartedOn.ShouldBe(Today);
        g.MoveTo(GroupStage.Forming, null, Today);
        g.MoveTo(GroupStage.Transition, null, Today.AddDays(7));
        g.MoveTo(GroupStage.Mature, null, Today.AddDays(14));
        g.MoveTo(GroupStage.Ended, Evaluation, Today.AddDays(21));
        g.Stage.ShouldBe(GroupStage.Ended);
        g.Version.ShouldBe(5);
        g.EnteredOn(GroupStage.Transition).ShouldBe(Today.AddDays(7));
        g.EndedOn.ShouldBe(Today.AddDays(21));
        g.Evaluation.ShouldBe(Evaluation);
    }

    [Theory]
    [InlineData(GroupStage.Transition)]
    [InlineData(GroupStage.Mature)]
    [InlineData(GroupStage.Ended)]
    [InlineData(GroupStage.Preparing)]
    public void A_stage_cannot_be_skipped_nor_repeated(GroupStage target)
    {
        var g = NewGroup();
        var e = Should.Throw<DomainException>(() => g.MoveTo(target, Evaluation, Today));
        e.Field.ShouldBe("Stage");
        e.Code.ShouldBe("Group.OneStageForward");
        g.Stage.ShouldBe(GroupStage.Preparing);
    }

    [Fact]
    public void A_stage_never_goes_back()
    {
        var g = NewGroup();
        g.MoveTo(GroupStage.Forming, null, Today);
        g.MoveTo(GroupStage.Transition, null, Today);
        Should.Throw<DomainException>(() => g.MoveTo(GroupStage.Forming, null, Today)).Code.ShouldBe("Group.OneStageForward");
        g.Stage.ShouldBe(GroupStage.Transition);
    }

    [Fact]
    public void Ending_needs_the_whole_evaluation_and_names_each_missing_part()
    {
        var g = Mature();
        var e = Should.Throw<DomainException>(() => g.MoveTo(GroupStage.Ended, null, Today));
        e.Each.Select(x => x.Field).ShouldBe(["Attainment", "MembersFeedback", "Reflection"]);
        e.Each.ShouldAllBe(x => x.Code == "Group.EvaluationNeeded");
        Should.Throw<DomainException>(() => g.MoveTo(GroupStage.Ended, Evaluation with { Reflection = "  " }, Today)).Field.ShouldBe("Reflection");
        Should.Throw<DomainException>(() => g.MoveTo(GroupStage.Ended, Evaluation with { Attainment = (GroupAttainment)7 }, Today)).Field.ShouldBe("Attainment");
        g.Stage.ShouldBe(GroupStage.Mature);
        g.EndedOn.ShouldBeNull();
    }

    [Fact]
    public void An_evaluation_belongs_to_the_end_only()
    {
        var g = NewGroup();
        Should.Throw<DomainException>(() => g.MoveTo(GroupStage.Forming, Evaluation, Today)).Code.ShouldBe("Group.EvaluationOnlyAtEnd");
        g.MoveTo(GroupStage.Forming, GroupEvaluation.None, Today); // an empty one is no evaluation
        g.Stage.ShouldBe(GroupStage.Forming);
    }

    [Fact]
    public void An_ended_group_takes_no_stage_no_session_and_no_member()
    {
        var g = Mature();
        g.MoveTo(GroupStage.Ended, Evaluation, Today);
        Should.Throw<DomainException>(() => g.MoveTo(GroupStage.Ended, Evaluation, Today)).Code.ShouldBe("Group.AlreadyEnded");
        Should.Throw<DomainException>(() => g.HoldSession(1, Today, null, 90, "回顾", "", Worker, "李社工", [], [], Today)).Code.ShouldBe("Group.EndedNoSessions");
        Should.Throw<DomainException>(() => g.Admit(Guid.NewGuid(), Station, Today)).Code.ShouldBe("Group.EndedNoChange");
    }

    [Fact]
    public void A_session_records_every_member_present_or_absent_and_counts_the_present()
    {
        var g = NewGroup();
        Guid a = Guid.NewGuid(), b = Guid.NewGuid(), c = Guid.NewGuid();
        var s = g.HoldSession(1, Today, new TimeOnly(9, 30), 90, "相互认识", "破冰游戏", Worker, "李社工", [a, b, c], [a, c], Today);
        s.Kind.ShouldBe(ActivityKind.GroupSession);
        s.GroupId.ShouldBe(g.Id);
        s.Attendance.Count.ShouldBe(3);
        s.Attendance.Single(x => x.PersonId == b).Present.ShouldBeFalse();
        s.ParticipantsCount.ShouldBe(2);
        s.CorrectAttendance([a, b, c], [a, b, c]);
        s.ParticipantsCount.ShouldBe(3);
        s.Version.ShouldBe(2);
        Should.Throw<DomainException>(() => s.CorrectAttendance([a, b], [Guid.NewGuid()])).Code.ShouldBe("Activity.PresentNotMember");
    }

    [Fact]
    public void A_session_needs_its_topic_duration_and_a_date_not_in_the_future_nor_before_the_group()
    {
        var g = NewGroup();
        var e = Should.Throw<DomainException>(() => g.HoldSession(1, Today.AddDays(1), null, null, " ", "", Worker, "李社工", [], [], Today));
        e.Each.Select(x => x.Field).ShouldBe(["Topic", "HeldOn", "DurationMinutes"], ignoreOrder: true);
        Should.Throw<DomainException>(() => g.HoldSession(1, Today.AddDays(-1), null, 60, "x", "", Worker, "李社工", [], [], Today)).Code.ShouldBe("Group.SessionBeforeStart");
    }

    [Fact]
    public void A_group_needs_name_goal_type_worker_and_planned_sessions_in_range()
    {
        var e = Should.Throw<DomainException>(() => Group.Create(Station, "440112010", "", null, null, null, null, 0, Today));
        e.Each.Select(x => x.Field).ShouldBe(["Name", "Goal", "Type", "LeadWorkerId", "PlannedSessions"]);
        Should.Throw<DomainException>(() => Group.Create(Station, "440112010", "a", "b", GroupType.Growth, Worker, Worker, 3, Today)).Field.ShouldBe("CoWorkerId");
    }

    [Fact]
    public void A_community_activity_checks_its_fields_and_its_attendees_fit_the_headcount()
    {
        var e = Should.Throw<DomainException>(() => Activity.Community(Station, "440112010", ActivityKind.GroupSession, "", Today.AddDays(2), null, 0, "",
            null, "", -1, null, Today));
        e.Each.Select(x => x.Field).ShouldBe(["Kind", "Title", "Place", "OrganiserId", "ParticipantsCount", "HeldOn", "DurationMinutes"], ignoreOrder: true);
        var a = Activity.Community(Station, "440112010", ActivityKind.Talk, "防诈骗讲座", Today, new TimeOnly(14, 0), 60, "长洲社区活动室", Worker, "李社工", 1, "", Today);
        a.AddAttendee(Guid.NewGuid());
        Should.Throw<DomainException>(() => a.AddAttendee(Guid.NewGuid())).Code.ShouldBe("Activity.MoreAttendedThanCount");
        Should.Throw<DomainException>(() => a.Edit(ActivityKind.Talk, "防诈骗讲座", Today, null, 60, "活动室", Worker, "李社工", 0, "", Today)).Code.ShouldBe("Activity.FewerThanAttended");
        a.Edit(ActivityKind.Class, "智能手机课堂", Today, null, 90, "活动室", Worker, "李社工", 30, "教长者用健康码", Today);
        a.Version.ShouldBe(2);
        a.ParticipantsCount.ShouldBe(30);
    }

    private static Group Mature()
    {
        var g = NewGroup();
        g.MoveTo(GroupStage.Forming, null, Today);
        g.MoveTo(GroupStage.Transition, null, Today);
        g.MoveTo(GroupStage.Mature, null, Today);
        return g;
    }
}
