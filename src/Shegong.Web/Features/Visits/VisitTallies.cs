using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Registry;
using Shegong.Domain.Statistics;
using Shegong.Domain.Visits;
using Shegong.Web.Infrastructure.Data;
using Shegong.Web.Infrastructure.Statistics;

namespace Shegong.Web.Features.Visits;

/// <summary>
/// Visit figures: visits by method in the month, and distinct people visited at least once in the week, month,
/// quarter, half-year and year, by the tier recorded on the visit. A person counts once per period and tier, at the community
/// of the first visit entered for it (visits in the order they were entered, so a late entry never moves a count).
/// </summary>
public sealed class VisitTallies : ITallyContributor
{
    public IReadOnlyCollection<StatDimension> Dimensions { get; } =
        [StatDimension.VisitsByMethod, StatDimension.VisitedInWeek, StatDimension.VisitedInMonth, StatDimension.VisitedInQuarter, StatDimension.VisitedInHalf, StatDimension.VisitedInYear];

    private static readonly (StatDimension Dimension, Func<DateOnly, int> Period)[] Visited =
    [
        (StatDimension.VisitedInWeek, StatFigure.WeekOf), (StatDimension.VisitedInMonth, StatFigure.MonthOf),
        (StatDimension.VisitedInQuarter, StatFigure.QuarterOf), (StatDimension.VisitedInHalf, StatFigure.HalfOf),
        (StatDimension.VisitedInYear, StatFigure.YearOf),
    ];

    public async Task CollectAsync(ShegongDbContext db, TallyDeltas deltas, CancellationToken ct)
    {
        var added = db.ChangeTracker.Entries<Visit>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).OrderBy(v => v.Id).ToList();
        if (added.Count == 0) return;
        var seen = new HashSet<(Guid, StatDimension, int, FollowUpTier)>();
        // Visits already stored in the years (and ISO weeks) of the added ones: enough to know "first in the period".
        var from = added.Min(v => v.VisitedOn);
        var to = added.Max(v => v.VisitedOn);
        var start = new DateOnly(from.Year, 1, 1).AddDays(-7);
        var end = new DateOnly(to.Year, 12, 31).AddDays(7);
        foreach (var chunk in added.Select(v => v.PersonId).Distinct().Chunk(500))
        {
            var ids = chunk.ToList();
            var earlier = await db.Visits.IgnoreQueryFilters().AsNoTracking()
                .Where(v => ids.Contains(v.PersonId) && v.VisitedOn >= start && v.VisitedOn <= end)
                .Select(v => new { v.PersonId, v.VisitedOn, v.Tier }).ToListAsync(ct);
            foreach (var v in earlier)
                foreach (var (d, period) in Visited) seen.Add((v.PersonId, d, period(v.VisitedOn), v.Tier));
        }
        foreach (var v in added) Count(deltas, seen, v.PersonId, v.RegionPrefix, v.VisitedOn, v.Method, v.Tier);
    }

    public async Task RecountAsync(ShegongDbContext db, TallyDeltas deltas, CancellationToken ct)
    {
        var visits = db.Visits.IgnoreQueryFilters().AsNoTracking().OrderBy(v => v.PersonId).ThenBy(v => v.Id)
            .Select(v => new { v.PersonId, v.RegionPrefix, v.VisitedOn, v.Method, v.Tier }).AsAsyncEnumerable();
        var person = Guid.Empty;
        var seen = new HashSet<(Guid, StatDimension, int, FollowUpTier)>();
        await foreach (var v in visits.WithCancellation(ct))
        {
            if (v.PersonId != person) { person = v.PersonId; seen.Clear(); }
            Count(deltas, seen, v.PersonId, v.RegionPrefix, v.VisitedOn, v.Method, v.Tier);
        }
    }

    private static void Count(TallyDeltas deltas, HashSet<(Guid, StatDimension, int, FollowUpTier)> seen,
        Guid person, string prefix, DateOnly on, VisitMethod method, FollowUpTier tier)
    {
        deltas.Add(prefix, StatDimension.VisitsByMethod, StatFigure.MonthOf(on), (int)method, 1);
        foreach (var (d, period) in Visited)
            if (seen.Add((person, d, period(on), tier))) deltas.Add(prefix, d, period(on), (int)tier, 1);
    }
}
