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

/// <summary>One line of the 六有 checklist: met or not, with a note (e.g. "活动室 120 平方米").</summary>
public sealed record SixHasEntry(SixHasItem Item, bool Met, string Note)
{
    public const int NoteMaxLength = 200;
}
