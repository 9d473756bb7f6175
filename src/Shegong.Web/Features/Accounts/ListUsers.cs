using Shegong.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Accounts;

public static class ListUsers
{
    public sealed record Query(string? Search, string? Role, int Page = 1, int PageSize = 20);
    public sealed record Item(Guid Id, string UserName, string DisplayName, IReadOnlyList<string> Roles, string Binding, bool Locked);
    public sealed record Result(IReadOnlyList<Item> Items, int Total, int Page, int PageSize);

    public sealed class Handler(ShegongDbContext db)
    {
        public async Task<Result> HandleAsync(Query q, CancellationToken ct = default)
        {
            var users = db.Users.AsNoTracking();
            if (!string.IsNullOrWhiteSpace(q.Search))
            {
                var s = q.Search.Trim();
                users = users.Where(u => u.UserName!.Contains(s) || u.DisplayName.Contains(s));
            }
            if (!string.IsNullOrWhiteSpace(q.Role))
            {
                var roleId = db.Roles.Where(r => r.Name == q.Role).Select(r => r.Id);
                users = users.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && roleId.Contains(ur.RoleId)));
            }
            var pageSize = Math.Clamp(q.PageSize, 1, 100);
            var page = Paging.Page(q.Page);
            var total = await users.CountAsync(ct);
            var rows = await users.OrderBy(u => u.UserName).Skip((page - 1) * pageSize).Take(pageSize)
                .Select(u => new
                {
                    u.Id, u.UserName, u.DisplayName, u.LockedByAdmin,
                    Roles = db.UserRoles.Where(ur => ur.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name!).ToList(),
                    Station = db.Stations.Where(s => s.Id == u.StationId).Select(s => s.Name).FirstOrDefault(),
                    Region = db.Regions.Where(r => r.Id == u.RegionId).Select(r => r.Name).FirstOrDefault(),
                })
                .ToListAsync(ct);
            var items = rows.Select(r => new Item(r.Id, r.UserName!, r.DisplayName, r.Roles, r.Station ?? r.Region ?? "", r.LockedByAdmin)).ToList();
            return new Result(items, total, page, pageSize);
        }
    }
}
