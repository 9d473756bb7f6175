using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Shegong.Domain.Access;
using Shegong.Domain.Regions;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Accounts;

/// <summary>
/// Checks what an account is bound to: a station for station roles, a region node for the others, and in both
/// cases something inside the administrator's own scope (stations are looked up through the scope filter).
/// </summary>
internal static class UserBinding
{
    public sealed record Resolved(Guid? StationId, Guid? RegionId, string RegionPrefix);

    public static async Task<Resolved?> ResolveAsync(ShegongDbContext db, IStringLocalizer l, string? role, Guid? stationId,
        string? regionCode, List<(string Field, string Message)> errors, CancellationToken ct)
    {
        if (role is null || !Roles.All.Contains(role))
        {
            errors.Add(("Role", l["Field.Role"] + "：" + l["User.RoleInvalid"]));
            return null;
        }
        if (Roles.IsStationBound(role))
        {
            if (stationId is null) { errors.Add(("StationId", l["Field.StationId"] + "：" + l["User.StationRequired"])); return null; }
            var station = await db.Stations.AsNoTracking().Where(s => s.Id == stationId).Select(s => new { s.Id, s.RegionPrefix }).SingleOrDefaultAsync(ct);
            if (station is null) { errors.Add(("StationId", l["Field.StationId"] + "：" + l["User.BindingOutsideScope"])); return null; }
            return new Resolved(station.Id, null, station.RegionPrefix);
        }
        if (string.IsNullOrWhiteSpace(regionCode)) { errors.Add(("RegionCode", l["Field.Binding"] + "：" + l["User.RegionRequired"])); return null; }
        if (!RegionCode.TryParse(regionCode, out var code, out var error)) { errors.Add(("RegionCode", l["Field.Binding"] + "：" + l[error, regionCode])); return null; }
        if (!db.Scope.CoversRegion(code.Prefix)) { errors.Add(("RegionCode", l["Field.Binding"] + "：" + l["User.BindingOutsideScope"])); return null; }
        var region = await db.Regions.AsNoTracking().Where(r => r.Prefix == code.Prefix).Select(r => new { r.Id, r.Prefix }).SingleOrDefaultAsync(ct);
        if (region is null) { errors.Add(("RegionCode", l["Field.Binding"] + "：" + l["Region.NotFound", code.Full])); return null; }
        return new Resolved(null, region.Id, region.Prefix);
    }
}
