using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Shegong.Domain.Common;
using Shegong.Domain.Wishes;
using Shegong.Web.Features.Common;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Data;
using Shegong.Web.Infrastructure.Privacy;
using WishClaim = Shegong.Domain.Wishes.Claim;

namespace Shegong.Web.Features.Wishes;

/// <summary>
/// 认领: a member of the public claims units of one or several wishes in one go. The units are taken by a
/// conditional update in the database (status claimable and enough units left), so when many people claim the last
/// unit at once exactly the available units are granted; the rest hear "已被认领". All of a submission's claims are
/// granted together or none is. The claimant gets a confirmation code (kept only as a keyed hash) to see or withdraw.
/// </summary>
public static class ClaimWishes
{
    public sealed record Item(Guid WishId, int Units = 1);
    public sealed record Command(IReadOnlyList<Item>? Items, string? ClaimantName, ClaimantType? ClaimantType, string? Phone,
        DateOnly? PledgedBy, bool NamedPublicly);
    public sealed record Result(CommandResult Outcome, string? Code, IReadOnlyList<Guid> ClaimIds);

    public sealed class Handler(ShegongDbContext db, IStringLocalizer<SharedResource> l, LookupHasher hasher, StaffNotices notices)
    {
        public async Task<Result> HandleAsync(Command c, CancellationToken ct = default)
        {
            // One order for every submission (by wish id), so that two claimants of the same wishes never wait on each other in a cycle.
            if (c.Items?.Any(i => i is null || i.Units < 1 || i.Units > Wish.QuantityMax) == true)
                return Failed(CommandResult.Invalid("Units", $"{l["Field.Units"]}：{l["Error.Range", 1, Wish.QuantityMax]}"));
            var items = (c.Items ?? []).GroupBy(i => i.WishId).Select(g => new Item(g.Key, g.Sum(i => i.Units))).OrderBy(i => i.WishId).ToList();
            if (items.Count == 0) return Failed(CommandResult.Invalid("Items", $"{l["Field.Items"]}：{l["Error.Required"]}"));
            if (items.Count > 20) return Failed(CommandResult.Invalid("Items", l["Claim.TooMany", 20]));
            var ids = items.Select(i => i.WishId).ToList();
            // The board is public: wishes are found across stations, as the board shows them.
            var wishes = await db.Wishes.IgnoreQueryFilters().AsNoTracking().Where(w => ids.Contains(w.Id)).ToDictionaryAsync(w => w.Id, ct);
            if (wishes.Count != ids.Count) return Failed(CommandResult.NotFound);

            var today = ChinaTime.Today;
            var code = NewCode();
            var codeHash = await hasher.HashAsync(ClaimCode.HashInput(code), ct);
            var claims = new List<WishClaim>();
            try
            {
                foreach (var item in items) claims.Add(WishClaim.Create(wishes[item.WishId], c.ClaimantName, c.ClaimantType, c.Phone, c.NamedPublicly,
                    item.Units, c.PledgedBy, ClaimSource.Board, codeHash, today));
            }
            catch (DomainException e) { return Failed(CommandResult.Invalid(l, e)); }

            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var refused = new List<string>();
            foreach (var item in items)
            {
                var units = item.Units;
                var taken = await WishUnits.TakeAsync(db, item.WishId, units, ct);
                if (!taken) refused.Add(wishes[item.WishId].Description);
                else db.RecordEvent(Domain.Audit.AuditAction.Update, nameof(Wish), item.WishId.ToString(), wishes[item.WishId].StationId,
                    wishes[item.WishId].RegionPrefix, $"UnitsClaimed +{units} (board claim)");
            }
            if (refused.Count > 0)
            {
                db.PendingAudits.Clear();
                await transaction.RollbackAsync(ct);
                return Failed(CommandResult.Invalid("Items", l["Claim.AlreadyClaimed", string.Join("、", refused)]));
            }
            db.Claims.AddRange(claims);
            foreach (var claim in claims)
            {
                var w = wishes[claim.WishId];
                await notices.AddAsync(w.StationId, l["Notice.ClaimedTitle", w.Description].Value,
                    l["Notice.ClaimedBody", claim.ClaimantName, l["ClaimantType." + claim.ClaimantType].Value, claim.Units, claim.PledgedBy.ToString("yyyy-MM-dd")].Value,
                    $"/wishes/{w.Id}", ct);
            }
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            await notices.MailAsync(ct);
            return new Result(CommandResult.Ok(claims[0].Id), code, claims.Select(x => x.Id).ToList());
        }

        private static Result Failed(CommandResult outcome) => new(outcome, null, []);

        /// <summary>Eight characters from an alphabet without look-alikes (no 0/O, 1/I/L), shown as XXXX-XXXX.</summary>
        internal static string NewCode()
        {
            const string alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
            var chars = Enumerable.Range(0, 8).Select(_ => alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)]).ToArray();
            return new string(chars, 0, 4) + "-" + new string(chars, 4, 4);
        }
    }
}
