using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Shegong.Domain.Statistics;
using Shegong.Web.Infrastructure.Auth;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Infrastructure.Statistics;

/// <summary>
/// Folds pending changes into the figures of the levels above the records' own (street, district, city, province,
/// all): takes a batch of the oldest pending rows (on PostgreSQL <c>FOR UPDATE SKIP LOCKED</c>, so folders on
/// several nodes take disjoint batches), adds each to every node above its community, and deletes it — in one
/// transaction, so a reader (who adds the pending rows to the figures in one statement) never counts a change twice
/// or not at all. Only folders lock the upper rows; writers never wait for them.
/// </summary>
public static class StatFolder
{
    public static async Task<int> FoldAsync(ShegongDbContext db, int batch = 5000, CancellationToken ct = default)
    {
        var postgres = db.Database.ProviderName?.Contains("Npgsql") == true;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var rows = new List<(long Id, string Prefix, StatDimension Dimension, int Period, int Key, long Delta)>();
        var connection = db.Database.GetDbConnection();
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction.GetDbTransaction();
            command.CommandText = $"SELECT id, region_prefix, dimension, period, \"key\", delta FROM stat_pending ORDER BY id LIMIT {batch}" +
                (postgres ? " FOR UPDATE SKIP LOCKED" : "");
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                rows.Add((reader.GetInt64(0), reader.GetString(1), (StatDimension)reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4), reader.GetInt64(5)));
        }
        if (rows.Count == 0) return 0;
        var deltas = new TallyDeltas();
        foreach (var r in rows)
            foreach (var node in StatFigure.AncestorsOf(r.Prefix))
                deltas.Add(node, r.Dimension, r.Period, r.Key, r.Delta);
        await TallyWriter.ApplyToNodesAsync(db, deltas, ct);
        foreach (var chunk in rows.Select(r => r.Id).Chunk(1000))
            {
            // Ids are numbers read from the table, not input.
            var delete = "DELETE FROM stat_pending WHERE id IN (" + string.Join(",", chunk) + ")";
            await db.Database.ExecuteSqlRawAsync(delete, ct);
        }
        await transaction.CommitAsync(ct);
        return rows.Count;
    }

    /// <summary>Folds until nothing is pending (commands, tests).</summary>
    public static async Task<int> FoldAllAsync(ShegongDbContext db, CancellationToken ct = default)
    {
        var total = 0;
        int n;
        while ((n = await FoldAsync(db, 5000, ct)) > 0) total += n;
        return total;
    }
}

/// <summary>Folds pending figure changes every <c>Statistics:FoldSeconds</c> (default 2) in each node; off with <c>Jobs:Enabled=false</c>.</summary>
public sealed class StatFolderService(IServiceScopeFactory scopes, IConfiguration config, ILogger<StatFolderService> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(Math.Max(0.2, config.GetValue("Statistics:FoldSeconds", 2.0)));
        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                using var system = scope.ServiceProvider.RunAsSystem("background: folding pending figures into the levels above");
                var db = scope.ServiceProvider.GetRequiredService<ShegongDbContext>();
                while (await StatFolder.FoldAsync(db, 5000, stoppingToken) == 5000) { }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { break; }
            catch (Exception e) when (e is DbException or DbUpdateException or InvalidOperationException)
            {
                log.LogWarning(e, "Folding pending figures failed; retrying at the next tick");
            }
        }
    }
}
