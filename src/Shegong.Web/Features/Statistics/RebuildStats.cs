using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Audit;
using Shegong.Domain.Registry;
using Shegong.Domain.Statistics;
using Shegong.Web.Infrastructure.Data;
using Shegong.Web.Infrastructure.Statistics;

namespace Shegong.Web.Features.Statistics;

/// <summary>
/// Recounts every tally from the raw records (after a bulk load, or to repair) and, with <c>verifyOnly</c>,
/// reports the counters that differ instead of writing. Raw records keep no history of tier changes, so a rebuild
/// counts each person under their current tier from registration on; live totals are the same either way.
/// </summary>
public static class RebuildStats
{
    public sealed record Result(int Counters, int Differences, IReadOnlyList<string> Samples);

    public sealed class Handler(ShegongDbContext db)
    {
        public async Task<Result> HandleAsync(bool verifyOnly, CancellationToken ct = default)
        {
            var recount = await RecountAsync(db, ct);
            var stored = await db.StatTallies.IgnoreQueryFilters().AsNoTracking()
                .ToDictionaryAsync(t => new TallyKey(t.RegionPrefix, t.Dimension, t.Period, t.Key), t => t.Value, ct);
            var differences = recount.Where(kv => stored.GetValueOrDefault(kv.Key) != kv.Value)
                .Select(kv => $"{kv.Key}: stored {stored.GetValueOrDefault(kv.Key)}, recount {kv.Value}")
                .Concat(stored.Where(kv => kv.Value != 0 && !recount.ContainsKey(kv.Key)).Select(kv => $"{kv.Key}: stored {kv.Value}, recount 0"))
                .ToList();
            if (verifyOnly) return new Result(recount.Count, differences.Count, differences.Take(20).ToList());

            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.StatTallies.ExecuteDeleteAsync(ct);
            var rows = recount.Select(kv => new StatTally
            {
                RegionPrefix = kv.Key.RegionPrefix, Dimension = kv.Key.Dimension, Period = kv.Key.Period, Key = kv.Key.Key, Value = kv.Value,
            });
            if (db.Database.ProviderName?.Contains("Npgsql") == true) await PostgresBulkCopy.CopyAsync(db, rows, ct);
            else
            {
                db.SuppressEntityAudit = true;
                try
                {
                    foreach (var chunk in rows.Chunk(5000))
                    {
                        db.StatTallies.AddRange(chunk);
                        await db.SaveChangesAsync(ct);
                        db.ChangeTracker.Clear();
                    }
                }
                finally { db.SuppressEntityAudit = false; }
            }
            db.RecordEvent(AuditAction.Update, nameof(StatTally), "rebuild", null, "", $"{recount.Count} counters rebuilt, {differences.Count} had differed");
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return new Result(recount.Count, differences.Count, differences.Take(20).ToList());
        }
    }

    /// <summary>Every counter as the raw records give it, streaming persons and visits (visits in person order).</summary>
    public static async Task<Dictionary<TallyKey, long>> RecountAsync(ShegongDbContext db, CancellationToken ct)
    {
        var counts = new Dictionary<TallyKey, long>();
        void Add(string prefix, StatDimension d, int period, int key, long delta)
        {
            var k = new TallyKey(prefix, d, period, key);
            counts[k] = counts.GetValueOrDefault(k) + delta;
        }

        var persons = db.Persons.IgnoreQueryFilters().AsNoTracking()
            .Select(p => new { p.RegionPrefix, p.Tier, p.Types, p.Status, p.RegisteredOn, p.StatusChangedOn }).AsAsyncEnumerable();
        await foreach (var p in persons.WithCancellation(ct))
        {
            // Joined at registration; a person who has left also left the count in the month they left.
            var joined = StatTally.MonthOf(p.RegisteredOn);
            Add(p.RegionPrefix, StatDimension.OnFileByTier, joined, (int)p.Tier, 1);
            foreach (var bit in StatTallyWriter.TypeBits(p.Types)) Add(p.RegionPrefix, StatDimension.OnFileByType, joined, bit, 1);
            if (p.Status != PersonStatus.Active)
            {
                var left = StatTally.MonthOf(p.StatusChangedOn ?? p.RegisteredOn);
                Add(p.RegionPrefix, StatDimension.OnFileByTier, left, (int)p.Tier, -1);
                foreach (var bit in StatTallyWriter.TypeBits(p.Types)) Add(p.RegionPrefix, StatDimension.OnFileByType, left, bit, -1);
            }
        }

        var visits = db.Visits.IgnoreQueryFilters().AsNoTracking().OrderBy(v => v.PersonId)
            .Select(v => new { v.PersonId, v.RegionPrefix, v.VisitedOn, v.Method, v.Tier }).AsAsyncEnumerable();
        var current = Guid.Empty;
        var months = new HashSet<(int, FollowUpTier)>();
        var quarters = new HashSet<(int, FollowUpTier)>();
        await foreach (var v in visits.WithCancellation(ct))
        {
            if (v.PersonId != current) { current = v.PersonId; months.Clear(); quarters.Clear(); }
            var month = StatTally.MonthOf(v.VisitedOn);
            var quarter = StatTally.QuarterOf(v.VisitedOn);
            Add(v.RegionPrefix, StatDimension.VisitsByMethod, month, (int)v.Method, 1);
            if (months.Add((month, v.Tier))) Add(v.RegionPrefix, StatDimension.VisitedInMonth, month, (int)v.Tier, 1);
            if (quarters.Add((quarter, v.Tier))) Add(v.RegionPrefix, StatDimension.VisitedInQuarter, quarter, (int)v.Tier, 1);
        }
        await WishTallyWriter.RecountAsync(db, Add, ct);
        // Counters that net to zero carry nothing.
        return counts.Where(kv => kv.Value != 0).ToDictionary();
    }
}
