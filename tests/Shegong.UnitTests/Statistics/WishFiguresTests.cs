using Shegong.Domain.Statistics;
using Shegong.Domain.Wishes;

namespace Shegong.UnitTests.Statistics;

public sealed class WishFiguresTests
{
    private static Dictionary<int, long> Histogram(params int[] values) => values.GroupBy(v => v).ToDictionary(g => g.Key, g => (long)g.Count());

    [Fact]
    public void The_median_of_a_histogram_is_exact_for_odd_and_even_counts()
    {
        WishFigures.Median(Histogram(3, 1, 2)).ShouldBe(2m);
        WishFigures.Median(Histogram(1, 2, 3, 10)).ShouldBe(2.5m);
        WishFigures.Median(Histogram(5, 5, 5, 9)).ShouldBe(5m);
        WishFigures.Median(new Dictionary<int, long>()).ShouldBeNull();
    }

    [Fact]
    public void Histograms_of_two_areas_summed_give_the_median_of_both()
    {
        var a = Histogram(1, 2, 8);
        var b = Histogram(4, 4, 30);
        var sum = a.Concat(b).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.Sum(kv => kv.Value));
        WishFigures.Median(sum).ShouldBe(4m); // 1 2 4 4 8 30
    }

    [Fact]
    public void The_seed_grouping_and_the_fulfilment_rate_with_one_decimal()
    {
        WishFigures.GroupOf(WishCategory.DailyNecessities).ShouldBe(FulfilmentGroup.DailyAndStudy);
        WishFigures.GroupOf(WishCategory.StudySupplies).ShouldBe(FulfilmentGroup.DailyAndStudy);
        WishFigures.GroupOf(WishCategory.Companionship).ShouldBe(FulfilmentGroup.SpiritualComfort);
        Percent.Text(Percent.Of(2258, 2304)).ShouldBe("98.0%");
        Percent.Text(Percent.Of(0, 0)).ShouldBe("—");
        var key = WishFigures.CollectedKey(WishGroup.Disabled, WishKind.Spiritual);
        WishFigures.GroupOfKey(key).ShouldBe(WishGroup.Disabled);
        WishFigures.KindOfKey(key).ShouldBe(WishKind.Spiritual);
    }
}
