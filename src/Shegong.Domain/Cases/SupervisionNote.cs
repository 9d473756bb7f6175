using Shegong.Domain.Common;

namespace Shegong.Domain.Cases;

/// <summary>督导形式: one worker (optionally about one of their cases), or several workers together.</summary>
public enum SupervisionKind
{
    Individual = 1,  // 个别督导
    Group = 2,       // 团体督导
}

/// <summary>
/// 督导记录: a supervisor assigned to a station writes down a supervision — individual (one worker, optionally a case of
/// that worker) or group (several workers): topic, advice (encrypted), time spent, date. Read by its author, the
/// workers it concerns (<see cref="AccessList"/>), the station manager and the station's assigned supervisors.
/// </summary>
public sealed class SupervisionNote : IWorkerRestricted
{
    public const int TopicMax = 100, AdviceMax = 4000, MinutesMax = 600, WorkersMax = 30;

    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public Guid StationId { get; private set; }
    /// <summary>The station's node (its township): figures are kept there.</summary>
    public string RegionPrefix { get; private set; } = "";
    /// <summary>The author and the workers it concerns.</summary>
    public string AccessList { get; private set; } = "";
    public SupervisionKind Kind { get; private set; }
    public List<Guid> Workers { get; private set; } = [];
    public Guid? CaseId { get; private set; }
    public DateOnly On { get; private set; }
    public string Topic { get; private set; } = "";
    /// <summary>The supervisor's advice: encrypted at rest, bound to table, column and row.</summary>
    public string Advice { get; private set; } = "";
    public int Minutes { get; private set; }
    public Guid SupervisorId { get; private set; }
    public DateTime RecordedAtUtc { get; private set; }

    private SupervisionNote() { }

    /// <param name="caseOf">The case named, if any: its station and the workers on it (the caller reads it).</param>
    public static SupervisionNote Write(Guid stationId, string stationPrefix, SupervisionKind? kind, IReadOnlyList<Guid>? workers,
        (Guid Id, Guid StationId, IReadOnlyCollection<Guid> Workers)? caseOf, DateOnly? on, string? topic, string? advice, int? minutes,
        Guid supervisor, DateOnly today, DateTime nowUtc)
    {
        var errors = new List<DomainException>();
        T Try<T>(Func<T> f, T fallback) { try { return f(); } catch (DomainException e) { errors.Add(e); return fallback; } }
        var list = (workers ?? []).Where(w => w != Guid.Empty).Distinct().ToList();
        if (kind is not { } k || !Enum.IsDefined(k)) errors.Add(new DomainException("Kind", "Error.Required"));
        else if (k == SupervisionKind.Individual && list.Count != 1) errors.Add(new DomainException("Workers", "Supervision.IndividualOneWorker"));
        else if (k == SupervisionKind.Group && list.Count < 2) errors.Add(new DomainException("Workers", "Supervision.GroupTwoWorkers"));
        if (list.Count > WorkersMax) errors.Add(new DomainException("Workers", "Cases.TooMany", WorkersMax));
        if (caseOf is { } c)
        {
            if (kind != SupervisionKind.Individual) errors.Add(new DomainException("CaseId", "Supervision.CaseOnlyIndividual"));
            else if (c.StationId != stationId || (list.Count == 1 && !c.Workers.Contains(list[0]))) errors.Add(new DomainException("CaseId", "Supervision.CaseNotOfWorker"));
        }
        if (on is not { } day) errors.Add(new DomainException("On", "Error.Required"));
        else if (day > today) errors.Add(new DomainException("On", "Cases.DateInFuture"));
        var subject = Try(() => Guard.Required(topic, "Topic", TopicMax), "");
        var text = Try(() => Guard.Required(advice, "Advice", AdviceMax), "");
        if (minutes is not { } m || m < 1 || m > MinutesMax) errors.Add(new DomainException("Minutes", "Cases.MinutesRange", MinutesMax));
        if (errors.Count > 0) throw DomainException.Many(errors);
        return new SupervisionNote
        {
            StationId = stationId, RegionPrefix = stationPrefix, Kind = kind!.Value, Workers = list, CaseId = caseOf?.Id,
            AccessList = WorkerAccess.ListOf([supervisor, .. list]), On = on!.Value, Topic = subject, Advice = text, Minutes = minutes!.Value,
            SupervisorId = supervisor, RecordedAtUtc = nowUtc,
        };
    }
}
