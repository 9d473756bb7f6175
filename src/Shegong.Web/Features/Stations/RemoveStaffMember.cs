using Microsoft.EntityFrameworkCore;
using Shegong.Web.Features.Common;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Stations;

public static class RemoveStaffMember
{
    public sealed record Command(Guid StationId, Guid StaffId);

    public sealed class Handler(ShegongDbContext db)
    {
        public async Task<CommandResult> HandleAsync(Command c, CancellationToken ct = default)
        {
            var station = await db.Stations.Include(s => s.Staff).SingleOrDefaultAsync(s => s.Id == c.StationId, ct);
            if (station is null || station.Staff.All(m => m.Id != c.StaffId)) return CommandResult.NotFound;
            var member = station.Staff.First(m => m.Id == c.StaffId);
            station.RemoveStaff(c.StaffId);
            db.StationStaff.Remove(member);
            await db.SaveChangesAsync(ct);
            return CommandResult.Ok();
        }
    }
}
