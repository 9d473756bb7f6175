using Shegong.Web.Features.Regions.Contracts;
using Shegong.Domain.Statistics;
using Shegong.Domain.Wishes;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Data;
using Shegong.Web.Infrastructure.Statistics;

namespace Shegong.Web.Features.Statistics;

/// <summary>
/// Micro-wish figures of an area for a month, quarter or year, read from the aggregate tallies: wishes collected
/// (published after review; drafts, wishes under review and rejected ones do not count) by group and kind; matched
/// directly on the board or by the station's dispatch (once per wish: by the claim whose delivery fulfilled it, until
/// then by its first claim); fulfilled (delivered or
/// closed) by category and by the seed's grouping; fulfilment rate = fulfilled ÷ collected in the period; the median
/// days from publication to the first claim and to delivery (exact, from day-count histograms). Each event counts
/// in the month it happened. For the caller's station or region, or any region under it, broken down one level down.
/// </summary>
public static class GetWishStats
{
    public sealed record Query(string? Region = null, string? Period = null);
    public sealed record Figures(
        long Collected, IReadOnlyDictionary<WishGroup, long> ByGroup, IReadOnlyDictionary<WishKind, long> ByKind,
        long ClaimedDirectly, long Dispatched, long Matched,
        long Fulfilled, IReadOnlyDictionary<FulfilmentGroup, long> FulfilledByGroup, IReadOnlyDictionary<WishCategory, long> FulfilledByCategory,
        decimal? Rate, string RateText, decimal? MedianDaysToClaim, decimal? MedianDaysToDelivery);
    public sealed record ChildFigures(string Prefix, string Code, string Name, Figures Figures);
    public sealed record Result(string RegionPrefix, string RegionName, string Period, DateOnly Start, DateOnly End, Figures Total,
        IReadOnlyList<ChildFigures> Children);

    private static readonly StatDimension[] Dimensions =
        [StatDimension.WishesCollected, StatDimension.WishesMatched, StatDimension.WishesFulfilled, StatDimension.WishDaysToClaim, StatDimension.WishDaysToDelivery];

    public sealed class Handler(ShegongDbContext db, RegionNames names, StatCache cache)
    {
        public async Task<StatOutcome<Result>> HandleAsync(Query q, CancellationToken ct = default)
        {
            if (!StatPeriodInput.TryResolve(q.Period, out var period, allowYear: true)) return StatOutcome<Result>.InvalidPeriod;
            if (await StatArea.ResolveAsync(db, names, q.Region, ct) is not { } area) return StatOutcome<Result>.NotFound;
            return new StatOutcome<Result>(await cache.GetOrComputeAsync($"wishes|{area.Prefix}|{period.Code}", () => ComputeAsync(area, period, ct)));
        }

        private async Task<Result> ComputeAsync(StatArea area, StatPeriod period, CancellationToken ct)
        {
            var (prefix, name, childLength) = (area.Prefix, area.Name, area.ChildLength);

            var rows = (await StatReader.FlowsAsync(db, prefix, area.HasChildren ? childLength : 0, Dimensions, period.Months.ToList(), ct))
                .Select(r => new Row(r.Node, r.Dimension, r.Key, r.Value)).ToList();

            var children = new List<ChildFigures>();
            if (area.HasChildren)
                children.AddRange((await area.ChildrenAsync(db, names, rows.Select(r => r.Child).Where(c => c != prefix), ct))
                    .Select(r => new ChildFigures(r.Prefix, r.Code, r.Name, Sum(rows.Where(x => x.Child == r.Prefix)))));
            return new Result(prefix, name, period.Code, period.Start, period.End, Sum(rows.Where(r => r.Child == prefix)), children);
        }
    }

    private sealed record Row(string Child, StatDimension Dimension, int Key, long Sum);

    private static Figures Sum(IEnumerable<Row> rows)
    {
        var byDimension = rows.GroupBy(r => r.Dimension).ToDictionary(g => g.Key, g => g.GroupBy(r => r.Key).ToDictionary(k => k.Key, k => k.Sum(r => r.Sum)));
        Dictionary<int, long> Of(StatDimension d) => byDimension.GetValueOrDefault(d) ?? [];
        var collected = Of(StatDimension.WishesCollected);
        var matched = Of(StatDimension.WishesMatched);
        var fulfilled = Of(StatDimension.WishesFulfilled);
        long total = collected.Values.Sum(), done = fulfilled.Values.Sum();
        var rate = Percent.Of(done, total);
        return new Figures(total,
            Enum.GetValues<WishGroup>().ToDictionary(g => g, g => collected.Where(kv => WishFigures.GroupOfKey(kv.Key) == g).Sum(kv => kv.Value)),
            Enum.GetValues<WishKind>().ToDictionary(k => k, k => collected.Where(kv => WishFigures.KindOfKey(kv.Key) == k).Sum(kv => kv.Value)),
            matched.GetValueOrDefault((int)ClaimSource.Board), matched.GetValueOrDefault((int)ClaimSource.Dispatch), matched.Values.Sum(),
            done,
            Enum.GetValues<FulfilmentGroup>().ToDictionary(g => g, g => fulfilled.Where(kv => WishFigures.GroupOf((WishCategory)kv.Key) == g).Sum(kv => kv.Value)),
            Enum.GetValues<WishCategory>().ToDictionary(c => c, c => fulfilled.GetValueOrDefault((int)c)),
            rate, Percent.Text(rate),
            WishFigures.Median(Of(StatDimension.WishDaysToClaim)), WishFigures.Median(Of(StatDimension.WishDaysToDelivery)));
    }
}
