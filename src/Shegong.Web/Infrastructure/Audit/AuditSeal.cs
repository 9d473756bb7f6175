using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Audit;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Infrastructure.Audit;

/// <summary>
/// The switch to a keyed chain: heads written before heads were signed (chains not written to since) are signed once,
/// as they are, by <c>migrate</c> and at start-up. From then on their entries are anchored by the signed head; later
/// entries carry the keyed MAC (<see cref="AuditMac"/>), and an unkeyed entry after a keyed one is a break.
/// </summary>
public static class AuditSeal
{
    public static async Task<int> SealUnsignedHeadsAsync(ShegongDbContext db, TextWriter log, CancellationToken ct = default)
    {
        if (db.AuditMac is not { } mac) return 0;
        var unsigned = await db.AuditHeads.AsNoTracking().Where(h => h.Mac == "").ToListAsync(ct);
        var sealedCount = 0;
        foreach (var h in unsigned)
        {
            var signature = AuditEntry.HeadMac(mac.Key, h.Chain, h.LastSequence, h.LastHash);
            // Only the head as read: one moved on meanwhile was signed by its writer.
            sealedCount += await db.Database.ExecuteSqlInterpolatedAsync(
                $"UPDATE audit_heads SET mac = {signature} WHERE chain = {h.Chain} AND last_sequence = {h.LastSequence} AND last_hash = {h.LastHash} AND mac = ''", ct);
        }
        if (sealedCount > 0) await log.WriteLineAsync($"Signed {sealedCount} audit chain head(s) written before heads were signed.");
        return sealedCount;
    }
}
