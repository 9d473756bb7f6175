using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Wishes;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Wishes.Contracts;

/// <summary>
/// What waits on the station's staff in the wish workflow, for a manager's inbox (the scope filter keeps it to the
/// user's station): wishes to review, claims awaiting delivery (and of them overdue), deliveries awaiting the return
/// visit, wishes past their wanted-by date.
/// </summary>
public static class WishTasks
{
    public sealed record Counts(int ToReview, int ClaimsToDeliver, int ClaimsOverdue, int AwaitingReturnVisit, int PastWantedBy);

    public static async Task<Counts> WishTasksAsync(this ShegongDbContext db, CancellationToken ct = default)
    {
        var today = ChinaTime.Today;
        var byStatus = await db.Wishes.AsNoTracking().GroupBy(w => w.Status).Select(g => new { g.Key, N = g.Count() }).ToListAsync(ct);
        int Of(WishStatus s) => byStatus.FirstOrDefault(x => x.Key == s)?.N ?? 0;
        var active = await db.Claims.AsNoTracking().Where(c => c.Status == ClaimStatus.Active)
            .GroupBy(c => c.PledgedBy < today).Select(g => new { Late = g.Key, N = g.Count() }).ToListAsync(ct);
        var late = await db.Wishes.AsNoTracking().CountAsync(w => w.WantedBy < today
            && (w.Status == WishStatus.Published || w.Status == WishStatus.Dispatching || w.Status == WishStatus.Claimed), ct);
        return new Counts(Of(WishStatus.Submitted), active.Sum(x => x.N), active.Where(x => x.Late).Sum(x => x.N), Of(WishStatus.Delivered), late);
    }
}
