using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Registry;
using Shegong.Domain.Wishes;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Wishes.Dispatch;

/// <summary>The station's donor pool (phones and e-mails masked), one donor for its edit form, and past claimants not yet in the pool.</summary>
public static class ListDonors
{
    public sealed record Item(Guid Id, string Name, ClaimantType Type, string PhoneMasked, string EmailMasked, IReadOnlyList<WishCategory> Categories,
        IReadOnlyList<string> Areas, decimal Budget, int Capacity, bool Active, string? UserName, int OpenOffers, int Version);
    public sealed record PastClaimant(Guid ClaimId, string Name, ClaimantType Type, string PhoneMasked, DateOnly ClaimedOn);

    public sealed class Handler(ShegongDbContext db)
    {
        public Task<IReadOnlyList<Item>> HandleAsync(CancellationToken ct = default) => ListAsync(db.Donors.AsNoTracking(), ct);

        public async Task<Item?> GetAsync(Guid id, CancellationToken ct = default) =>
            (await ListAsync(db.Donors.AsNoTracking().Where(d => d.Id == id), ct)).SingleOrDefault();

        private async Task<IReadOnlyList<Item>> ListAsync(IQueryable<Donor> donors, CancellationToken ct)
        {
            var rows = await donors.OrderByDescending(d => d.Active).ThenBy(d => d.Name)
                .Select(d => new
                {
                    Donor = d,
                    Open = db.DispatchOffers.Count(o => o.DonorId == d.Id && o.Status == OfferStatus.Offered),
                }).ToListAsync(ct);
            // A donor's linked account is bound to a region of its own, not to the station: its user name is shown
            // whatever the scope. A query of its own: lifting a filter inside the donors' query would lift theirs too.
            var ids = rows.Where(r => r.Donor.UserId != null).Select(r => r.Donor.UserId!.Value).Distinct().ToList();
            var names = ids.Count == 0 ? [] : await db.Users.IgnoreQueryFilters(ShegongDbContext.ScopeFilters).AsNoTracking()
                .Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.UserName, ct);
            return rows.Select(r => ToItem(r.Donor, r.Donor.UserId is { } uid ? names.GetValueOrDefault(uid) : null, r.Open)).ToList();
        }

        /// <summary>Recent claimants of the station's wishes whose phone is not yet a donor's (for "add from past claimants").</summary>
        /// <summary>A donor's full phone number, to call them about an offer; the view is audited.</summary>
        public async Task<string?> RevealPhoneAsync(Guid id, CancellationToken ct = default)
        {
            var d = await db.Donors.AsNoTracking().Where(x => x.Id == id).Select(x => new { x.Phone, x.StationId, x.RegionPrefix }).SingleOrDefaultAsync(ct);
            if (d is null) return null;
            db.RecordRead(nameof(Donor), id.ToString(), d.StationId, d.RegionPrefix, "donor's full phone number");
            await db.SaveChangesAsync(ct);
            return d.Phone;
        }

        public async Task<IReadOnlyList<PastClaimant>> PastClaimantsAsync(CancellationToken ct = default)
        {
            var known = (await db.Donors.AsNoTracking().Select(d => d.Phone).ToListAsync(ct)).ToHashSet();
            var claims = await db.Claims.AsNoTracking().OrderByDescending(c => c.ClaimedOn).Take(200)
                .Select(c => new { c.Id, c.ClaimantName, c.ClaimantType, c.Phone, c.ClaimedOn }).ToListAsync(ct);
            return claims.Where(c => !known.Contains(c.Phone)).DistinctBy(c => c.Phone).Take(20)
                .Select(c => new PastClaimant(c.Id, c.ClaimantName, c.ClaimantType, PhoneNumber.Mask(c.Phone), c.ClaimedOn)).ToList();
        }

        private static Item ToItem(Donor d, string? userName, int open) => new(d.Id, d.Name, d.Type, PhoneNumber.Mask(d.Phone), MaskEmail(d.Email),
            d.CategoryList, d.AreaList, d.Budget, d.Capacity, d.Active, userName, open, d.Version);

        /// <summary>zhang.san@example.com → z***@example.com.</summary>
        public static string MaskEmail(string email) => email.IndexOf('@') is var at and > 0 ? email[..1] + "***" + email[at..] : "";
    }
}
