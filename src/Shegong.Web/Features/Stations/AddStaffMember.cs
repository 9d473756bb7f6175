using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Shegong.Domain.Common;
using Shegong.Web.Features.Common;
using Shegong.Web.Infrastructure.Data;
using Shegong.Web.Infrastructure.Statistics;

namespace Shegong.Web.Features.Stations;

public static class AddStaffMember
{
    public sealed record Command(Guid StationId, string? Name, string? Position, string? Certificate, string? Phone);

    public sealed class Handler(ShegongDbContext db, IStringLocalizer<SharedResource> l, IHttpContextAccessor accessor, StatCache figures)
    {
        public async Task<CommandResult> HandleAsync(Command c, CancellationToken ct = default)
        {
            var station = await db.Stations.Include(s => s.Staff).SingleOrDefaultAsync(s => s.Id == c.StationId, ct);
            if (station is null) return CommandResult.NotFound;
            try
            {
                var member = station.AddStaff(c.Name ?? "", c.Position, c.Certificate, c.Phone, StationChecker.Name(accessor), StationChecker.Today);
                db.StationStaff.Add(member);
                await db.SaveChangesAsync(ct);
                // The dashboards count the 六有 items met: a figure cache must not outlive this change.
                figures.Changed();
                return CommandResult.Ok(member.Id);
            }
            catch (DomainException e) { return CommandResult.Invalid(l, e); }
        }
    }
}
