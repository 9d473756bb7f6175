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
        public Task<Result> HandleAsync(bool verifyOnly, CancellationToken ct = default) => HandleAsync(verifyOnly, onlyMissing: false, ct);

        /// <param name="onlyMissing">Rebuild only the modules with a dimension not yet built (<see cref="StatBuild"/>), or
        /// every module when there are records but no figures at all; decided after taking the rebuild lock, so two nodes
        /// starting at once build them once.</param>
        public async Task<Result> HandleAsync(bool verifyOnly, bool onlyMissing, CancellationToken ct = default)
        {
            // One contributor at a time: its recount at every level, compared with its stored rows, then (rebuild)
            // its rows replaced — so memory holds one contributor's figures, never all of them.
            var counters = 0;
            var differences = new List<string>();
            var differed = 0;
            // A verification reads the records and the stored figures in one snapshot (a fold committed between its
            // reads, on another node, would otherwise show as a false difference).
            await using var transaction = verifyOnly ? await ReadSnapshot.BeginAsync(db, ct) : await db.Database.BeginTransactionAsync(ct);
            if (!verifyOnly && db.Database.ProviderName?.Contains("Npgsql") == true)
                await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(7261001)", ct); // one rebuild at a time
            var contributors = TallyContributors.All;
            if (onlyMissing)
            {
                contributors = await MissingAsync(db, ct);
                if (contributors.Count == 0) return new Result(0, 0, []);
            }
            if (!verifyOnly) db.FiguresChanged = true;
            foreach (var contributor in contributors)
            {
                var dimensions = contributor.Dimensions.ToList();
                var expected = await ExpectedAsync(db, [contributor], ct);
                var found = await DifferencesAsync(db, expected, ct, dimensions);
                counters += expected.Count;
                differed += found.Count;
                differences.AddRange(found.Take(20 - Math.Min(20, differences.Count)));
                if (verifyOnly) continue;
                await db.StatFigures.Where(f => dimensions.Contains(f.Dimension)).ExecuteDeleteAsync(ct);
                await db.StatPending.Where(p => dimensions.Contains(p.Dimension)).ExecuteDeleteAsync(ct);
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
            }
            if (onlyMissing)
            {
                await RegisterAsync(db, contributors, ct);
                db.RecordEvent(AuditAction.Update, nameof(StatFigure), "rebuild", null, "",
                    $"{counters} figures built for {string.Join(",", contributors.SelectMany(c => c.Dimensions))}, {differed} had differed");
                await db.SaveChangesAsync(ct);
                await transaction!.CommitAsync(ct);
                return new Result(counters, differed, differences);
            }
            // Rows of a dimension no module contributes (a module removed) are differences too, and a rebuild drops them.
            var known = TallyContributors.All.SelectMany(c => c.Dimensions).ToList();
            var stray = await db.StatFigures.CountAsync(f => !known.Contains(f.Dimension), ct) + await db.StatPending.CountAsync(p => !known.Contains(p.Dimension), ct);
            if (stray > 0)
            {
                differed += stray;
                if (differences.Count < 20) differences.Add($"{stray} stored rows of dimensions no module contributes");
            }
            if (verifyOnly) return new Result(counters, differed, differences);
            await db.StatFigures.Where(f => !known.Contains(f.Dimension)).ExecuteDeleteAsync(ct);
            await db.StatPending.Where(p => !known.Contains(p.Dimension)).ExecuteDeleteAsync(ct);
            await RegisterAsync(db, TallyContributors.All, ct);
            db.RecordEvent(AuditAction.Update, nameof(StatFigure), "rebuild", null, "", $"{counters} figures rebuilt, {differed} had differed");
            await db.SaveChangesAsync(ct);
            await transaction!.CommitAsync(ct);
            return new Result(counters, differed, differences);
        }
    }

    /// <summary>
    /// Builds what is missing, at start-up and by <c>migrate</c>: the figures of a module with a dimension not built yet
    /// (one added by an upgrade — its history is counted once — or by a new module), and every figure when there are
    /// records but no figures (the first start after the upgrade that introduced them, or a bulk load that skipped
    /// them). Returns whether it built anything.
    /// </summary>
    public static async Task<bool> BuildIfMissingAsync(ShegongDbContext db, TextWriter output, CancellationToken ct = default)
    {
        var missing = await MissingAsync(db, ct);
        if (missing.Count == 0) return false;
        output.WriteLine($"Building the statistics figures of {string.Join(", ", missing.Select(c => c.GetType().Name))} from the records…");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var r = await new Handler(db).HandleAsync(verifyOnly: false, onlyMissing: true, ct);
        output.WriteLine($"{r.Counters:N0} figures built in {clock.Elapsed.TotalSeconds:0.0} s.");
        return true;
    }

    /// <summary>The contributors to build: those with a dimension not in <see cref="StatBuild"/>, or all of them when
    /// records exist but no figure does.</summary>
    private static async Task<IReadOnlyList<ITallyContributor>> MissingAsync(ShegongDbContext db, CancellationToken ct)
    {
        if (!await db.StatFigures.AnyAsync(ct) && !await db.StatPending.AnyAsync(ct)
            && (await db.Persons.IgnoreQueryFilters().AnyAsync(ct) || await db.Wishes.IgnoreQueryFilters().AnyAsync(ct)))
            return TallyContributors.All;
        var built = (await db.StatBuilds.AsNoTracking().Select(b => b.Dimension).ToListAsync(ct)).ToHashSet();
        return [.. TallyContributors.All.Where(c => c.Dimensions.Any(d => !built.Contains(d)))];
    }

    private static async Task RegisterAsync(ShegongDbContext db, IEnumerable<ITallyContributor> contributors, CancellationToken ct)
    {
        var dimensions = contributors.SelectMany(c => c.Dimensions).Distinct().ToList();
        await db.StatBuilds.Where(b => dimensions.Contains(b.Dimension)).ExecuteDeleteAsync(ct);
        db.StatBuilds.AddRange(dimensions.Select(d => new StatBuild { Dimension = d, BuiltUtc = DateTime.UtcNow }));
    }

    /// <summary>Every contributor's recount, at the records' nodes and every node above them, as changes per period.</summary>
    public static Task<Dictionary<TallyKey, long>> ExpectedAsync(ShegongDbContext db, CancellationToken ct) =>
        ExpectedAsync(db, TallyContributors.All, ct);

    /// <summary>The recount of <paramref name="contributors"/>, at the records' nodes and every node above them.</summary>
    public static async Task<Dictionary<TallyKey, long>> ExpectedAsync(ShegongDbContext db, IEnumerable<ITallyContributor> contributors, CancellationToken ct)
    {
        var recount = new TallyDeltas();
        foreach (var c in contributors) await c.RecountAsync(db, recount, ct);
        var all = new TallyDeltas();
        foreach (var (k, v) in recount.Items)
        {
            all.Add(k.RegionPrefix, k.Dimension, k.Period, k.Key, v);
            foreach (var node in StatFigure.AncestorsOf(k.RegionPrefix)) all.Add(node, k.Dimension, k.Period, k.Key, v);
        }
        return all.Items;
    }

    /// <summary>The stored figures and pending changes, in the same form as <see cref="ExpectedAsync"/>, and what differs.</summary>
    /// <param name="dimensions">Only these dimensions' stored rows (null: every dimension).</param>
    public static async Task<List<string>> DifferencesAsync(ShegongDbContext db, Dictionary<TallyKey, long> expected, CancellationToken ct,
        IReadOnlyCollection<StatDimension>? dimensions = null)
    {
        var figureRows = db.StatFigures.AsNoTracking();
        var pendingRows = db.StatPending.AsNoTracking();
        if (dimensions is not null)
        {
            var list = dimensions.ToList();
            figureRows = figureRows.Where(f => list.Contains(f.Dimension));
            pendingRows = pendingRows.Where(p => list.Contains(p.Dimension));
        }
        var stored = new TallyDeltas();
        var current = new Dictionary<(string, StatDimension, int), long>();
        var previous = new Dictionary<(string, StatDimension, int), long>();
        var figures = figureRows.OrderBy(f => f.Dimension).ThenBy(f => f.RegionPrefix).ThenBy(f => f.Key).ThenBy(f => f.Period).AsAsyncEnumerable();
        await foreach (var f in figures.WithCancellation(ct))
        {
            if (StatFigure.KindOf(f.Dimension) == StatKind.Flow) { stored.Add(f.RegionPrefix, f.Dimension, f.Period, f.Key, f.Value); continue; }
            var series = (f.RegionPrefix, f.Dimension, f.Key);
            if (f.Period == StatFigure.Current) { current[series] = f.Value; continue; }
            stored.Add(f.RegionPrefix, f.Dimension, f.Period, f.Key, f.Value - previous.GetValueOrDefault(series));
            previous[series] = f.Value;
        }
        await foreach (var p in pendingRows.AsAsyncEnumerable().WithCancellation(ct))
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
