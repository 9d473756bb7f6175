using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Access;
using Shegong.Domain.Regions;
using Shegong.Domain.Stations;
using Shegong.Domain.Statistics;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Home;

/// <summary>
/// The figures of the caller's scope (or of one region inside it): stations built and operating, townships,
/// communities, community social work rooms and users, with coverage = built / townships and effective coverage =
/// operating / townships. Every figure is a count of the underlying rows, so a city equals the sum of its districts.
/// </summary>
public static class GetHomeFigures
{
    public sealed record Result(
        string ScopeName, string ScopeCode, string? StationName, Guid? StationId,
        int Townships, int Communities, int StationsBuilt, int StationsOperating, int Rooms, int Users)
    {
        public decimal? Coverage => Percent.Of(StationsBuilt, Townships);
        public decimal? EffectiveCoverage => Percent.Of(StationsOperating, Townships);
    }

    public sealed class Handler(ShegongDbContext db)
    {
        /// <param name="regionCode">A region inside the caller's scope; null for the caller's whole scope.</param>
        public async Task<Result?> HandleAsync(string? regionCode, CancellationToken ct = default)
        {
            var scope = db.Scope;
            if (scope.Kind == ScopeKind.Station)
            {
                if (regionCode is not null) return null;
                var station = await db.Stations.AsNoTracking().SingleOrDefaultAsync(ct);
                if (station is null) return null;
                var township = await db.Regions.AsNoTracking().SingleAsync(r => r.Id == station.RegionId, ct);
                var prefixLike = station.RegionPrefix;
                return new Result(township.Name, township.Code, station.Name, station.Id,
                    1,
                    await db.Regions.CountAsync(r => r.Level == RegionLevel.Community && r.Prefix.StartsWith(prefixLike), ct),
                    1, station.Status == StationStatus.Operating ? 1 : 0,
                    await db.SocialWorkRooms.CountAsync(ct),
                    await db.Users.CountAsync(u => u.StationId == station.Id, ct));
            }

            Region? region;
            if (regionCode is null)
                region = scope.IsAll ? null : await db.Regions.AsNoTracking().SingleOrDefaultAsync(r => r.Prefix == scope.RegionPrefix, ct);
            else
            {
                if (!RegionCode.TryParse(regionCode, out var code, out _)) return null;
                if (!scope.CoversRegion(code.Prefix)) return null;
                region = await db.Regions.AsNoTracking().SingleOrDefaultAsync(r => r.Prefix == code.Prefix, ct);
                if (region is null) return null;
            }
            var prefix = region?.Prefix ?? "";
            var stations = db.Stations.AsNoTracking().Where(s => s.RegionPrefix.StartsWith(prefix));
            return new Result(region?.Name ?? "", region?.Code ?? "", null, null,
                await db.Regions.CountAsync(r => r.Level == RegionLevel.Township && r.Prefix.StartsWith(prefix), ct),
                await db.Regions.CountAsync(r => r.Level == RegionLevel.Community && r.Prefix.StartsWith(prefix), ct),
                await stations.CountAsync(ct),
                await stations.CountAsync(s => s.Status == StationStatus.Operating, ct),
                await db.SocialWorkRooms.CountAsync(r => r.RegionPrefix.StartsWith(prefix), ct),
                await db.Users.CountAsync(u => u.RegionPrefix.StartsWith(prefix), ct));
        }
    }
}
