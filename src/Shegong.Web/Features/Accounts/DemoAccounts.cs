using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Access;
using Shegong.Web.Infrastructure.Auth;
using Shegong.Web.Infrastructure.Data;
using Shegong.Web.Infrastructure.Seed;

namespace Shegong.Web.Features.Accounts;

/// <summary>
/// The roles and one demo account per role, bound to the demo stations and regions. Passwords:
/// <c>Seed:DemoPassword</c>, or random and printed once.
/// </summary>
public sealed class DemoAccounts(
    ShegongDbContext db,
    UserManager<AppUser> users,
    RoleManager<IdentityRole<Guid>> roles,
    IConfiguration config) : IDemoSeedStep
{
    public sealed record DemoAccount(string UserName, string DisplayName, string Role, string? StationTownship, string? RegionPrefix);

    // 长洲街道 (440112010) is the Guangzhou street of the seed articles.
    public static readonly IReadOnlyList<DemoAccount> Accounts =
    [
        new("admin", "系统管理员", Roles.Administrator, null, "44"),
        new("worker", "李社工", Roles.SocialWorker, "440112010", null),
        new("manager", "陈站长", Roles.StationManager, "440112010", null),
        new("worker2", "王社工", Roles.SocialWorker, "440106001", null),
        new("supervisor", "周督导", Roles.Supervisor, null, "440112"),
        new("officer", "黄科长", Roles.CivilAffairsOfficer, null, "440112"),
        new("cityofficer", "刘处长", Roles.CivilAffairsOfficer, null, "4401"),
        new("org", "阳光社工服务中心", Roles.SocialOrganization, null, "440112"),
        new("volunteer", "赵志愿者", Roles.Volunteer, "440112010", null),
        new("donor", "爱心企业联络人", Roles.Donor, null, "4401"),
    ];

    public async Task SeedAsync(DemoSeedContext demo, CancellationToken ct)
    {
        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole<Guid>(role));

        var regions = await db.Regions.ToDictionaryAsync(r => r.Prefix, ct);
        var stations = await db.Stations.IgnoreQueryFilters().ToDictionaryAsync(s => s.RegionPrefix, ct);
        var fixedPassword = config["Seed:DemoPassword"];
        var printed = new List<string>();
        foreach (var a in Accounts)
        {
            var user = new AppUser { UserName = a.UserName, DisplayName = a.DisplayName };
            if (a.StationTownship is { } t)
            {
                var station = stations[t];
                user.StationId = station.Id;
                user.RegionPrefix = station.RegionPrefix;
            }
            else
            {
                var region = regions[a.RegionPrefix!];
                user.RegionId = region.Id;
                user.RegionPrefix = region.Prefix;
            }
            var password = string.IsNullOrEmpty(fixedPassword) ? RandomPassword() : fixedPassword;
            var created = await users.CreateAsync(user, password);
            if (!created.Succeeded) throw new InvalidOperationException($"Demo user {a.UserName}: {created.Errors.First().Description}");
            await users.AddToRoleAsync(user, a.Role);
            printed.Add($"  {a.UserName,-12} {a.Role,-20} {(string.IsNullOrEmpty(fixedPassword) ? password : "(Seed:DemoPassword)")}");
        }
        demo.Summary.Add("Shegong demo data created (广州市黄埔区、天河区). Demo accounts — shown only this once:");
        demo.Summary.AddRange(printed);
    }

    private static string RandomPassword()
    {
        const string letters = "abcdefghjkmnpqrstuvwxyz";
        const string digits = "23456789";
        var chars = Enumerable.Range(0, 10).Select(n => n % 3 == 2 ? digits[RandomNumberGenerator.GetInt32(digits.Length)] : letters[RandomNumberGenerator.GetInt32(letters.Length)]);
        return new string(chars.ToArray());
    }
}
