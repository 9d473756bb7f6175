using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Audit;
using Shegong.Domain.Statistics;
using Shegong.Web.Infrastructure.Data;
using Shegong.Web.Infrastructure.Statistics;

namespace Shegong.Web.Features.Statistics;

/// <summary>
/// Recounts every figure of every level from the raw records (each module's <see cref="ITallyContributor"/>) and,
/// with <c>verifyOnly</c>, reports the figures that differ instead of writing. Stored figures and pending changes are
/// compared as changes per period (a balance's closing rows as the differences between them), so a verification
/// needs no fold first; each node's current balance is checked too.
/// </summary>
public static class RebuildStats
{
    public sealed record Result(int Counters, int Differences, IReadOnlyList<string> Samples);

    public sealed class Handler(ShegongDbContext db)
    {
        public async Task<Result> HandleAsync(bool verifyOnly, CancellationToken ct = default)
        {
            var expected = await ExpectedAsync(db, ct);
            var differences = await DifferencesAsync(db, expected, ct);
            if (verifyOnly) return new Result(expected.Count, differences.Count, differences.Take(20).ToList());

            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.StatFigures.ExecuteDeleteAsync(ct);
            await db.StatPending.ExecuteDeleteAsync(ct);
            db.FiguresChanged = true;
            var rows = Rows(expected);
            if (db.Database.ProviderName?.Contains("Npgsql") == true) await PostgresBulkCopy.CopyAsync(db, rows, ct);
            else
            {
                db.SuppressEntityAudit = true;
                try
                {
                    foreach (var chunk in rows.Chunk(5000))
                    {
                        db.StatFigures.AddRange(chunk);
                        await db.SaveChangesAsync(ct);
                        db.ChangeTracker.Clear();
                    }
                }
                finally { db.SuppressEntityAudit = false; }
            }
            db.RecordEvent(AuditAction.Update, nameof(StatFigure), "rebuild", null, "", $"{expected.Count} figures rebuilt, {differences.Count} had differed");
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return new Result(expected.Count, differences.Count, differences.Take(20).ToList());
        }
    }

    /// <summary>
    /// Builds the figures when there are none but there are records (the first start after the upgrade that introduced
    /// them, or a bulk load that skipped them). Returns whether it built them.
    /// </summary>
    public static async Task<bool> BuildIfMissingAsync(ShegongDbContext db, TextWriter output, CancellationToken ct = default)
    {
        if (await db.StatFigures.AnyAsync(ct) || await db.StatPending.AnyAsync(ct)) return false;
        if (!await db.Persons.IgnoreQueryFilters().AnyAsync(ct) && !await db.Wishes.IgnoreQueryFilters().AnyAsync(ct)) return false;
        output.WriteLine("Building the statistics figures from the records…");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var r = await new Handler(db).HandleAsync(verifyOnly: false, ct);
        output.WriteLine($"{r.Counters:N0} figures built in {clock.Elapsed.TotalSeconds:0.0} s.");
        return true;
    }

    /// <summary>Every contributor's recount, at the records' nodes and every node above them, as changes per period.</summary>
    public static async Task<Dictionary<TallyKey, long>> ExpectedAsync(ShegongDbContext db, CancellationToken ct)
    {
        var recount = new TallyDeltas();
        foreach (var c in TallyContributors.All) await c.RecountAsync(db, recount, ct);
        var all = new TallyDeltas();
        foreach (var (k, v) in recount.Items)
        {
            all.Add(k.RegionPrefix, k.Dimension, k.Period, k.Key, v);
            foreach (var node in StatFigure.AncestorsOf(k.RegionPrefix)) all.Add(node, k.Dimension, k.Period, k.Key, v);
        }
        return all.Items;
    }

    /// <summary>The stored figures and pending changes, in the same form as <see cref="ExpectedAsync"/>, and what differs.</summary>
    public static async Task<List<string>> DifferencesAsync(ShegongDbContext db, Dictionary<TallyKey, long> expected, CancellationToken ct)
    {
        var stored = new TallyDeltas();
        var current = new Dictionary<(string, StatDimension, int), long>();
        var previous = new Dictionary<(string, StatDimension, int), long>();
        var figures = db.StatFigures.AsNoTracking().OrderBy(f => f.Dimension).ThenBy(f => f.RegionPrefix).ThenBy(f => f.Key).ThenBy(f => f.Period).AsAsyncEnumerable();
        await foreach (var f in figures.WithCancellation(ct))
        {
            if (StatFigure.KindOf(f.Dimension) == StatKind.Flow) { stored.Add(f.RegionPrefix, f.Dimension, f.Period, f.Key, f.Value); continue; }
            var series = (f.RegionPrefix, f.Dimension, f.Key);
            if (f.Period == StatFigure.Current) { current[series] = f.Value; continue; }
            stored.Add(f.RegionPrefix, f.Dimension, f.Period, f.Key, f.Value - previous.GetValueOrDefault(series));
            previous[series] = f.Value;
        }
        await foreach (var p in db.StatPending.AsNoTracking().AsAsyncEnumerable().WithCancellation(ct))
        {
            foreach (var node in StatFigure.AncestorsOf(p.RegionPrefix))
            {
                stored.Add(node, p.Dimension, p.Period, p.Key, p.Delta);
                if (StatFigure.KindOf(p.Dimension) == StatKind.Balance)
                    current[(node, p.Dimension, p.Key)] = current.GetValueOrDefault((node, p.Dimension, p.Key)) + p.Delta;
            }
        }
        var differences = expected.Where(kv => stored.Items.GetValueOrDefault(kv.Key) != kv.Value)
            .Select(kv => $"{kv.Key}: stored {stored.Items.GetValueOrDefault(kv.Key)}, recount {kv.Value}")
            .Concat(stored.Items.Where(kv => !expected.ContainsKey(kv.Key)).Select(kv => $"{kv.Key}: stored {kv.Value}, recount 0"))
            .ToList();
        var totals = new Dictionary<(string, StatDimension, int), long>();
        foreach (var (k, v) in expected.Where(kv => StatFigure.KindOf(kv.Key.Dimension) == StatKind.Balance))
            totals[(k.RegionPrefix, k.Dimension, k.Key)] = totals.GetValueOrDefault((k.RegionPrefix, k.Dimension, k.Key)) + v;
        foreach (var series in totals.Keys.Union(current.Keys))
            if (totals.GetValueOrDefault(series) != current.GetValueOrDefault(series))
                differences.Add($"{series} now: stored {current.GetValueOrDefault(series)}, recount {totals.GetValueOrDefault(series)}");
        return differences;
    }

    /// <summary>The stored rows of changes per period: flows as they are; balances as closing rows of the months that changed, and the current balance.</summary>
    public static IEnumerable<StatFigure> Rows(Dictionary<TallyKey, long> changes)
    {
        foreach (var (k, v) in changes.Where(kv => StatFigure.KindOf(kv.Key.Dimension) == StatKind.Flow))
            yield return Row(k.RegionPrefix, k.Dimension, k.Period, k.Key, v);
        var series = changes.Where(kv => StatFigure.KindOf(kv.Key.Dimension) == StatKind.Balance)
            .GroupBy(kv => (kv.Key.RegionPrefix, kv.Key.Dimension, kv.Key.Key));
        foreach (var s in series)
        {
            long balance = 0;
            foreach (var (k, v) in s.OrderBy(kv => kv.Key.Period))
            {
                balance += v;
                yield return Row(k.RegionPrefix, k.Dimension, k.Period, k.Key, balance);
            }
            yield return Row(s.Key.RegionPrefix, s.Key.Dimension, StatFigure.Current, s.Key.Key, balance);
        }
    }

    private static StatFigure Row(string prefix, StatDimension d, int period, int key, long value) => new()
    {
        RegionPrefix = prefix, ParentPrefix = StatFigure.ParentOf(prefix), Dimension = d, Period = period, Key = key, Value = value,
    };
}
