using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Shegong.Domain.Common;
using Shegong.Domain.Wishes;
using Shegong.Web.Features.Common;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Audit;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Wishes;

/// <summary>
/// 接单: the station records that a claim was delivered (date, a note and photos as evidence), then makes the return visit
/// (fulfilled? quality, satisfaction and the beneficiary's own rating, 1–5, each required) that closes the wish — as
/// 已回访结单 when it was met, as 未实现 when not (it then no longer counts as fulfilled).
/// </summary>
public static class DeliverWish
{
    /// <param name="Photos">Evidence photos (JPEG/PNG, see <see cref="WishPhotos"/>), kept with the delivery in the same save.</param>
    public sealed record DeliveryCommand(Guid WishId, Guid ClaimId, DateOnly? DeliveredOn, string? Note, IReadOnlyList<byte[]>? Photos = null);
    public sealed record ReturnVisitCommand(Guid WishId, int Version, DateOnly? VisitedOn, bool? Fulfilled, int? Quality, int? Satisfaction,
        int? BeneficiaryRating, string? Note);

    public sealed class Handler(ShegongDbContext db, IStringLocalizer<SharedResource> l, IAuditContext who, WishPhotos.Handler photos)
    {
        public async Task<CommandResult> DeliverAsync(DeliveryCommand c, CancellationToken ct = default)
        {
            var wish = await db.Wishes.SingleOrDefaultAsync(w => w.Id == c.WishId, ct);
            if (wish is null) return CommandResult.NotFound;
            var claim = await db.Claims.SingleOrDefaultAsync(x => x.Id == c.ClaimId && x.WishId == wish.Id, ct);
            if (claim is null) return CommandResult.Invalid("ClaimId", $"{l["Field.ClaimId"]}：{l["Error.NotFound"]}");
            try
            {
                var today = ChinaTime.Today;
                var delivery = WishDelivery.Record(wish, claim, c.DeliveredOn ?? today, c.Note, who.UserId, today);
                db.WishDeliveries.Add(delivery);
                if (c.Photos is { Count: > 0 } files) photos.Stage(wish, delivery, files, existing: 0);
                await db.SaveChangesAsync(ct);
                return CommandResult.Ok(wish.Id, wish);
            }
            catch (DomainException e) { return CommandResult.Invalid(l, e); }
            catch (DbUpdateConcurrencyException) { return CommandResult.Conflict(l); }
        }

        public async Task<CommandResult> ReturnVisitAsync(ReturnVisitCommand c, CancellationToken ct = default)
        {
            var wish = await db.Wishes.SingleOrDefaultAsync(w => w.Id == c.WishId, ct);
            if (wish is null) return CommandResult.NotFound;
            if (!db.MatchesVersion(wish, c.Version)) return CommandResult.Conflict(l);
            try
            {
                var on = c.VisitedOn ?? ChinaTime.Today;
                if (on > ChinaTime.Today) throw new DomainException("ReturnVisitOn", "Visit.InFuture");
                wish.Close(on, ReturnVisitRecord.Create(c.Fulfilled, c.Quality, c.Satisfaction, c.BeneficiaryRating, c.Note, who.UserId));
                await db.SaveChangesAsync(ct);
                return CommandResult.Ok(wish.Id, wish);
            }
            catch (DomainException e) { return CommandResult.Invalid(l, e); }
            catch (DbUpdateConcurrencyException) { return CommandResult.Conflict(l); }
        }
    }
}
