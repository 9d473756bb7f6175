using Shegong.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Regions;
using Shegong.Domain.Stations;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Stations;

/// <summary>Stations of the caller's scope (the query filter limits them), with filters and paging.</summary>
public static class ListStations
{
    public sealed record Query(string? Name = null, StationStatus? Status = null, string? Region = null, int Page = 1, int PageSize = 20);
    public sealed record Item(Guid Id, string Name, string Township, string TownshipCode, StationStatus Status, string OperatingOrganization,
        int ChecklistMet, int StaffCount, int RoomCount, bool IsDemonstration);
    public sealed record Result(IReadOnlyList<Item> Items, int Total, int Page, int PageSize);

    public sealed class Handler(ShegongDbContext db)
    {
        public async Task<Result> HandleAsync(Query q, CancellationToken ct = default)
        {
            var stations = db.Stations.AsNoTracking();
            if (!string.IsNullOrWhiteSpace(q.Name)) stations = stations.Where(s => s.Name.Contains(q.Name.Trim()));
            if (q.Status is { } status) stations = stations.Where(s => s.Status == status);
            if (!string.IsNullOrWhiteSpace(q.Region))
            {
                // An unparsable region code matches nothing rather than everything.
                var prefix = RegionCode.TryParse(q.Region, out var code, out _) ? code.Prefix : "!"; // matches no region code (a NUL would be refused by PostgreSQL)
                stations = stations.Where(s => s.RegionPrefix.StartsWith(prefix));
            }
            var pageSize = Math.Clamp(q.PageSize, 1, 100);
            var page = Paging.Page(q.Page);
            var total = await stations.CountAsync(ct);
            var rows = await stations.OrderBy(s => s.RegionPrefix).Skip((page - 1) * pageSize).Take(pageSize)
                .Select(s => new
                {
                    s.Id, s.Name, s.Status, s.OperatingOrganization, s.IsDemonstration, s.Checklist,
                    Township = db.Regions.Where(r => r.Id == s.RegionId).Select(r => new { r.Name, r.Code }).First(),
                    StaffCount = s.Staff.Count,
                    RoomCount = db.SocialWorkRooms.Count(r => r.StationId == s.Id),
                })
                .ToListAsync(ct);
            var items = rows.Select(r => new Item(r.Id, r.Name, r.Township.Name, r.Township.Code, r.Status, r.OperatingOrganization,
                r.Checklist.Count(c => c.Met), r.StaffCount, r.RoomCount, r.IsDemonstration)).ToList();
            return new Result(items, total, page, pageSize);
        }
    }
}
