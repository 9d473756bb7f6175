using Shegong.Web.Features.Regions.Contracts;
using Shegong.Domain.Registry;
using Shegong.Domain.Statistics;
using Shegong.Domain.Visits;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Data;
using Shegong.Web.Infrastructure.Statistics;

namespace Shegong.Web.Features.Statistics;

/// <summary>
/// Ledger and visit figures of an area for a month, quarter or year, read from the aggregate figures (a few rows of
/// the area and its children): people on file at the end of the period by tier and by type, visits by method, visit
/// completion by tier, and the people overdue today — for the caller's station or region, or any region under it,
/// broken down one level down. Completion = people visited at least once in the period (by the tier recorded on the
/// visit) ÷ people of that tier on file at the end of the period.
/// </summary>
public static class GetRegistryStats
{
    public sealed record Query(string? Region = null, string? Period = null);
    public sealed record TierFigure(FollowUpTier Tier, long OnFile, long Visited, decimal? Rate);
    public sealed record ChildFigure(string Prefix, string Code, string Name, long OnFile, long Visited, decimal? Rate, IReadOnlyList<TierFigure> Tiers, long Overdue);
    public sealed record Result(
        string RegionPrefix, string RegionName, string Period, string PreviousPeriod, DateOnly Start, DateOnly End,
        long OnFile, long Visited, decimal? Rate, decimal? PreviousRate,
        IReadOnlyList<TierFigure> Tiers,
        IReadOnlyDictionary<PersonTypes, long> ByType,
        IReadOnlyDictionary<VisitMethod, long> VisitsByMethod,
        long Visits,
        IReadOnlyList<ChildFigure> Children,
        long Overdue);


    public sealed class Handler(ShegongDbContext db, RegionNames names, StatCache cache)
    {
        public async Task<StatOutcome<Result>> HandleAsync(Query q, CancellationToken ct = default)
        {
            if (!StatPeriodInput.TryResolve(q.Period, out var period, allowYear: true)) return StatOutcome<Result>.InvalidPeriod;
            if (await StatArea.ResolveAsync(db, names, q.Region, ct) is not { } area) return StatOutcome<Result>.NotFound;
            var today = ChinaTime.Today;
            return new StatOutcome<Result>(await cache.GetOrComputeAsync($"registry|{area.Prefix}|{period.Code}|{today:yyyyMMdd}", () => ComputeAsync(area, period, today, ct)));
        }

        private async Task<Result> ComputeAsync(StatArea area, StatPeriod period, DateOnly today, CancellationToken ct)
        {
            var (prefix, name, childLength) = (area.Prefix, area.Name, area.HasChildren ? area.ChildLength : 0);

            var previous = period.Previous;
            // One command. The area: people on file by tier and type at the end of this period and the one before, visits by
            // method, people visited in both; its children: on file by tier and visited in this period; the overdue counters.
            var batch = new StatBatch(prefix, childLength);
            var areaBalances = batch.Balances([StatDimension.OnFileByTier, StatDimension.OnFileByType], [period.LastMonth, previous.LastMonth], children: false);
            var childBalances = batch.Balances([StatDimension.OnFileByTier], [period.LastMonth]);
            var areaFlows = batch.Flows([StatDimension.VisitsByMethod, previous.VisitedDimension], [previous.VisitedPeriod, .. period.Months], children: false);
            var visitedRead = batch.Flows([period.VisitedDimension], [period.VisitedPeriod]);
            var overdueRead = Overdue.Add(batch, today);
            var read = await batch.ReadAsync(db, ct);
            var onFile = read[areaBalances].Where(r => r.Period == period.LastMonth)
                .Concat(read[childBalances].Where(r => r.Node != prefix)).ToList();
            var prevOnFile = read[areaBalances].Where(r => r.Period == previous.LastMonth && r.Dimension == StatDimension.OnFileByTier).ToList();
            var visited = read[visitedRead];
            var methods = read[areaFlows].Where(r => r.Dimension == StatDimension.VisitsByMethod && period.Months.Contains(r.Period)).ToList();
            var prevVisited = read[areaFlows].Where(r => r.Dimension == previous.VisitedDimension && r.Period == previous.VisitedPeriod).ToList();
            var overdue = Overdue.Of(read[overdueRead], today);

            var tiers = Tiers(onFile, visited, prefix);
            var children = new List<ChildFigure>();
            if (childLength > 0)
            {
                var childPrefixes = onFile.Concat(visited).Select(x => x.Node).Where(n => n != prefix);
                foreach (var r in await area.ChildrenAsync(db, names, childPrefixes, ct))
                {
                    var childTiers = Tiers(onFile, visited, r.Prefix);
                    var f = childTiers.Sum(t => t.OnFile);
                    var v = childTiers.Sum(t => t.Visited);
                    children.Add(new ChildFigure(r.Prefix, r.Code, r.Name, f, v, Percent.Of(v, f), childTiers, overdue.GetValueOrDefault(r.Prefix)));
                }
            }
            var total = tiers.Sum(t => t.OnFile);
            var totalVisited = tiers.Sum(t => t.Visited);
            var types = onFile.Where(x => x.Dimension == StatDimension.OnFileByType && x.Node == prefix).ToList();
            return new Result(prefix, name, period.Code, previous.Code, period.Start, period.End, total, totalVisited, Percent.Of(totalVisited, total),
                Percent.Of(prevVisited.Sum(x => x.Value), prevOnFile.Sum(x => x.Value)), tiers,
                PersonTypeList.All.ToDictionary(t => t, t => types.Where(x => x.Key == BitOf(t)).Sum(x => x.Value)),
                Enum.GetValues<VisitMethod>().ToDictionary(m => m, m => methods.Where(x => x.Key == (int)m).Sum(x => x.Value)),
                methods.Sum(x => x.Value), children, overdue.GetValueOrDefault(prefix));
        }

        private static List<TierFigure> Tiers(List<StatRow> onFile, List<StatRow> visited, string node) =>
            Enum.GetValues<FollowUpTier>().Reverse().Select(t =>
            {
                var f = onFile.Where(x => x.Dimension == StatDimension.OnFileByTier && x.Key == (int)t && x.Node == node).Sum(x => x.Value);
                var v = visited.Where(x => x.Key == (int)t && x.Node == node).Sum(x => x.Value);
                return new TierFigure(t, f, v, Percent.Of(v, f));
            }).ToList();

        private static int BitOf(PersonTypes t) => System.Numerics.BitOperations.Log2((uint)t);
    }
}

/// <summary>People overdue today (next visit due before today) of a node and its children, from the due-date counters.</summary>
public static class Overdue
{
    /// <summary>Adds the read of the due-date counters to <paramref name="batch"/>; <see cref="Of"/> turns its rows into the counts.</summary>
    public static int Add(StatBatch batch, DateOnly today) =>
        batch.Flows([StatDimension.DueInMonth, StatDimension.DueOnDay], [0, StatFigure.MonthOf(today)]);

    /// <summary>People overdue per node (the area and its children).</summary>
    public static Dictionary<string, long> Of(List<StatRow> rows, DateOnly today)
    {
        var month = StatFigure.MonthOf(today);
        var months = rows.Where(r => r.Dimension == StatDimension.DueInMonth && r.Period == 0);
        var days = rows.Where(r => r.Dimension == StatDimension.DueOnDay && r.Period == month);
        return months.Where(r => r.Key < month).Concat(days.Where(r => r.Key < today.Day))
            .GroupBy(r => r.Node).ToDictionary(g => g.Key, g => g.Sum(r => r.Value));
    }
}
