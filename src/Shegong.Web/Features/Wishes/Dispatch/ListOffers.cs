using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Wishes;
using Shegong.Web.Infrastructure.Audit;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Wishes.Dispatch;

/// <summary>Offers: the station's (staff, newest first) or the signed-in donor's own (across stations, by the linked donor record).</summary>
public static class ListOffers
{
    public sealed record Item(Guid Id, Guid WishId, string PublicName, WishCategory Category, string Description, int Units, decimal UnitValue,
        Guid DonorId, string DonorName, OfferStatus Status, DateOnly OfferedOn, DateOnly? AnsweredOn, bool AnsweredByStaff);

    public sealed class Handler(ShegongDbContext db, IAuditContext user)
    {
        public async Task<IReadOnlyList<Item>> ForStationAsync(CancellationToken ct = default) =>
            await Project(db.DispatchOffers.AsNoTracking(), db.Wishes, db.Donors).ToListAsync(ct);

        public async Task<IReadOnlyList<Item>> ForDonorAsync(CancellationToken ct = default)
        {
            if (user.UserId is not { } me) return [];
            var donors = db.Donors.IgnoreQueryFilters().Where(d => d.UserId == me);
            return await Project(db.DispatchOffers.IgnoreQueryFilters().AsNoTracking().Where(o => donors.Any(d => d.Id == o.DonorId)),
                db.Wishes.IgnoreQueryFilters(), donors).ToListAsync(ct);
        }

        private static IQueryable<Item> Project(IQueryable<DispatchOffer> offers, IQueryable<Wish> wishes, IQueryable<Donor> donors) =>
            from o in offers
            join w in wishes on o.WishId equals w.Id
            join d in donors on o.DonorId equals d.Id
            orderby o.Status, o.OfferedOn descending, o.Id descending
            select new Item(o.Id, w.Id, w.PublicName, w.Category, w.Description, o.Units, o.UnitValue, d.Id, d.Name, o.Status, o.OfferedOn,
                o.AnsweredOn, o.AnsweredByStaff);
    }
}
