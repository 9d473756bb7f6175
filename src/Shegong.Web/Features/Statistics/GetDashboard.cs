using Shegong.Web.Features.Stations.Contracts;
using Shegong.Web.Features.Regions.Contracts;
using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Registry;
using Shegong.Domain.Statistics;
using Shegong.Domain.Visits;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Data;
using Shegong.Web.Infrastructure.Statistics;

namespace Shegong.Web.Features.Statistics;

/// <summary>
/// The officers' dashboard of an area (a station manager's is their station): headline figures for the last complete
/// period and the current one; visit completion per tier in the tier's own period (高风险 by ISO week, 重点 by month,
/// 一般 by quarter); people overdue today; 12-month trends; and a comparison of the areas (or stations) one level
/// down. Everything is read from the aggregate figures, so a province costs what a station costs.
/// </summary>
public static class GetDashboard
{
    /// <param name="HeadlineOnly">Only the headline figures and the tiers (the home page): no trend, no comparison.</param>
    public sealed record Query(string? Region = null, string? Sort = null, bool Ascending = false, bool HeadlineOnly = false);

    /// <summary>Completion of one tier: visited at least once in the period ÷ on file at the end of the period's month.</summary>
    public sealed record Completion(string Period, long Visited, long OnFile, decimal? Rate);
    public sealed record TierHeadline(FollowUpTier Tier, Cadence Cadence, Completion Last, Completion BeforeLast, Completion Current);
    public enum Cadence { Week, Month, Quarter }

    public sealed record TrendPoint(string Month, long OnFile, IReadOnlyDictionary<FollowUpTier, decimal?> Completion,
        IReadOnlyDictionary<VisitMethod, long> Visits, long WishesCollected, long WishesFulfilled, long CasesOpened, long CasesClosed);

    public sealed record Row(string Prefix, string Code, string Name, long OnFile, long Overdue,
        decimal? HighRiskRate, decimal? KeyRate, decimal? GeneralRate, long Visits, long WishesFulfilled,
        int Stations, int SixHasMet);

    public sealed record Result(
        string RegionPrefix, string RegionName, DateOnly Today, string ThisMonth, string LastMonth,
        long OnFile, long OnFileLastMonth, long Overdue,
        IReadOnlyList<TierHeadline> Tiers,
        long VisitsThisMonth, long VisitsLastMonth, long WishesFulfilledThisMonth, long WishesFulfilledLastMonth,
        IReadOnlyList<TrendPoint> Trend, IReadOnlyList<Row> Rows, bool RowsAreStations, string Sort, bool Ascending);

    public static readonly string[] SortKeys = ["name", "onFile", "overdue", "highRisk", "key", "general", "visits", "wishes", "sixHas"];

    public static Cadence CadenceOf(FollowUpTier tier) => tier switch
    {
        FollowUpTier.HighRisk => Cadence.Week,
        FollowUpTier.Key => Cadence.Month,
        _ => Cadence.Quarter,
    };

    /// <summary>A period of a cadence: its code, the figure's period number, the month whose closing balance is the denominator.</summary>
    public sealed record Span(string Code, StatDimension Dimension, int Period, int BalanceMonth);

    public static Span SpanOf(Cadence cadence, DateOnly day, DateOnly today)
    {
        DateOnly end;
        switch (cadence)
        {
            case Cadence.Week:
                var monday = day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
                end = monday.AddDays(6);
                var week = StatFigure.WeekOf(day);
                return new Span($"{week / 100}-W{week % 100:00}", StatDimension.VisitedInWeek, week, StatFigure.MonthOf(Min(end, today)));
            case Cadence.Month:
                end = new DateOnly(day.Year, day.Month, 1).AddMonths(1).AddDays(-1);
                return new Span($"{day.Year}-{day.Month:00}", StatDimension.VisitedInMonth, StatFigure.MonthOf(day), StatFigure.MonthOf(Min(end, today)));
            default:
                var q = (day.Month - 1) / 3 + 1;
                end = new DateOnly(day.Year, (q - 1) * 3 + 1, 1).AddMonths(3).AddDays(-1);
                return new Span($"{day.Year}-Q{q}", StatDimension.VisitedInQuarter, StatFigure.QuarterOf(day), StatFigure.MonthOf(Min(end, today)));
        }
    }

    /// <summary>A day in the period before the one containing <paramref name="day"/>.</summary>
    public static DateOnly Before(Cadence cadence, DateOnly day) => cadence switch
    {
        Cadence.Week => day.AddDays(-7),
        Cadence.Month => new DateOnly(day.Year, day.Month, 1).AddDays(-1),
        _ => new DateOnly(day.Year, (day.Month - 1) / 3 * 3 + 1, 1).AddDays(-1),
    };

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    public sealed class Handler(ShegongDbContext db, RegionNames names, StatCache cache)
    {
        public async Task<Result?> HandleAsync(Query q, CancellationToken ct = default)
        {
            if (await StatArea.ResolveAsync(db, names, q.Region, ct) is not { } area) return null;
            var today = ChinaTime.Today;
            var figures = await cache.GetOrComputeAsync($"dashboard|{area.Prefix}|{q.HeadlineOnly}|{today:yyyyMMdd}", () => ComputeAsync(area, q.HeadlineOnly, today, ct));
            var sort = SortKeys.Contains(q.Sort) ? q.Sort! : "overdue";
            return figures with { Rows = Sorted(figures.Rows, sort, q.Ascending).ToList(), Sort = sort, Ascending = q.Ascending };
        }

        private async Task<Result> ComputeAsync(StatArea area, bool headlineOnly, DateOnly today, CancellationToken ct)
        {
            var prefix = area.Prefix;
            var childLength = area.HasChildren ? area.ChildLength : 0;
            var thisMonth = StatFigure.MonthOf(today);
            var lastMonthDay = Before(Cadence.Month, today);
            var lastMonth = StatFigure.MonthOf(lastMonthDay);

            // Every span the page shows: per tier the current, last complete and the one before; the months of the trend.
            var spans = new Dictionary<(FollowUpTier, int), Span>();
            foreach (var tier in Enum.GetValues<FollowUpTier>())
            {
                var c = CadenceOf(tier);
                var last = Before(c, today);
                spans[(tier, 0)] = SpanOf(c, today, today);
                spans[(tier, 1)] = SpanOf(c, last, today);
                spans[(tier, 2)] = SpanOf(c, Before(c, last), today);
            }
            var trendDays = Enumerable.Range(headlineOnly ? 10 : 0, headlineOnly ? 2 : 12).Select(i => new DateOnly(today.Year, today.Month, 1).AddMonths(i - 11)).ToList();
            var trendMonths = trendDays.Select(StatFigure.MonthOf).ToList();

            var balanceMonths = spans.Values.Select(s => s.BalanceMonth).Concat(trendMonths).Distinct().ToList();
            var lastSpans = Enum.GetValues<FollowUpTier>().Select(t => spans[(t, 1)]).ToList();
            // One command. The area: balances at the end of every month shown, people visited in every span, the trend's
            // monthly flows. Its children (the comparison): balances now and at the end of the last complete periods,
            // visited in those periods, last month's visits and wishes. The overdue counters of both.
            var batch = new StatBatch(prefix, headlineOnly ? 0 : childLength);
            var areaBalances = batch.Balances([StatDimension.OnFileByTier], balanceMonths, children: false);
            var areaVisited = batch.Flows(spans.Values.Select(s => s.Dimension).Distinct().ToList(), spans.Values.Select(s => s.Period).Distinct().ToList(), children: false);
            var areaMonthly = batch.Flows([StatDimension.VisitedInMonth, StatDimension.VisitsByMethod, StatDimension.WishesCollected, StatDimension.WishesFulfilled,
                StatDimension.CasesOpened, StatDimension.CasesClosed], trendMonths, children: false);
            // The home page's headline (headlineOnly) shows no comparison: its children are not read.
            int? childBalances = null, childVisited = null, childMonthly = null;
            if (!headlineOnly)
            {
                childBalances = batch.Balances([StatDimension.OnFileByTier], lastSpans.Select(s => s.BalanceMonth).Append(thisMonth).Distinct().ToList());
                childVisited = batch.Flows(lastSpans.Select(s => s.Dimension).Distinct().ToList(), lastSpans.Select(s => s.Period).Distinct().ToList());
                childMonthly = batch.Flows([StatDimension.VisitsByMethod, StatDimension.WishesFulfilled], [lastMonth]);
            }
            var overdueRead = Overdue.Add(batch, today);
            var read = await batch.ReadAsync(db, ct);
            List<StatRow> AreaAndChildren(int area, int? children) =>
                children is { } c ? read[area].Concat(read[c].Where(r => r.Node != prefix)).ToList() : read[area];
            var all = AreaAndChildren(areaBalances, childBalances);
            var balances = balanceMonths.ToDictionary(m => m, m => all.Where(r => r.Period == m).ToList());
            var visitedRows = AreaAndChildren(areaVisited, childVisited);
            var monthly = AreaAndChildren(areaMonthly, childMonthly);
            var overdue = Overdue.Of(read[overdueRead], today);

            long OnFile(int month, string node, FollowUpTier? tier = null) =>
                balances[month].Where(r => r.Node == node && (tier is null || r.Key == (int)tier)).Sum(r => r.Value);
            Completion CompletionOf(Span s, FollowUpTier tier, string node)
            {
                var visited = visitedRows.Where(r => r.Node == node && r.Dimension == s.Dimension && r.Period == s.Period && r.Key == (int)tier).Sum(r => r.Value);
                var onFile = OnFile(s.BalanceMonth, node, tier);
                return new Completion(s.Code, visited, onFile, Percent.Of(visited, onFile));
            }
            long Flow(List<StatRow> rows, StatDimension d, int month, string node) => rows.Where(r => r.Node == node && r.Dimension == d && r.Period == month).Sum(r => r.Value);

            var tiers = Enum.GetValues<FollowUpTier>().Reverse().Select(t => new TierHeadline(t, CadenceOf(t),
                CompletionOf(spans[(t, 1)], t, prefix), CompletionOf(spans[(t, 2)], t, prefix), CompletionOf(spans[(t, 0)], t, prefix))).ToList();

            var trend = trendMonths.Select(m => new TrendPoint($"{m / 100}-{m % 100:00}", OnFile(m, prefix),
                Enum.GetValues<FollowUpTier>().ToDictionary(t => t, t => Percent.Of(
                    monthly.Where(r => r.Node == prefix && r.Dimension == StatDimension.VisitedInMonth && r.Period == m && r.Key == (int)t).Sum(r => r.Value), OnFile(m, prefix, t))),
                Enum.GetValues<VisitMethod>().ToDictionary(v => v, v => monthly.Where(r => r.Node == prefix && r.Dimension == StatDimension.VisitsByMethod && r.Period == m && r.Key == (int)v).Sum(r => r.Value)),
                Flow(monthly, StatDimension.WishesCollected, m, prefix), Flow(monthly, StatDimension.WishesFulfilled, m, prefix),
                Flow(monthly, StatDimension.CasesOpened, m, prefix),
                // Closed with approval; cases not taken at intake (keys from CaseFigures.NotTakenKey) are not closings.
                monthly.Where(r => r.Node == prefix && r.Dimension == StatDimension.CasesClosed && r.Period == m && r.Key < CaseFigures.NotTakenKey).Sum(r => r.Value))).ToList();

            var rows = new List<Row>();
            var rowsAreStations = childLength == 9;
            if (childLength > 0 && !headlineOnly)
            {
                var stations = (await db.SixHasUnderAsync(prefix, ct))
                    .GroupBy(s => s.RegionPrefix[..Math.Min(childLength, s.RegionPrefix.Length)])
                    .ToDictionary(g => g.Key, g => (Count: g.Count(), Met: g.Sum(s => s.ItemsMet)));
                var childPrefixes = balances[thisMonth].Select(r => r.Node).Concat(stations.Keys).Where(n => n != prefix && n.Length == childLength);
                foreach (var c in await area.ChildrenAsync(db, names, childPrefixes, ct))
                {
                    var s = stations.GetValueOrDefault(c.Prefix);
                    rows.Add(new Row(c.Prefix, c.Code, c.Name, OnFile(thisMonth, c.Prefix), overdue.GetValueOrDefault(c.Prefix),
                        CompletionOf(spans[(FollowUpTier.HighRisk, 1)], FollowUpTier.HighRisk, c.Prefix).Rate,
                        CompletionOf(spans[(FollowUpTier.Key, 1)], FollowUpTier.Key, c.Prefix).Rate,
                        CompletionOf(spans[(FollowUpTier.General, 1)], FollowUpTier.General, c.Prefix).Rate,
                        Flow(monthly, StatDimension.VisitsByMethod, lastMonth, c.Prefix), Flow(monthly, StatDimension.WishesFulfilled, lastMonth, c.Prefix),
                        s.Count, s.Met));
                }
            }
            return new Result(prefix, area.Name, today, $"{thisMonth / 100}-{thisMonth % 100:00}", $"{lastMonth / 100}-{lastMonth % 100:00}",
                OnFile(thisMonth, prefix), OnFile(lastMonth, prefix), overdue.GetValueOrDefault(prefix), tiers,
                Flow(monthly, StatDimension.VisitsByMethod, thisMonth, prefix), Flow(monthly, StatDimension.VisitsByMethod, lastMonth, prefix),
                Flow(monthly, StatDimension.WishesFulfilled, thisMonth, prefix), Flow(monthly, StatDimension.WishesFulfilled, lastMonth, prefix),
                trend, rows, rowsAreStations, "", false);
        }
    }

    private static IEnumerable<Row> Sorted(IReadOnlyList<Row> rows, string sort, bool ascending)
    {
        // Missing rates sort last either way; ties by code.
        Func<Row, decimal> key = sort switch
        {
            "onFile" => r => r.OnFile, "overdue" => r => r.Overdue, "visits" => r => r.Visits, "wishes" => r => r.WishesFulfilled,
            "sixHas" => r => r.Stations == 0 ? -1 : r.SixHasMet / (decimal)r.Stations,
            "highRisk" => r => r.HighRiskRate ?? (ascending ? decimal.MaxValue : -1),
            "key" => r => r.KeyRate ?? (ascending ? decimal.MaxValue : -1),
            "general" => r => r.GeneralRate ?? (ascending ? decimal.MaxValue : -1),
            _ => _ => 0,
        };
        if (sort == "name") return ascending ? rows.OrderBy(r => r.Code) : rows.OrderByDescending(r => r.Code);
        return ascending ? rows.OrderBy(key).ThenBy(r => r.Code) : rows.OrderByDescending(key).ThenBy(r => r.Code);
    }
}
