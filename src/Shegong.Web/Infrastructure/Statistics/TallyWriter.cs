using System.Text;
using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Statistics;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Infrastructure.Statistics;

/// <summary>
/// Keeps the figures in the transaction of the write that changes them: the rows of the record's own node (its
/// community — only that station's writers ever touch them) are updated at once, and one pending row per change
/// carries it to the levels above, where <see cref="StatFolder"/> folds it in. No write of one station waits for a
/// lock held by another's.
/// </summary>
public static class TallyWriter
{
    /// <summary>What every contributor finds in the tracked changes of the coming save (detected by the caller).</summary>
    public static async Task<TallyDeltas> CollectAsync(ShegongDbContext db, CancellationToken ct)
    {
        var deltas = new TallyDeltas();
        foreach (var c in TallyContributors.All) await c.CollectAsync(db, deltas, ct);
        return deltas;
    }

    /// <summary>
    /// Applies deltas at the records' own nodes and queues them for the levels above (inside the caller's
    /// transaction). A usual save (a visit, a registration) changes a few figures: it is one command.
    /// </summary>
    public static Task ApplyAsync(ShegongDbContext db, TallyDeltas deltas, CancellationToken ct) =>
        Prepare(db, deltas).RunRemainingAsync(db, ct);

    /// <summary>
    /// The statements that apply <paramref name="deltas"/>, not yet run: a save sends the first command together with
    /// its audit chain's lock (<see cref="ShegongDbContext.LockAuditHeadAsync"/>), saving a round trip, and the rest after.
    /// </summary>
    internal static SqlCommands Prepare(ShegongDbContext db, TallyDeltas deltas)
    {
        var commands = new SqlCommands();
        if (deltas.Count == 0) return commands;
        // The transaction's commit starts a new generation of cached figures (StatCache, FigureCommits).
        db.FiguresChanged = true;
        AddNodeStatements(commands, deltas);
        foreach (var chunk in deltas.Items.Where(kv => kv.Key.RegionPrefix.Length > 0).Chunk(100))
        {
            var (sql, args) = commands.Next();
            sql.Append("INSERT INTO stat_pending (region_prefix, dimension, period, \"key\", delta) VALUES ");
            for (var i = 0; i < chunk.Length; i++)
            {
                var (k, v) = chunk[i];
                if (i > 0) sql.Append(", ");
                sql.Append($"({{{args.Count}}}, {(int)k.Dimension}, {k.Period}, {k.Key}, {v})");
                args.Add(k.RegionPrefix);
            }
            sql.Append(";\n");
        }
        return commands;
    }

    /// <summary>
    /// Adds deltas to the figure rows of the nodes they name. A flow row is incremented; a balance change in month M
    /// sets M's closing balance (the one before, plus the delta), moves every later month's by the delta, and the
    /// current balance. Rows are touched in key order, so two transactions never wait on each other in a cycle.
    /// </summary>
    internal static async Task ApplyToNodesAsync(ShegongDbContext db, TallyDeltas deltas, CancellationToken ct)
    {
        var commands = new SqlCommands();
        AddNodeStatements(commands, deltas);
        await commands.RunRemainingAsync(db, ct);
    }

    private static void AddNodeStatements(SqlCommands commands, TallyDeltas deltas)
    {
        var ordered = deltas.Items.OrderBy(kv => kv.Key.RegionPrefix, StringComparer.Ordinal).ThenBy(kv => kv.Key.Dimension)
            .ThenBy(kv => kv.Key.Key).ThenBy(kv => kv.Key.Period).Select(kv => (kv.Key, kv.Value));
        foreach (var (k, v) in ordered)
        {
            var (sql, args) = commands.Next();
            var node = $"{{{args.Count}}}";
            var parent = $"{{{args.Count + 1}}}";
            args.Add(k.RegionPrefix);
            args.Add(StatFigure.ParentOf(k.RegionPrefix));
            var (d, key, p) = ((int)k.Dimension, k.Key, k.Period);
            const string Upsert = "ON CONFLICT (dimension, region_prefix, \"key\", period) DO UPDATE SET \"value\" = stat_figures.\"value\" + ";
            if (StatFigure.KindOf(k.Dimension) == StatKind.Flow)
            {
                sql.Append($"INSERT INTO stat_figures (dimension, region_prefix, \"key\", period, parent_prefix, \"value\") VALUES ({d}, {node}, {key}, {p}, {parent}, {v}) {Upsert}{v};\n");
                continue;
            }
            sql.Append($"UPDATE stat_figures SET \"value\" = \"value\" + {v} WHERE dimension = {d} AND region_prefix = {node} AND \"key\" = {key} AND period > {p} AND period < {StatFigure.Current};\n");
            sql.Append($"INSERT INTO stat_figures (dimension, region_prefix, \"key\", period, parent_prefix, \"value\") VALUES ({d}, {node}, {key}, {p}, {parent}, " +
                $"COALESCE((SELECT h.\"value\" FROM stat_figures h WHERE h.dimension = {d} AND h.region_prefix = {node} AND h.\"key\" = {key} AND h.period < {p} ORDER BY h.period DESC LIMIT 1), 0) + {v}) {Upsert}{v};\n");
            sql.Append($"INSERT INTO stat_figures (dimension, region_prefix, \"key\", period, parent_prefix, \"value\") VALUES ({d}, {node}, {key}, {StatFigure.Current}, {parent}, {v}) {Upsert}{v};\n");
        }
    }

    /// <summary>
    /// Statements gathered into as few commands as the parameter limit allows, run in order. Arguments are strings,
    /// written <c>{0}</c>, <c>{1}</c> … in each command's text.
    /// </summary>
    internal sealed class SqlCommands
    {
        private const int MaxArguments = 200;
        private readonly List<(StringBuilder Sql, List<object> Args)> _commands = [];
        private int _run;

        /// <summary>The command the next statement goes into (a new one when the current is full).</summary>
        public (StringBuilder Sql, List<object> Args) Next()
        {
            if (_commands.Count == 0 || _commands[^1].Args.Count >= MaxArguments) _commands.Add((new StringBuilder(), []));
            return _commands[^1];
        }

        /// <summary>The next command not yet run, taken by a caller that sends it itself; null when none is left.</summary>
        public (string Sql, IReadOnlyList<object> Args)? TakeNext() =>
            _run < _commands.Count ? (_commands[_run].Sql.ToString(), _commands[_run++].Args) : null;

        public async Task RunRemainingAsync(ShegongDbContext db, CancellationToken ct)
        {
            while (TakeNext() is { } next) await db.Database.ExecuteSqlRawAsync(next.Sql, next.Args, ct);
        }
    }
}
