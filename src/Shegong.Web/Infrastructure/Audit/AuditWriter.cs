using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Shegong.Domain.Audit;
using Shegong.Domain.Common;
using Shegong.Domain.Regions;
using Shegong.Domain.Stations;
using Shegong.Web.Infrastructure.Auth;
using Shegong.Web.Infrastructure.Data;
using Shegong.Web.Infrastructure.Statistics;

namespace Shegong.Web.Infrastructure.Audit;

/// <summary>A read or an event to append with the next save (sensitive reads, logins).</summary>
public sealed record PendingAudit(AuditAction Action, string EntityType, string EntityId, Guid? StationId, string RegionPrefix, string Details);

/// <summary>
/// Turns the tracked changes and the queued reads of one SaveChanges into chained audit entries, written in the
/// same transaction as the change itself: a write without its audit entry cannot be committed. The entries go to
/// the chain of the acting scope (<see cref="AuditChains.KeyFor"/>), whose head alone is locked.
/// </summary>
internal sealed class AuditWriter(ShegongDbContext db, IAuditContext who, AuditMac? mac)
{
    public async Task<int> SaveWithAuditAsync(Func<CancellationToken, Task<int>> save, TallyWriter.SqlCommands? withLock, CancellationToken ct)
    {
        // Changes were detected by the caller (ShegongDbContext.SaveChangesAsync), once.
        var changes = db.ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .Where(e => e.Entity is not AuditEntry and not AuditHead and not AuditReadDay and not INotEntityAudited && !e.Metadata.IsOwned())
            .Where(e => !db.SuppressEntityAudit)
            .Select(Describe)
            .ToList();
        changes.AddRange(db.PendingAudits);
        if (changes.Count == 0) return await save(ct);

        var ownTransaction = db.Database.CurrentTransaction is null;
        var transaction = ownTransaction ? await db.Database.BeginTransactionAsync(ct) : null;
        // In a transaction of its own a failed save ends the transaction anyway: no savepoint (two round trips) is needed.
        var savepoints = db.Database.AutoSavepointsEnabled;
        if (ownTransaction) db.Database.AutoSavepointsEnabled = false;
        try
        {
            // The chain of the acting scope (not of the records: a save may touch several stations' records, and
            // its entries must go to one chain so that one lock covers them).
            var chain = AuditChains.KeyFor(db.Scope);
            var head = await db.LockAuditHeadAsync(chain, withLock?.TakeNext(), ct);
            var now = DateTime.UtcNow;
            var reads = new List<AuditEntry>();
            foreach (var c in changes)
            {
                var entry = AuditEntry.Append(mac?.Key, chain, head.LastSequence + 1, head.LastHash, now, who.UserId, who.UserName,
                    c.Action, c.EntityType, c.EntityId, c.StationId, c.RegionPrefix, who.IpAddress, c.Details);
                db.AuditEntries.Add(entry);
                head.LastSequence = entry.Sequence;
                head.LastHash = entry.Hash;
                if (entry.Action == AuditAction.Read) reads.Add(entry);
            }
            // The head is signed too (same update, no round trip more): rewinding it without the key shows.
            if (mac is not null) head.Mac = AuditEntry.HeadMac(mac.Key, chain, head.LastSequence, head.LastHash);
            if (reads.Count > 0) await CountReadsAsync(reads, ct);
            db.Entry(head).DetectChanges();
            var result = await save(ct);
            if (transaction is not null) await transaction.CommitAsync(ct);
            db.PendingAudits.Clear();
            return result;
        }
        catch
        {
            // The audited entities stay tracked for a retry; the chain entries of this attempt must not.
            foreach (var e in db.ChangeTracker.Entries().Where(e => e.Entity is AuditEntry && e.State == EntityState.Added).ToList())
                e.State = EntityState.Detached;
            foreach (var e in db.ChangeTracker.Entries<AuditHead>().ToList()) e.State = EntityState.Detached;
            foreach (var e in db.ChangeTracker.Entries<AuditReadDay>().ToList()) e.State = EntityState.Detached;
            throw;
        }
        finally
        {
            db.Database.AutoSavepointsEnabled = savepoints;
            if (transaction is not null) await transaction.DisposeAsync();
        }
    }

    /// <summary>
    /// Counts the reads in their day's digest (<see cref="AuditReadDay"/>). The same user always writes to the same
    /// chain, whose head this transaction holds, so no other save counts the same digest row meanwhile.
    /// </summary>
    private async Task CountReadsAsync(List<AuditEntry> reads, CancellationToken ct)
    {
        foreach (var group in reads.GroupBy(r => (Day: DateOnly.FromDateTime(ChinaTime.FromUtc(r.TimestampUtc)), r.UserName, r.EntityType, r.EntityId)))
        {
            var (day, user, type, id) = group.Key;
            var digest = db.AuditReadDays.Local.FirstOrDefault(d => d.Day == day && d.UserName == user && d.EntityType == type && d.EntityId == id)
                ?? await db.AuditReadDays.IgnoreQueryFilters().SingleOrDefaultAsync(d => d.Day == day && d.UserName == user && d.EntityType == type && d.EntityId == id, ct);
            foreach (var read in group)
            {
                if (digest is null) db.AuditReadDays.Add(digest = AuditReadDay.Start(read, day));
                else digest.Add(read);
            }
            // Changes were detected before this writer ran; a digest counted further is detected on its own.
            db.Entry(digest!).DetectChanges();
        }
    }

    private static PendingAudit Describe(EntityEntry e)
    {
        var action = e.State switch
        {
            EntityState.Added => AuditAction.Create,
            EntityState.Deleted => AuditAction.Delete,
            _ => AuditAction.Update,
        };
        var key = string.Join(",", e.Metadata.FindPrimaryKey()?.Properties.Select(p => e.Property(p.Name).CurrentValue?.ToString()) ?? []);
        var (stationId, prefix) = e.Entity switch
        {
            Station s => ((Guid?)s.Id, s.RegionPrefix),
            IStationOwned o => (o.StationId, o.RegionPrefix),
            AppUser u => (u.StationId, u.RegionPrefix),
            IRegionOwned o => (null, o.RegionPrefix),
            Region r => (null, r.Prefix),
            _ => (null, ""),
        };
        // Names of changed fields only: values may be sensitive and must not be copied into the log.
        var details = "";
        if (action == AuditAction.Update)
        {
            // Identity marks every column modified; name only those whose value really changed when that is known.
            var modified = e.Properties.Where(p => p.IsModified).ToList();
            var changed = modified.Where(p => !Equals(p.OriginalValue, p.CurrentValue)).ToList();
            details = string.Join(",", (changed.Count > 0 ? changed : modified).Select(p => p.Metadata.Name));
        }
        return new PendingAudit(action, e.Metadata.ClrType.Name, key, stationId, prefix, details);
    }
}
