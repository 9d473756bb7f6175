namespace Shegong.Domain.Cases;

/// <summary>个案阶段 (MZ/T 094-2017): 接案 → 预估 → 计划 → 介入 → 评估 → 结案; an intake may end "not taken".</summary>
public enum CaseStage
{
    Intake = 1,        // 接案
    Assessment = 2,    // 预估
    Planning = 3,      // 计划
    Intervention = 4,  // 介入
    Evaluation = 5,    // 评估
    Closed = 6,        // 结案
    NotTaken = 7,      // 未接案（已转介他处）
}

/// <summary>个案来源.</summary>
public enum CaseSource
{
    OwnRequest = 1,  // 主动求助
    Outreach = 2,    // 走访发现
    ReferralIn = 3,  // 转介而来
    Hotline = 4,     // 热线
}

public enum RiskLevel
{
    Low = 1,     // 低
    Medium = 2,  // 中
    High = 3,    // 高
}

/// <summary>过程记录的方式.</summary>
public enum ContactMethod
{
    HomeVisit = 1,   // 入户
    Phone = 2,       // 电话
    Office = 3,      // 站内面谈
    Online = 4,      // 线上
    Accompany = 5,   // 陪同
    Other = 9,       // 其他
}

/// <summary>目标达成.</summary>
public enum Attainment
{
    Attained = 1,     // 达成
    Partly = 2,       // 部分达成
    NotAttained = 3,  // 未达成
}

/// <summary>结案原因.</summary>
public enum ClosingReason
{
    GoalsAttained = 1,   // 目标达成
    ReferredOn = 2,      // 转介他处
    ClientWithdrew = 3,  // 服务对象退出
    MovedAway = 4,       // 迁出
    Deceased = 5,        // 离世
    Other = 9,           // 其他
}

/// <summary>评估清单一项的回答.</summary>
public enum ChecklistAnswer
{
    Unknown = 0,  // 未了解
    Yes = 1,      // 是
    No = 2,       // 否
}

/// <summary>What happened to a case, one row per change (<see cref="CaseStageChange"/>): what figures count later.</summary>
public enum CaseAction
{
    Opened = 1,
    Advanced = 2,
    ClosingRequested = 3,
    ClosingRefused = 4,
    Closed = 5,
    Reopened = 6,
    NotTaken = 7,
}
