using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Shegong.Domain.Audit;
using Shegong.Domain.Common;
using Shegong.Domain.Wishes;
using Shegong.Web.Features.Common;
using Shegong.Web.Features.Registry.Contracts;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Audit;
using Shegong.Web.Infrastructure.Data;
using Shegong.Web.Infrastructure.Privacy;
using WishClaim = Shegong.Domain.Wishes.Claim;

namespace Shegong.Web.Features.Wishes.Dispatch;

/// <summary>
/// The donor's answer to an offer — given by the donor through their account, or recorded by staff after a phone call.
/// Accepting takes the units with the board's conditional update (<see cref="WishUnits.TakeAsync"/>), so a public claim
/// of the same last unit and the donor's acceptance can never both succeed; the loser of such a race finds the offer
/// cancelled. It then spends the donor's capacity and budget (also a conditional update) and records a claim with
/// <see cref="ClaimSource.Dispatch"/>, pledged for <see cref="PledgeDays"/> days. Declining returns the units to the pool.
/// </summary>
public static class AnswerOffer
{
    public const int PledgeDays = 14;

    public sealed record Command(Guid OfferId, bool Accept);
    public sealed record Result(CommandResult Outcome, Guid? ClaimId = null);

    public sealed class Handler(ShegongDbContext db, IStringLocalizer<SharedResource> l, LookupHasher hasher, IAuditContext user,
        Notifications.Contracts.NotifyUser.Handler notify)
    {
        /// <summary>A donor answered through their own account: the station's workers and manager are told in the app.</summary>
        private async Task TellStationAsync(DispatchOffer offer, bool accepted, CancellationToken ct)
        {
            var wish = await db.Wishes.IgnoreQueryFilters().Where(w => w.Id == offer.WishId).Select(w => w.Description).SingleAsync(ct);
            var donor = await db.Donors.IgnoreQueryFilters().Where(d => d.Id == offer.DonorId).Select(d => d.Name).SingleAsync(ct);
            var title = l[accepted ? "Offer.DonorAcceptedTitle" : "Offer.DonorDeclinedTitle", donor, wish].Value;
            foreach (var (staffId, _) in await db.StationWorkersAsync(offer.StationId, ct))
                notify.Add(staffId, title, l[accepted ? "Offer.DonorAcceptedBody" : "Offer.DonorDeclinedBody", donor, wish].Value, "/wishes/dispatch");
        }

        /// <summary>Staff of the offer's station answer for the donor (the scope filter finds only their station's offers).</summary>
        public async Task<Result> ForStaffAsync(Command c, CancellationToken ct = default)
        {
            var offer = await db.DispatchOffers.SingleOrDefaultAsync(o => o.Id == c.OfferId, ct);
            return offer is null ? new Result(CommandResult.NotFound) : await AnswerAsync(offer, c.Accept, byStaff: true, ct);
        }

        /// <summary>The donor answers an offer made to a donor record linked to their account (any station).</summary>
        public async Task<Result> ForDonorAsync(Command c, CancellationToken ct = default)
        {
            if (user.UserId is not { } me) return new Result(CommandResult.NotFound);
            var offer = await db.DispatchOffers.IgnoreQueryFilters()
                .SingleOrDefaultAsync(o => o.Id == c.OfferId && db.Donors.IgnoreQueryFilters().Any(d => d.Id == o.DonorId && d.UserId == me), ct);
            return offer is null ? new Result(CommandResult.NotFound) : await AnswerAsync(offer, c.Accept, byStaff: false, ct);
        }

        private async Task<Result> AnswerAsync(DispatchOffer offer, bool accept, bool byStaff, CancellationToken ct)
        {
            var today = ChinaTime.Today;
            if (offer.Status != OfferStatus.Offered) return new Result(CommandResult.Invalid("Status", l["Offer.NotOpen"]));
            try
            {
                if (!accept)
                {
                    offer.Decline(byStaff, today);
                    if (!byStaff) await TellStationAsync(offer, accepted: false, ct);
                    await db.SaveChangesAsync(ct);
                    return new Result(CommandResult.Ok(offer.Id));
                }
                var wish = await db.Wishes.IgnoreQueryFilters().AsNoTracking().SingleAsync(w => w.Id == offer.WishId, ct);
                var donor = await db.Donors.IgnoreQueryFilters().AsNoTracking().SingleAsync(d => d.Id == offer.DonorId, ct);
                var code = RandomNumberGenerator.GetHexString(16);
                var claim = WishClaim.Create(wish, donor.Name, donor.Type, donor.Phone, false, offer.Units, today.AddDays(PledgeDays),
                    ClaimSource.Dispatch, await hasher.HashAsync("claim:" + code, ct), today);

                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                if (!await WishUnits.TakeAsync(db, wish.Id, offer.Units, ct))
                {
                    // Claimed on the board first (or no longer claimable): the offer cannot be kept.
                    await transaction.RollbackAsync(ct);
                    db.ChangeTracker.Clear();
                    await db.DispatchOffers.IgnoreQueryFilters().Where(o => o.Id == offer.Id && o.Status == OfferStatus.Offered)
                        .ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, OfferStatus.Cancelled).SetProperty(o => o.AnsweredOn, today)
                            .SetProperty(o => o.Version, o => o.Version + 1), ct);
                    return new Result(CommandResult.Invalid("WishId", l["Claim.AlreadyClaimed", wish.Description]));
                }
                var value = offer.UnitValue * offer.Units;
                var units = offer.Units;
                var spent = await db.Donors.IgnoreQueryFilters().Where(d => d.Id == donor.Id && d.Capacity >= units && d.Budget >= value)
                    .ExecuteUpdateAsync(s => s.SetProperty(d => d.Capacity, d => d.Capacity - units).SetProperty(d => d.Budget, d => d.Budget - value)
                        .SetProperty(d => d.Version, d => d.Version + 1), ct);
                if (spent != 1)
                {
                    // Say which limit it was, with what is actually left now (capacity and budget are separate promises).
                    var left = await db.Donors.IgnoreQueryFilters().AsNoTracking().Where(d => d.Id == donor.Id)
                        .Select(d => new { d.Capacity, d.Budget }).SingleAsync(ct);
                    await transaction.RollbackAsync(ct);
                    var message = left.Capacity < units
                        ? l["Offer.OverCapacity", Math.Max(0, left.Capacity)]
                        : l["Offer.OverBudget", Math.Max(0, left.Budget).ToString("N2", System.Globalization.CultureInfo.InvariantCulture)];
                    return new Result(CommandResult.Invalid("Units", message));
                }
                offer.Accept(claim.Id, byStaff, today);
                db.Claims.Add(claim);
                if (!byStaff) await TellStationAsync(offer, accepted: true, ct);
                db.RecordEvent(AuditAction.Update, nameof(Wish), wish.Id.ToString(), wish.StationId, wish.RegionPrefix,
                    $"UnitsClaimed +{units} (dispatch offer {offer.Id} accepted{(byStaff ? " by staff for the donor" : "")})");
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                return new Result(CommandResult.Ok(offer.Id), claim.Id);
            }
            catch (DomainException e) { return new Result(CommandResult.Invalid(l, e)); }
            catch (DbUpdateConcurrencyException) { return new Result(CommandResult.Conflict(l)); }
        }
    }
}
