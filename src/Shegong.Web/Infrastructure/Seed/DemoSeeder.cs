using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Access;
using Shegong.Domain.Regions;
using Shegong.Domain.Stations;
using Shegong.Web.Features.Regions;
using Shegong.Web.Infrastructure.Auth;
using Shegong.Web.Infrastructure.Data;
using Shegong.Web.Infrastructure.Privacy;
using Shegong.Web.Features.Registry;
using Shegong.Domain.Visits;

namespace Shegong.Web.Infrastructure.Seed;

/// <summary>
/// The demo area: 广东省广州市 with 黄埔区 and 天河区 (real GB/T 2260 codes), stations in seven streets, community
/// social work rooms, and one account per role. Passwords: <c>Seed:DemoPassword</c>, or random and printed once.
/// </summary>
public sealed class DemoSeeder(
    ShegongDbContext db,
    ImportRegions.Handler importRegions,
    UserManager<AppUser> users,
    RoleManager<IdentityRole<Guid>> roles,
    IConfiguration config,
    LookupHasher hasher,
    DemoWishes demoWishes)
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

    private static readonly (string Township, bool Operating, string Org)[] StationPlan =
    [
        ("440112010", true, "广州市黄埔区启智社会工作服务中心"),
        ("440112001", true, "广州市黄埔区启智社会工作服务中心"),
        ("440112002", true, "广州市同心社会工作服务中心"),
        ("440112003", false, "广州市同心社会工作服务中心"),
        ("440106001", true, "广州市天河区展能社会工作服务中心"),
        ("440106003", true, "广州市天河区展能社会工作服务中心"),
        ("440106006", false, "广州市天河区阳光社会工作服务中心"),
    ];

    public async Task<bool> SeedIfEmptyAsync(TextWriter output, CancellationToken ct = default)
    {
        if (await db.Regions.IgnoreQueryFilters().AnyAsync(ct)) return false;
        await SeedAsync(output, ct);
        return true;
    }

    public async Task SeedAsync(TextWriter output, CancellationToken ct = default)
    {
        // Keys first, outside any transaction: on SQLite, creating them inside one would wait for its own lock.
        await db.PrepareEncryptionAsync(ct);
        await hasher.HashAsync("warm-up", ct);
        await using (var csv = typeof(DemoSeeder).Assembly.GetManifestResourceStream("Shegong.Web.Infrastructure.Seed.demo-regions.csv")!)
        {
            var result = await importRegions.HandleAsync(RegionFile.Read(csv, "demo-regions.csv"), ct);
            if (!result.Succeeded) throw new InvalidOperationException("Demo regions are invalid: " + result.Errors[0].Message);
        }

        var regions = await db.Regions.ToDictionaryAsync(r => r.Prefix, ct);
        var stations = new Dictionary<string, Station>();
        var day = new DateOnly(2024, 3, 1);
        var i = 0;
        foreach (var (township, operating, org) in StationPlan)
        {
            if (!regions.TryGetValue(township, out var region)) continue;
            var station = Station.Create(region, region.Name + "社工站", $"广州市{regions[township[..6]].Name}{region.Name}综合服务中心二楼", org, day.AddDays(i * 20));
            station.SetChecklist(Enum.GetValues<SixHasItem>().Select(item => new SixHasEntry(item, operating || item <= SixHasItem.Staff,
                item switch
                {
                    SixHasItem.Premises => "服务场地 120 平方米，含个案室、活动室",
                    SixHasItem.Equipment => "电脑 3 台、打印机 1 台",
                    SixHasItem.Staff => "驻站社工 3 名",
                    SixHasItem.Rules => operating ? "值班、督导、档案管理制度已上墙" : "",
                    SixHasItem.Funding => operating ? "区财政购买服务，每年 30 万元" : "",
                    _ => operating ? "已开展探访、微心愿、志愿服务" : "",
                })));
            if (operating) station.StartOperating(day.AddDays(i * 20 + 45));
            station.AddStaff("陈站长", "站长", "社会工作师", "13800138000");
            station.AddStaff("李社工", "驻站社工", "助理社会工作师", "13900139000");
            db.Stations.Add(station);
            stations[township] = station;
            i++;
        }

        foreach (var (township, station) in stations.Where(s => s.Value.Status == StationStatus.Operating))
        {
            foreach (var community in regions.Values.Where(r => r.Level == RegionLevel.Community && r.Prefix.StartsWith(township)).OrderBy(r => r.Prefix).Take(3))
                db.SocialWorkRooms.Add(SocialWorkRoom.Create(station, community, community.Name.Replace("居委会", "").Replace("委会", "") + "社工室", null, day.AddMonths(6)));
        }
        await db.SaveChangesAsync(ct);

        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole<Guid>(role));

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

        await SeedLedgersAsync(stations, regions, ct);
        // Micro-wishes at every step for 长洲街道 (Seed:DemoWishes=false leaves them out, as the test hosts do).
        if (config.GetValue("Seed:DemoWishes", true) && stations.TryGetValue("440112010", out var changzhou)) await demoWishes.SeedAsync(changzhou, ct);

        output.WriteLine("Shegong demo data created (广州市黄埔区、天河区). Demo accounts — shown only this once:");
        foreach (var line in printed) output.WriteLine(line);
    }

    /// <summary>Ledgers with visit histories for every operating station (长洲街道 the largest), some people overdue.</summary>
    private async Task SeedLedgersAsync(Dictionary<string, Station> stations, Dictionary<string, Region> regions, CancellationToken ct)
    {
        var hash = await hasher.HashFunctionAsync(ct);
        var generator = new LedgerGenerator(2026);
        var today = ChinaTime.Today;
        var rules = VisitRuleSet.Default();
        foreach (var (township, station) in stations.Where(s => s.Value.Status == StationStatus.Operating).OrderBy(s => s.Key))
        {
            var communities = regions.Values.Where(r => r.Level == RegionLevel.Community && r.Prefix.StartsWith(township))
                .OrderBy(r => r.Prefix).Take(4).Select(r => new LedgerGenerator.Community(r.Id, r.Prefix)).ToList();
            if (communities.Count == 0) continue;
            var workers = await db.StationWorkersAsync(station.Id, ct);
            var ledger = generator.Generate(township == "440112010" ? 60 : 25, communities, station.Id, workers, hash, rules, today);
            db.Households.AddRange(ledger.Households);
            db.Persons.AddRange(ledger.Persons);
            db.Visits.AddRange(ledger.Visits);
            db.Needs.AddRange(ledger.Needs);
        }
        db.SuppressEntityAudit = true;
        try { await db.SaveChangesAsync(ct); }
        finally { db.SuppressEntityAudit = false; }
    }

    private static string RandomPassword()
    {
        const string letters = "abcdefghjkmnpqrstuvwxyz";
        const string digits = "23456789";
        var chars = Enumerable.Range(0, 10).Select(n => n % 3 == 2 ? digits[RandomNumberGenerator.GetInt32(digits.Length)] : letters[RandomNumberGenerator.GetInt32(letters.Length)]);
        return new string(chars.ToArray());
    }
}
