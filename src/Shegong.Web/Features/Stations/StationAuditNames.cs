using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Stations;
using Shegong.Web.Features.Audit.Contracts;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Stations;

/// <summary>Stations, their staff and community rooms in the audit log, by name.</summary>
internal sealed class StationAuditNames : IAuditRecordNamer
{
    public IReadOnlyCollection<string> EntityTypes => [nameof(Station), nameof(StationStaffMember), nameof(SocialWorkRoom)];

    public async Task<IReadOnlyDictionary<Guid, string>> NamesAsync(ShegongDbContext db, string entityType, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        var rows = entityType switch
        {
            nameof(Station) => await db.Stations.AsNoTracking().Where(s => ids.Contains(s.Id)).Select(s => new { s.Id, s.Name }).ToListAsync(ct),
            nameof(StationStaffMember) => await db.StationStaff.AsNoTracking().Where(s => ids.Contains(s.Id)).Select(s => new { s.Id, s.Name }).ToListAsync(ct),
            _ => await db.SocialWorkRooms.AsNoTracking().Where(r => ids.Contains(r.Id)).Select(r => new { r.Id, r.Name }).ToListAsync(ct),
        };
        return rows.ToDictionary(r => r.Id, r => r.Name);
    }
}
