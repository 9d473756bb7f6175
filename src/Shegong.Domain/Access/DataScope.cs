namespace Shegong.Domain.Access;

/// <summary>
/// What a caller may see: everything (system jobs and commands), one station, everything under one region
/// (by short code prefix), or nothing (anonymous). Every query of station-owned data is filtered by it.
/// </summary>
public sealed record DataScope(ScopeKind Kind, string RegionPrefix, Guid? StationId)
{
    public static readonly DataScope System = new(ScopeKind.All, "", null);
    public static readonly DataScope None = new(ScopeKind.Nothing, "\u0000", null);

    public static DataScope ForStation(Guid stationId, string regionPrefix) => new(ScopeKind.Station, regionPrefix, stationId);
    public static DataScope ForRegion(string regionPrefix) => new(ScopeKind.Region, regionPrefix, null);

    public bool IsAll => Kind == ScopeKind.All;

    /// <summary>Whether a record with this station and region lies inside the scope (for checks in memory).</summary>
    public bool Covers(Guid? stationId, string regionPrefix) => Kind switch
    {
        ScopeKind.All => true,
        ScopeKind.Station => stationId == StationId,
        ScopeKind.Region => regionPrefix.StartsWith(RegionPrefix, StringComparison.Ordinal),
        _ => false,
    };

    /// <summary>Whether a whole region lies inside the scope (a station-bound user covers no region as a whole).</summary>
    public bool CoversRegion(string regionPrefix) => Kind switch
    {
        ScopeKind.All => true,
        ScopeKind.Region => regionPrefix.StartsWith(RegionPrefix, StringComparison.Ordinal),
        _ => false,
    };
}

public enum ScopeKind
{
    Nothing = 0,
    Station = 1,
    Region = 2,
    All = 3,
}
