using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Shegong.Domain.Access;
using Shegong.Domain.Cases;
using Shegong.Web.Features.Common;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Cases;

/// <summary>
/// An administrator or civil-affairs officer assigns a supervisor (督导) to a station of their area, or withdraws the
/// assignment. The supervisor's region must contain the station (their scope reaches no other).
/// </summary>
public static class AssignSupervisor
{
    public sealed record Command(Guid SupervisorId, Guid StationId, bool Assign = true);

    public sealed record Item(Guid SupervisorId, string SupervisorName, Guid StationId, string StationName, DateOnly Since);

    public sealed class Handler(ShegongDbContext db, IStringLocalizer<SharedResource> l)
    {
        public async Task<CommandResult> HandleAsync(Command c, CancellationToken ct = default)
        {
            var station = await db.Stations.AsNoTracking().Where(s => s.Id == c.StationId).Select(s => new { s.Id, s.RegionPrefix }).SingleOrDefaultAsync(ct);
            if (station is null) return CommandResult.NotFound;
            var supervisor = await (from u in db.Users.AsNoTracking()
                                    join ur in db.UserRoles on u.Id equals ur.UserId
                                    join r in db.Roles on ur.RoleId equals r.Id
                                    where u.Id == c.SupervisorId && r.Name == Roles.Supervisor
                                    select new { u.Id, u.RegionPrefix }).SingleOrDefaultAsync(ct);
            if (supervisor is null) return CommandResult.Invalid("SupervisorId", $"{l["Field.SupervisorId"]}：{l["Cases.NotASupervisor"]}");
            if (!station.RegionPrefix.StartsWith(supervisor.RegionPrefix, StringComparison.Ordinal))
                return CommandResult.Invalid("StationId", $"{l["Field.StationId"]}：{l["Cases.StationOutsideSupervisor"]}");
            var existing = await db.Set<SupervisorAssignment>().SingleOrDefaultAsync(a => a.UserId == c.SupervisorId && a.StationId == c.StationId, ct);
            if (c.Assign && existing is null)
                db.Set<SupervisorAssignment>().Add(SupervisorAssignment.Of(c.SupervisorId, station.Id, station.RegionPrefix, ChinaTime.Today));
            else if (!c.Assign && existing is not null)
                db.Set<SupervisorAssignment>().Remove(existing);
            await db.SaveChangesAsync(ct);
            return CommandResult.Ok(c.StationId);
        }

        public async Task<IReadOnlyList<Item>> ListAsync(CancellationToken ct = default)
        {
            var rows = await (from a in db.Set<SupervisorAssignment>().AsNoTracking()
                              join s in db.Stations.AsNoTracking() on a.StationId equals s.Id
                              join u in db.Users.AsNoTracking() on a.UserId equals u.Id
                              orderby s.RegionPrefix, u.DisplayName
                              select new Item(a.UserId, u.DisplayName, a.StationId, s.Name, a.Since)).ToListAsync(ct);
            return rows;
        }
    }
}
