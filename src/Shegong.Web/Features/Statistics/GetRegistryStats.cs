using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Registry;
using Shegong.Domain.Statistics;
using Shegong.Domain.Visits;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Statistics;

/// <summary>
/// Ledger and visit figures of an area for a period, read from the aggregate tallies (a sum over a few rows per
/// community, not a count over millions): people on file by tier and by type, visits by method, and visit
/// completion by tier — for the caller's station or region, or any region under it, broken down one level down.
/// Completion = people visited at least once in the period (by the tier recorded on the visit) ÷ people of that
/// tier on file at the end of the period.
/// </summary>
public static class GetRegistryStats
{
    public sealed record Query(string? Region = null, string? Period = null);
    public sealed record TierFigure(FollowUpTier Tier, long OnFile, long Visited, decimal? Rate);
    public sealed record ChildFigure(string Prefix, string Code, string Name, long OnFile, long Visited, decimal? Rate, IReadOnlyList<TierFigure> Tiers);
    public sealed record Result(
        string RegionPrefix, string RegionName, string Period, string PreviousPeriod, DateOnly Start, DateOnly End,
        long OnFile, long Visited, decimal? Rate, decimal? PreviousRate,
        IReadOnlyList<TierFigure> Tiers,
        IReadOnlyDictionary<PersonTypes, long> ByType,
        IReadOnlyDictionary<VisitMethod, long> VisitsByMethod,
        long Visits,
        IReadOnlyList<ChildFigure> Children);

    public sealed class Handler(ShegongDbContext db)
    {
        public async Task<StatOutcome<Result>> HandleAsync(Query q, CancellationToken ct = default)
        {
            if (!StatPeriodInput.TryResolve(q.Period, out var period)) return StatOutcome<Result>.InvalidPeriod;
            if (await StatArea.ResolveAsync(db, q.Region, ct) is not { } area) return StatOutcome<Result>.NotFound;
            var (prefix, name, childLength) = (area.Prefix, area.Name, area.ChildLength);

            var onFile = await SumAsync(StatDimension.OnFileByTier, t => t.Period <= period.LastMonth, prefix, childLength, ct);
            var visited = await SumAsync(period.VisitedDimension, t => t.Period == period.VisitedPeriod, prefix, childLength, ct);
            var months = period.Months.ToList();
            var methods = await SumAsync(StatDimension.VisitsByMethod, t => months.Contains(t.Period), prefix, prefix.Length, ct);
            var types = await SumAsync(StatDimension.OnFileByType, t => t.Period <= period.LastMonth, prefix, prefix.Length, ct);

            var previous = period.Previous;
            var prevOnFile = await SumAsync(StatDimension.OnFileByTier, t => t.Period <= previous.LastMonth, prefix, prefix.Length, ct);
            var prevVisited = await SumAsync(previous.VisitedDimension, t => t.Period == previous.VisitedPeriod, prefix, prefix.Length, ct);

            var tiers = Tiers(onFile, visited, _ => true);
            var children = new List<ChildFigure>();
            if (area.HasChildren)
            {
                foreach (var r in await StatArea.ChildrenAsync(db, onFile.Select(x => x.Child).Union(visited.Select(x => x.Child)), ct))
                {
                    var childTiers = Tiers(onFile, visited, c => c == r.Prefix);
                    var f = childTiers.Sum(t => t.OnFile);
                    var v = childTiers.Sum(t => t.Visited);
                    children.Add(new ChildFigure(r.Prefix, r.Code, r.Name, f, v, Percent.Of(v, f), childTiers));
                }
            }
            var total = tiers.Sum(t => t.OnFile);
            var totalVisited = tiers.Sum(t => t.Visited);
            var prevTotal = prevOnFile.Sum(x => x.Sum);
            var prevTotalVisited = prevVisited.Sum(x => x.Sum);
            return new StatOutcome<Result>(new Result(prefix, name, period.Code, previous.Code, period.Start, period.End, total, totalVisited, Percent.Of(totalVisited, total),
                Percent.Of(prevTotalVisited, prevTotal), tiers,
                Domain.Registry.PersonTypeList.All.ToDictionary(t => t, t => types.Where(x => x.Key == BitOf(t)).Sum(x => x.Sum)),
                Enum.GetValues<VisitMethod>().ToDictionary(m => m, m => methods.Where(x => x.Key == (int)m).Sum(x => x.Sum)),
                methods.Sum(x => x.Sum), children));
        }

        private sealed record Row(string Child, int Key, long Sum);

        private async Task<List<Row>> SumAsync(StatDimension dimension, System.Linq.Expressions.Expression<Func<StatTally, bool>> period,
            string prefix, int childLength, CancellationToken ct)
        {
            var rows = db.StatTallies.AsNoTracking().Where(t => t.Dimension == dimension && t.RegionPrefix.StartsWith(prefix)).Where(period);
            var grouped = await rows.GroupBy(t => new { Child = t.RegionPrefix.Substring(0, childLength), t.Key })
                .Select(g => new { g.Key.Child, g.Key.Key, Sum = g.Sum(t => t.Value) }).ToListAsync(ct);
            return grouped.Select(g => new Row(g.Child, g.Key, g.Sum)).ToList();
        }

        private static List<TierFigure> Tiers(List<Row> onFile, List<Row> visited, Func<string, bool> child) =>
            Enum.GetValues<FollowUpTier>().Reverse().Select(t =>
            {
                var f = onFile.Where(x => x.Key == (int)t && child(x.Child)).Sum(x => x.Sum);
                var v = visited.Where(x => x.Key == (int)t && child(x.Child)).Sum(x => x.Sum);
                return new TierFigure(t, f, v, Percent.Of(v, f));
            }).ToList();

        private static int BitOf(PersonTypes t) => System.Numerics.BitOperations.Log2((uint)t);
    }
}
