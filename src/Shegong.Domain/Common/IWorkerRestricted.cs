namespace Shegong.Domain.Common;

/// <summary>
/// A station-owned record that, inside its station, only some people read (a case and its notes, referrals): the
/// workers in <see cref="AccessList"/>, the station's manager, and the supervisors assigned to the station. The
/// DbContext joins this rule by "and" to the station's rule in the one scope filter (docs/adding-a-module.md,
/// "Records with per-worker restrictions").
/// </summary>
public interface IWorkerRestricted : IStationOwned
{
    /// <summary>The ids of the workers who read the record, each as 32 hex digits ("N"), comma-separated.</summary>
    string AccessList { get; }
}

/// <summary>
/// A record of one case whose readers are the case's (its access list is a copy of the case's): when the case's
/// workers change, the record follows (<c>ChangeCaseWorkers</c>). A worker-restricted record with readers of its own
/// (a supervision note: its author and the workers it concerns) is not one.
/// </summary>
public interface ICaseRecord : IWorkerRestricted
{
    Guid CaseId { get; }
}

public static class WorkerAccess
{
    public static string Token(Guid userId) => userId.ToString("N");

    public static string ListOf(IEnumerable<Guid> workers) => string.Join(",", workers.Distinct().Select(Token));

    public static bool Admits(string accessList, Guid userId) => accessList.Contains(Token(userId), StringComparison.Ordinal);
}
