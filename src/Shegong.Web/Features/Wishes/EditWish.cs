using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Shegong.Domain.Common;
using Shegong.Domain.Wishes;
using Shegong.Web.Features.Common;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Data;
using Shegong.Web.Features.Visits.Contracts;

namespace Shegong.Web.Features.Wishes;

/// <summary>
/// A draft or a rejected wish is corrected (then submitted again) or discarded — it was never public, so discarding
/// deletes it (audited), with its photos, and gives its visit need back to the open list.
/// </summary>
public static class EditWish
{
    public sealed record Command(Guid Id, int Version, WishGroup? Group, WishKind? Kind, WishCategory? Category, string? Description,
        string? Story, decimal UnitValue, int Quantity, DateOnly? WantedBy);

    public sealed class Handler(ShegongDbContext db, IStringLocalizer<SharedResource> l, IConfiguration config)
    {
        public async Task<CommandResult> HandleAsync(Command c, CancellationToken ct = default)
        {
            var wish = await db.Wishes.SingleOrDefaultAsync(w => w.Id == c.Id, ct);
            if (wish is null) return CommandResult.NotFound;
            if (!db.MatchesVersion(wish, c.Version)) return CommandResult.Conflict(l);
            try
            {
                if (c.Group is null) throw new DomainException("Group", "Error.Required");
                if (c.Kind is null) throw new DomainException("Kind", "Error.Required");
                if (c.Category is null) throw new DomainException("Category", "Error.Required");
                wish.Edit(c.Group.Value, c.Kind.Value, c.Category.Value, c.Description, c.Story, c.UnitValue, c.Quantity, c.WantedBy,
                    ChinaTime.Today, WishSettings.Limits(config));
                await db.SaveChangesAsync(ct);
                return CommandResult.Ok(wish.Id, wish);
            }
            catch (DomainException e) { return CommandResult.Invalid(l, e); }
            catch (DbUpdateConcurrencyException) { return CommandResult.Conflict(l); }
        }

        public async Task<CommandResult> DiscardAsync(Guid id, int version, CancellationToken ct = default)
        {
            var wish = await db.Wishes.SingleOrDefaultAsync(w => w.Id == id, ct);
            if (wish is null) return CommandResult.NotFound;
            if (!db.MatchesVersion(wish, version)) return CommandResult.Conflict(l);
            try
            {
                wish.EnsureDiscardable();
                var reference = "Wish:" + wish.Id;
                if (wish.NeedId is { } needId) await db.GiveBackNeedAsync(needId, reference, ct);
                db.WishPhotos.RemoveRange(await db.WishPhotos.Where(p => p.WishId == wish.Id).ToListAsync(ct));
                db.Wishes.Remove(wish);
                await db.SaveChangesAsync(ct);
                return CommandResult.Ok(id);
            }
            catch (DomainException e) { return CommandResult.Invalid(l, e); }
            catch (DbUpdateConcurrencyException) { return CommandResult.Conflict(l); }
        }
    }
}
