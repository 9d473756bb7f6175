using Microsoft.EntityFrameworkCore;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Wishes;

/// <summary>
/// How a citizen reaches the station behind a wish: its name, address, phone and service hours. Public on purpose (a
/// station's own contact, never a beneficiary's), so read across stations like the board.
/// </summary>
public static class StationContacts
{
    public sealed record Contact(Guid StationId, string Name, string Address, string Phone, string ServiceHours);

    public static async Task<IReadOnlyList<Contact>> GetAsync(ShegongDbContext db, IEnumerable<Guid> stationIds, CancellationToken ct = default)
    {
        var ids = stationIds.Distinct().ToList();
        if (ids.Count == 0) return [];
        var rows = await db.Stations.IgnoreQueryFilters().AsNoTracking().Where(s => ids.Contains(s.Id))
            .Select(s => new Contact(s.Id, s.Name, s.Address, s.Phone, s.ServiceHours)).ToListAsync(ct);
        return rows.OrderBy(r => ids.IndexOf(r.StationId)).ToList();
    }
}
