namespace Shegong.Domain.Stations;

/// <summary>A station is first built (挂牌) and then operating (开展服务).</summary>
public enum StationStatus
{
    Built = 1,
    Operating = 2,
}
