using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Shegong.Domain.Common;
using Shegong.Domain.Wishes;
using Shegong.Web.Features.Common;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Wishes;

/// <summary>
/// Staff and a claimant: the claimant's full phone number (to call about a late delivery; the view is audited), and
/// withdrawing a claim for a claimant who backed out by phone (the units go back to the board, a dispatched donor's
/// budget and units are given back).
/// </summary>
public static class ClaimContact
{
    public sealed record WithdrawCommand(Guid WishId, Guid ClaimId, string? Reason);
    /// <summary>A new confirmation code, shown once to the staff member who reads it to the claimant.</summary>
    public sealed record NewCode(Guid ClaimId, string Code);

    public sealed class Handler(ShegongDbContext db, IStringLocalizer<SharedResource> l, Shegong.Web.Infrastructure.Privacy.LookupHasher hasher)
    {
        /// <summary>
        /// The claimant phoned and lost the code: a new code for the claim and for every other active claim made with
        /// the same code (one submission), so the old code stops working. Null when the claim is not the station's or
        /// not active. Audited per claim.
        /// </summary>
        public async Task<NewCode?> ReissueCodeAsync(Guid wishId, Guid claimId, CancellationToken ct = default)
        {
            // The scope filter: only the station's own claims are found.
            var claim = await db.Claims.SingleOrDefaultAsync(x => x.Id == claimId && x.WishId == wishId, ct);
            if (claim is null || claim.Status != ClaimStatus.Active) return null;
            var code = ClaimWishes.Handler.NewCode();
            var hash = await hasher.HashAsync(ClaimCode.HashInput(code), ct);
            var old = claim.CodeHash;
            var siblings = await db.Claims.IgnoreQueryFilters().Where(x => x.CodeHash == old && x.Status == ClaimStatus.Active).ToListAsync(ct);
            // Each changed claim is audited by the save (an update of its CodeHash, by this user).
            foreach (var c in siblings.Append(claim).DistinctBy(c => c.Id)) c.ReplaceCode(hash);
            await db.SaveChangesAsync(ct);
            return new NewCode(claimId, code);
        }

        public async Task<string?> RevealPhoneAsync(Guid wishId, Guid claimId, CancellationToken ct = default)
        {
            var c = await db.Claims.AsNoTracking().Where(x => x.Id == claimId && x.WishId == wishId)
                .Select(x => new { x.Phone, x.StationId, x.RegionPrefix }).SingleOrDefaultAsync(ct);
            if (c is null) return null;
            db.RecordRead(nameof(Claim), claimId.ToString(), c.StationId, c.RegionPrefix, "claimant's full phone number");
            await db.SaveChangesAsync(ct);
            return c.Phone;
        }

        public async Task<CommandResult> WithdrawAsync(WithdrawCommand c, CancellationToken ct = default)
        {
            // The scope filter: only the station's own claims are found.
            var exists = await db.Claims.AnyAsync(x => x.Id == c.ClaimId && x.WishId == c.WishId, ct);
            if (!exists) return CommandResult.NotFound;
            string reason;
            try { reason = Guard.Required(c.Reason, "WithdrawReason", 200); }
            catch (DomainException e) { return CommandResult.Invalid(l, e); }
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            if (!await ClaimEnding.EndAsync(db, c.ClaimId, ClaimStatus.Withdrawn, ChinaTime.Today, "withdrawn by staff for the claimant: " + reason, ct))
                return CommandResult.Invalid("ClaimId", l["Claim.NotActive"]);
            await db.SaveChangesAsync(ct);
            // The wish's units (and version) moved by a conditional update: its version as it now stands.
            var version = await db.Wishes.AsNoTracking().Where(w => w.Id == c.WishId).Select(w => w.Version).SingleAsync(ct);
            await transaction.CommitAsync(ct);
            return CommandResult.Ok(c.WishId) with { Version = version };
        }
    }
}
