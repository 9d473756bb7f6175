namespace Shegong.Domain.Regions;

/// <summary>省 → 市 → 区县 → 乡镇/街道 → 社区/村.</summary>
public enum RegionLevel
{
    Province = 1,
    City = 2,
    County = 3,
    Township = 4,
    Community = 5,
}
