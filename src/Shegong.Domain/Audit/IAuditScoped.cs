namespace Shegong.Domain.Audit;

/// <summary>
/// A record of the audit log (an entry, a day's digest of reads): seen by the scope it concerns — its station, or a
/// region above it; one that concerns nothing in particular (no region) only by the system.
/// </summary>
public interface IAuditScoped
{
    Guid? StationId { get; }
    string RegionPrefix { get; }
}
