using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Wishes;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Wishes;

/// <summary>
/// The only way a wish's claimed units change at runtime: two conditional updates that apply <see cref="WishUnitRule"/>
/// in the database (its condition in the WHERE, its status after in the SET), so that concurrent claims, withdrawals
/// and releases never read-then-write. Each returns whether the wish changed.
/// </summary>
internal static class WishUnits
{
    /// <summary>Takes units if the wish is claimable and has them left; a full wish becomes Claimed.</summary>
    public static async Task<bool> TakeAsync(ShegongDbContext db, Guid wishId, int units, CancellationToken ct) =>
        await db.Wishes.IgnoreQueryFilters().Where(w => w.Id == wishId).Where(WishUnitRule.Bind(WishUnitRule.CanTake, units))
            .ExecuteUpdateAsync(s => s
                .SetProperty(w => w.Status, WishUnitRule.Bind(WishUnitRule.StatusAfterTake, units))
                .SetProperty(w => w.UnitsClaimed, w => w.UnitsClaimed + units)
                .SetProperty(w => w.Version, w => w.Version + 1), ct) == 1;

    /// <summary>
    /// Gives units back (a withdrawn or released claim). A Claimed wish is open again: in the dispatch queue when the
    /// claim came from dispatch (<paramref name="toDispatch"/>), else on the board.
    /// </summary>
    public static async Task<bool> ReturnAsync(ShegongDbContext db, Guid wishId, int units, bool toDispatch, CancellationToken ct) =>
        await db.Wishes.IgnoreQueryFilters().Where(w => w.Id == wishId).Where(WishUnitRule.Bind(WishUnitRule.CanReturn, units))
            .ExecuteUpdateAsync(s => s
                .SetProperty(w => w.Status, WishUnitRule.Bind(WishUnitRule.StatusAfterReturn, toDispatch))
                .SetProperty(w => w.UnitsClaimed, w => w.UnitsClaimed - units)
                .SetProperty(w => w.Version, w => w.Version + 1), ct) == 1;
}
