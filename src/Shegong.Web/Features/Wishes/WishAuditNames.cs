using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Wishes;
using Shegong.Web.Features.Audit.Contracts;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Wishes;

/// <summary>Wishes and what hangs on them in the audit log: by the wish's need ("一台电风扇"); donors by name.</summary>
internal sealed class WishAuditNames : IAuditRecordNamer
{
    public IReadOnlyCollection<string> EntityTypes => [nameof(Wish), nameof(Claim), nameof(WishDelivery), nameof(WishPhoto), nameof(Donor)];

    public async Task<IReadOnlyDictionary<Guid, string>> NamesAsync(ShegongDbContext db, string entityType, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        var wishes = db.Wishes.AsNoTracking();
        var rows = entityType switch
        {
            nameof(Wish) => await wishes.Where(w => ids.Contains(w.Id)).Select(w => new { w.Id, Name = w.Description }).ToListAsync(ct),
            nameof(Claim) => await db.Claims.AsNoTracking().Where(c => ids.Contains(c.Id))
                .Join(wishes, c => c.WishId, w => w.Id, (c, w) => new { c.Id, Name = w.Description }).ToListAsync(ct),
            nameof(WishDelivery) => await db.WishDeliveries.AsNoTracking().Where(d => ids.Contains(d.Id))
                .Join(wishes, d => d.WishId, w => w.Id, (d, w) => new { d.Id, Name = w.Description }).ToListAsync(ct),
            nameof(WishPhoto) => await db.WishPhotos.AsNoTracking().Where(p => ids.Contains(p.Id))
                .Join(wishes, p => p.WishId, w => w.Id, (p, w) => new { p.Id, Name = w.Description }).ToListAsync(ct),
            _ => await db.Donors.AsNoTracking().Where(d => ids.Contains(d.Id)).Select(d => new { d.Id, d.Name }).ToListAsync(ct),
        };
        return rows.ToDictionary(r => r.Id, r => AuditNames.Shorten(r.Name));
    }
}
