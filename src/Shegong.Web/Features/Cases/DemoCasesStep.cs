using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Cases;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Data;
using Shegong.Web.Infrastructure.Seed;

namespace Shegong.Web.Features.Cases;

/// <summary>
/// One demo case in 长洲街道 for the demo worker (李社工): an elder on file, in assessment, with a linkage meeting whose
/// decision is on the worker's tasks, so that the case, meeting and task pages have something to show on a first start; the demo supervisor (周督导) is assigned to 长洲, with one supervision note about the case (<c>Seed:DemoCases=false</c> leaves them out).
/// </summary>
public sealed class DemoCasesStep(ShegongDbContext db, IConfiguration config) : IDemoSeedStep
{
    public async Task SeedAsync(DemoSeedContext demo, CancellationToken ct)
    {
        if (!config.GetValue("Seed:DemoCases", true)) return;
        var worker = await db.Users.Where(u => u.UserName == "worker").Select(u => new { u.Id, u.StationId }).SingleOrDefaultAsync(ct);
        if (worker?.StationId is not { } station) return;
        var supervisor = await db.Users.Where(u => u.UserName == "supervisor").Select(u => (Guid?)u.Id).SingleOrDefaultAsync(ct);
        var stationPrefix = await db.Stations.Where(s => s.Id == station).Select(s => s.RegionPrefix).SingleAsync(ct);
        if (supervisor is { } sup && !await db.Set<SupervisorAssignment>().AnyAsync(a => a.UserId == sup && a.StationId == station, ct))
        {
            db.Set<SupervisorAssignment>().Add(SupervisorAssignment.Of(sup, station, stationPrefix, ChinaTime.Today));
            await db.SaveChangesAsync(ct);
        }
        var person = await db.Persons.AsNoTracking().Where(p => p.StationId == station).OrderBy(p => p.BirthDate).ThenBy(p => p.Id)
            .Select(p => new { p.Id, p.StationId, p.RegionPrefix, p.HouseholdId }).FirstOrDefaultAsync(ct);
        if (person is null) return;
        var today = ChinaTime.Today;
        var c = Case.Open(new VisitSubjectRef(person.Id, person.StationId, person.RegionPrefix, person.HouseholdId), CaseSource.Outreach, RiskLevel.High,
            worker.Id, [], IntakeRecord.Checked("走访发现腹部肿块，担心医疗费用不肯就医", "希望有人陪同就医，了解费用减免"), today, worker.Id);
        c.Advance(CaseStage.Assessment, today, worker.Id);
        db.Set<Case>().Add(c);
        db.Set<CaseStageChange>().AddRange(c.NewChanges);
        // A linkage meeting about it with the street office and the hospital; its decision is on the worker's tasks.
        var (meeting, links, tasks) = LinkageMeeting.Record(today, [new("长洲街道办事处", "李主任", "主任"), new("黄埔区人民医院", "王医生", "外科")],
            [(c.Id, c)], "商议陪同就医和医疗费用减免：医院安排检查，街道协助申请大病医疗救助。",
            [new("陪同到医院做检查", worker.Id, null, today.AddDays(2), c.Id)], id => id == worker.Id, worker.Id, today, DateTime.UtcNow);
        db.Set<LinkageMeeting>().Add(meeting);
        db.Set<LinkageMeetingCase>().AddRange(links);
        db.Set<CaseTask>().AddRange(tasks);
        if (supervisor is { } by)
            db.Set<SupervisionNote>().Add(SupervisionNote.Write(station, stationPrefix, SupervisionKind.Individual, [worker.Id], (c.Id, station, [worker.Id]), today,
                "高风险独居老人的就医动员", "先了解老人对费用的顾虑，再联动居委会和医院说明大病保险；下次督导前完成预估。", 60, by, today, DateTime.UtcNow));
        await db.SaveChangesAsync(ct);
    }
}
