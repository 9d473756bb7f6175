using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Shegong.Domain.Common;
using Shegong.Domain.Wishes;
using Shegong.Web.Features.Common;
using Shegong.Web.Infrastructure.Audit;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Wishes;

/// <summary>
/// Photos of a wish (the need) and of its deliveries (evidence): JPEG or PNG within <c>Wishes:PhotoMaxMegabytes</c>
/// (5 MB), metadata stripped, kept encrypted, shown to the station's staff only and every view audited.
/// </summary>
public static class WishPhotos
{
    /// <param name="ClaimId">The claim whose delivery the photos prove; null for photos of the wish itself.</param>
    public sealed record Command(Guid WishId, Guid? ClaimId, IReadOnlyList<byte[]> Files);
    public sealed record Photo(string ContentType, byte[] Data);

    public static long MaxBytes(IConfiguration config) => config.GetValue("Wishes:PhotoMaxMegabytes", 5) * 1024L * 1024L;

    public sealed class Handler(ShegongDbContext db, IStringLocalizer<SharedResource> l, IAuditContext who, IConfiguration config)
    {
        public async Task<CommandResult> AddAsync(Command c, CancellationToken ct = default)
        {
            var wish = await db.Wishes.SingleOrDefaultAsync(w => w.Id == c.WishId, ct);
            if (wish is null) return CommandResult.NotFound;
            if (wish.Status == WishStatus.Closed) return CommandResult.Invalid("Photo", $"{l["Field.Photo"]}：{l["Photo.WishClosed"]}");
            WishDelivery? delivery = null;
            if (c.ClaimId is { } claimId)
            {
                delivery = await db.WishDeliveries.SingleOrDefaultAsync(d => d.WishId == wish.Id && d.ClaimId == claimId, ct);
                if (delivery is null) return CommandResult.Invalid("ClaimId", $"{l["Field.ClaimId"]}：{l["Photo.NoDelivery"]}");
            }
            try
            {
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                // Hold the wish's row while counting (a no-op update locks it), so two uploads at once cannot pass the limit together.
                await db.Wishes.Where(w => w.Id == wish.Id).ExecuteUpdateAsync(s => s.SetProperty(w => w.Version, w => w.Version), ct);
                Stage(wish, delivery, c.Files, await CountAsync(wish.Id, delivery?.Id, ct));
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                return CommandResult.Ok(wish.Id);
            }
            catch (DomainException e) { return CommandResult.Invalid(l, e); }
        }

        /// <summary>Checks every file first and adds them to the unit of work; nothing is kept if one is refused.</summary>
        public void Stage(Wish wish, WishDelivery? delivery, IReadOnlyList<byte[]> files, int existing)
        {
            var max = MaxBytes(config);
            var checkedFiles = files.Select(f => PhotoFile.Check(f, max)).ToList();
            var now = DateTime.UtcNow;
            foreach (var file in checkedFiles)
                db.WishPhotos.Add(WishPhoto.Create(wish, delivery, file, existing++, who.UserId, now));
        }

        private Task<int> CountAsync(Guid wishId, Guid? deliveryId, CancellationToken ct) =>
            db.WishPhotos.CountAsync(p => p.WishId == wishId && p.DeliveryId == deliveryId, ct);

        /// <summary>One photo of one of the station's wishes; the view is audited (it may show the beneficiary or the home).</summary>
        public async Task<Photo?> GetAsync(Guid wishId, Guid photoId, CancellationToken ct = default)
        {
            var p = await db.WishPhotos.AsNoTracking().Where(x => x.Id == photoId && x.WishId == wishId)
                .Select(x => new { x.ContentType, x.Data, x.StationId, x.RegionPrefix }).SingleOrDefaultAsync(ct);
            if (p is null) return null;
            db.RecordRead(nameof(WishPhoto), photoId.ToString(), p.StationId, p.RegionPrefix, $"photo of wish {wishId}");
            await db.SaveChangesAsync(ct);
            return new Photo(p.ContentType, p.Data);
        }
    }

    /// <summary>Reads the uploaded files of a form field (empty file inputs are skipped).</summary>
    /// <exception cref="DomainException">A file is over the size limit (refused before it is read).</exception>
    public static async Task<IReadOnlyList<byte[]>> ReadAsync(IFormFileCollection files, string name, long maxBytes, CancellationToken ct = default)
    {
        var result = new List<byte[]>();
        foreach (var f in files.GetFiles(name).Where(f => f.Length > 0))
        {
            if (f.Length > maxBytes) throw new DomainException("Photo", "Photo.TooLarge", Math.Max(1, maxBytes / (1024 * 1024)));
            using var ms = new MemoryStream((int)Math.Min(f.Length, int.MaxValue));
            await f.CopyToAsync(ms, ct);
            result.Add(ms.ToArray());
        }
        return result;
    }
}
