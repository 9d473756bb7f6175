using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Shegong.Domain.Common;
using Shegong.Web.Features.Common;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Stations;

public static class AddStaffMember
{
    public sealed record Command(Guid StationId, string? Name, string? Position, string? Certificate, string? Phone);

    public sealed class Handler(ShegongDbContext db, IStringLocalizer<SharedResource> l)
    {
        public async Task<CommandResult> HandleAsync(Command c, CancellationToken ct = default)
        {
            var station = await db.Stations.SingleOrDefaultAsync(s => s.Id == c.StationId, ct);
            if (station is null) return CommandResult.NotFound;
            try
            {
                var member = station.AddStaff(c.Name ?? "", c.Position, c.Certificate, c.Phone);
                db.StationStaff.Add(member);
                await db.SaveChangesAsync(ct);
                return CommandResult.Ok(member.Id);
            }
            catch (DomainException e) { return CommandResult.Invalid(l, e); }
        }
    }
}
