namespace Shegong.Domain.Audit;

public enum AuditAction
{
    Create = 1,
    Update = 2,
    Delete = 3,
    Read = 4,
    Login = 5,
    LoginFailed = 6,
    Logout = 7,
    /// <summary>Every session and token of an account ended (by an administrator, the user, or a reused refresh token).</summary>
    SessionsEnded = 8,
}
