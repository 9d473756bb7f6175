using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Shegong.Domain.Wishes;
using Shegong.Web.Features.Statistics;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Wishes;

/// <summary>
/// 公示: a station's fulfilled wishes of a period, public and anonymised — surname + 某, age band, the wish, its
/// value, the delivery date and the beneficiary's own rating — with the claimants who agreed to be named, and totals.
/// </summary>
public static class GetDisclosure
{
    public sealed record Query(Guid? StationId, string? Period);
    public sealed record Line(string PublicName, string AgeBand, WishGroup Group, WishCategory Category, string Description, decimal Value,
        DateOnly DeliveredOn, IReadOnlyList<string> Claimants, int? BeneficiaryRating);
    public sealed record StationOption(Guid Id, string Name);
    public sealed record Result(IReadOnlyList<StationOption> Stations, Guid? StationId, string StationName, string Period, DateOnly Start, DateOnly End,
        IReadOnlyList<Line> Lines, int Fulfilled, decimal TotalValue, int NamedClaimants, int AnonymousClaims, StationContacts.Contact? Contact = null)
    {
        /// <summary>The period asked for does not parse: nothing is shown for it (never silently another period).</summary>
        public bool BadPeriod { get; init; }
    }

    public sealed class Handler(ShegongDbContext db, IStringLocalizer<SharedResource> l)
    {
        public async Task<Result> HandleAsync(Query q, CancellationToken ct = default)
        {
            var badPeriod = !string.IsNullOrWhiteSpace(q.Period) && !StatPeriod.TryParse(q.Period, out _);
            var period = StatPeriod.TryParse(q.Period, out var p) ? p : StatPeriod.CurrentMonth(ChinaTime.Today);
            // Public: across stations on purpose, only stations that have something to disclose, only anonymised fields.
            var fulfilled = db.Wishes.IgnoreQueryFilters().AsNoTracking()
                .Where(w => (w.Status == WishStatus.Delivered || w.Status == WishStatus.Closed) && w.DeliveredOn != null);
            var stationIds = await fulfilled.Select(w => w.StationId).Distinct().ToListAsync(ct);
            var stations = await db.Stations.IgnoreQueryFilters().AsNoTracking().Where(s => stationIds.Contains(s.Id))
                .OrderBy(s => s.RegionPrefix).Select(s => new StationOption(s.Id, s.Name)).ToListAsync(ct);
            // No station chosen: the one that fulfilled a wish most recently (a visitor expects the latest results first).
            var latest = stations.Count == 0 ? (Guid?)null
                : await fulfilled.OrderByDescending(w => w.DeliveredOn).ThenByDescending(w => w.Id).Select(w => (Guid?)w.StationId).FirstAsync(ct);
            var station = stations.FirstOrDefault(s => s.Id == q.StationId) ?? stations.FirstOrDefault(s => s.Id == latest);
            if (station is null) return new Result(stations, null, "", period.Code, period.Start, period.End, [], 0, 0, 0, 0);
            if (badPeriod)
                return new Result(stations, station.Id, station.Name, "", period.Start, period.End, [], 0, 0, 0, 0,
                    (await StationContacts.GetAsync(db, [station.Id], ct)).FirstOrDefault()) { BadPeriod = true };

            var (start, end) = (period.Start, period.End);
            var wishes = await fulfilled.Where(w => w.StationId == station.Id && w.DeliveredOn >= start && w.DeliveredOn <= end)
                .OrderBy(w => w.DeliveredOn).ThenBy(w => w.Id).ToListAsync(ct);
            var ids = wishes.Select(w => w.Id).ToList();
            var claims = await db.Claims.IgnoreQueryFilters().AsNoTracking()
                .Where(c => ids.Contains(c.WishId) && c.Status == ClaimStatus.Delivered)
                .Select(c => new { c.WishId, c.ClaimantName, c.NamedPublicly }).ToListAsync(ct);
            var year = ChinaTime.Today.Year;
            var lines = wishes.Select(w => new Line(w.PublicName, ListBoard.AgeBand(l, year - w.BeneficiaryBirthYear), w.Group, w.Category, w.Description,
                w.UnitValue * w.Quantity, w.DeliveredOn!.Value,
                claims.Where(c => c.WishId == w.Id).Select(c => c.NamedPublicly ? c.ClaimantName : l["Disclosure.Anonymous"].Value).Distinct().ToList(),
                w.ReturnVisit?.BeneficiaryRating)).ToList();
            var contact = (await StationContacts.GetAsync(db, [station.Id], ct)).FirstOrDefault();
            return new Result(stations, station.Id, station.Name, period.Code, start, end, lines, lines.Count, lines.Sum(x => x.Value),
                claims.Where(c => c.NamedPublicly).Select(c => c.ClaimantName).Distinct().Count(), claims.Count(c => !c.NamedPublicly), contact);
        }
    }
}
