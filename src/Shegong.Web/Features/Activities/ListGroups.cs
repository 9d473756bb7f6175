using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Activities;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Activities;

/// <summary>
/// The groups the caller's scope sees (a station its own; an officer those of the stations below, as counts: members
/// and sessions held, never who), newest first, optionally of one stage.
/// </summary>
public static class ListGroups
{
    public const int PageSize = 30;

    public sealed record Query(GroupStage? Stage = null, int Page = 1);
    public sealed record Item(Guid Id, string Name, GroupType Type, GroupStage Stage, int PlannedSessions, int SessionsHeld, int Members,
        DateOnly StartedOn, string Station);
    public sealed record Result(IReadOnlyList<Item> Items, int Total, int Page, int PageSize);

    public sealed class Handler(ShegongDbContext db)
    {
        public async Task<Result> HandleAsync(Query q, CancellationToken ct = default)
        {
            var page = Math.Max(1, q.Page);
            var groups = db.Set<Group>().AsNoTracking().Where(g => q.Stage == null || g.Stage == q.Stage);
            var total = await groups.CountAsync(ct);
            var items = await groups.OrderByDescending(g => g.StartedOn).ThenByDescending(g => g.Id).Skip((page - 1) * PageSize).Take(PageSize)
                .Select(g => new Item(g.Id, g.Name, g.Type, g.Stage, g.PlannedSessions,
                    db.Set<Activity>().Count(a => a.GroupId == g.Id),
                    db.Set<GroupMember>().Count(m => m.GroupId == g.Id),
                    g.StartedOn,
                    db.Stations.Where(s => s.Id == g.StationId).Select(s => s.Name).FirstOrDefault() ?? ""))
                .ToListAsync(ct);
            return new Result(items, total, page, PageSize);
        }
    }
}
