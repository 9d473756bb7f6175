using Microsoft.EntityFrameworkCore;
using Quartz;
using Shegong.Domain.Audit;
using Shegong.Domain.Wishes;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Auth;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Wishes;

/// <summary>
/// The board's daily upkeep, for every station: a claim not delivered within the grace period after its pledge date
/// is released and its units return to the board; a wish unclaimed for too long moves to the station's dispatch queue
/// (精准派单). Each change is a conditional update, so running it twice — or on two nodes — changes nothing twice.
/// It sees every station only in the system scope, which its job names; run without it, it finds nothing to do.
/// </summary>
public static class WishHousekeeping
{
    public sealed record Result(int ClaimsReleased, int WishesToDispatch, int PastWantedBy = 0);

    public sealed class Handler(ShegongDbContext db, IConfiguration config, StaffNotices notices, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> l)
    {
        public async Task<Result> HandleAsync(DateOnly today, CancellationToken ct = default)
        {
            var limits = WishSettings.Limits(config);
            var releaseBefore = today.AddDays(-limits.ClaimGraceDays);
            var expired = await db.Claims.AsNoTracking()
                .Where(c => c.Status == ClaimStatus.Active && c.PledgedBy < releaseBefore)
                .OrderBy(c => c.WishId).Select(c => new { c.Id, c.WishId, c.StationId, c.ClaimantName,
                    Wish = db.Wishes.Where(w => w.Id == c.WishId).Select(w => w.Description).First() }).ToListAsync(ct);
            var released = 0;
            foreach (var c in expired)
            {
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                if (!await ClaimEnding.EndAsync(db, c.Id, ClaimStatus.Released, today, $"not delivered by the pledge date + {limits.ClaimGraceDays} days", ct)) continue;
                await notices.AddAsync(c.StationId, l["Notice.ReleasedTitle", c.Wish].Value, l["Notice.ReleasedBody", c.ClaimantName, limits.ClaimGraceDays].Value,
                    $"/wishes/{c.WishId}", ct);
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                released++;
            }

            var unclaimedSince = today.AddDays(-limits.UnclaimedDaysBeforeDispatch);
            var stale = await db.Wishes.AsNoTracking()
                .Where(w => w.Status == WishStatus.Published && w.UnitsClaimed == 0 && w.PublishedOn <= unclaimedSince)
                .Select(w => new { w.Id, w.StationId, w.RegionPrefix }).ToListAsync(ct);
            var moved = 0;
            foreach (var w in stale)
            {
                var changed = await db.Wishes.Where(x => x.Id == w.Id && x.Status == WishStatus.Published && x.UnitsClaimed == 0)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, WishStatus.Dispatching).SetProperty(x => x.Version, x => x.Version + 1), ct);
                if (changed == 0) continue;
                db.RecordEvent(AuditAction.Update, nameof(Wish), w.Id.ToString(), w.StationId, w.RegionPrefix, $"to dispatch: unclaimed for {limits.UnclaimedDaysBeforeDispatch} days");
                moved++;
            }
            if (moved > 0) await db.SaveChangesAsync(ct);

            // A wish still open after the date its beneficiary hoped for: the staff are told once (the notice's link marks it).
            var late = await db.Wishes.AsNoTracking()
                .Where(w => w.WantedBy < today && (w.Status == WishStatus.Published || w.Status == WishStatus.Dispatching || w.Status == WishStatus.Claimed))
                .OrderBy(w => w.Id).Select(w => new { w.Id, w.StationId, w.Description, w.WantedBy, w.Status }).Take(500).ToListAsync(ct);
            var told = 0;
            foreach (var w in late)
            {
                var link = $"/wishes/{w.Id}?notice=wanted-by";
                if (await db.Notifications.AnyAsync(n => n.Link == link, ct)) continue;
                await notices.AddAsync(w.StationId, l["Notice.PastWantedByTitle", w.Description].Value,
                    l["Notice.PastWantedByBody", w.WantedBy!.Value.ToString("yyyy-MM-dd"), l["WishStatus." + w.Status].Value].Value, link, ct);
                told++;
            }
            if (told > 0) await db.SaveChangesAsync(ct);
            await notices.MailAsync(ct);
            return new Result(released, moved, told);
        }
    }

    /// <summary>The scheduled run (Quartz.NET, every hour; the work of a day is idempotent).</summary>
    [DisallowConcurrentExecution]
    public sealed class Job(Handler handler, ScopeProvider scopes, ILogger<Job> log) : IJob
    {
        public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
        {
            using var system = scopes.RunAsSystem("job wish-upkeep: every station's claims and wishes");
            var r = await handler.HandleAsync(ChinaTime.Today, cancellationToken);
            if (r.ClaimsReleased + r.WishesToDispatch + r.PastWantedBy > 0)
                log.LogInformation("Wish upkeep: {Released} claims released, {Moved} wishes moved to dispatch, {Late} past their wanted-by date",
                    r.ClaimsReleased, r.WishesToDispatch, r.PastWantedBy);
        }
    }
}
