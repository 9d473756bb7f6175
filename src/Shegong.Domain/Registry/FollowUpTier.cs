namespace Shegong.Domain.Registry;

/// <summary>跟进分级: how often a person must be visited (intervals are policy, see <c>VisitRuleSet</c>).</summary>
public enum FollowUpTier
{
    General = 1,   // 一般
    Key = 2,       // 重点
    HighRisk = 3,  // 高风险
}
