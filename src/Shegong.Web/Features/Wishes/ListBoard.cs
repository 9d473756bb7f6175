using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Regions;
using Shegong.Domain.Wishes;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Wishes;

/// <summary>
/// The public claim list (认领清单), no login: anonymised cards only — surname + 某, an age band, the group, the
/// community, the need in one sentence, the value and the units left. Never a full name, address, phone or ID.
/// </summary>
public static class ListBoard
{
    public sealed record Query(WishGroup? Group = null, WishCategory? Category = null, string? Area = null, decimal? MaxValue = null, int Page = 1, int PageSize = 24,
        Guid[]? Ids = null, Guid? StationId = null);
    public sealed record Card(Guid Id, string PublicName, string AgeBand, WishGroup Group, WishKind Kind, WishCategory Category, string Community,
        string Description, decimal UnitValue, int Quantity, int UnitsLeft, DateOnly? WantedBy, string Station, Guid StationId);
    public sealed record Result(IReadOnlyList<Card> Items, int Total, int Page, int PageSize);

    public sealed class Handler(ShegongDbContext db, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> l)
    {
        public async Task<Result> HandleAsync(Query q, CancellationToken ct = default)
        {
            // The board is public: it reads across stations on purpose and projects only anonymised fields.
            var wishes = db.Wishes.IgnoreQueryFilters().AsNoTracking()
                .Where(w => (w.Status == WishStatus.Published || w.Status == WishStatus.Dispatching) && w.UnitsClaimed < w.Quantity);
            if (q.Ids is { Length: > 0 } ids) wishes = wishes.Where(w => ids.Contains(w.Id));
            if (q.StationId is { } sid) wishes = wishes.Where(w => w.StationId == sid);
            if (q.Group is { } g) wishes = wishes.Where(w => w.Group == g);
            if (q.Category is { } c) wishes = wishes.Where(w => w.Category == c);
            if (q.MaxValue is { } max) wishes = wishes.Where(w => w.UnitValue <= max);
            if (!string.IsNullOrWhiteSpace(q.Area))
            {
                var prefix = RegionCode.TryParse(q.Area, out var code, out _) ? code.Prefix : "!"; // matches no region code (a NUL would be refused by PostgreSQL)
                wishes = wishes.Where(w => w.RegionPrefix.StartsWith(prefix));
            }
            var pageSize = Math.Clamp(q.PageSize, 1, 100);
            var page = Paging.Page(q.Page);
            var total = await wishes.CountAsync(ct);
            var rows = await wishes.OrderBy(w => w.PublishedOn).ThenBy(w => w.Id).Skip((page - 1) * pageSize).Take(pageSize)
                .Select(w => new
                {
                    w.Id, w.PublicName, w.BeneficiaryBirthYear, w.Group, w.Kind, w.Category, w.Description, w.UnitValue, w.Quantity, w.UnitsClaimed, w.WantedBy, w.StationId,
                    Community = db.Regions.Where(r => r.Prefix == w.RegionPrefix).Select(r => r.Name).FirstOrDefault(),
                    Station = db.Stations.IgnoreQueryFilters().Where(s => s.Id == w.StationId).Select(s => s.Name).First(),
                })
                .ToListAsync(ct);
            var year = ChinaTime.Today.Year;
            return new Result(rows.Select(r => new Card(r.Id, r.PublicName, AgeBand(l, year - r.BeneficiaryBirthYear), r.Group, r.Kind, r.Category,
                r.Community ?? "", r.Description, r.UnitValue, r.Quantity, r.Quantity - r.UnitsClaimed, r.WantedBy, r.Station, r.StationId)).ToList(), total, page, pageSize);
        }
    }

    /// <summary>
    /// "70多岁"; a child's school stage ("小学阶段"), not the exact age — next to a surname and a small community an
    /// exact age can point at one child. Close enough to picture, too coarse to identify.
    /// </summary>
    public static string AgeBand(Microsoft.Extensions.Localization.IStringLocalizer l, int age) => age switch
    {
        < 6 => l["Wish.AgeChild0"],
        < 12 => l["Wish.AgeChild1"],
        < 15 => l["Wish.AgeChild2"],
        < 18 => l["Wish.AgeChild3"],
        _ => l["Wish.AgeBand", age / 10 * 10],
    };
}
