namespace Shegong.Web.Infrastructure.Auth;

public enum SessionKind
{
    /// <summary>A browser's sign-in cookie (the login page).</summary>
    Browser = 1,
    /// <summary>An API client's access and refresh tokens (<c>POST /api/v1/auth/token</c>).</summary>
    Api = 2,
}

/// <summary>
/// One sign-in: a browser's cookie or an API client's token family. The cookie and every access token carry its id
/// (<see cref="SessionValidator.SessionClaim"/>); each authenticated request checks that the session is neither
/// revoked nor expired and that the account's security stamp is still the one it started with. User-owned (the
/// scope filter shows an account its own); the sign-in machinery reads them before anyone is signed in, unfiltered.
/// </summary>
public sealed class AuthSession : INotEntityAudited, Shegong.Domain.Common.IUserOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid UserId { get; set; }
    public SessionKind Kind { get; set; }
    /// <summary>The account's security stamp at sign-in: a password change or reset, a lock, a role or binding change and "end all sessions" change it.</summary>
    public string SecurityStamp { get; set; } = "";
    public DateTime CreatedAtUtc { get; set; }
    /// <summary>The absolute end of the session (<c>Auth:SessionMaxHours</c>); a cookie's idle timeout and a token's lifetime are shorter.</summary>
    public DateTime ExpiresAtUtc { get; set; }
    public DateTime? RevokedAtUtc { get; set; }
}

/// <summary>
/// A refresh token of an API session, stored as its SHA-256 hash only. Each use marks it used and issues the next one
/// of the same session; presenting a used one again revokes the whole session (the family).
/// </summary>
public sealed class RefreshToken : INotEntityAudited
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid SessionId { get; set; }
    /// <summary>Lower-case hex SHA-256 of the token; unique.</summary>
    public string TokenHash { get; set; } = "";
    public DateTime CreatedAtUtc { get; set; }
    public DateTime ExpiresAtUtc { get; set; }
    public DateTime? UsedAtUtc { get; set; }
}

/// <summary>
/// Failed password attempts for one user name (normalized, whether or not such an account exists) from one client
/// address. Five in a row lock that name for that address only, so a stranger's attempts do not lock the account's
/// owner out from their own address.
/// </summary>
public sealed class LoginFailure : INotEntityAudited
{
    public string UserKey { get; set; } = "";
    public string Address { get; set; } = "";
    public int Failures { get; set; }
    public DateTime LastFailureUtc { get; set; }
    public DateTime? LockedUntilUtc { get; set; }
}

/// <summary>
/// Rows kept by the sign-in machinery itself (sessions, refresh tokens, failure counters): not written to the audit
/// chain entity by entity — the sign-ins, logouts and ended sessions are recorded there as events instead.
/// </summary>
public interface INotEntityAudited;
