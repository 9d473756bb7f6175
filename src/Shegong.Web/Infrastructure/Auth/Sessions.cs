using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Audit;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Infrastructure.Auth;

/// <summary>Tokens handed to an API client: a short access token and the refresh token that replaces it.</summary>
public sealed record IssuedTokens(string AccessToken, DateTimeOffset AccessExpiresUtc, string RefreshToken, DateTimeOffset RefreshExpiresUtc);

/// <summary>
/// Starts, rotates and ends sessions (<see cref="AuthSession"/>): browser sign-in, API tokens and their refresh,
/// logout, revoke, and "end every session of an account" (a new security stamp, which every other trigger — password
/// change or reset, lock, role or binding change — also sets).
/// </summary>
public sealed class Sessions(ShegongDbContext db, SignInManager<AppUser> signIn, AccessTokens tokens, IConfiguration config)
{
    public TimeSpan AccessLifetime => TimeSpan.FromMinutes(config.GetValue("Auth:AccessTokenMinutes", 15.0));
    public TimeSpan RefreshLifetime => TimeSpan.FromHours(config.GetValue("Auth:RefreshTokenHours", 12.0));
    public TimeSpan SessionMaxLifetime => TimeSpan.FromHours(config.GetValue("Auth:SessionMaxHours", 168.0));

    /// <summary>Signs a browser in: a new session and a cookie carrying its id.</summary>
    public async Task SignInBrowserAsync(AppUser user)
    {
        var session = Start(user, SessionKind.Browser);
        await db.SaveChangesAsync();
        await signIn.SignInWithClaimsAsync(user, new AuthenticationProperties { IsPersistent = false }, [new Claim(SessionValidator.SessionClaim, session.Id.ToString())]);
    }

    /// <summary>Starts an API session: its first refresh token and an access token. Saved with whatever the context holds (the login's audit entry).</summary>
    public async Task<IssuedTokens> IssueTokensAsync(AppUser user)
    {
        var session = Start(user, SessionKind.Api);
        var (refresh, refreshExpires) = AddRefreshToken(session, DateTime.UtcNow);
        await db.SaveChangesAsync();
        var (access, accessExpires) = await AccessTokenAsync(user, session);
        return new IssuedTokens(access, accessExpires, refresh, refreshExpires);
    }

    /// <summary>
    /// Exchanges a refresh token for a new pair. Null when refused: unknown, expired, its session ended, the account's
    /// stamp changed or it is locked — or already used, in which case the whole session is revoked (someone holds a
    /// copy) and an audit event says so.
    /// </summary>
    public async Task<IssuedTokens?> RefreshAsync(string? refreshToken, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(refreshToken) || refreshToken.Length > 200) return null;
        var hash = Hash(refreshToken);
        var now = DateTime.UtcNow;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var row = await db.RefreshTokens.IgnoreQueryFilters().AsNoTracking().SingleOrDefaultAsync(r => r.TokenHash == hash, ct);
        if (row is null) return null;
        var session = await db.AuthSessions.IgnoreQueryFilters().SingleAsync(s => s.Id == row.SessionId, ct);
        var user = await db.Users.IgnoreQueryFilters().SingleOrDefaultAsync(u => u.Id == session.UserId, ct);
        if (session.RevokedAtUtc is not null || session.ExpiresAtUtc <= now || row.ExpiresAtUtc <= now || user is null) return null;
        // Marked used only if no one did it first (another node, a concurrent request): the loser is a reuse.
        var marked = row.UsedAtUtc is null && await db.RefreshTokens.IgnoreQueryFilters()
            .Where(r => r.Id == row.Id && r.UsedAtUtc == null)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.UsedAtUtc, now), ct) == 1;
        if (!marked)
        {
            session.RevokedAtUtc = now;
            db.RecordEvent(AuditAction.SessionsEnded, nameof(AppUser), user.Id.ToString(), user.StationId, user.RegionPrefix, "refresh token reused: its session was revoked");
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return null;
        }
        if (user.LockedByAdmin || user.SecurityStamp != session.SecurityStamp)
        {
            session.RevokedAtUtc = now;
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return null;
        }
        var (refresh, refreshExpires) = AddRefreshToken(session, now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        var (access, accessExpires) = await AccessTokenAsync(user, session);
        return new IssuedTokens(access, accessExpires, refresh, refreshExpires);
    }

    /// <summary>Ends one session: its cookie or its access and refresh tokens stop working at their next request.</summary>
    public Task RevokeAsync(Guid sessionId, CancellationToken ct = default)
    {
        var now = DateTime.UtcNow;
        return db.AuthSessions.IgnoreQueryFilters().Where(s => s.Id == sessionId && s.RevokedAtUtc == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAtUtc, now), ct);
    }

    /// <summary>The session a signed-in principal belongs to (its cookie or access token), if any.</summary>
    public static Guid? SessionOf(ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(SessionValidator.SessionClaim), out var id) ? id : null;

    /// <summary>
    /// Ends every session of an account: a new security stamp (which no open session started with) and every session
    /// row marked revoked. The caller records the audit event and saves.
    /// </summary>
    public async Task EndAllAsync(AppUser user, CancellationToken ct = default)
    {
        var result = await signIn.UserManager.UpdateSecurityStampAsync(user);
        if (!result.Succeeded) throw new InvalidOperationException("security stamp not updated: " + string.Join(", ", result.Errors.Select(e => e.Code)));
        await RevokeAllRowsAsync(user.Id, ct);
    }

    /// <summary>Marks every open session of an account revoked (after its stamp changed, so that nothing relies on the stamp alone).</summary>
    public Task RevokeAllRowsAsync(Guid userId, CancellationToken ct = default)
    {
        var now = DateTime.UtcNow;
        return db.AuthSessions.IgnoreQueryFilters().Where(s => s.UserId == userId && s.RevokedAtUtc == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAtUtc, now), ct);
    }

    /// <summary>Deletes sessions that ended more than a day ago, with their refresh tokens (a scheduled job).</summary>
    public Task<int> DeleteEndedAsync(CancellationToken ct = default)
    {
        var before = DateTime.UtcNow.AddDays(-1);
        return db.AuthSessions.IgnoreQueryFilters().Where(s => s.ExpiresAtUtc < before || s.RevokedAtUtc < before).ExecuteDeleteAsync(ct);
    }

    private AuthSession Start(AppUser user, SessionKind kind)
    {
        var now = DateTime.UtcNow;
        var session = new AuthSession
        {
            UserId = user.Id, Kind = kind, SecurityStamp = user.SecurityStamp ?? "", CreatedAtUtc = now,
            ExpiresAtUtc = now + SessionMaxLifetime,
        };
        db.AuthSessions.Add(session);
        return session;
    }

    private (string Token, DateTimeOffset ExpiresUtc) AddRefreshToken(AuthSession session, DateTime now)
    {
        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        var expires = now + RefreshLifetime < session.ExpiresAtUtc ? now + RefreshLifetime : session.ExpiresAtUtc;
        db.RefreshTokens.Add(new RefreshToken { SessionId = session.Id, TokenHash = Hash(token), CreatedAtUtc = now, ExpiresAtUtc = expires });
        return (token, new DateTimeOffset(expires, TimeSpan.Zero));
    }

    private async Task<(string Token, DateTimeOffset ExpiresUtc)> AccessTokenAsync(AppUser user, AuthSession session)
    {
        var principal = await signIn.CreateUserPrincipalAsync(user);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(SessionValidator.SessionClaim, session.Id.ToString()));
        var lifetime = DateTime.UtcNow + AccessLifetime < session.ExpiresAtUtc ? AccessLifetime : session.ExpiresAtUtc - DateTime.UtcNow;
        var expires = DateTimeOffset.UtcNow + lifetime;
        return (tokens.Create(principal, expires), expires);
    }

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
