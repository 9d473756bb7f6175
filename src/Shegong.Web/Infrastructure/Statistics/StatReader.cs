using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Shegong.Domain.Statistics;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Infrastructure.Statistics;

/// <summary>A figure of a node: the area itself (<see cref="Node"/> = its prefix) or one of its children.</summary>
public sealed record StatRow(string Node, StatDimension Dimension, int Period, int Key, long Value);

/// <summary>
/// Reads figures of a node and (optionally) its children: the rows of those nodes plus the pending changes below
/// them, in one statement (one snapshot, so a fold committing meanwhile is seen entirely or not at all). What is read
/// is bounded by the nodes, keys and periods asked for — not by the months of history or the communities below.
/// </summary>
public static class StatReader
{
    /// <summary>Flow figures for the given periods. <paramref name="childLength"/> 0: the node alone.</summary>
    public static async Task<List<StatRow>> FlowsAsync(ShegongDbContext db, string prefix, int childLength,
        IReadOnlyCollection<StatDimension> dimensions, IReadOnlyCollection<int> periods, CancellationToken ct)
    {
        var batch = new StatBatch(prefix, childLength);
        var flows = batch.Flows(dimensions, periods);
        return (await batch.ReadAsync(db, ct))[flows];
    }

    /// <summary>Balances at the end of <paramref name="month"/> (yyyyMM): for each key a node has, its latest closing balance at or before that month.</summary>
    public static Task<List<StatRow>> BalancesAsync(ShegongDbContext db, string prefix, int childLength,
        IReadOnlyCollection<StatDimension> dimensions, int month, CancellationToken ct) =>
        BalancesAsync(db, prefix, childLength, dimensions, [month], ct);

    /// <summary>Balances at the end of each of <paramref name="months"/>, in one statement (a row's <see cref="StatRow.Period"/> is its month).</summary>
    public static async Task<List<StatRow>> BalancesAsync(ShegongDbContext db, string prefix, int childLength,
        IReadOnlyCollection<StatDimension> dimensions, IReadOnlyCollection<int> months, CancellationToken ct)
    {
        var batch = new StatBatch(prefix, childLength);
        var balances = batch.Balances(dimensions, months);
        return (await batch.ReadAsync(db, ct))[balances];
    }
}

/// <summary>
/// Several reads of one node (and its children) sent as one command, in one round trip (each statement still sees
/// pending rows and figures in one snapshot of its own). Add the reads, then <see cref="ReadAsync"/>; each read's rows
/// are at the index its method returned.
/// </summary>
public sealed class StatBatch(string prefix, int childLength)
{
    private readonly int _childLength = childLength;
    private readonly List<string> _statements = [];

    /// <summary>Flow figures for the given periods, of the node and (<paramref name="children"/>) its children.</summary>
    public int Flows(IReadOnlyCollection<StatDimension> dimensions, IReadOnlyCollection<int> periods, bool children = true)
    {
        var childLength = children ? _childLength : 0;
        var dims = string.Join(",", dimensions.Select(d => (int)d));
        var ps = string.Join(",", periods.Distinct());
        var sql = $"""
            SELECT region_prefix, dimension, period, "key", "value" FROM stat_figures
             WHERE dimension IN ({dims}) AND period IN ({ps}) AND region_prefix = @p
            """;
        if (childLength > prefix.Length)
            sql += $"""

                UNION ALL SELECT region_prefix, dimension, period, "key", "value" FROM stat_figures
                 WHERE dimension IN ({dims}) AND period IN ({ps}) AND parent_prefix = @p
                """;
        sql += Pending($"period IN ({ps})", dims, "period", childLength);
        return Add(sql);
    }

    /// <summary>Balances at the end of each of <paramref name="months"/> (a row's <see cref="StatRow.Period"/> is its month), of the node and (<paramref name="children"/>) its children.</summary>
    public int Balances(IReadOnlyCollection<StatDimension> dimensions, IReadOnlyCollection<int> months, bool children = true)
    {
        var childLength = children ? _childLength : 0;
        var dims = string.Join(",", dimensions.Select(d => (int)d));
        var monthTable = string.Join(" UNION ALL ", months.Distinct().Select(m => $"SELECT {m} AS month"));
        string Select(string where) => $"""
            SELECT s.region_prefix, s.dimension, m.month, s."key",
                   COALESCE((SELECT h."value" FROM stat_figures h WHERE h.dimension = s.dimension AND h.region_prefix = s.region_prefix
                              AND h."key" = s."key" AND h.period <= m.month ORDER BY h.period DESC LIMIT 1), 0)
              FROM stat_figures s CROSS JOIN ({monthTable}) m WHERE s.dimension IN ({dims}) AND s.period = {StatFigure.Current} AND {where}
            """;
        var sql = Select("s.region_prefix = @p");
        if (childLength > prefix.Length) sql += "\nUNION ALL " + Select("s.parent_prefix = @p");
        // Pending changes count from their month on.
        sql += $"""

            UNION ALL SELECT @p, p.dimension, m.month, p."key", p.delta FROM stat_pending p JOIN ({monthTable}) m ON p.period <= m.month
             WHERE p.dimension IN ({dims}) AND substr(p.region_prefix, 1, {prefix.Length}) = @p AND length(p.region_prefix) > {prefix.Length}
            """;
        if (childLength > prefix.Length)
            sql += $"""

                UNION ALL SELECT substr(p.region_prefix, 1, {childLength}), p.dimension, m.month, p."key", p.delta FROM stat_pending p JOIN ({monthTable}) m ON p.period <= m.month
                 WHERE p.dimension IN ({dims}) AND substr(p.region_prefix, 1, {prefix.Length}) = @p AND length(p.region_prefix) > {childLength}
                """;
        return Add(sql);
    }

    private int Add(string sql)
    {
        _statements.Add(sql);
        return _statements.Count - 1;
    }

    // Pending changes from the records below the node (and below each child that is itself above the records' level).
    private string Pending(string period, string dims, string periodColumn, int childLength)
    {
        var sql = $"""

            UNION ALL SELECT @p, dimension, {periodColumn}, "key", delta FROM stat_pending
             WHERE dimension IN ({dims}) AND {period} AND substr(region_prefix, 1, {prefix.Length}) = @p AND length(region_prefix) > {prefix.Length}
            """;
        if (childLength > prefix.Length)
            sql += $"""

                UNION ALL SELECT substr(region_prefix, 1, {childLength}), dimension, {periodColumn}, "key", delta FROM stat_pending
                 WHERE dimension IN ({dims}) AND {period} AND substr(region_prefix, 1, {prefix.Length}) = @p AND length(region_prefix) > {childLength}
                """;
        return sql;
    }

    /// <summary>
    /// Runs every read in one command; the rows of each (summed per node, dimension, period and key; zeros left out).
    /// Figures are region-owned, and these reads are SQL that the scope filter does not see: a node outside the
    /// caller's scope (the same rule, <see cref="Shegong.Domain.Access.DataScope.CoversRegionOwned"/>) is refused
    /// here, whoever forgot to check it — and so is every node when the scope is nothing (code outside a request).
    /// </summary>
    public async Task<IReadOnlyList<List<StatRow>>> ReadAsync(ShegongDbContext db, CancellationToken ct)
    {
        if (!db.Scope.CoversRegionOwned(prefix))
            throw new UnauthorizedAccessException($"Figures of region '{prefix}' lie outside the caller's scope ({db.Scope.Kind}).");
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened) await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = connection.CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandText = string.Join(";\n", _statements);
            var p = command.CreateParameter();
            p.ParameterName = "p";
            p.Value = prefix;
            p.DbType = System.Data.DbType.String;
            command.Parameters.Add(p);
            var results = new List<List<StatRow>>(_statements.Count);
            await using var reader = await command.ExecuteReaderAsync(ct);
            do
            {
                var sums = new Dictionary<(string, StatDimension, int, int), long>();
                while (await reader.ReadAsync(ct))
                {
                    var k = (reader.GetString(0), (StatDimension)Convert.ToInt32(reader.GetValue(1)), Convert.ToInt32(reader.GetValue(2)), Convert.ToInt32(reader.GetValue(3)));
                    sums[k] = sums.GetValueOrDefault(k) + Convert.ToInt64(reader.GetValue(4));
                }
                results.Add(sums.Where(kv => kv.Value != 0).Select(kv => new StatRow(kv.Key.Item1, kv.Key.Item2, kv.Key.Item3, kv.Key.Item4, kv.Value)).ToList());
            } while (results.Count < _statements.Count && await reader.NextResultAsync(ct));
            return results;
        }
        finally
        {
            if (opened) await db.Database.CloseConnectionAsync();
        }
    }
}
