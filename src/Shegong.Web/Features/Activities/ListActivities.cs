using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Activities;
using Shegong.Web.Features.Registry.Contracts;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Activities;

/// <summary>
/// Community activities (社区活动) the caller's scope sees, newest first, optionally of one month (yyyy-MM); and one
/// activity, with the registry persons who came for the station's own staff only (an officer sees the headcount).
/// </summary>
public static class ListActivities
{
    public const int PageSize = 30;

    public sealed record Query(string? Month = null, int Page = 1);
    public sealed record Item(Guid Id, ActivityKind Kind, string Title, DateOnly HeldOn, TimeOnly? StartsAt, string Place, string OrganiserName,
        int ParticipantsCount, string Station);
    public sealed record Result(IReadOnlyList<Item> Items, int Total, int Page, int PageSize);
    public sealed record Attendee(Guid PersonId, string Name);
    public sealed record Detail(Guid Id, int Version, ActivityKind Kind, string Title, DateOnly HeldOn, TimeOnly? StartsAt, int DurationMinutes,
        string Place, Guid OrganiserId, string OrganiserName, int ParticipantsCount, string Summary, IReadOnlyList<Attendee>? Attendees);

    public sealed class Handler(ShegongDbContext db)
    {
        public async Task<Result?> HandleAsync(Query q, CancellationToken ct = default)
        {
            DateOnly? from = null;
            if (!string.IsNullOrWhiteSpace(q.Month))
            {
                if (!DateOnly.TryParseExact(q.Month.Trim() + "-01", "yyyy-MM-dd", out var first)) return null;
                from = first;
            }
            var to = from?.AddMonths(1);
            var page = Math.Max(1, q.Page);
            var list = db.Set<Activity>().AsNoTracking().Where(a => a.GroupId == null && (from == null || (a.HeldOn >= from && a.HeldOn < to)));
            var total = await list.CountAsync(ct);
            var items = await list.OrderByDescending(a => a.HeldOn).ThenByDescending(a => a.Id).Skip((page - 1) * PageSize).Take(PageSize)
                .Select(a => new Item(a.Id, a.Kind, a.Title, a.HeldOn, a.StartsAt, a.Place, a.OrganiserName, a.ParticipantsCount,
                    db.Stations.Where(s => s.Id == a.StationId).Select(s => s.Name).FirstOrDefault() ?? ""))
                .ToListAsync(ct);
            return new Result(items, total, page, PageSize);
        }

        public async Task<Detail?> GetAsync(Guid id, CancellationToken ct = default)
        {
            var a = await db.Set<Activity>().AsNoTracking().Where(x => x.Id == id && x.GroupId == null)
                .Select(x => new Detail(x.Id, x.Version, x.Kind, x.Title, x.HeldOn, x.StartsAt, x.DurationMinutes, x.Place, x.OrganiserId, x.OrganiserName,
                    x.ParticipantsCount, x.Summary, null)).SingleOrDefaultAsync(ct);
            if (a is null || !db.SeesPeople()) return a;
            var attendees = await (from x in db.Set<ActivityAttendance>().AsNoTracking().Where(x => x.ActivityId == id)
                                   join p in db.PersonEntries() on x.PersonId equals p.Id
                                   orderby x.Id
                                   select new Attendee(x.PersonId, p.Name)).ToListAsync(ct);
            return a with { Attendees = attendees };
        }
    }
}
