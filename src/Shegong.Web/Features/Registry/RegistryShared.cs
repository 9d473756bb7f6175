using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Shegong.Domain.Access;
using Shegong.Domain.Registry;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Auth;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Registry;

internal static class RegistryErrors
{
    /// <summary>"身份证号：校验位不正确…" for each broken rule.</summary>
    public static List<(string Field, string Message)> Describe(IStringLocalizer l, IEnumerable<RuleError> errors) =>
        errors.Select(e =>
        {
            // A person's "Name" is 姓名, not the 名称 of stations and organizations.
            var field = l[e.Field == "Name" ? "Field.PersonName" : "Field." + e.Field];
            var text = l[e.Code, ErrorHandling.Args(l, e.Args)];
            return (e.Field, field.ResourceNotFound ? text.Value : $"{field}：{text}");
        }).ToList();
}

/// <summary>Station pickers for Registry's own pages and the seeders; other modules use <see cref="Contracts.PersonDirectory"/>.</summary>
internal static class RegistryQueries
{
    /// <summary>The communities (社区/村) under the caller's station, in code order, for pickers.</summary>
    public static async Task<List<(string Code, string Name)>> StationCommunitiesAsync(this ShegongDbContext db, CancellationToken ct)
    {
        var prefix = db.Scope.RegionPrefix;
        var rows = await db.Regions.AsNoTracking().Where(r => r.Prefix.StartsWith(prefix) && r.Level == Shegong.Domain.Regions.RegionLevel.Community)
            .OrderBy(r => r.Prefix).Select(r => new { r.Code, r.Name }).ToListAsync(ct);
        return rows.Select(r => (r.Code, r.Name)).ToList();
    }

    /// <summary>Responsible workers a station may choose: its own social workers and managers.</summary>
    public static async Task<List<(Guid Id, string Name)>> StationWorkersAsync(this ShegongDbContext db, Guid stationId, CancellationToken ct)
    {
        string[] workerRoles = [.. Policies.RolesOf(Policies.StationWorkers)];
        var roleIds = await db.Roles.Where(r => workerRoles.Contains(r.Name!)).Select(r => r.Id).ToListAsync(ct);
        var users = await db.Users.AsNoTracking()
            .Where(u => u.StationId == stationId && db.UserRoles.Any(ur => ur.UserId == u.Id && roleIds.Contains(ur.RoleId)))
            .OrderBy(u => u.DisplayName).Select(u => new { u.Id, u.DisplayName }).ToListAsync(ct);
        return users.Select(u => (u.Id, u.DisplayName)).ToList();
    }
}
