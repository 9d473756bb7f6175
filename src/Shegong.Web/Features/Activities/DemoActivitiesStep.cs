using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Activities;
using Shegong.Domain.Registry;
using Shegong.Web.Features.Registry.Contracts;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Data;
using Shegong.Web.Infrastructure.Seed;

namespace Shegong.Web.Features.Activities;

/// <summary>
/// A support group of 长洲街道 with four members and its first session, and two community activities
/// (<c>Seed:DemoActivities=false</c> leaves them out, as the integration-test host does).
/// </summary>
public sealed class DemoActivitiesStep(ShegongDbContext db, IConfiguration config) : IDemoSeedStep
{
    public async Task SeedAsync(DemoSeedContext demo, CancellationToken ct)
    {
        if (!config.GetValue("Seed:DemoActivities", true)) return;
        var station = await db.Stations.IgnoreQueryFilters().Where(s => s.RegionPrefix == "440112010").Select(s => new { s.Id, s.RegionPrefix }).SingleOrDefaultAsync(ct);
        if (station is null) return;
        var workers = await db.StationWorkersAsync(station.Id, ct);
        if (workers.Count == 0) return;
        var (lead, leadName) = workers[0];
        var members = await db.PersonEntries().Where(p => p.StationId == station.Id && p.Status == PersonStatus.Active)
            .OrderBy(p => p.Id).Select(p => p.Id).Take(4).ToListAsync(ct);
        var today = ChinaTime.Today;

        var group = Group.Create(station.Id, station.RegionPrefix, "独居长者互助小组", "减少独居长者的孤独感，建立邻里互助关系", GroupType.Support, lead, null, 6, today);
        db.Set<Group>().Add(group);
        foreach (var m in members) db.Set<GroupMember>().Add(group.Admit(m, station.Id, today));
        group.MoveTo(GroupStage.Forming, null, today);
        db.Set<Activity>().Add(group.HoldSession(1, today, new TimeOnly(9, 30), 90, "相互认识", "破冰游戏；组员分享独居生活中的困难", lead, leadName,
            members, members.Take(3).ToList(), today));

        db.Set<Activity>().Add(Activity.Community(station.Id, station.RegionPrefix, ActivityKind.Talk, "防范电信诈骗讲座", today.AddDays(-7), new TimeOnly(14, 30), 60,
            "长洲社区党群服务中心", lead, leadName, 42, "讲解冒充公检法、刷单返利等常见手法", today));
        db.Set<Activity>().Add(Activity.Community(station.Id, station.RegionPrefix, ActivityKind.Class, "长者智能手机课堂", today.AddDays(-2), new TimeOnly(9, 0), 90,
            "长洲社区活动室", lead, leadName, 18, "教长者使用健康码和视频通话", today));
        await db.SaveChangesAsync(ct);
        demo.Summary.Add("小组与社区活动：长洲街道 1 个小组（形成期，4 名成员，1 节）、2 场社区活动");
    }
}
