using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Shegong.Domain.Common;
using Shegong.Domain.Regions;
using Shegong.Domain.Stations;
using Shegong.Web.Features.Common;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Stations;

/// <summary>
/// Registers the station of a township (挂牌). One per township: checked here with a clear message, and enforced by
/// the unique index so that two officers saving at once cannot both succeed.
/// </summary>
public static class CreateStation
{
    public sealed record Command(string? TownshipCode, string? Name, string? Address, string? OperatingOrganization, DateOnly? BuiltOn);

    public sealed class Handler(ShegongDbContext db, IStringLocalizer<SharedResource> l)
    {
        public async Task<CommandResult> HandleAsync(Command c, CancellationToken ct = default)
        {
            if (!RegionCode.TryParse(c.TownshipCode, out var code, out var error))
                return CommandResult.Invalid("RegionCode", $"{l["Field.RegionCode"]}：{l[error, c.TownshipCode ?? ""]}");
            if (!db.Scope.CoversRegion(code.Prefix))
                return CommandResult.Invalid("RegionCode", $"{l["Field.RegionCode"]}：{l["Station.OutsideScope"]}");
            var township = await db.Regions.SingleOrDefaultAsync(r => r.Prefix == code.Prefix, ct);
            if (township is null)
                return CommandResult.Invalid("RegionCode", $"{l["Field.RegionCode"]}：{l["Region.NotFound", code.Full]}");
            var existing = await db.Stations.IgnoreQueryFilters().Where(s => s.RegionId == township.Id).Select(s => s.Name).FirstOrDefaultAsync(ct);
            if (existing is not null)
                return CommandResult.Invalid("RegionCode", $"{l["Field.RegionCode"]}：{l["Station.DuplicateTownship", township.Name, existing]}");
            try
            {
                var station = Station.Create(township, c.Name ?? "", c.Address, c.OperatingOrganization, c.BuiltOn);
                db.Stations.Add(station);
                await db.SaveChangesAsync(ct);
                return CommandResult.Ok(station.Id);
            }
            catch (DomainException e) { return CommandResult.Invalid(l, e); }
            catch (DbUpdateException)
            {
                // Lost the race for the unique township index.
                db.ChangeTracker.Clear();
                var winner = await db.Stations.IgnoreQueryFilters().Where(s => s.RegionId == township.Id).Select(s => s.Name).FirstOrDefaultAsync(ct);
                if (winner is null) throw;
                return CommandResult.Invalid("RegionCode", $"{l["Field.RegionCode"]}：{l["Station.DuplicateTownship", township.Name, winner]}");
            }
        }
    }
}
