using Microsoft.EntityFrameworkCore;
using Shegong.Web.Features.Common;
using Shegong.Web.Infrastructure.Data;
using Shegong.Web.Infrastructure.Statistics;

namespace Shegong.Web.Features.Stations;

public static class RemoveStaffMember
{
    public sealed record Command(Guid StationId, Guid StaffId);

    public sealed class Handler(ShegongDbContext db, IHttpContextAccessor accessor, StatCache figures)
    {
        public async Task<CommandResult> HandleAsync(Command c, CancellationToken ct = default)
        {
            var station = await db.Stations.Include(s => s.Staff).SingleOrDefaultAsync(s => s.Id == c.StationId, ct);
            if (station is null || station.Staff.All(m => m.Id != c.StaffId)) return CommandResult.NotFound;
            var member = station.Staff.First(m => m.Id == c.StaffId);
            station.RemoveStaff(c.StaffId, StationChecker.Name(accessor), StationChecker.Today);
            db.StationStaff.Remove(member);
            await db.SaveChangesAsync(ct);
            // The dashboards count the 六有 items met: a figure cache must not outlive this change.
            figures.Changed();
            return CommandResult.Ok();
        }
    }
}
