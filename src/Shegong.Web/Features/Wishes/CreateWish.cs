using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Shegong.Domain.Common;
using Shegong.Domain.Visits;
using Shegong.Domain.Wishes;
using Shegong.Web.Features.Common;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Data;
using Shegong.Web.Features.Registry.Contracts;
using Shegong.Web.Features.Visits.Contracts;

namespace Shegong.Web.Features.Wishes;

/// <summary>
/// 点单: a worker records a wish for a person on the ledger — from a need found in a visit in one step, or directly.
/// The wish starts as a draft; the household's limit of open wishes is checked when it is created.
/// </summary>
public static class CreateWish
{
    public sealed record Command(Guid PersonId, Guid? NeedId, WishGroup? Group, WishKind? Kind, WishCategory? Category, string? Description,
        string? Story, decimal UnitValue, int Quantity, DateOnly? WantedBy);

    public sealed class Handler(ShegongDbContext db, IStringLocalizer<SharedResource> l, IConfiguration config)
    {
        public async Task<CommandResult> HandleAsync(Command c, CancellationToken ct = default)
        {
            var person = await db.PersonEntryAsync(c.PersonId, ct);
            if (person is null) return CommandResult.NotFound;
            var limits = WishSettings.Limits(config);
            var today = ChinaTime.Today;
            var household = db.HouseholdMemberIds(person.Id);
            var open = await db.Wishes.CountAsync(w => household.Contains(w.PersonId) && WishSettings.Open.Contains(w.Status), ct);
            if (open >= limits.OpenWishesPerHousehold)
                return CommandResult.Invalid("PersonId", l["Wish.HouseholdLimit", limits.OpenWishesPerHousehold]);
            try
            {
                if (c.Group is null) throw new DomainException("Group", "Error.Required");
                if (c.Kind is null) throw new DomainException("Kind", "Error.Required");
                if (c.Category is null) throw new DomainException("Category", "Error.Required");
                var wish = Wish.Draft(person.AsBeneficiary(), c.NeedId, c.Group.Value, c.Kind.Value, c.Category.Value, c.Description, c.Story, c.UnitValue, c.Quantity,
                    c.WantedBy, today, limits);
                if (c.NeedId is { } needId)
                {
                    var taken = await db.TakeUpNeedAsync(needId, person.Id, "Wish:" + wish.Id, today, ct);
                    if (taken == NeedLedger.TakeUpOutcome.NotFound)
                        return CommandResult.Invalid("NeedId", $"{l["Field.NeedDescription"]}：{l["Error.NotFound"]}");
                    if (taken == NeedLedger.TakeUpOutcome.NotOpen) return CommandResult.Invalid("NeedId", l["Need.NotOpen"]);
                }
                db.Wishes.Add(wish);
                await db.SaveChangesAsync(ct);
                return CommandResult.Ok(wish.Id);
            }
            catch (DomainException e) { return CommandResult.Invalid(l, e); }
        }
    }
}
