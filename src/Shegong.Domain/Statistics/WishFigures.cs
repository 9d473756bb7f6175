using Shegong.Domain.Wishes;

namespace Shegong.Domain.Statistics;

/// <summary>The Tongling reporting groups of fulfilled wishes (生活学习用品 / 家用电器 / 医疗康复器具 / 精神慰藉).</summary>
public enum FulfilmentGroup { DailyAndStudy = 1, Appliances = 2, MedicalDevices = 3, SpiritualComfort = 4, Other = 9 }

/// <summary>Pure rules of the wish statistics: tally keys, the seed's category grouping and exact medians from histograms.</summary>
public static class WishFigures
{
    public static int CollectedKey(WishGroup group, WishKind kind) => (int)group * 10 + (int)kind;
    public static WishGroup GroupOfKey(int key) => (WishGroup)(key / 10);
    public static WishKind KindOfKey(int key) => (WishKind)(key % 10);

    public static FulfilmentGroup GroupOf(WishCategory category) => category switch
    {
        WishCategory.DailyNecessities or WishCategory.StudySupplies => FulfilmentGroup.DailyAndStudy,
        WishCategory.HouseholdAppliance => FulfilmentGroup.Appliances,
        WishCategory.MedicalDevice => FulfilmentGroup.MedicalDevices,
        WishCategory.Companionship => FulfilmentGroup.SpiritualComfort,
        _ => FulfilmentGroup.Other,
    };

    /// <summary>
    /// Fulfilled wishes count: every unit delivered (已送达) or closed after a return visit that found it met (已回访结单).
    /// A return visit that finds it not met (<see cref="WishStatus.Unfulfilled"/>) takes it out again, from its delivery month.
    /// </summary>
    public static bool IsFulfilled(WishStatus status) => status is WishStatus.Delivered or WishStatus.Closed;

    /// <summary>Every unit delivered, whatever the return visit found: the wish is matched by the claim of its last delivery.</summary>
    public static bool IsCompleted(WishStatus status) => status is WishStatus.Delivered or WishStatus.Closed or WishStatus.Unfulfilled;

    /// <summary>Whole days between two dates, never negative (a histogram key).</summary>
    public static int Days(DateOnly from, DateOnly to) => Math.Max(0, to.DayNumber - from.DayNumber);

    /// <summary>The exact median of a histogram (value → how many); the mean of the two middle values when the count is even.</summary>
    public static decimal? Median(IEnumerable<KeyValuePair<int, long>> histogram)
    {
        var bins = histogram.Where(b => b.Value > 0).OrderBy(b => b.Key).ToList();
        var n = bins.Sum(b => b.Value);
        if (n == 0) return null;
        int? At(long index) // 0-based
        {
            long seen = 0;
            foreach (var b in bins)
            {
                seen += b.Value;
                if (index < seen) return b.Key;
            }
            return null;
        }
        var lower = At((n - 1) / 2)!.Value;
        var upper = At(n / 2)!.Value;
        return (lower + upper) / 2m;
    }
}
