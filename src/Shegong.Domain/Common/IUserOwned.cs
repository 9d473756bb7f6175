namespace Shegong.Domain.Common;

/// <summary>
/// Marks an entity as owned by one user account (a notification; to come: a volunteer's time-bank account, a
/// donor's pledges). The DbContext gives every such entity the scope query filter automatically: only the owner
/// (<see cref="Access.DataScope.UserId"/>) and the system scope see it. An entity that is also
/// <see cref="IStationOwned"/> or <see cref="IRegionOwned"/> is seen by its owner or by that scope (the markers'
/// rules are joined by "or").
/// </summary>
public interface IUserOwned
{
    Guid UserId { get; }
}
