using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Regions;
using Shegong.Domain.Stations;
using Shegong.Web.Infrastructure.Data;
using Shegong.Web.Infrastructure.Seed;

namespace Shegong.Web.Features.Stations;

/// <summary>Stations in seven streets of the demo area (five operating) and community social work rooms.</summary>
public sealed class DemoStations(ShegongDbContext db) : IDemoSeedStep
{
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

    public async Task SeedAsync(DemoSeedContext demo, CancellationToken ct)
    {
        var regions = await db.Regions.ToDictionaryAsync(r => r.Prefix, ct);
        var stations = new Dictionary<string, Station>();
        var day = new DateOnly(2024, 3, 1);
        var i = 0;
        foreach (var (township, operating, org) in StationPlan)
        {
            if (!regions.TryGetValue(township, out var region)) continue;
            var station = Station.Create(region, region.Name + "社工站", $"广州市{regions[township[..6]].Name}{region.Name}综合服务中心二楼", org, day.AddDays(i * 20));
            station.AddStaff("陈站长", "站长", "社会工作师", "13800138000");
            station.AddStaff("李社工", "驻站社工", "助理社会工作师", "13900139000");
            var checkedOn = day.AddDays(i * 20 + 30);
            station.SetChecklist(Enum.GetValues<SixHasItem>().Select(item => new SixHasEntry(item, operating || item <= SixHasItem.Staff,
                item switch
                {
                    SixHasItem.Premises => "服务场地 120 平方米，含个案室、活动室",
                    SixHasItem.Equipment => "电脑 3 台、打印机 1 台",
                    SixHasItem.Staff => "站长、驻站社工各 1 名（见工作人员名单）",
                    SixHasItem.Rules => operating ? "值班、督导、档案管理制度已上墙" : "",
                    SixHasItem.Funding => operating ? "区财政购买服务，每年 30 万元" : "",
                    _ => operating ? "已开展探访、微心愿、志愿服务" : "",
                }, checkedOn)), "区民政局 王科长", checkedOn);
            if (operating) station.StartOperating(day.AddDays(i * 20 + 45));
            station.SetContact($"020-8{(2200000 + i * 1111):D7}", "周一至周五 8:30–12:00，14:00–17:30");
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
    }
}
