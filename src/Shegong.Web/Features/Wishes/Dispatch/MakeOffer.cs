using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Shegong.Domain.Common;
using Shegong.Domain.Wishes;
using Shegong.Web.Features.Common;
using Shegong.Web.Features.Notifications.Contracts;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Data;
using Shegong.Web.Features.Registry.Contracts;

namespace Shegong.Web.Features.Wishes.Dispatch;

/// <summary>
/// Staff accept a suggestion (or pick another eligible donor): the wish's units are offered to the donor (派单). The
/// offer holds the units out of further suggestions and the donor's room, and notifies the donor — in the app when the
/// donor has an account, by e-mail when SMTP is configured (best effort, after the offer is saved). The units are
/// taken only when the donor accepts, by the same conditional update as a public claim — so an offer is a hold, not a
/// lock: should two staff offer the last unit at the same moment, or a citizen claim it first, the later acceptance is
/// refused and its offer cancelled, and the wish is never over-claimed.
/// </summary>
public static class MakeOffer
{
    public sealed record Command(Guid WishId, Guid DonorId, int Units = 1);

    public sealed class Handler(ShegongDbContext db, IStringLocalizer<SharedResource> l, NotifyUser.Handler notify)
    {
        public async Task<CommandResult> HandleAsync(Command c, CancellationToken ct = default)
        {
            var wish = await db.Wishes.AsNoTracking().SingleOrDefaultAsync(w => w.Id == c.WishId, ct);
            var donor = await db.Donors.AsNoTracking().SingleOrDefaultAsync(d => d.Id == c.DonorId, ct);
            if (wish is null || donor is null) return CommandResult.NotFound;
            var community = await db.PersonCommunities().Where(c => c.PersonId == wish.PersonId).Select(c => c.CommunityCode).FirstOrDefaultAsync(ct) ?? "";
            var onOffer = await db.DispatchOffers.Where(o => o.WishId == wish.Id && o.Status == OfferStatus.Offered).SumAsync(o => (int?)o.Units, ct) ?? 0;
            var held = await db.DispatchOffers.AsNoTracking().Where(o => o.DonorId == donor.Id && o.Status == OfferStatus.Offered)
                .Select(o => new { o.Units, o.UnitValue }).ToListAsync(ct);
            DispatchOffer offer;
            try
            {
                offer = DispatchOffer.Create(wish, community, donor, c.Units, onOffer, held.Sum(h => h.Units), held.Sum(h => h.Units * h.UnitValue), ChinaTime.Today);
            }
            catch (DomainException e) { return CommandResult.Invalid(l, e); }
            db.DispatchOffers.Add(offer);
            var title = l["Offer.NotifyTitle", wish.Description].Value;
            var body = l["Offer.NotifyBody", wish.PublicName, l["WishCategory." + wish.Category].Value, wish.Description, c.Units,
                (wish.UnitValue * c.Units).ToString("N2")].Value;
            if (donor.UserId is { } userId) notify.Add(userId, title, body, "/wishes/offers");
            await db.SaveChangesAsync(ct);
            await notify.MailAsync(donor.Email, title, body, ct);
            return CommandResult.Ok(offer.Id);
        }
    }
}
