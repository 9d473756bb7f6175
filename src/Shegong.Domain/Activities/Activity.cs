using Shegong.Domain.Common;

namespace Shegong.Domain.Activities;

/// <summary>
/// One activity of a station (活动) — the one activity concept of Shegong: a group's session (<see cref="GroupId"/>
/// set, kind <see cref="ActivityKind.GroupSession"/>) or a community activity (社区活动: talk, festival, class…). It
/// holds when and where it took place, who organised it, how many took part, the registry persons who attended
/// (<see cref="ActivityAttendance"/>) and what happened. The volunteers module (issue 10) extends this same record
/// with sign-ups, check-in/out and service hours (rows of its own that point at <see cref="Id"/>), and a capacity.
/// </summary>
public sealed class Activity : IStationOwned, IVersioned
{
    public const int TitleMax = 80;
    public const int PlaceMax = 100;
    public const int SummaryMax = 2000;
    public const int ContentMax = 4000;
    public const int MaxParticipants = 100_000;
    public const int MaxDurationMinutes = 24 * 60;

    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public Guid StationId { get; private set; }
    public string RegionPrefix { get; private set; } = "";
    public ActivityKind Kind { get; private set; }
    /// <summary>The group whose session this is (null for a community activity).</summary>
    public Guid? GroupId { get; private set; }
    /// <summary>The session's number in its group (1, 2, …); 0 for a community activity.</summary>
    public int SessionNumber { get; private set; }
    public string Title { get; private set; } = "";
    public DateOnly HeldOn { get; private set; }
    public TimeOnly? StartsAt { get; private set; }
    public int DurationMinutes { get; private set; }
    public string Place { get; private set; } = "";
    public Guid OrganiserId { get; private set; }
    public string OrganiserName { get; private set; } = "";
    /// <summary>How many took part: the headcount of a community activity, the members present at a session.</summary>
    public int ParticipantsCount { get; private set; }
    /// <summary>What happened, in a line or two (plain: shown in lists and to officers).</summary>
    public string Summary { get; private set; } = "";
    /// <summary>A session's content notes (encrypted at rest: a support or therapy group's notes are sensitive; reads audited).</summary>
    public string Content { get; private set; } = "";
    public DateTime RecordedAtUtc { get; private set; }
    public int Version { get; private set; } = 1;

    private readonly List<ActivityAttendance> _attendance = [];
    public IReadOnlyList<ActivityAttendance> Attendance => _attendance;

    private Activity() { }

    public bool IsSession => GroupId is not null;

    internal static Activity Session(Group group, int number, DateOnly? on, TimeOnly? startsAt, int? durationMinutes, string? topic, string? content,
        Guid organiserId, string organiserName, DateOnly today)
    {
        var errors = new List<DomainException>();
        var a = new Activity
        {
            StationId = group.StationId, RegionPrefix = group.RegionPrefix, Kind = ActivityKind.GroupSession, GroupId = group.Id, SessionNumber = number,
            OrganiserId = organiserId, OrganiserName = organiserName, RecordedAtUtc = DateTime.UtcNow,
        };
        a.Title = Collect(errors, () => Guard.Required(topic, "Topic", TitleMax));
        a.Content = Collect(errors, () => Guard.Optional(content, "Content", ContentMax));
        a.SetWhen(errors, on, startsAt, durationMinutes, today, durationRequired: true);
        if (errors.Count > 0) throw DomainException.Many(errors);
        return a;
    }

    /// <summary>A community activity (社区活动): title, date and time, place, kind, organiser, participants, summary.</summary>
    public static Activity Community(Guid stationId, string regionPrefix, ActivityKind? kind, string? title, DateOnly? on, TimeOnly? startsAt,
        int? durationMinutes, string? place, Guid? organiserId, string organiserName, int? participants, string? summary, DateOnly today)
    {
        var a = new Activity { StationId = stationId, RegionPrefix = regionPrefix, RecordedAtUtc = DateTime.UtcNow };
        a.Describe(kind, title, on, startsAt, durationMinutes, place, organiserId, organiserName, participants, summary, today);
        return a;
    }

    /// <summary>Corrects a community activity (a session is corrected through its attendance).</summary>
    public void Edit(ActivityKind? kind, string? title, DateOnly? on, TimeOnly? startsAt, int? durationMinutes, string? place, Guid? organiserId,
        string organiserName, int? participants, string? summary, DateOnly today)
    {
        if (IsSession) throw new DomainException("Kind", "Activity.SessionNotEditable");
        Describe(kind, title, on, startsAt, durationMinutes, place, organiserId, organiserName, participants, summary, today);
        Version++;
    }

    private void Describe(ActivityKind? kind, string? title, DateOnly? on, TimeOnly? startsAt, int? durationMinutes, string? place, Guid? organiserId,
        string organiserName, int? participants, string? summary, DateOnly today)
    {
        var errors = new List<DomainException>();
        if (kind is not { } k || !Enum.IsDefined(k)) errors.Add(new DomainException("Kind", "Error.Required"));
        else if (k == ActivityKind.GroupSession) errors.Add(new DomainException("Kind", "Activity.SessionKindRefused"));
        var t = Collect(errors, () => Guard.Required(title, "Title", TitleMax));
        var p = Collect(errors, () => Guard.Required(place, "Place", PlaceMax));
        var s = Collect(errors, () => Guard.Optional(summary, "Summary", SummaryMax));
        if (organiserId is null || organiserId == Guid.Empty) errors.Add(new DomainException("OrganiserId", "Error.Required"));
        if (participants is not { } n) errors.Add(new DomainException("ParticipantsCount", "Error.Required"));
        else if (n < 0 || n > MaxParticipants) errors.Add(new DomainException("ParticipantsCount", "Activity.ParticipantsRange", MaxParticipants));
        else if (n < _attendance.Count) errors.Add(new DomainException("ParticipantsCount", "Activity.FewerThanAttended", _attendance.Count));
        SetWhen(errors, on, startsAt, durationMinutes, today, durationRequired: false);
        if (errors.Count > 0) throw DomainException.Many(errors);
        Kind = kind!.Value; Title = t; Place = p; Summary = s; OrganiserId = organiserId!.Value; OrganiserName = organiserName;
        ParticipantsCount = participants!.Value;
    }

    private void SetWhen(List<DomainException> errors, DateOnly? on, TimeOnly? startsAt, int? durationMinutes, DateOnly today, bool durationRequired)
    {
        if (on is not { } d) errors.Add(new DomainException("HeldOn", "Error.Required"));
        else if (d > today) errors.Add(new DomainException("HeldOn", "Activity.InFuture"));
        else if (d < today.AddYears(-1)) errors.Add(new DomainException("HeldOn", "Activity.TooOld"));
        else HeldOn = d;
        if (durationMinutes is not { } m) { if (durationRequired) errors.Add(new DomainException("DurationMinutes", "Error.Required")); else DurationMinutes = 0; }
        else if (m < 1 || m > MaxDurationMinutes) errors.Add(new DomainException("DurationMinutes", "Activity.DurationRange", MaxDurationMinutes));
        else DurationMinutes = m;
        StartsAt = startsAt;
    }

    /// <summary>
    /// A session's attendance: every member present or absent (the present must be members); the participants are the
    /// present. Replaces what was recorded before.
    /// </summary>
    public void RecordAttendance(IReadOnlyCollection<Guid> members, IReadOnlyCollection<Guid> present)
    {
        if (!IsSession) throw new DomainException("PresentPersonIds", "Activity.NotASession");
        var memberSet = members.ToHashSet();
        if (present.Any(p => !memberSet.Contains(p))) throw new DomainException("PresentPersonIds", "Activity.PresentNotMember");
        var presentSet = present.ToHashSet();
        foreach (var m in memberSet)
        {
            var row = _attendance.FirstOrDefault(x => x.PersonId == m);
            if (row is null) _attendance.Add(new ActivityAttendance(Id, m, StationId, RegionPrefix, presentSet.Contains(m)));
            else row.Mark(presentSet.Contains(m));
        }
        ParticipantsCount = _attendance.Count(x => x.Present);
    }

    /// <summary>A session's attendance changed after it was recorded (a version step: two workers ticking at once are told).</summary>
    public void CorrectAttendance(IReadOnlyCollection<Guid> members, IReadOnlyCollection<Guid> present)
    {
        RecordAttendance(members, present);
        Version++;
    }

    /// <summary>Registry persons who came to a community activity (optional; the headcount covers them).</summary>
    public void AddAttendee(Guid personId)
    {
        if (IsSession) throw new DomainException("PersonIds", "Activity.NotACommunityActivity");
        if (_attendance.Any(x => x.PersonId == personId)) return;
        if (_attendance.Count + 1 > ParticipantsCount) throw new DomainException("PersonIds", "Activity.MoreAttendedThanCount", ParticipantsCount);
        _attendance.Add(new ActivityAttendance(Id, personId, StationId, RegionPrefix, true));
    }

    private static string Collect(List<DomainException> errors, Func<string> f)
    {
        try { return f(); } catch (DomainException e) { errors.Add(e); return ""; }
    }
}

/// <summary>A registry person at an activity: present or absent (personal data: seen only by the activity's station).</summary>
public sealed class ActivityAttendance : IStationOwned
{
    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public Guid ActivityId { get; private set; }
    public Guid PersonId { get; private set; }
    public Guid StationId { get; private set; }
    public string RegionPrefix { get; private set; } = "";
    public bool Present { get; private set; }

    private ActivityAttendance() { }

    internal ActivityAttendance(Guid activityId, Guid personId, Guid stationId, string regionPrefix, bool present)
    {
        ActivityId = activityId; PersonId = personId; StationId = stationId; RegionPrefix = regionPrefix; Present = present;
    }

    internal void Mark(bool present) => Present = present;
}
