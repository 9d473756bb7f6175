using Shegong.Domain.Common;

namespace Shegong.Domain.Activities;

/// <summary>The end evaluation of a group (结束期): encrypted at rest (members' feedback and the worker's reflection).</summary>
public sealed record GroupEvaluation(GroupAttainment? Attainment = null, string MembersFeedback = "", string Reflection = "")
{
    public const int TextMax = 2000;
    public static readonly GroupEvaluation None = new();
    public bool IsEmpty => Attainment is null && MembersFeedback.Length == 0 && Reflection.Length == 0;
}

/// <summary>A station's group (小组): its goal, type, workers in charge, planned sessions and its stage.</summary>
public sealed class Group : IStationOwned, IVersioned
{
    public const int NameMax = 50;
    public const int GoalMax = 1000;
    public const int MaxSessions = 100;

    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public Guid StationId { get; private set; }
    public string RegionPrefix { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string Goal { get; private set; } = "";
    public GroupType Type { get; private set; }
    public Guid LeadWorkerId { get; private set; }
    public Guid? CoWorkerId { get; private set; }
    public int PlannedSessions { get; private set; }
    public GroupStage Stage { get; private set; }
    /// <summary>The day the group was set up (筹备) and the day it entered each later stage: the stage history, for the figures.</summary>
    public DateOnly StartedOn { get; private set; }
    public DateOnly? FormedOn { get; private set; }
    public DateOnly? TurnedOn { get; private set; }
    public DateOnly? MaturedOn { get; private set; }
    public DateOnly? EndedOn { get; private set; }
    public GroupEvaluation Evaluation { get; private set; } = GroupEvaluation.None;
    public int Version { get; private set; } = 1;

    private Group() { }

    /// <param name="regionPrefix">The station's region prefix (its township's); figures count at this node.</param>
    public static Group Create(Guid stationId, string regionPrefix, string? name, string? goal, GroupType? type, Guid? leadWorkerId, Guid? coWorkerId,
        int? plannedSessions, DateOnly today)
    {
        var errors = new List<DomainException>();
        string Check(Func<string> f) { try { return f(); } catch (DomainException e) { errors.Add(e); return ""; } }
        var n = Check(() => Guard.Required(name, "Name", NameMax));
        var g = Check(() => Guard.Required(goal, "Goal", GoalMax));
        if (type is not { } t || !Enum.IsDefined(t)) errors.Add(new DomainException("Type", "Error.Required"));
        if (leadWorkerId is null || leadWorkerId == Guid.Empty) errors.Add(new DomainException("LeadWorkerId", "Error.Required"));
        if (coWorkerId is { } co && co == leadWorkerId) errors.Add(new DomainException("CoWorkerId", "Group.CoWorkerSame"));
        if (plannedSessions is not { } planned) errors.Add(new DomainException("PlannedSessions", "Error.Required"));
        else if (planned < 1 || planned > MaxSessions) errors.Add(new DomainException("PlannedSessions", "Group.PlannedRange", MaxSessions));
        if (errors.Count > 0) throw DomainException.Many(errors);
        return new Group
        {
            StationId = stationId, RegionPrefix = regionPrefix, Name = n, Goal = g, Type = type!.Value, LeadWorkerId = leadWorkerId!.Value,
            CoWorkerId = coWorkerId, PlannedSessions = plannedSessions!.Value, Stage = GroupStage.Preparing, StartedOn = today,
        };
    }

    public bool IsEnded => Stage == GroupStage.Ended;

    /// <summary>The day the group entered <paramref name="stage"/> (null: not reached).</summary>
    public DateOnly? EnteredOn(GroupStage stage) => stage switch
    {
        GroupStage.Preparing => StartedOn,
        GroupStage.Forming => FormedOn,
        GroupStage.Transition => TurnedOn,
        GroupStage.Mature => MaturedOn,
        GroupStage.Ended => EndedOn,
        _ => null,
    };

    /// <summary>
    /// Moves the group to <paramref name="next"/>: forward one stage at a time, never back; 结束 needs the end
    /// evaluation (goal attainment, members' feedback, the worker's reflection).
    /// </summary>
    public void MoveTo(GroupStage? next, GroupEvaluation? evaluation, DateOnly today)
    {
        if (next is not { } stage || !Enum.IsDefined(stage)) throw new DomainException("Stage", "Error.Required");
        if (IsEnded) throw new DomainException("Stage", "Group.AlreadyEnded");
        if (stage != Stage + 1) throw new DomainException("Stage", "Group.OneStageForward", new LocalizedArg("GroupStage." + (Stage + 1)));
        if (stage == GroupStage.Ended)
        {
            var e = evaluation ?? GroupEvaluation.None;
            var errors = new List<DomainException>();
            if (e.Attainment is not { } a || !Enum.IsDefined(a)) errors.Add(new DomainException("Attainment", "Group.EvaluationNeeded"));
            string Text(string? v, string field)
            {
                try { return Guard.Required(v, field, GroupEvaluation.TextMax); }
                catch (DomainException x) { errors.Add(x.Code == "Error.Required" ? new DomainException(field, "Group.EvaluationNeeded") : x); return ""; }
            }
            var feedback = Text(e.MembersFeedback, "MembersFeedback");
            var reflection = Text(e.Reflection, "Reflection");
            if (errors.Count > 0) throw DomainException.Many(errors);
            Evaluation = new GroupEvaluation(e.Attainment, feedback, reflection);
            EndedOn = today;
        }
        else if (evaluation is { IsEmpty: false }) throw new DomainException("Attainment", "Group.EvaluationOnlyAtEnd");
        switch (stage)
        {
            case GroupStage.Forming: FormedOn = today; break;
            case GroupStage.Transition: TurnedOn = today; break;
            case GroupStage.Mature: MaturedOn = today; break;
        }
        Stage = stage;
        Version++;
    }

    /// <summary>Members join until the group ends.</summary>
    public GroupMember Admit(Guid personId, Guid personStationId, DateOnly today)
    {
        if (IsEnded) throw new DomainException("PersonIds", "Group.EndedNoChange");
        if (personStationId != StationId) throw new DomainException("PersonIds", "Error.NotFound");
        return new GroupMember(Id, personId, StationId, RegionPrefix, today);
    }

    /// <summary>
    /// A session (节次) of the group, with the attendance of its members: no sessions once the group has ended, nor
    /// dated before the group was set up or after today; the present must be members.
    /// </summary>
    public Activity HoldSession(int number, DateOnly? on, TimeOnly? startsAt, int? durationMinutes, string? topic, string? content, Guid organiserId,
        string organiserName, IReadOnlyCollection<Guid> members, IReadOnlyCollection<Guid> present, DateOnly today)
    {
        if (IsEnded) throw new DomainException("Stage", "Group.EndedNoSessions");
        if (on is { } d && d < StartedOn) throw new DomainException("HeldOn", "Group.SessionBeforeStart", StartedOn.ToString("yyyy-MM-dd"));
        var session = Activity.Session(this, number, on, startsAt, durationMinutes, topic, content, organiserId, organiserName, today);
        session.RecordAttendance(members, present);
        return session;
    }
}

/// <summary>A registry person in a group (personal data: seen only by the group's station).</summary>
public sealed class GroupMember : IStationOwned
{
    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public Guid GroupId { get; private set; }
    public Guid PersonId { get; private set; }
    public Guid StationId { get; private set; }
    public string RegionPrefix { get; private set; } = "";
    public DateOnly JoinedOn { get; private set; }

    private GroupMember() { }

    internal GroupMember(Guid groupId, Guid personId, Guid stationId, string regionPrefix, DateOnly joinedOn)
    {
        GroupId = groupId; PersonId = personId; StationId = stationId; RegionPrefix = regionPrefix; JoinedOn = joinedOn;
    }
}
