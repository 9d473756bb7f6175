using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Wishes;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Wishes;

/// <summary>
/// The two conditional updates that move a wish's claimed units — the rules of <see cref="Wish.ClaimUnits"/> and
/// <see cref="Wish.ReturnUnits"/> enforced by the database, so that concurrent claims, withdrawals and releases never
/// read-then-write. Each returns whether the wish changed.
/// </summary>
internal static class WishUnits
{
    /// <summary>Takes units if the wish is claimable and has them left; a full wish becomes Claimed.</summary>
    public static async Task<bool> TakeAsync(ShegongDbContext db, Guid wishId, int units, CancellationToken ct) =>
        await db.Wishes.IgnoreQueryFilters()
            .Where(w => w.Id == wishId && (w.Status == WishStatus.Published || w.Status == WishStatus.Dispatching) && w.UnitsClaimed + units <= w.Quantity)
            .ExecuteUpdateAsync(s => s
                .SetProperty(w => w.Status, w => w.UnitsClaimed + units == w.Quantity ? WishStatus.Claimed : w.Status)
                .SetProperty(w => w.UnitsClaimed, w => w.UnitsClaimed + units)
                .SetProperty(w => w.Version, w => w.Version + 1), ct) == 1;

    /// <summary>
    /// Gives units back (a withdrawn or released claim). A Claimed wish is open again: in the dispatch queue when the
    /// claim came from dispatch (<paramref name="toDispatch"/>), else on the board.
    /// </summary>
    public static async Task<bool> ReturnAsync(ShegongDbContext db, Guid wishId, int units, bool toDispatch, CancellationToken ct)
    {
        var reopened = toDispatch ? WishStatus.Dispatching : WishStatus.Published;
        return await db.Wishes.IgnoreQueryFilters().Where(w => w.Id == wishId && w.UnitsClaimed >= units)
            .ExecuteUpdateAsync(s => s
                .SetProperty(w => w.Status, w => w.Status == WishStatus.Claimed ? reopened : w.Status)
                .SetProperty(w => w.UnitsClaimed, w => w.UnitsClaimed - units)
                .SetProperty(w => w.Version, w => w.Version + 1), ct) == 1;
    }
}
