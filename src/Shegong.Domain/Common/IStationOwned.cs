namespace Shegong.Domain.Common;

/// <summary>
/// Marks an entity as owned by a station (see also <see cref="IRegionOwned"/> and <see cref="IUserOwned"/>). The DbContext gives every such entity the scope
/// query filter automatically, so a new module cannot forget it; a test checks that every entity with a
/// StationId column carries this marker.
/// </summary>
public interface IStationOwned
{
    Guid StationId { get; }
    string RegionPrefix { get; }
}
