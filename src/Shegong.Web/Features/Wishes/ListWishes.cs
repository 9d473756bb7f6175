using Shegong.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Wishes;
using Shegong.Web.Infrastructure.Data;
using Shegong.Web.Features.Registry.Contracts;

namespace Shegong.Web.Features.Wishes;

/// <summary>The station's wishes with their beneficiaries (staff only), by status; and one wish with its claims.</summary>
public static class ListWishes
{
    public sealed record Query(WishStatus? Status = null, int Page = 1, int PageSize = 20);
    public sealed record Item(Guid Id, Guid PersonId, string PersonName, string PublicName, WishGroup Group, WishKind Kind, WishCategory Category,
        string Description, decimal UnitValue, int Quantity, int UnitsClaimed, int UnitsDelivered, WishStatus Status, DateOnly CreatedOn, int Version);
    public sealed record Result(IReadOnlyList<Item> Items, int Total, int Page, int PageSize);
    public sealed record ClaimItem(Guid Id, string ClaimantName, ClaimantType ClaimantType, string PhoneMasked, int Units, DateOnly PledgedBy,
        ClaimSource Source, ClaimStatus Status, bool NamedPublicly);
    /// <summary>A photo of the wish itself (<paramref name="ClaimId"/> null) or of the delivery of a claim.</summary>
    public sealed record PhotoItem(Guid Id, Guid? ClaimId, int Length);
    public sealed record Detail(Item Wish, string Story, string RejectionReason, DateOnly? WantedBy, IReadOnlyList<ClaimItem> Claims,
        IReadOnlyList<PhotoItem> Photos);

    public sealed class Handler(ShegongDbContext db)
    {
        public async Task<Result> HandleAsync(Query q, CancellationToken ct = default)
        {
            var wishes = db.Wishes.AsNoTracking();
            if (q.Status is { } s) wishes = wishes.Where(w => w.Status == s);
            var pageSize = Math.Clamp(q.PageSize, 1, 100);
            var page = Paging.Page(q.Page);
            var total = await wishes.CountAsync(ct);
            var items = await Project(wishes.OrderByDescending(w => w.CreatedOn).ThenByDescending(w => w.Id).Skip((page - 1) * pageSize).Take(pageSize))
                .ToListAsync(ct);
            return new Result(items, total, page, pageSize);
        }

        public async Task<Detail?> GetAsync(Guid id, CancellationToken ct = default)
        {
            var item = await Project(db.Wishes.AsNoTracking().Where(w => w.Id == id)).SingleOrDefaultAsync(ct);
            if (item is null) return null;
            var extra = await db.Wishes.AsNoTracking().Where(w => w.Id == id).Select(w => new { w.Story, w.RejectionReason, w.WantedBy, w.StationId, w.RegionPrefix }).SingleAsync(ct);
            var claims = (await db.Claims.AsNoTracking().Where(c => c.WishId == id).OrderBy(c => c.ClaimedOn).ToListAsync(ct))
                .Select(c => new ClaimItem(c.Id, c.ClaimantName, c.ClaimantType, Domain.Registry.PhoneNumber.Mask(c.Phone), c.Units, c.PledgedBy, c.Source, c.Status, c.NamedPublicly))
                .ToList();
            // The beneficiary's name and story: a view of a person's record, audited like the file itself.
            db.RecordRead(nameof(Wish), id.ToString(), extra.StationId, extra.RegionPrefix, "wish with beneficiary");
            await db.SaveChangesAsync(ct);
            var photos = await db.WishPhotos.AsNoTracking().Where(p => p.WishId == id).OrderBy(p => p.UploadedAt)
                .Select(p => new PhotoItem(p.Id, db.WishDeliveries.Where(d => d.Id == p.DeliveryId).Select(d => (Guid?)d.ClaimId).FirstOrDefault(), p.Length))
                .ToListAsync(ct);
            return new Detail(item, extra.Story, extra.RejectionReason, extra.WantedBy, claims, photos);
        }

        private IQueryable<Item> Project(IQueryable<Wish> wishes)
        {
            var persons = db.PersonEntries();
            return wishes.Select(w => new Item(w.Id, w.PersonId, persons.Where(p => p.Id == w.PersonId).Select(p => p.Name).First(), w.PublicName, w.Group, w.Kind, w.Category, w.Description,
                w.UnitValue, w.Quantity, w.UnitsClaimed, w.UnitsDelivered, w.Status, w.CreatedOn, w.Version));
        }
    }
}
