using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Infrastructure.Auth;

/// <summary>
/// Checks, on every authenticated request (cookie and bearer token alike), that the credential's session is still
/// open and that the account's security stamp has not changed since it started: one indexed query (two primary-key
/// look-ups), nothing kept in the node's memory — so a revocation on one node holds on every node at once.
/// </summary>
public sealed class SessionValidator(ShegongDbContext db, IOptions<IdentityOptions> identity)
{
    public const string SessionClaim = "shegong:sid";

    // Query filters are ignored on purpose: this runs before the request has a user, so no scope applies yet.
    private static readonly Func<ShegongDbContext, Guid, Guid, DateTime, Task<string?>> CurrentStamp =
        EF.CompileAsyncQuery((ShegongDbContext db, Guid sessionId, Guid userId, DateTime now) =>
            db.AuthSessions.IgnoreQueryFilters()
                .Where(s => s.Id == sessionId && s.UserId == userId && s.RevokedAtUtc == null && s.ExpiresAtUtc > now)
                .Join(db.Users.IgnoreQueryFilters(), s => s.UserId, u => u.Id, (s, u) => new { s.SecurityStamp, Current = u.SecurityStamp, u.LockedByAdmin })
                .Where(x => x.SecurityStamp == x.Current && !x.LockedByAdmin)
                .Select(x => x.Current)
                .FirstOrDefault());

    public async Task<bool> IsValidAsync(ClaimsPrincipal? principal)
    {
        if (principal is null) return false;
        if (!Guid.TryParse(principal.FindFirstValue(SessionClaim), out var sessionId)) return false;
        if (!Guid.TryParse(principal.FindFirstValue(identity.Value.ClaimsIdentity.UserIdClaimType), out var userId)) return false;
        var claimed = principal.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType);
        if (string.IsNullOrEmpty(claimed)) return false;
        var current = await CurrentStamp(db, sessionId, userId, DateTime.UtcNow);
        return current is not null && current == claimed;
    }
}
