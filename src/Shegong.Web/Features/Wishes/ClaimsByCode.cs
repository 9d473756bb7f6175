using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Wishes;
using Shegong.Web.Features.Common;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Data;
using Shegong.Web.Infrastructure.Privacy;

namespace Shegong.Web.Features.Wishes;

/// <summary>A claimant's own claims, found by the confirmation code; withdrawing returns their units to the board.</summary>
public static class ClaimsByCode
{
    public sealed record Item(Guid ClaimId, Guid WishId, string PublicName, string Description, int Units, DateOnly PledgedBy, ClaimStatus Status, string Station, Guid StationId);

    public sealed class Handler(ShegongDbContext db, LookupHasher hasher, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> l, StaffNotices notices)
    {
        private async Task<List<string>> HashAsync(string? code, CancellationToken ct)
        {
            var hashes = new List<string>();
            foreach (var input in ClaimCode.LookupInputs(code)) hashes.Add(await hasher.HashAsync(input, ct));
            return hashes;
        }

        public async Task<IReadOnlyList<Item>?> GetAsync(string? code, CancellationToken ct = default)
        {
            var hash = await HashAsync(code, ct);
            var items = await db.Claims.IgnoreQueryFilters().AsNoTracking().Where(c => hash.Contains(c.CodeHash))
                .Join(db.Wishes.IgnoreQueryFilters(), c => c.WishId, w => w.Id, (c, w) => new { c, w })
                .Select(x => new Item(x.c.Id, x.w.Id, x.w.PublicName, x.w.Description, x.c.Units, x.c.PledgedBy, x.c.Status,
                    db.Stations.IgnoreQueryFilters().Where(s => s.Id == x.w.StationId).Select(s => s.Name).First(), x.w.StationId))
                .ToListAsync(ct);
            return items.Count == 0 ? null : items;
        }

        /// <summary>Withdraws every active claim of the code; their units go back to the board in the same transaction.</summary>
        public async Task<CommandResult> WithdrawAsync(string? code, CancellationToken ct = default)
        {
            var hash = await HashAsync(code, ct);
            var claims = await db.Claims.IgnoreQueryFilters().AsNoTracking().Where(c => hash.Contains(c.CodeHash))
                .Select(c => new { c.Id, c.WishId, c.Status, c.Units, c.ClaimantName, c.StationId,
                    Wish = db.Wishes.IgnoreQueryFilters().Where(w => w.Id == c.WishId).Select(w => w.Description).First() }).ToListAsync(ct);
            if (claims.Count == 0) return CommandResult.NotFound;
            var active = claims.Where(c => c.Status == ClaimStatus.Active).OrderBy(c => c.WishId).ToList();
            if (active.Count == 0) return CommandResult.Invalid("Code", l["Claim.NothingToWithdraw"]);
            var today = ChinaTime.Today;
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var ended = 0;
            foreach (var claim in active)
                if (await ClaimEnding.EndAsync(db, claim.Id, ClaimStatus.Withdrawn, today, "withdrawn by the claimant with the code", ct))
                {
                    ended++;
                    await notices.AddAsync(claim.StationId, l["Notice.WithdrawnTitle", claim.Wish].Value,
                        l["Notice.WithdrawnBody", claim.ClaimantName, claim.Units].Value, $"/wishes/{claim.WishId}", ct);
                }
            // Another request (or a delivery) ended them first: nothing is returned twice.
            if (ended == 0) { await transaction.RollbackAsync(ct); return CommandResult.Invalid("Code", l["Claim.NothingToWithdraw"]); }
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            await notices.MailAsync(ct);
            return CommandResult.Ok();
        }
    }
}
