using Shegong.Domain.Common;
using Shegong.Domain.Registry;

namespace Shegong.Domain.Cases;

/// <summary>
/// 个案: one registry person's case (optionally the household's), worked by a worker in charge and co-workers through
/// the stages of <see cref="CaseFlow"/>. Station-owned and restricted to its workers, the station manager and the
/// station's assigned supervisors (<see cref="IWorkerRestricted"/>). Every change of stage adds a
/// <see cref="CaseStageChange"/> (what statistics count).
/// </summary>
public sealed class Case : IWorkerRestricted, IVersioned
{
    public const int CoWorkersMax = 5, ReasonMax = 500;

    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public Guid StationId { get; private set; }
    public string RegionPrefix { get; private set; } = "";
    public string AccessList { get; private set; } = "";
    public Guid PersonId { get; private set; }
    public Guid? HouseholdId { get; private set; }
    /// <summary>The visit's need this case took up (null for other sources).</summary>
    public Guid? NeedId { get; private set; }
    /// <summary>The referral from another station this case answers (source <see cref="CaseSource.ReferralIn"/>).</summary>
    public Guid? ReferralInId { get; private set; }
    public CaseSource Source { get; private set; }
    public RiskLevel Risk { get; private set; }
    /// <summary>The risk level at intake (statistics count cases by it: it never changes, so a recount gives the same figures).</summary>
    public RiskLevel OpenedRisk { get; private set; }
    /// <summary>The person's types at intake (statistics: cases opened by person type).</summary>
    public PersonTypes PersonTypes { get; private set; }
    public CaseStage Stage { get; private set; }
    public Guid WorkerId { get; private set; }
    public List<Guid> CoWorkers { get; private set; } = [];
    public DateOnly OpenedOn { get; private set; }
    /// <summary>Since when the case is in its stage (days per stage).</summary>
    public DateOnly StageSince { get; private set; }
    public DateOnly? ClosedOn { get; private set; }
    /// <summary>Reopening starts a new episode; closing needs an evaluation and a closing report of the current one.</summary>
    public int Episode { get; private set; } = 1;
    public DateOnly? ClosingRequestedOn { get; private set; }
    public Guid? ClosingApprovedBy { get; private set; }

    public IntakeRecord Intake { get; private set; } = new();
    public AssessmentRecord Assessment { get; private set; } = new();
    public PlanRecord Plan { get; private set; } = new();
    public EvaluationRecord Evaluation { get; private set; } = new();
    public ClosingRecord Closing { get; private set; } = new();
    public int Version { get; private set; }

    private readonly List<CaseStageChange> _changes = [];
    /// <summary>Changes made on this instance (not loaded from the database): the handler adds them.</summary>
    public IReadOnlyList<CaseStageChange> NewChanges => _changes;

    private Case() { }

    public bool IsOpen => Stage is not (CaseStage.Closed or CaseStage.NotTaken);

    /// <summary>Opens a case at intake for a person of the station. <paramref name="coWorkers"/> are of the same station (the caller checks).</summary>
    public static Case Open(VisitSubjectRef person, CaseSource source, RiskLevel risk, Guid worker, IEnumerable<Guid> coWorkers,
        IntakeRecord intake, DateOnly on, Guid byUser, Guid? needId = null, Guid? referralInId = null, bool forHousehold = false,
        PersonTypes personTypes = PersonTypes.None)
    {
        if (!Enum.IsDefined(source)) throw new DomainException("Source", "Error.Required");
        if (!Enum.IsDefined(risk)) throw new DomainException("Risk", "Error.Required");
        var c = new Case
        {
            StationId = person.StationId,
            RegionPrefix = person.RegionPrefix,
            PersonId = person.PersonId,
            HouseholdId = forHousehold ? person.HouseholdId : null,
            NeedId = needId,
            ReferralInId = referralInId,
            Source = source,
            Risk = risk,
            OpenedRisk = risk,
            PersonTypes = personTypes,
            Stage = CaseStage.Intake,
            OpenedOn = on,
            StageSince = on,
            Intake = intake,
        };
        c.SetWorkers(worker, coWorkers);
        c._changes.Add(CaseStageChange.Of(c, CaseAction.Opened, null, CaseStage.Intake, on, byUser, ""));
        return c;
    }

    /// <summary>The worker in charge and the co-workers (at most <see cref="CoWorkersMax"/>); the access list follows.</summary>
    public void SetWorkers(Guid worker, IEnumerable<Guid> coWorkers)
    {
        if (worker == Guid.Empty) throw new DomainException("WorkerId", "Error.Required");
        var co = coWorkers.Where(w => w != Guid.Empty && w != worker).Distinct().ToList();
        if (co.Count > CoWorkersMax) throw new DomainException("CoWorkers", "Cases.TooMany", CoWorkersMax);
        WorkerId = worker;
        CoWorkers = co;
        AccessList = WorkerAccess.ListOf([worker, .. co]);
        Version++;
    }

    public void SetRisk(RiskLevel risk)
    {
        CaseFlow.EnsureWritable(this);
        if (!Enum.IsDefined(risk)) throw new DomainException("Risk", "Error.Required");
        Risk = risk;
        Version++;
    }

    public void WriteIntake(IntakeRecord intake) { CaseFlow.EnsureDocument(this, CaseDocument.Intake); Intake = intake; Version++; }
    public void WriteAssessment(AssessmentRecord a) { CaseFlow.EnsureDocument(this, CaseDocument.Assessment); Assessment = a; Version++; }
    public void WritePlan(PlanRecord p) { CaseFlow.EnsureDocument(this, CaseDocument.Plan); Plan = p; Version++; }

    /// <summary>The evaluation: one attainment for every goal of the plan, no other.</summary>
    public void WriteEvaluation(IReadOnlyList<GoalAttainment> goals, string? summary)
    {
        CaseFlow.EnsureDocument(this, CaseDocument.Evaluation);
        var text = Guard.Required(summary, "Summary", EvaluationRecord.TextMax);
        var numbers = Plan.Items.Select(g => g.Number).ToHashSet();
        foreach (var g in goals)
        {
            if (!numbers.Contains(g.GoalNumber)) throw new DomainException("Goals", "Cases.UnknownGoal", g.GoalNumber);
            if (!Enum.IsDefined(g.Attainment)) throw new DomainException($"Goals[{g.GoalNumber}]", "Error.Required");
        }
        var missing = numbers.Except(goals.Select(g => g.GoalNumber)).Order().ToList();
        if (missing.Count > 0) throw new DomainException("Goals", "Cases.GoalNotEvaluated", string.Join("、", missing));
        if (goals.Select(g => g.GoalNumber).Distinct().Count() != goals.Count) throw new DomainException("Goals", "Cases.GoalTwice");
        Evaluation = new EvaluationRecord(goals.OrderBy(g => g.GoalNumber)
            .Select(g => g with { Comment = Guard.Optional(g.Comment, $"Goals[{g.GoalNumber}].Comment", 1000) }).ToList(), text, Episode);
        Version++;
    }

    /// <summary>The next stage (skipping one is refused; its document must be written: <see cref="CaseFlow"/>).</summary>
    public void Advance(CaseStage to, DateOnly on, Guid byUser)
    {
        CaseFlow.EnsureAdvance(this, to);
        Move(CaseAction.Advanced, to, on, byUser, "");
    }

    /// <summary>Intake ends without a case: not taken, referred elsewhere (to whom, why).</summary>
    public void DeclineAtIntake(string? reason, string? referredTo, DateOnly on, Guid byUser)
    {
        CaseFlow.EnsureDecline(this);
        Intake = Intake with
        {
            NotTakenReason = Guard.Required(reason, "NotTakenReason", ReasonMax),
            ReferredElsewhereTo = Guard.Required(referredTo, "ReferredElsewhereTo", 100),
        };
        Move(CaseAction.NotTaken, CaseStage.NotTaken, on, byUser, "");
        ClosedOn = on;
    }

    /// <summary>The worker asks the station manager to close: the evaluation and the closing report of this episode are written.</summary>
    public void RequestClosing(ClosingReason reason, string? outcome, DateOnly on, Guid byUser)
    {
        if (!Enum.IsDefined(reason)) throw new DomainException("Reason", "Error.Required");
        var closing = new ClosingRecord(reason, Guard.Required(outcome, "Outcome", ClosingRecord.TextMax), Episode);
        CaseFlow.EnsureClosingRequest(this);
        Closing = closing;
        ClosingRequestedOn = on;
        _changes.Add(CaseStageChange.Of(this, CaseAction.ClosingRequested, Stage, Stage, on, byUser, ""));
        Version++;
    }

    /// <summary>The station manager approves the closing: the case is closed.</summary>
    public void ApproveClosing(bool approverIsStationManager, DateOnly on, Guid byUser)
    {
        CaseFlow.EnsureApproval(this, approverIsStationManager);
        ClosingApprovedBy = byUser;
        Move(CaseAction.Closed, CaseStage.Closed, on, byUser, "");
        ClosedOn = on;
    }

    /// <summary>The station manager sends the closing back (the case stays in evaluation), with a reason.</summary>
    public void RefuseClosing(bool approverIsStationManager, string? reason, DateOnly on, Guid byUser)
    {
        CaseFlow.EnsureApproval(this, approverIsStationManager);
        var why = Guard.Required(reason, "Reason", ReasonMax);
        ClosingRequestedOn = null;
        _changes.Add(CaseStageChange.Of(this, CaseAction.ClosingRefused, Stage, Stage, on, byUser, why));
        Version++;
    }

    /// <summary>A closed case reopened, with a reason: back to intervention in a new episode (evaluate and close again).</summary>
    public void Reopen(string? reason, DateOnly on, Guid byUser)
    {
        CaseFlow.EnsureReopen(this);
        var why = Guard.Required(reason, "Reason", ReasonMax);
        Episode++;
        ClosedOn = null;
        ClosingRequestedOn = null;
        ClosingApprovedBy = null;
        Move(CaseAction.Reopened, CaseStage.Intervention, on, byUser, why);
    }

    private void Move(CaseAction action, CaseStage to, DateOnly on, Guid byUser, string reason)
    {
        _changes.Add(CaseStageChange.Of(this, action, Stage, to, on, byUser, reason));
        Stage = to;
        StageSince = on;
        Version++;
    }
}

/// <summary>What a case needs of its person: the station, region and household (from the registry).</summary>
public sealed record VisitSubjectRef(Guid PersonId, Guid StationId, string RegionPrefix, Guid HouseholdId);

/// <summary>One change of a case's stage (or a closing asked for or sent back): who, when, from, to, why.</summary>
public sealed class CaseStageChange : IWorkerRestricted
{
    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public Guid CaseId { get; private set; }
    public Guid StationId { get; private set; }
    public string RegionPrefix { get; private set; } = "";
    public string AccessList { get; private set; } = "";
    public CaseAction Action { get; private set; }
    public CaseStage? From { get; private set; }
    public CaseStage To { get; private set; }
    public DateOnly On { get; private set; }
    public Guid ByUserId { get; private set; }
    /// <summary>Why (a reopening, a refused closing): encrypted.</summary>
    public string Reason { get; private set; } = "";

    private CaseStageChange() { }

    internal static CaseStageChange Of(Case c, CaseAction action, CaseStage? from, CaseStage to, DateOnly on, Guid byUser, string reason) => new()
    {
        CaseId = c.Id, StationId = c.StationId, RegionPrefix = c.RegionPrefix, AccessList = c.AccessList,
        Action = action, From = from, To = to, On = on, ByUserId = byUser, Reason = reason,
    };
}

/// <summary>过程记录: a dated contact, its method and duration, and what happened (encrypted).</summary>
public sealed class CaseNote : IWorkerRestricted
{
    public const int TextMax = 4000, MinutesMax = 24 * 60;

    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public Guid CaseId { get; private set; }
    public Guid StationId { get; private set; }
    public string RegionPrefix { get; private set; } = "";
    public string AccessList { get; private set; } = "";
    public DateOnly On { get; private set; }
    public ContactMethod Method { get; private set; }
    public int Minutes { get; private set; }
    public string Text { get; private set; } = "";
    public Guid AuthorId { get; private set; }
    public DateTime RecordedAtUtc { get; private set; }
    /// <summary>下次联系: the date the worker agreed to contact the person again (a task until the next note).</summary>
    public DateOnly? NextContactOn { get; private set; }

    private CaseNote() { }

    public static CaseNote Write(Case c, DateOnly? on, ContactMethod method, int? minutes, string? text, Guid author, DateOnly today, DateTime nowUtc,
        DateOnly? nextContactOn = null)
    {
        CaseFlow.EnsureDocument(c, CaseDocument.Note);
        var errors = new List<DomainException>();
        if (on is not { } day) errors.Add(new DomainException("On", "Error.Required"));
        else if (day > today) errors.Add(new DomainException("On", "Cases.DateInFuture"));
        else if (day < c.OpenedOn) errors.Add(new DomainException("On", "Cases.NoteBeforeOpening"));
        if (!Enum.IsDefined(method)) errors.Add(new DomainException("Method", "Error.Required"));
        if (minutes is not { } m || m < 1 || m > MinutesMax) errors.Add(new DomainException("Minutes", "Cases.MinutesRange", MinutesMax));
        string body = "";
        try { body = Guard.Required(text, "Text", TextMax); } catch (DomainException e) { errors.Add(e); }
        if (nextContactOn is { } next && next < today) errors.Add(new DomainException("NextContactOn", "Cases.NextContactPast"));
        else if (nextContactOn is { } far && far > today.AddYears(1)) errors.Add(new DomainException("NextContactOn", "Cases.NextContactTooLate"));
        if (errors.Count > 0) throw DomainException.Many(errors);
        return new CaseNote
        {
            CaseId = c.Id, StationId = c.StationId, RegionPrefix = c.RegionPrefix, AccessList = c.AccessList,
            On = on!.Value, Method = method, Minutes = minutes!.Value, Text = body, AuthorId = author, RecordedAtUtc = nowUtc,
            NextContactOn = nextContactOn,
        };
    }
}
