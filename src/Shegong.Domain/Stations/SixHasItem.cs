namespace Shegong.Domain.Stations;

/// <summary>六有: 有场地、有设备、有人员、有制度、有资金、有服务.</summary>
public enum SixHasItem
{
    Premises = 1,
    Equipment = 2,
    Staff = 3,
    Rules = 4,
    Funding = 5,
    Services = 6,
}

/// <summary>
/// One line of the 六有 checklist: met or not, the evidence seen (e.g. "活动室 120 平方米"), when it was checked and by
/// whom. <see cref="CheckedOn"/> null and <see cref="CheckedBy"/> empty: never checked (or recorded before checks
/// were). The staffing line (<see cref="SixHasItem.Staff"/>) is not ticked by hand: it is met when the station's staff
/// list has at least <see cref="Station.MinimumStaff"/> people, and it is checked whenever that list changes.
/// </summary>
public sealed record SixHasEntry(SixHasItem Item, bool Met, string Note, DateOnly? CheckedOn = null, string CheckedBy = "")
{
    public const int NoteMaxLength = 200;
    public const int CheckedByMaxLength = 50;
}
