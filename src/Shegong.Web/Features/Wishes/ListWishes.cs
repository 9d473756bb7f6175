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
        ClaimSource Source, ClaimStatus Status, bool NamedPublicly, DateOnly ClaimedOn, DateOnly? ClosedOn, IReadOnlyList<DeliveryItem> Deliveries);
    /// <summary>接单: one delivery of a claim, with its evidence photos (ids; <c>/api/v1/wishes/{id}/photos/{photoId}</c>).</summary>
    public sealed record DeliveryItem(Guid Id, int Units, DateOnly DeliveredOn, string Note, string RecordedBy, IReadOnlyList<Guid> PhotoIds);
    /// <summary>回访: what the return visit found, who made it (empty on records from before it was kept) and when.</summary>
    public sealed record ReturnVisitItem(DateOnly VisitedOn, bool Fulfilled, int Quality, int Satisfaction, int BeneficiaryRating, string Note, string VisitedBy);
    /// <summary>A photo of the wish itself (<paramref name="ClaimId"/> null) or of the delivery of a claim.</summary>
    public sealed record PhotoItem(Guid Id, Guid? ClaimId, int Length);
    /// <summary>
    /// The wish's dates: recorded, submitted for review, published on the board, first claimed (the earliest claim
    /// that was not withdrawn or released; null while none stands), delivered in full, closed by the return visit.
    /// </summary>
    public sealed record Dates(DateOnly CreatedOn, DateOnly? SubmittedOn, DateOnly? PublishedOn, DateOnly? ClaimedOn, DateOnly? DeliveredOn, DateOnly? ClosedOn);
    public sealed record Detail(Item Wish, string Story, string RejectionReason, DateOnly? WantedBy, IReadOnlyList<ClaimItem> Claims,
        IReadOnlyList<PhotoItem> Photos, ReturnVisitItem? ReturnVisit, Guid StationId, Dates Dates);

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
            var extra = await db.Wishes.AsNoTracking().Where(w => w.Id == id)
                .Select(w => new { w.Story, w.RejectionReason, w.WantedBy, w.StationId, w.RegionPrefix, w.ReturnVisit, w.ClosedOn, w.SubmittedOn, w.PublishedOn, w.DeliveredOn })
                .SingleAsync(ct);
            var deliveries = await db.WishDeliveries.AsNoTracking().Where(d => d.WishId == id).OrderBy(d => d.DeliveredOn).ThenBy(d => d.Id)
                .Select(d => new { d.Id, d.ClaimId, d.Units, d.DeliveredOn, d.Note, By = db.Users.Where(u => u.Id == d.RecordedBy).Select(u => u.DisplayName).FirstOrDefault() })
                .ToListAsync(ct);
            // The beneficiary's name and story: a view of a person's record, audited like the file itself.
            db.RecordRead(nameof(Wish), id.ToString(), extra.StationId, extra.RegionPrefix, "wish with beneficiary");
            await db.SaveChangesAsync(ct);
            var photoRows = await db.WishPhotos.AsNoTracking().Where(p => p.WishId == id).OrderBy(p => p.UploadedAt)
                .Select(p => new { p.Id, p.DeliveryId, p.Length }).ToListAsync(ct);
            var claimOfDelivery = deliveries.ToDictionary(d => d.Id, d => d.ClaimId);
            var photos = photoRows.Select(p => new PhotoItem(p.Id, p.DeliveryId is { } did ? claimOfDelivery.GetValueOrDefault(did) : null, p.Length)).ToList();
            var claims = (await db.Claims.AsNoTracking().Where(c => c.WishId == id).OrderBy(c => c.ClaimedOn).ThenBy(c => c.Id).ToListAsync(ct))
                .Select(c => new ClaimItem(c.Id, c.ClaimantName, c.ClaimantType, Domain.Registry.PhoneNumber.Mask(c.Phone), c.Units, c.PledgedBy, c.Source, c.Status,
                    c.NamedPublicly, c.ClaimedOn, c.ClosedOn,
                    deliveries.Where(d => d.ClaimId == c.Id).Select(d => new DeliveryItem(d.Id, d.Units, d.DeliveredOn, d.Note, d.By ?? "",
                        photoRows.Where(p => p.DeliveryId == d.Id).Select(p => p.Id).ToList())).ToList()))
                .ToList();
            ReturnVisitItem? returnVisit = null;
            if (extra.ReturnVisit is { } rv && extra.ClosedOn is { } visitedOn)
            {
                var by = rv.RecordedBy is { } uid ? await db.Users.AsNoTracking().Where(u => u.Id == uid).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) : null;
                returnVisit = new ReturnVisitItem(visitedOn, rv.Fulfilled, rv.Quality, rv.Satisfaction, rv.BeneficiaryRating, rv.Note, by ?? "");
            }
            var claimedOn = claims.Where(c => c.Status is ClaimStatus.Active or ClaimStatus.Delivered).Select(c => (DateOnly?)c.ClaimedOn).Min();
            var dates = new Dates(item.CreatedOn, extra.SubmittedOn, extra.PublishedOn, claimedOn, extra.DeliveredOn, extra.ClosedOn);
            return new Detail(item, extra.Story, extra.RejectionReason, extra.WantedBy, claims, photos, returnVisit, extra.StationId, dates);
        }

        private IQueryable<Item> Project(IQueryable<Wish> wishes)
        {
            var persons = db.PersonEntries();
            return wishes.Select(w => new Item(w.Id, w.PersonId, persons.Where(p => p.Id == w.PersonId).Select(p => p.Name).First(), w.PublicName, w.Group, w.Kind, w.Category, w.Description,
                w.UnitValue, w.Quantity, w.UnitsClaimed, w.UnitsDelivered, w.Status, w.CreatedOn, w.Version));
        }
    }
}
