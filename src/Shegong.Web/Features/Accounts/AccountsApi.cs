using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Shegong.Domain.Access;
using Shegong.Domain.Audit;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Auth;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Accounts;

public static class AccountsApi
{
    public sealed record TokenRequest(string? UserName, string? Password);
    public sealed record RefreshRequest(string? RefreshToken);
    /// <summary><c>allSessions</c>: end every session of the caller (every device, cookies too), not only this token's.</summary>
    public sealed record RevokeRequest(bool AllSessions = false);
    /// <summary>An access token (<c>expiresIn</c> seconds) and the single-use refresh token that replaces it (<c>refreshTokenExpiresIn</c> seconds).</summary>
    public sealed record TokenResponse(string TokenType, string AccessToken, int ExpiresIn, string RefreshToken, int RefreshTokenExpiresIn);
    public sealed record MeResponse(Guid Id, string UserName, string DisplayName, IReadOnlyList<string> Roles, Guid? StationId, string RegionPrefix);

    public static void Map(RouteGroupBuilder api)
    {
        var auth = api.MapGroup("/auth").WithTags("账户 Accounts");
        auth.MapPost("/token", IssueTokenAsync)
            .WithSummary("以用户名和密码取得访问令牌与刷新令牌 (Get an access token and a refresh token)")
            .AllowAnonymous();
        auth.MapPost("/refresh", RefreshAsync)
            .WithSummary("以刷新令牌换取新的令牌对；刷新令牌只能用一次，重复使用将撤销整个会话 (Rotate: a refresh token works once; reuse revokes its session)")
            .AllowAnonymous();
        auth.MapPost("/revoke", RevokeAsync)
            .WithSummary("撤销调用者的会话（此令牌、由它刷新出的令牌及其刷新令牌）；allSessions=true 时撤销该用户的全部会话 (Revoke the caller's session, or all of the caller's sessions)");

        api.MapGet("/me", (ClaimsPrincipal user) => TypedResults.Ok(new MeResponse(
                Guid.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier)!), user.Identity!.Name!,
                user.FindFirstValue(ShegongClaims.DisplayName) ?? "",
                [.. Roles.All.Where(user.IsInRole)],
                Guid.TryParse(user.FindFirstValue(ShegongClaims.StationId), out var s) ? s : null,
                user.FindFirstValue(ShegongClaims.RegionPrefix) ?? "")))
            .WithTags("账户 Accounts").WithSummary("当前用户与其范围 (Current user and scope)");

        UsersApi.Map(api);
    }

    /// <summary>Same checks as the login page (<see cref="PasswordSignIn"/>): per-address throttle, per name-and-address lockout, audit.</summary>
    private static async Task<Results<Ok<TokenResponse>, UnauthorizedProblem, ForbiddenProblem, TooManyRequestsProblem, ValidationProblem>> IssueTokenAsync(
        TokenRequest request, HttpContext http, PasswordSignIn.Handler signIn, Sessions sessions, IConfiguration config,
        IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new List<(string, string)>();
        if (string.IsNullOrWhiteSpace(request.UserName)) errors.Add(("UserName", l["Login.UserNameRequired"]));
        if (string.IsNullOrEmpty(request.Password)) errors.Add(("Password", l["Login.PasswordRequired"]));
        if (errors.Count > 0) return Infrastructure.ErrorHandling.Validation(l, errors);

        var result = await signIn.HandleAsync(request.UserName!, request.Password!, http, "api", ct);
        switch (result.Outcome)
        {
            case PasswordSignIn.Outcome.Succeeded:
                return TypedResults.Ok(ToResponse(await sessions.IssueTokensAsync(result.User!)));
            case PasswordSignIn.Outcome.Throttled:
                return TooManyRequestsProblem.Of(l["Login.ThrottledTitle"], l["Login.Throttled"]);
            case PasswordSignIn.Outcome.LockedByAdmin:
                return ForbiddenProblem.Of(l["Login.FailedTitle"], l["Login.LockedByAdmin"]);
            default:
                return UnauthorizedProblem.Of(l["Login.FailedTitle"], Message(result.Outcome, config, l));
        }
    }

    /// <summary>The message of a failed password sign-in (the login page says the same).</summary>
    internal static string Message(PasswordSignIn.Outcome outcome, IConfiguration config, IStringLocalizer l) => outcome switch
    {
        PasswordSignIn.Outcome.LockedOut => l["Login.LockedOut", config.GetValue("Auth:LockoutMinutes", 15)],
        PasswordSignIn.Outcome.LockedByAdmin => l["Login.LockedByAdmin"],
        PasswordSignIn.Outcome.Throttled => l["Login.Throttled"],
        _ => l["Login.Failed"],
    };

    private static async Task<Results<Ok<TokenResponse>, UnauthorizedProblem, ValidationProblem>> RefreshAsync(
        RefreshRequest request, Sessions sessions, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.RefreshToken))
            return Infrastructure.ErrorHandling.Validation(l, [("RefreshToken", l["Login.RefreshTokenRequired"])]);
        var issued = await sessions.RefreshAsync(request.RefreshToken, ct);
        return issued is null
            ? UnauthorizedProblem.Of(l["Login.FailedTitle"], l["Login.RefreshRefused"])
            : TypedResults.Ok(ToResponse(issued));
    }

    /// <summary>
    /// Ends the session of the calling token: this access token, every access token refreshed from the same sign-in
    /// and its refresh token stop working at their next request, on every node. With <c>allSessions</c>, every
    /// session of the caller (other devices and browsers too) ends.
    /// </summary>
    private static async Task<NoContent> RevokeAsync(RevokeRequest? request, ClaimsPrincipal principal, Sessions sessions,
        UserManager<AppUser> users, ShegongDbContext db, CancellationToken ct)
    {
        if (request?.AllSessions == true)
        {
            var user = await users.GetUserAsync(principal);
            if (user is not null)
            {
                await sessions.EndAllAsync(user, ct);
                db.RecordEvent(AuditAction.SessionsEnded, nameof(AppUser), user.Id.ToString(), user.StationId, user.RegionPrefix, "by the user (api)");
                await db.SaveChangesAsync(ct);
            }
        }
        else if (Sessions.SessionOf(principal) is { } session) await sessions.RevokeAsync(session, ct);
        return TypedResults.NoContent();
    }

    private static TokenResponse ToResponse(IssuedTokens t) => new("Bearer", t.AccessToken,
        (int)Math.Round((t.AccessExpiresUtc - DateTimeOffset.UtcNow).TotalSeconds), t.RefreshToken,
        (int)Math.Round((t.RefreshExpiresUtc - DateTimeOffset.UtcNow).TotalSeconds));
}
