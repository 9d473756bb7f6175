namespace Shegong.Domain.Access;

/// <summary>
/// What a caller may see: everything (code that asked for the system scope by name), one station, everything under
/// one region (by short code prefix), or nothing (anonymous callers, and any code outside a request that did not
/// ask). <see cref="UserId"/> is the signed-in account, which also sees the records it owns (<see cref="Common.IUserOwned"/>).
/// Every query of station-, region- or user-owned data is filtered by it (the DbContext's query filters).
/// </summary>
public sealed record DataScope(ScopeKind Kind, string RegionPrefix, Guid? StationId)
{
    public static readonly DataScope System = new(ScopeKind.All, "", null);
    /// <summary>Nothing: its prefix starts no region's (codes are digits) and is a value both databases accept as a parameter.</summary>
    public static readonly DataScope None = new(ScopeKind.Nothing, "!", null);

    public static DataScope ForStation(Guid stationId, string regionPrefix) => new(ScopeKind.Station, regionPrefix, stationId);
    public static DataScope ForRegion(string regionPrefix) => new(ScopeKind.Region, regionPrefix, null);

    /// <summary>The signed-in account (null for the system and for anonymous callers): it sees what it owns.</summary>
    public Guid? UserId { get; init; }

    /// <summary>The account is its station's manager (reads the station's worker-restricted records: cases).</summary>
    public bool ManagesStation { get; init; }

    /// <summary>The account is a supervisor (reads the worker-restricted records of the stations assigned to it).</summary>
    public bool Supervises { get; init; }

    /// <summary>This scope acting for one account (its own records become visible to it).</summary>
    public DataScope OfUser(Guid? userId) => this with { UserId = userId };

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

    /// <summary>
    /// Whether a region-owned record (<see cref="Common.IRegionOwned"/>: a figure, an account, a hotline order) of
    /// this region lies inside the scope: the caller's region prefix — a station's is its township's — is a prefix of
    /// the record's. The same rule as the query filter, for reads that do not go through EF Core (raw SQL).
    /// </summary>
    public bool CoversRegionOwned(string regionPrefix) => Kind switch
    {
        ScopeKind.All => true,
        ScopeKind.Station or ScopeKind.Region => regionPrefix.StartsWith(RegionPrefix, StringComparison.Ordinal),
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
