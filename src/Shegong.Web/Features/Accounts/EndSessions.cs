using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Audit;
using Shegong.Web.Infrastructure.Auth;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Accounts;

/// <summary>
/// "结束全部会话": an administrator ends every session of an account in their scope — its cookies on every browser
/// and its API tokens stop working at their next request; the user signs in again (unless locked).
/// </summary>
public static class EndSessions
{
    public sealed record Command(Guid Id);

    public sealed class Handler(ShegongDbContext db, Sessions sessions)
    {
        /// <summary>False when no such account is in the caller's scope.</summary>
        public async Task<bool> HandleAsync(Command c, CancellationToken ct = default)
        {
            var user = await db.Users.SingleOrDefaultAsync(u => u.Id == c.Id, ct);
            if (user is null) return false;
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await sessions.EndAllAsync(user, ct);
            db.RecordEvent(AuditAction.SessionsEnded, nameof(AppUser), user.Id.ToString(), user.StationId, user.RegionPrefix, "by an administrator");
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return true;
        }
    }
}
