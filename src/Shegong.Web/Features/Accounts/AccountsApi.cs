using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Shegong.Domain.Access;
using Shegong.Domain.Audit;
using Shegong.Web.Infrastructure.Auth;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Accounts;

public static class AccountsApi
{
    public sealed record TokenRequest(string? UserName, string? Password);
    public sealed record MeResponse(Guid Id, string UserName, string DisplayName, IReadOnlyList<string> Roles, Guid? StationId, string RegionPrefix);

    public static void Map(RouteGroupBuilder api)
    {
        var auth = api.MapGroup("/auth").WithTags("账户 Accounts");
        auth.MapPost("/token", IssueTokenAsync)
            .WithSummary("以用户名和密码取得 Bearer 令牌 (Get a bearer token)")
            .Produces<Microsoft.AspNetCore.Authentication.BearerToken.AccessTokenResponse>(200).ProducesProblem(401).ProducesProblem(429) // the bearer handler writes the token
            .AllowAnonymous();

        api.MapGet("/me", (ClaimsPrincipal user) => TypedResults.Ok(new MeResponse(
                Guid.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier)!), user.Identity!.Name!,
                user.FindFirstValue(ShegongClaims.DisplayName) ?? "",
                [.. Roles.All.Where(user.IsInRole)],
                Guid.TryParse(user.FindFirstValue(ShegongClaims.StationId), out var s) ? s : null,
                user.FindFirstValue(ShegongClaims.RegionPrefix) ?? "")))
            .WithTags("账户 Accounts").WithSummary("当前用户与其范围 (Current user and scope)");

        UsersApi.Map(api);
    }

    /// <summary>Same checks as the login page: per-address throttle, per-account lockout, audit of the attempt.</summary>
    private static async Task<Results<EmptyHttpResult, ProblemHttpResult, ValidationProblem>> IssueTokenAsync(
        TokenRequest request, HttpContext http, SignInManager<AppUser> signIn, LoginThrottle throttle,
        ShegongDbContext db, IStringLocalizer<SharedResource> l)
    {
        var errors = new List<(string, string)>();
        if (string.IsNullOrWhiteSpace(request.UserName)) errors.Add(("UserName", l["Login.UserNameRequired"]));
        if (string.IsNullOrEmpty(request.Password)) errors.Add(("Password", l["Login.PasswordRequired"]));
        if (errors.Count > 0) return Infrastructure.ErrorHandling.Validation(l, errors);
        if (!throttle.TryAcquire(http))
            return TypedResults.Problem(l["Login.Throttled"], statusCode: StatusCodes.Status429TooManyRequests, title: l["Login.ThrottledTitle"]);

        signIn.AuthenticationScheme = IdentityConstants.BearerScheme;
        var result = await signIn.PasswordSignInAsync(request.UserName!.Trim(), request.Password!, false, lockoutOnFailure: true);
        var user = await signIn.UserManager.FindByNameAsync(request.UserName.Trim());
        if (user is not null)
        {
            db.RecordEvent(result.Succeeded ? AuditAction.Login : AuditAction.LoginFailed, nameof(AppUser), user.Id.ToString(), user.StationId, user.RegionPrefix, "api");
            await db.SaveChangesAsync();
        }
        if (result.Succeeded) return TypedResults.Empty; // the bearer handler has written the token
        return TypedResults.Problem(result.IsLockedOut ? l["Login.LockedOut"] : l["Login.Failed"],
            statusCode: StatusCodes.Status401Unauthorized, title: l["Login.FailedTitle"]);
    }
}
