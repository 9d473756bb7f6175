namespace Shegong.Domain.Common;

/// <summary>
/// Marks an entity as owned by a region node rather than by one station (aggregate figures, accounts, and to come:
/// hotline orders, volunteers' teams). The DbContext gives every such entity the scope query filter automatically:
/// a caller sees a record when the caller's region prefix (a station's is its township's) is a prefix of the
/// record's <see cref="RegionPrefix"/>; the system scope sees all, anyone else nothing.
/// </summary>
public interface IRegionOwned
{
    string RegionPrefix { get; }
}
