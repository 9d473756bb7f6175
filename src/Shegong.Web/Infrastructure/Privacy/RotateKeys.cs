using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Access;
using Shegong.Domain.Audit;
using Shegong.Web.Infrastructure.Auth;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Infrastructure.Privacy;

/// <summary>
/// <c>rotate-keys</c>: makes a new field-encryption data key, makes it current, and re-encrypts every sensitive value
/// of every table (from the model: every column with an encrypting converter) under it, bound to its place — so values
/// of the earlier schemes (no binding, Data Protection) are rewritten too. Batches commit one at a time and record
/// the progress (which key, which table, the last row) wrapped by the master key in <c>app_secrets</c>: after a crash
/// a second run continues with the same key from the row after the last committed batch. When every table is done,
/// the Data Protection keys stored unencrypted (made before the master key existed) are deleted — everyone signs in
/// again once — and the progress is removed. Older data keys are kept (wrapped): backups made before still open.
/// The ID-lookup HMAC key is not rotated (see docs/security.md).
/// </summary>
public sealed class RotateKeys(IServiceScopeFactory scopes, AppSecretStore secrets, IFieldProtector fields)
{
    internal const string ProgressName = "rotate-keys-progress";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <param name="StopAfterBatches">Stops (as a crash would, progress recorded) after this many batches: for tests.</param>
    public sealed record Options(int BatchSize = 500, int? StopAfterBatches = null);
    public sealed record Result(bool Complete, int Key, long Rewritten, int DeletedUnencryptedKeys);
    internal sealed record Progress(int Key, string Table, string? After);

    public async Task<Result> RunAsync(Options options, TextWriter log, CancellationToken ct = default)
    {
        var progress = await ReadProgressAsync(ct);
        if (progress is null)
        {
            var current = await EnvelopeFieldProtector.CurrentNumberAsync(secrets, ct);
            var next = current + 1;
            // The new key first, then the progress that names it, then the pointer: a crash between leaves a run to continue.
            await secrets.SetAsync(EnvelopeFieldProtector.KeyName(next), RandomNumberGenerator.GetBytes(32), ct);
            progress = new Progress(next, "", null);
            await WriteProgressAsync(progress, ct);
            await log.WriteLineAsync($"New data key {next} (was {current}).");
        }
        else await log.WriteLineAsync($"Continuing the rotation to data key {progress.Key} from table {progress.Table} after row {progress.After ?? "(start)"}.");
        await secrets.SetAsync(EnvelopeFieldProtector.CurrentKeyName, BitConverter.GetBytes(progress.Key), ct);
        if (fields is EnvelopeFieldProtector envelope) envelope.Reset();

        using var scope = scopes.CreateScope();
        scope.ServiceProvider.GetRequiredService<ScopeProvider>().Override = DataScope.System;
        var db = scope.ServiceProvider.GetRequiredService<ShegongDbContext>();
        db.Database.SetCommandTimeout(TimeSpan.FromHours(2));
        var tables = db.Model.GetEntityTypes()
            .Where(t => t.GetTableName() is not null && t.GetProperties().Any(Encrypted.IsEncrypted))
            .OrderBy(t => t.GetTableName(), StringComparer.Ordinal).ToList();
        long rewritten = 0;
        var batches = 0;
        foreach (var type in tables)
        {
            var table = type.GetTableName()!;
            if (string.CompareOrdinal(table, progress.Table) < 0) continue; // done in an earlier run
            var key = type.FindPrimaryKey()!.Properties.Single();
            if (key.ClrType != typeof(Guid)) throw new InvalidOperationException($"rotate-keys pages by a Guid key; {table} has {key.ClrType.Name}.");
            var binary = type.GetProperties().Any(p => Encrypted.IsEncrypted(p) && p.ClrType == typeof(byte[]));
            var size = binary ? Math.Min(options.BatchSize, 20) : options.BatchSize; // photos: a few megabytes each
            // Keys sorted here, not by the database, so that a continued run skips exactly the rows done before.
            var ids = (await KeysOf(db, type.ClrType, key.Name).ToListAsync(ct)).Order().ToList();
            var start = table == progress.Table && Guid.TryParse(progress.After, out var after) ? ids.FindIndex(i => i.CompareTo(after) > 0) : 0;
            if (start < 0) start = ids.Count;
            for (var i = start; i < ids.Count; i += size)
            {
                var batch = ids.GetRange(i, Math.Min(size, ids.Count - i));
                rewritten += await RewriteAsync(db, type.ClrType, key.Name, batch, progress.Key, ct);
                progress = progress with { Table = table, After = batch[^1].ToString() };
                await WriteProgressAsync(progress, ct);
                if (options.StopAfterBatches is { } stop && ++batches >= stop)
                {
                    await log.WriteLineAsync($"Stopped after {batches} batch(es), {rewritten} rows: run rotate-keys again to continue.");
                    return new Result(false, progress.Key, rewritten, 0);
                }
            }
            await log.WriteLineAsync($"{table}: {ids.Count} rows under data key {progress.Key}.");
            progress = progress with { Table = table + "\u0001", After = null }; // past this table
            await WriteProgressAsync(progress, ct);
        }
        // The secrets of the earlier scheme are re-wrapped by the master key as they are read.
        foreach (var name in await db.AppSecrets.AsNoTracking().Select(s => s.Name).ToListAsync(ct)) await secrets.FindAsync(name, ct);
        var deleted = await db.DataProtectionKeys.Where(k => k.Xml != null && !k.Xml.Contains("<encryptedSecret") && !k.Xml.Contains("<" + MasterKeyXmlEncryptor.Element)).ExecuteDeleteAsync(ct);
        if (deleted > 0) await log.WriteLineAsync($"Deleted {deleted} Data Protection key(s) stored unencrypted: everyone signs in again.");
        await db.Database.ExecuteSqlInterpolatedAsync($"DELETE FROM app_secrets WHERE name = {ProgressName}", ct);
        secrets.Forget(ProgressName);
        await log.WriteLineAsync($"Keys rotated: {rewritten} rows re-encrypted under data key {progress.Key}. Restart the other nodes so they write with it.");
        return new Result(true, progress.Key, rewritten, deleted);
    }

    private static IQueryable<Guid> KeysOf(ShegongDbContext db, Type type, string key) =>
        (IQueryable<Guid>)typeof(RotateKeys).GetMethod(nameof(KeysOfType), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(type).Invoke(null, [db, key])!;

    private static IQueryable<Guid> KeysOfType<T>(ShegongDbContext db, string key) where T : class =>
        db.Set<T>().IgnoreQueryFilters().AsNoTracking().Select(e => EF.Property<Guid>(e, key));

    private Task<int> RewriteAsync(ShegongDbContext db, Type type, string key, List<Guid> batch, int number, CancellationToken ct) =>
        (Task<int>)typeof(RotateKeys).GetMethod(nameof(RewriteTypeAsync), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(type).Invoke(null, [db, key, batch, number, ct])!;

    /// <summary>Loads a batch of rows, marks their encrypted columns changed and saves: the save seals them under the current key for their place.</summary>
    private static async Task<int> RewriteTypeAsync<T>(ShegongDbContext db, string key, List<Guid> batch, int number, CancellationToken ct) where T : class
    {
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            List<T> rows;
            try { rows = await db.Set<T>().IgnoreQueryFilters().Where(e => batch.Contains(EF.Property<Guid>(e, key))).ToListAsync(ct); }
            catch (CryptographicException e)
            {
                // Nothing of this batch was written; the progress stays where it was.
                throw new InvalidOperationException($"rotate-keys: a sensitive value of {db.Model.FindEntityType(typeof(T))!.GetTableName()} between rows "
                    + $"{batch[0]} and {batch[^1]} does not open ({e.Message}). Restore that row from a backup (or clear the value), then run rotate-keys again: it continues here.", e);
            }
            foreach (var row in rows)
            {
                var entry = db.Entry(row);
                foreach (var p in entry.Properties.Where(p => Encrypted.IsEncrypted(p.Metadata) && p.CurrentValue is not null)) p.IsModified = true;
            }
            // One summary entry per batch, not one per row (values are never written to the log).
            db.SuppressEntityAudit = true;
            db.RecordEvent(AuditAction.Update, typeof(T).Name, "rotate-keys", null, "", $"re-encrypted {rows.Count} rows under data key {number}");
            try
            {
                await db.SaveChangesAsync(ct);
                return rows.Count;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
                db.PendingAudits.Clear(); // someone saved one of these rows meanwhile: read the batch again
            }
            finally
            {
                db.SuppressEntityAudit = false;
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task<Progress?> ReadProgressAsync(CancellationToken ct)
    {
        secrets.Forget(ProgressName);
        var value = await secrets.FindAsync(ProgressName, ct);
        return value is null ? null : JsonSerializer.Deserialize<Progress>(Encoding.UTF8.GetString(value), Json);
    }

    private Task WriteProgressAsync(Progress progress, CancellationToken ct) =>
        secrets.SetAsync(ProgressName, JsonSerializer.SerializeToUtf8Bytes(progress, Json), ct);
}
