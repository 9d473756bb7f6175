using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Stations;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Stations;

/// <summary>One station with its 六有 checklist, staff (phones masked) and community social work rooms; null outside the caller's scope.</summary>
public static class GetStation
{
    public sealed record Staff(Guid Id, string Name, string Position, string Certificate, string PhoneMasked);
    public sealed record Room(Guid Id, string Name, string Community, string CommunityCode, string Address, DateOnly? OpenedOn);
    public sealed record ChecklistItem(SixHasItem Item, bool Met, string Note, DateOnly? CheckedOn = null, string CheckedBy = "");
    public sealed record Result(Guid Id, string Name, string Township, string TownshipCode, string County, StationStatus Status,
        string Address, string OperatingOrganization, DateOnly? BuiltOn, DateOnly? OperatingSince, bool IsDemonstration, int Version,
        IReadOnlyList<ChecklistItem> Checklist, IReadOnlyList<Staff> StaffMembers, IReadOnlyList<Room> Rooms, string Phone = "", string ServiceHours = "");

    public sealed class Handler(ShegongDbContext db)
    {
        public async Task<Result?> HandleAsync(Guid id, CancellationToken ct = default)
        {
            var s = await db.Stations.AsNoTracking().Include(x => x.Staff).SingleOrDefaultAsync(x => x.Id == id, ct);
            if (s is null) return null;
            var township = await db.Regions.AsNoTracking().SingleAsync(r => r.Id == s.RegionId, ct);
            var county = await db.Regions.AsNoTracking().Where(r => r.Id == township.ParentId).Select(r => r.Name).SingleOrDefaultAsync(ct) ?? "";
            var rooms = await db.SocialWorkRooms.AsNoTracking().Where(r => r.StationId == id).OrderBy(r => r.RegionPrefix)
                .Join(db.Regions, r => r.CommunityId, c => c.Id, (r, c) => new Room(r.Id, r.Name, c.Name, c.Code, r.Address, r.OpenedOn))
                .ToListAsync(ct);
            return new Result(s.Id, s.Name, township.Name, township.Code, county, s.Status, s.Address, s.OperatingOrganization,
                s.BuiltOn, s.OperatingSince, s.IsDemonstration, s.Version,
                s.Checklist.OrderBy(c => c.Item).Select(c => new ChecklistItem(c.Item, c.Met, c.Note, c.CheckedOn, c.CheckedBy)).ToList(),
                s.Staff.OrderBy(m => m.Id).Select(m => new Staff(m.Id, m.Name, m.Position, m.Certificate, StationFormat.MaskPhone(m.Phone))).ToList(),
                rooms, s.Phone, s.ServiceHours);
        }
    }
}
