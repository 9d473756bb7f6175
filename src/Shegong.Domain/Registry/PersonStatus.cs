namespace Shegong.Domain.Registry;

/// <summary>A person is never deleted: they move away or die, and their history stays.</summary>
public enum PersonStatus
{
    Active = 0,    // 在册
    MovedAway = 1, // 迁出
    Deceased = 2,  // 已故
}

/// <summary>Why the station may hold the person's data (PIPL art. 13/28).</summary>
public enum LegalBasis
{
    WrittenConsent = 1,   // 本人书面同意
    GuardianConsent = 2,  // 监护人同意（未成年人、无民事行为能力人）
    StatutoryDuty = 3,    // 履行法定职责（民政救助、兜底保障）
    VitalInterests = 4,   // 紧急情况下保护生命健康
}

/// <summary>与户主关系.</summary>
public enum HouseholdRelation
{
    Head = 0,        // 户主
    Spouse = 1,      // 配偶
    Child = 2,       // 子女
    Parent = 3,      // 父母
    Grandchild = 4,  // 孙子女
    Grandparent = 5, // 祖父母
    Sibling = 6,     // 兄弟姐妹
    Other = 9,       // 其他
}

/// <summary>生活自理能力.</summary>
public enum SelfCareAbility
{
    Independent = 1,  // 自理
    Partial = 2,      // 半自理
    Dependent = 3,    // 不能自理
}

/// <summary>监护评估.</summary>
public enum GuardianshipAssessment
{
    Good = 1, // 较好
    Fair = 2, // 一般
    Poor = 3, // 差
}
