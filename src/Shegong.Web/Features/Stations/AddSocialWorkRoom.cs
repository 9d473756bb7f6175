using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Shegong.Domain.Common;
using Shegong.Domain.Regions;
using Shegong.Domain.Stations;
using Shegong.Web.Features.Common;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Stations;

/// <summary>Opens a community social work room (社区社工室) in one community of the station's township; one per community.</summary>
public static class AddSocialWorkRoom
{
    public sealed record Command(Guid StationId, string? CommunityCode, string? Name, string? Address, DateOnly? OpenedOn);

    public sealed class Handler(ShegongDbContext db, IStringLocalizer<SharedResource> l)
    {
        public async Task<CommandResult> HandleAsync(Command c, CancellationToken ct = default)
        {
            var station = await db.Stations.SingleOrDefaultAsync(s => s.Id == c.StationId, ct);
            if (station is null) return CommandResult.NotFound;
            if (!RegionCode.TryParse(c.CommunityCode, out var code, out var error))
                return CommandResult.Invalid("CommunityCode", $"{l["Field.CommunityCode"]}：{l[error, c.CommunityCode ?? ""]}");
            var community = await db.Regions.SingleOrDefaultAsync(r => r.Prefix == code.Prefix, ct);
            if (community is null)
                return CommandResult.Invalid("CommunityCode", $"{l["Field.CommunityCode"]}：{l["Region.NotFound", code.Full]}");
            if (await db.SocialWorkRooms.IgnoreQueryFilters().AnyAsync(r => r.CommunityId == community.Id, ct))
                return CommandResult.Invalid("CommunityCode", $"{l["Field.CommunityCode"]}：{l["Room.Duplicate"]}");
            try
            {
                var room = SocialWorkRoom.Create(station, community, c.Name ?? "", c.Address, c.OpenedOn);
                db.SocialWorkRooms.Add(room);
                await db.SaveChangesAsync(ct);
                return CommandResult.Ok(room.Id);
            }
            catch (DomainException e) { return CommandResult.Invalid(l, e); }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear();
                return CommandResult.Invalid("CommunityCode", $"{l["Field.CommunityCode"]}：{l["Room.Duplicate"]}");
            }
        }
    }
}
