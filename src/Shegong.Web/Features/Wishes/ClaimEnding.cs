using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Audit;
using Shegong.Domain.Wishes;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Wishes;

/// <summary>
/// Ends an active claim that was not delivered — withdrawn by the claimant (or by staff for them) or released after
/// the grace period — by conditional updates only: the claim changes only if it is still active, so concurrent
/// withdrawals, a release and a delivery can never return the same units twice. Its units go back to the board; a
/// dispatched claim gives its donor back the budget and units it took, and its offer is marked cancelled.
/// Call inside a transaction; audit events are added to the context (saved by the caller).
/// </summary>
internal static class ClaimEnding
{
    public static async Task<bool> EndAsync(ShegongDbContext db, Guid claimId, ClaimStatus to, DateOnly today, string why, CancellationToken ct)
    {
        if (to is not (ClaimStatus.Withdrawn or ClaimStatus.Released)) throw new ArgumentOutOfRangeException(nameof(to));
        var c = await db.Claims.IgnoreQueryFilters().AsNoTracking().Where(x => x.Id == claimId)
            .Select(x => new { x.WishId, x.Units, x.Source, x.StationId, x.RegionPrefix }).SingleOrDefaultAsync(ct);
        if (c is null) return false;
        var changed = await db.Claims.IgnoreQueryFilters().Where(x => x.Id == claimId && x.Status == ClaimStatus.Active)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, to).SetProperty(x => x.ClosedOn, today), ct);
        if (changed == 0) return false;
        var units = c.Units;
        if (!await WishUnits.ReturnAsync(db, c.WishId, units, toDispatch: c.Source == ClaimSource.Dispatch, ct)) throw new InvalidOperationException($"Claim {claimId}: the wish holds fewer claimed units than the claim.");
        // The ended claim is handed to the change tracker as the change it is (Active → ended), so the save's figures
        // see it (a withdrawn or released claim matches nothing) and its audit entry names the claim; the save writes
        // the values already there. The wish's units changed by the conditional update above, audited here.
        var ended = await db.Claims.IgnoreQueryFilters().SingleAsync(x => x.Id == claimId, ct);
        var entry = db.Entry(ended);
        entry.Property(x => x.Status).OriginalValue = ClaimStatus.Active;
        entry.Property(x => x.ClosedOn).OriginalValue = null;
        entry.Property(x => x.Status).CurrentValue = to; // also when it was tracked before, with the values of then
        entry.Property(x => x.ClosedOn).CurrentValue = today;
        db.RecordEvent(AuditAction.Update, nameof(Wish), c.WishId.ToString(), c.StationId, c.RegionPrefix, $"UnitsClaimed -{units}: claim {claimId} {to}: {why}");

        if (c.Source == ClaimSource.Dispatch
            && await db.DispatchOffers.IgnoreQueryFilters().AsNoTracking().Where(o => o.ClaimId == claimId && o.Status == OfferStatus.Accepted)
                .Select(o => new { o.Id, o.DonorId, o.UnitValue, o.Units }).SingleOrDefaultAsync(ct) is { } offer)
        {
            var cancelled = await db.DispatchOffers.IgnoreQueryFilters().Where(o => o.Id == offer.Id && o.Status == OfferStatus.Accepted)
                .ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, OfferStatus.Cancelled).SetProperty(o => o.Version, o => o.Version + 1), ct);
            if (cancelled == 1)
            {
                var value = offer.UnitValue * offer.Units;
                var offered = offer.Units;
                await db.Donors.IgnoreQueryFilters().Where(d => d.Id == offer.DonorId)
                    .ExecuteUpdateAsync(s => s.SetProperty(d => d.Budget, d => d.Budget + value).SetProperty(d => d.Capacity, d => d.Capacity + offered)
                        .SetProperty(d => d.Version, d => d.Version + 1), ct);
                db.RecordEvent(AuditAction.Update, nameof(Donor), offer.DonorId.ToString(), c.StationId, c.RegionPrefix,
                    $"budget +{value}, units +{offered}: dispatched claim {claimId} {to}");
            }
        }
        return true;
    }
}
