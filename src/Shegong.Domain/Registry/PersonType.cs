namespace Shegong.Domain.Registry;

/// <summary>
/// 人员类型 of DOMAIN.md §4. A person may have several, so they are flags (one integer column, filterable by a
/// bitwise test on both providers). The numbers are stored: never renumber, only append.
/// </summary>
[Flags]
public enum PersonTypes
{
    None = 0,
    MinimumLiving = 1 << 0,          // 低保
    NearPoverty = 1 << 1,            // 低边
    ExtremePoverty = 1 << 2,         // 特困
    ChildInDifficulty = 1 << 3,      // 困境儿童
    LeftBehindElderly = 1 << 4,      // 留守老人
    Widowed = 1 << 5,                // 孤寡
    ExtremePovertySevereDisability = 1 << 6, // 特困重残
    LivingAlone = 1 << 7,            // 独居
    ExpenditureHardship = 1 << 8,    // 支出型困难
    Disabled = 1 << 9,               // 残疾人
    Vagrant = 1 << 10,               // 流浪乞讨
    LeftBehindChild = 1 << 11,       // 留守儿童
    SingleMotherInPoverty = 1 << 12, // 单身特困母亲
    LeftBehindWoman = 1 << 13,       // 留守妇女
    EmptyNest = 1 << 14,             // 空巢
    Incapacitated = 1 << 15,         // 失能
    SeverelyDisabledElderly = 1 << 16, // 重残老人
    FamilyPlanningSpecial = 1 << 17, // 计生特殊家庭
    Orphan = 1 << 18,                // 孤儿
    DeFactoUnsupportedChild = 1 << 19, // 事实无人抚养儿童
}

public static class PersonTypeList
{
    /// <summary>Every single type, in the order of DOMAIN.md (the order forms and exports use).</summary>
    public static readonly IReadOnlyList<PersonTypes> All =
        Enum.GetValues<PersonTypes>().Where(t => t != PersonTypes.None).ToList();

    public static IEnumerable<PersonTypes> Split(PersonTypes types) => All.Where(t => (types & t) != 0);

    public static PersonTypes Combine(IEnumerable<PersonTypes> types) => types.Aggregate(PersonTypes.None, (a, t) => a | t);
}
