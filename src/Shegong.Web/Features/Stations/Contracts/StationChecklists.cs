using Microsoft.EntityFrameworkCore;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Stations.Contracts;

/// <summary>A station's 六有 standing as other modules (the dashboard's comparison) may read it.</summary>
public sealed record StationSixHas(string RegionPrefix, int ItemsMet);

/// <summary>
/// Stations owns the 六有 checklist: how many items each station meets (the staffing item follows the staff list, see
/// <see cref="Shegong.Domain.Stations.Station.MinimumStaff"/>), for the stations under a region prefix in the caller's scope.
/// </summary>
public static class StationChecklists
{
    public static async Task<IReadOnlyList<StationSixHas>> SixHasUnderAsync(this ShegongDbContext db, string prefix, CancellationToken ct) =>
        (await db.Stations.AsNoTracking().Where(s => s.RegionPrefix.StartsWith(prefix)).Select(s => new { s.RegionPrefix, s.Checklist }).ToListAsync(ct))
            .Select(s => new StationSixHas(s.RegionPrefix, s.Checklist.Count(c => c.Met))).ToList();
}
