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

    public sealed class Handler(ShegongDbContext db, IStringLocalizer<SharedResource> l)
    {
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
            await transaction.CommitAsync(ct);
            return CommandResult.Ok(c.WishId);
        }
    }
}
