using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Shegong.Domain.Common;
using Shegong.Domain.Wishes;
using Shegong.Web.Features.Common;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Data;
using Shegong.Web.Features.Registry.Contracts;

namespace Shegong.Web.Features.Wishes;

/// <summary>The worker submits a wish for review; the station manager publishes it on the board or rejects it with a reason.</summary>
public static class ReviewWish
{
    public enum Decision { Submit, Approve, Reject }

    public sealed record Command(Guid Id, int Version, Decision Decision, string? Reason = null);

    public sealed class Handler(ShegongDbContext db, IStringLocalizer<SharedResource> l, IConfiguration config)
    {
        public async Task<CommandResult> HandleAsync(Command c, CancellationToken ct = default)
        {
            var wish = await db.Wishes.SingleOrDefaultAsync(w => w.Id == c.Id, ct);
            if (wish is null) return CommandResult.NotFound;
            if (!db.MatchesVersion(wish, c.Version)) return CommandResult.Conflict(l);
            // A rejected wish submitted again counts against its household's open wishes anew.
            if (c.Decision == Decision.Submit && wish.Status == WishStatus.Rejected)
            {
                var limit = WishSettings.Limits(config).OpenWishesPerHousehold;
                var members = db.HouseholdMemberIds(wish.PersonId);
                if (await db.Wishes.CountAsync(w => w.Id != wish.Id && members.Contains(w.PersonId) && WishSettings.Open.Contains(w.Status), ct) >= limit)
                    return CommandResult.Invalid("PersonId", l["Wish.HouseholdLimit", limit]);
            }
            try
            {
                var today = ChinaTime.Today;
                switch (c.Decision)
                {
                    case Decision.Submit: wish.Submit(today); break;
                    case Decision.Approve: wish.Approve(today); break;
                    case Decision.Reject: wish.Reject(c.Reason); break;
                    // An undefined number (JSON accepts integers for enums) must not fall through to a rejection.
                    default: return CommandResult.Invalid("Decision", $"{l["Field.Decision"]}：{l["Review.UnknownDecision", (int)c.Decision]}");
                }
                await db.SaveChangesAsync(ct);
                return CommandResult.Ok(wish.Id, wish);
            }
            catch (DomainException e) { return CommandResult.Invalid(l, e); }
            catch (DbUpdateConcurrencyException) { return CommandResult.Conflict(l); }
        }
    }
}
