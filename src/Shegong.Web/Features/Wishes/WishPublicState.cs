using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Wishes;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Wishes;

/// <summary>
/// What a citizen may learn about a wish that is no longer on the board (an old poster's QR code): that it was claimed
/// or delivered, its one public sentence and its station — nothing more. A wish never published is "not found".
/// </summary>
public static class WishPublicState
{
    public enum State { Claimed = 1, Delivered = 2 }
    public sealed record Item(Guid Id, string Description, State State, Guid StationId);

    public static async Task<IReadOnlyList<Item>> GetAsync(ShegongDbContext db, IReadOnlyCollection<Guid> ids, CancellationToken ct = default)
    {
        if (ids.Count == 0) return [];
        var rows = await db.Wishes.IgnoreQueryFilters().AsNoTracking()
            .Where(w => ids.Contains(w.Id) && w.PublishedOn != null && w.Status != WishStatus.Draft && w.Status != WishStatus.Submitted && w.Status != WishStatus.Rejected)
            .Select(w => new { w.Id, w.Description, w.Status, w.StationId, w.UnitsClaimed, w.Quantity }).ToListAsync(ct);
        return rows.Where(w => w.Status is not (WishStatus.Published or WishStatus.Dispatching) || w.UnitsClaimed >= w.Quantity)
            .Select(w => new Item(w.Id, w.Description,
                w.Status is WishStatus.Delivered or WishStatus.Closed or WishStatus.Unfulfilled ? State.Delivered : State.Claimed, w.StationId))
            .ToList();
    }
}
