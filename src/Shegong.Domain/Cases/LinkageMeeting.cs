using Shegong.Domain.Common;

namespace Shegong.Domain.Cases;

/// <summary>One party present at a linkage meeting: the unit (街道办, 居委会, 医院 …) and, optionally, the person and their role.</summary>
public sealed record MeetingParty(string Unit, string Person = "", string Role = "");

/// <summary>The parties present, kept in one encrypted column (names of people).</summary>
public sealed record MeetingParties(IReadOnlyList<MeetingParty>? Items = null)
{
    public IReadOnlyList<MeetingParty> List => Items ?? [];
}

/// <summary>A decision as entered: what, the owner (a station worker or a unit, exactly one), the due date, the case it concerns.</summary>
public sealed record DecisionInput(string? Text, Guid? OwnerWorkerId, string? OwnerUnit, DateOnly? DueOn, Guid? CaseId);

/// <summary>A party as entered (a row of the form).</summary>
public sealed record PartyInput(string? Unit, string? Person = null, string? Role = null);

/// <summary>
/// 联动会议: a station's meeting with other units (the street office, the residents' committee, the hospital …) about
/// one or more of its cases: the date, the parties present, the minutes (encrypted), the decisions — each a
/// <see cref="CaseTask"/> on its case for its owner. Restricted like a case: the workers of any case discussed (the
/// union of their access lists), the station manager and the station's assigned supervisors.
/// </summary>
public sealed class LinkageMeeting : IWorkerRestricted
{
    public const int PartiesMax = 20, CasesMax = 10, DecisionsMax = 20, MinutesMax = 8000, TextMax = 1000, NameMax = 100;

    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public Guid StationId { get; private set; }
    public string RegionPrefix { get; private set; } = "";
    public string AccessList { get; private set; } = "";
    public DateOnly HeldOn { get; private set; }
    public MeetingParties Parties { get; private set; } = new();
    public List<Guid> CaseIds { get; private set; } = [];
    public string Minutes { get; private set; } = "";
    public Guid RecordedBy { get; private set; }
    public DateTime RecordedAtUtc { get; private set; }

    private LinkageMeeting() { }

    /// <summary>
    /// Checks the whole form at once (every broken rule named by its field and row) and makes the meeting, its links to
    /// the cases and its decisions. <paramref name="cases"/> are the station's cases the caller found for the ids posted,
    /// in the order posted (null where not found: another station's, or one the caller may not read);
    /// <paramref name="isStationWorker"/> tells whether an owner is a worker of the station.
    /// </summary>
    public static (LinkageMeeting Meeting, IReadOnlyList<LinkageMeetingCase> Links, IReadOnlyList<CaseTask> Decisions) Record(
        DateOnly? heldOn, IReadOnlyList<PartyInput> parties, IReadOnlyList<(Guid Id, Case? Case)> cases, string? minutes,
        IReadOnlyList<DecisionInput> decisions, Func<Guid, bool> isStationWorker, Guid byUser, DateOnly today, DateTime nowUtc)
    {
        var errors = new List<DomainException>();
        if (heldOn is not { } on) errors.Add(new DomainException("HeldOn", "Error.Required"));
        else if (on > today) errors.Add(new DomainException("HeldOn", "Cases.DateInFuture"));
        else if (on < today.AddYears(-1)) errors.Add(new DomainException("HeldOn", "Meetings.TooEarly"));

        var partyList = new List<MeetingParty>();
        if (parties.Count == 0) errors.Add(new DomainException("Parties", "Meetings.NeedsParty"));
        if (parties.Count > PartiesMax) errors.Add(new DomainException("Parties", "Cases.TooMany", PartiesMax));
        for (var i = 0; i < parties.Count && i < PartiesMax; i++)
        {
            var p = parties[i];
            var unit = Row(errors, "Parties", "Meetings.PartyField", i, "PartyUnit", () => Guard.Required(p.Unit, "PartyUnit", NameMax));
            var person = Row(errors, "Parties", "Meetings.PartyField", i, "PartyPerson", () => Guard.Optional(p.Person, "PartyPerson", NameMax));
            var role = Row(errors, "Parties", "Meetings.PartyField", i, "PartyRole", () => Guard.Optional(p.Role, "PartyRole", NameMax));
            partyList.Add(new MeetingParty(unit, person, role));
        }

        var found = new List<Case>();
        if (cases.Count == 0) errors.Add(new DomainException("CaseIds", "Meetings.NeedsCase"));
        if (cases.Count > CasesMax) errors.Add(new DomainException("CaseIds", "Cases.TooMany", CasesMax));
        if (cases.Select(c => c.Id).Distinct().Count() != cases.Count) errors.Add(new DomainException("CaseIds", "Meetings.CaseTwice"));
        for (var i = 0; i < cases.Count; i++)
        {
            if (cases[i].Case is not { } c) errors.Add(new DomainException($"CaseIds[{i}]", "Meetings.CaseNotFound", i + 1));
            else if (!c.IsOpen) errors.Add(new DomainException($"CaseIds[{i}]", "Meetings.CaseClosed", i + 1));
            else found.Add(c);
        }
        if (found.Select(c => c.StationId).Distinct().Count() > 1) errors.Add(new DomainException("CaseIds", "Meetings.OneStation"));

        var text = "";
        try { text = Guard.Required(minutes, "MeetingMinutes", MinutesMax); } catch (DomainException e) { errors.Add(e); }

        if (decisions.Count > DecisionsMax) errors.Add(new DomainException("Decisions", "Cases.TooMany", DecisionsMax));
        var checkedDecisions = new List<(string Text, Guid? Worker, string Unit, DateOnly Due, Case Case)>();
        for (var i = 0; i < decisions.Count && i < DecisionsMax; i++)
        {
            var d = decisions[i];
            var n = errors.Count;
            var what = Row(errors, "Decisions", "Meetings.DecisionField", i, "DecisionText", () => Guard.Required(d.Text, "DecisionText", TextMax));
            var unit = Row(errors, "Decisions", "Meetings.DecisionField", i, "Owner", () => Guard.Optional(d.OwnerUnit, "Owner", NameMax));
            var worker = d.OwnerWorkerId is { } w && w != Guid.Empty ? w : (Guid?)null;
            if (worker is null && unit.Length == 0) errors.Add(RowError("Decisions", "Meetings.DecisionField", i, "Owner", "Error.Required"));
            else if (worker is not null && unit.Length > 0) errors.Add(RowError("Decisions", "Meetings.DecisionField", i, "Owner", "Meetings.OneOwner"));
            else if (worker is { } wid && !isStationWorker(wid)) errors.Add(RowError("Decisions", "Meetings.DecisionField", i, "Owner", "Meetings.OwnerNotOfStation"));
            if (d.DueOn is not { } due) errors.Add(RowError("Decisions", "Meetings.DecisionField", i, "DueOn", "Error.Required"));
            else if (heldOn is { } h && due < h) errors.Add(RowError("Decisions", "Meetings.DecisionField", i, "DueOn", "Meetings.DueBeforeMeeting"));
            else if (due > today.AddYears(2)) errors.Add(RowError("Decisions", "Meetings.DecisionField", i, "DueOn", "Meetings.DueTooLate"));
            // The case a decision concerns: one of the cases discussed (with one case discussed, that one).
            var concerns = d.CaseId is { } cid ? found.FirstOrDefault(c => c.Id == cid) : found.Count == 1 ? found[0] : null;
            if (d.CaseId is null && found.Count > 1) errors.Add(RowError("Decisions", "Meetings.DecisionField", i, "CaseId", "Error.Required"));
            else if (d.CaseId is not null && concerns is null) errors.Add(RowError("Decisions", "Meetings.DecisionField", i, "CaseId", "Meetings.CaseNotDiscussed"));
            if (errors.Count == n && concerns is not null) checkedDecisions.Add((what, worker, unit, d.DueOn!.Value, concerns));
        }
        if (errors.Count > 0) throw DomainException.Many(errors);

        var station = found[0];
        var meeting = new LinkageMeeting
        {
            StationId = station.StationId,
            RegionPrefix = station.RegionPrefix,
            AccessList = string.Join(",", found.SelectMany(c => c.AccessList.Split(',', StringSplitOptions.RemoveEmptyEntries)).Distinct()),
            HeldOn = heldOn!.Value,
            Parties = new MeetingParties(partyList),
            CaseIds = found.Select(c => c.Id).ToList(),
            Minutes = text,
            RecordedBy = byUser,
            RecordedAtUtc = nowUtc,
        };
        var links = found.Select(c => new LinkageMeetingCase(meeting.Id, c.Id, c.StationId, c.RegionPrefix, meeting.HeldOn)).ToList();
        var tasks = checkedDecisions.Select(d => CaseTask.ForDecision(d.Case, meeting, d.Text, d.Worker, d.Unit, d.Due)).ToList();
        return (meeting, links, tasks);
    }

    /// <summary>The workers of a discussed case changed: the meeting is read by the union of its cases' workers as they are now.</summary>
    public void FollowCases(IEnumerable<string> accessLists) =>
        AccessList = string.Join(",", accessLists.SelectMany(a => a.Split(',', StringSplitOptions.RemoveEmptyEntries)).Distinct());

    private static string Row(List<DomainException> errors, string list, string code, int i, string field, Func<string> f)
    {
        try { return f(); }
        catch (DomainException e) { errors.Add(RowError(list, code, i, field, e.Code, e.Args)); return ""; }
    }

    private static DomainException RowError(string list, string code, int i, string field, string problem, params object[] args) =>
        new($"{list}[{i}].{field}", code, i + 1, new LocalizedArg("Field." + field), problem == "Error.TooLong"
            ? new LocalizedArg("Meetings.TooLong" + args.FirstOrDefault()) : new LocalizedArg(problem));
}

/// <summary>A case discussed at a meeting (the case page lists its meetings through these).</summary>
public sealed class LinkageMeetingCase : IStationOwned
{
    public Guid MeetingId { get; private set; }
    public Guid CaseId { get; private set; }
    public Guid StationId { get; private set; }
    public string RegionPrefix { get; private set; } = "";
    public DateOnly HeldOn { get; private set; }

    private LinkageMeetingCase() { }

    public LinkageMeetingCase(Guid meetingId, Guid caseId, Guid stationId, string regionPrefix, DateOnly heldOn) =>
        (MeetingId, CaseId, StationId, RegionPrefix, HeldOn) = (meetingId, caseId, stationId, regionPrefix, heldOn);
}
