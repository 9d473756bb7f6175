namespace Shegong.Domain.Activities;

/// <summary>小组类型 (the common kinds of group work; stored as numbers: never renumber).</summary>
public enum GroupType
{
    Support = 1,   // 支持小组
    Growth = 2,    // 成长小组
    Interest = 3,  // 兴趣小组
    Therapy = 4,   // 治疗小组
    Education = 5, // 教育小组
}

/// <summary>The stages of group work, in order: 筹备 → 形成 → 转折 → 成熟 → 结束.</summary>
public enum GroupStage
{
    Preparing = 1,  // 筹备期
    Forming = 2,    // 形成期
    Transition = 3, // 转折期
    Mature = 4,     // 成熟期
    Ended = 5,      // 结束期
}

/// <summary>How far a group reached its goal (the end evaluation).</summary>
public enum GroupAttainment
{
    Achieved = 1,    // 达成
    Partly = 2,      // 部分达成
    NotAchieved = 3, // 未达成
}

/// <summary>
/// What an activity is. A group's session is an activity of kind <see cref="GroupSession"/>; the others are community
/// activities (社区活动). Stored as numbers: never renumber.
/// </summary>
public enum ActivityKind
{
    GroupSession = 1, // 小组活动（节次）
    Talk = 2,         // 讲座宣传
    Festival = 3,     // 节庆活动
    Class = 4,        // 兴趣课堂、培训
    Service = 5,      // 便民服务
    Volunteer = 6,    // 志愿服务
    Other = 9,        // 其他
}
