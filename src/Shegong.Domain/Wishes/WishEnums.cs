namespace Shegong.Domain.Wishes;

/// <summary>Who the wish is for (the Tongling groups).</summary>
public enum WishGroup { Elderly = 1, Children = 2, Women = 3, Disabled = 4 }

/// <summary>物质帮扶 / 精神慰藉.</summary>
public enum WishKind { Material = 1, Spiritual = 2 }

public enum WishCategory
{
    DailyNecessities = 1,   // 生活用品
    StudySupplies = 2,      // 学习用品
    HouseholdAppliance = 3, // 家用电器
    MedicalDevice = 4,      // 医疗康复器具
    Companionship = 5,      // 陪伴慰藉
    Other = 9,              // 其他
}

/// <summary>
/// 点单 → 审核 → 公开认领 / 精准派单 → 送达 → 回访结单. Stored as numbers: never renumber.
/// </summary>
public enum WishStatus
{
    Draft = 0,       // 草稿
    Submitted = 1,   // 待审核
    Published = 2,   // 认领中 (on the board; some units may be claimed)
    Rejected = 3,    // 未通过
    Claimed = 4,     // 已认领 (every unit pledged)
    Dispatching = 5, // 待派单 (unclaimed too long: in the station's dispatch queue)
    Delivered = 6,   // 已送达 (every unit delivered)
    Closed = 7,      // 已回访结单
    /// <summary>The return visit found the wish not met (the delivered items did not serve): closed, not counted as fulfilled.</summary>
    Unfulfilled = 8, // 回访未实现，已结单
}

/// <summary>认领人类型.</summary>
public enum ClaimantType { Enterprise = 1, SocialOrganization = 2, Individual = 3, PartyMember = 4, PropertyManager = 5, Volunteer = 6 }

public enum ClaimStatus
{
    Active = 0,     // 已认领，待送达
    Withdrawn = 1,  // 认领人撤回
    Released = 2,   // 逾期未送达，已释放回认领清单
    Delivered = 3,  // 已送达
}

public static class ClaimStatuses
{
    /// <summary>A claim that still matches its wish: active or delivered. A withdrawn or released claim matches nothing.</summary>
    public static bool IsLive(ClaimStatus s) => s is ClaimStatus.Active or ClaimStatus.Delivered;
}

/// <summary>How the claim came about: the public board (直接认领) or the station's dispatch (精准派单).</summary>
public enum ClaimSource { Board = 1, Dispatch = 2 }
