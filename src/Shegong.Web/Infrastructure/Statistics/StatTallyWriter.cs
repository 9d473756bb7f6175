using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Registry;
using Shegong.Domain.Statistics;
using Shegong.Domain.Visits;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Infrastructure.Statistics;

public readonly record struct TallyKey(string RegionPrefix, StatDimension Dimension, int Period, int Key);

/// <summary>
/// Derives aggregate deltas from the tracked changes of one save (persons joining, leaving or changing tier or
/// types; visits added; wishes published, claimed and fulfilled) and applies them with one upsert per counter in the same transaction. Because it reads
/// the change tracker, no use case can forget to keep the statistics right.
/// </summary>
internal static class StatTallyWriter
{
    public static async Task<Dictionary<TallyKey, long>> CollectAsync(ShegongDbContext db, CancellationToken ct)
    {
        db.ChangeTracker.DetectChanges();
        var deltas = new Dictionary<TallyKey, long>();
        void Add(string prefix, StatDimension d, int period, int key, long delta)
        {
            if (delta == 0) return;
            var k = new TallyKey(prefix, d, period, key);
            deltas[k] = deltas.GetValueOrDefault(k) + delta;
        }
        void OnFile(string prefix, int month, FollowUpTier tier, PersonTypes types, int sign)
        {
            Add(prefix, StatDimension.OnFileByTier, month, (int)tier, sign);
            foreach (var bit in TypeBits(types)) Add(prefix, StatDimension.OnFileByType, month, bit, sign);
        }

        var thisMonth = StatTally.MonthOf(ChinaTime.Today);
        AddNewPersons(deltas, db.ChangeTracker.Entries<Person>().Where(e => e.State == EntityState.Added).Select(e => e.Entity));
        foreach (var e in db.ChangeTracker.Entries<Person>())
        {
            var p = e.Entity;
            if (e.State == EntityState.Modified)
            {
                var wasActive = e.Property(x => x.Status).OriginalValue == PersonStatus.Active;
                var oldTier = e.Property(x => x.Tier).OriginalValue;
                var oldTypes = e.Property(x => x.Types).OriginalValue;
                var oldPrefix = e.Property(x => x.RegionPrefix).OriginalValue;
                var isActive = p.Status == PersonStatus.Active;
                var month = wasActive != isActive && p.StatusChangedOn is { } on ? StatTally.MonthOf(on) : thisMonth;
                if (wasActive) OnFile(oldPrefix, month, oldTier, oldTypes, -1);
                if (isActive) OnFile(p.RegionPrefix, month, p.Tier, p.Types, +1);
            }
        }

        var added = db.ChangeTracker.Entries<Visit>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        if (added.Count > 0)
        {
            foreach (var v in added) Add(v.RegionPrefix, StatDimension.VisitsByMethod, StatTally.MonthOf(v.VisitedOn), (int)v.Method, +1);
            // A person counts once per month (and quarter) and tier: only the first visit of that period adds to "visited".
            var seenMonths = new HashSet<(Guid, int, FollowUpTier)>();
            var seenQuarters = new HashSet<(Guid, int, FollowUpTier)>();
            // Earlier visits of the same persons from the first added visit's quarter on (enough to know "first this month/quarter").
            var from = added.Min(v => v.VisitedOn);
            var start = new DateOnly(from.Year, (from.Month - 1) / 3 * 3 + 1, 1);
            var to = added.Max(v => v.VisitedOn);
            foreach (var chunk in added.Select(v => v.PersonId).Distinct().Chunk(500))
            {
                var ids = chunk.ToList();
                var earlier = await db.Visits.IgnoreQueryFilters().AsNoTracking()
                    .Where(v => ids.Contains(v.PersonId) && v.VisitedOn >= start && v.VisitedOn <= to.AddDays(93))
                    .Select(v => new { v.PersonId, v.VisitedOn, v.Tier }).ToListAsync(ct);
                foreach (var v in earlier)
                {
                    seenMonths.Add((v.PersonId, StatTally.MonthOf(v.VisitedOn), v.Tier));
                    seenQuarters.Add((v.PersonId, StatTally.QuarterOf(v.VisitedOn), v.Tier));
                }
            }
            foreach (var v in added)
            {
                if (seenMonths.Add((v.PersonId, StatTally.MonthOf(v.VisitedOn), v.Tier)))
                    Add(v.RegionPrefix, StatDimension.VisitedInMonth, StatTally.MonthOf(v.VisitedOn), (int)v.Tier, +1);
                if (seenQuarters.Add((v.PersonId, StatTally.QuarterOf(v.VisitedOn), v.Tier)))
                    Add(v.RegionPrefix, StatDimension.VisitedInQuarter, StatTally.QuarterOf(v.VisitedOn), (int)v.Tier, +1);
            }
        }
        await WishTallyWriter.CollectAsync(db, Add, ct);
        return deltas;
    }

    /// <summary>The deltas of persons joining the ledger (also for bulk loads that bypass the change tracker).</summary>
    public static Dictionary<TallyKey, long> AddNewPersons(Dictionary<TallyKey, long> deltas, IEnumerable<Person> persons)
    {
        foreach (var p in persons.Where(p => p.Status == PersonStatus.Active))
        {
            var month = StatTally.MonthOf(p.RegisteredOn);
            Bump(deltas, new TallyKey(p.RegionPrefix, StatDimension.OnFileByTier, month, (int)p.Tier));
            foreach (var bit in TypeBits(p.Types)) Bump(deltas, new TallyKey(p.RegionPrefix, StatDimension.OnFileByType, month, bit));
        }
        return deltas;

        static void Bump(Dictionary<TallyKey, long> d, TallyKey k) => d[k] = d.GetValueOrDefault(k) + 1;
    }

    /// <summary>One upsert per counter; the syntax is the same on SQLite and PostgreSQL.</summary>
    public static async Task ApplyAsync(ShegongDbContext db, Dictionary<TallyKey, long> deltas, CancellationToken ct)
    {
        foreach (var (k, delta) in deltas)
        {
            if (delta == 0) continue;
            await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO stat_tallies (region_prefix, dimension, period, "key", "value") VALUES ({k.RegionPrefix}, {(int)k.Dimension}, {k.Period}, {k.Key}, {delta})
                ON CONFLICT (region_prefix, dimension, period, "key") DO UPDATE SET "value" = stat_tallies."value" + excluded."value"
                """, ct);
        }
    }

    public static IEnumerable<int> TypeBits(PersonTypes types)
    {
        for (var bit = 0; bit < 31; bit++)
            if (((int)types & (1 << bit)) != 0) yield return bit;
    }
}
