using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Registry;
using Shegong.Domain.Visits;
using Shegong.Web.Features.Registry.Contracts;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Audit;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Visits;

/// <summary>
/// A worker's week (本周走访): who is overdue, who falls due by Sunday, and the visits already made this week —
/// for the signed-in worker's own people, or for the whole station.
/// </summary>
public static class GetWorkQueue
{
    public sealed record Query(bool Mine = true);
    public sealed record DueItem(Guid Id, string Name, int Age, FollowUpTier Tier, string Community, DateOnly? LastVisitOn, DateOnly NextVisitDue,
        int OverdueDays, bool EventPending);
    public sealed record DoneItem(Guid VisitId, Guid PersonId, string Name, DateOnly VisitedOn, VisitMethod Method);
    public sealed record Result(DateOnly WeekStart, DateOnly WeekEnd, IReadOnlyList<DueItem> Overdue, IReadOnlyList<DueItem> DueThisWeek, IReadOnlyList<DoneItem> DoneThisWeek);

    public sealed class Handler(ShegongDbContext db, IAuditContext who)
    {
        public async Task<Result> HandleAsync(Query q, CancellationToken ct = default)
        {
            var today = ChinaTime.Today;
            var weekStart = today.AddDays(-(((int)today.DayOfWeek + 6) % 7)); // Monday
            var weekEnd = weekStart.AddDays(6);
            var me = who.UserId;
            var persons = db.Persons.AsNoTracking().Where(p => p.Status == PersonStatus.Active && p.NextVisitDue <= weekEnd);
            if (q.Mine) persons = persons.Where(p => p.ResponsibleWorkerId == me);
            var due = (await persons.OrderBy(p => p.NextVisitDue).ThenByName(db).Take(500)
                    .Select(p => new
                    {
                        p.Id, p.Name, p.BirthDate, p.Tier, p.LastVisitOn, p.NextVisitDue, p.EventReportedOn,
                        Community = db.Regions.Where(r => r.Id == p.CommunityId).Select(r => r.Name).First(),
                    }).ToListAsync(ct))
                .Select(p => new DueItem(p.Id, p.Name, PersonRules.AgeOn(p.BirthDate, today), p.Tier, p.Community, p.LastVisitOn, p.NextVisitDue!.Value,
                    p.NextVisitDue < today ? today.DayNumber - p.NextVisitDue.Value.DayNumber : 0, p.EventReportedOn is not null))
                .ToList();
            var visits = db.Visits.AsNoTracking().Where(v => v.VisitedOn >= weekStart && v.VisitedOn <= weekEnd);
            if (q.Mine) visits = visits.Where(v => v.VisitorId == me);
            var done = await visits.OrderByDescending(v => v.VisitedOn).Take(200)
                .Select(v => new DoneItem(v.Id, v.PersonId, db.Persons.Where(p => p.Id == v.PersonId).Select(p => p.Name).First(), v.VisitedOn, v.Method))
                .ToListAsync(ct);
            return new Result(weekStart, weekEnd, due.Where(d => d.OverdueDays > 0).ToList(), due.Where(d => d.OverdueDays == 0).ToList(), done);
        }
    }
}
