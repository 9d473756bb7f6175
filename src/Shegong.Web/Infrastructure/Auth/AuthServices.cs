using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Infrastructure.Auth;

public static class AuthServices
{
    public static IServiceCollection AddShegongAuth(this IServiceCollection services, IConfiguration config)
    {
        services.AddIdentityCore<AppUser>(o =>
            {
                o.Password.RequiredLength = 8;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireLowercase = true;
                o.Password.RequireDigit = true;
                // Identity's per-account lockout is not used: anyone could keep any account locked with it. Failed
                // attempts count per user name and client address instead (Features/Accounts/PasswordSignIn.cs).
                o.Lockout.AllowedForNewUsers = false;
                o.User.RequireUniqueEmail = false;
                o.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._@";
            })
            .AddRoles<IdentityRole<Guid>>()
            .AddEntityFrameworkStores<ShegongDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddErrorDescriber<ChineseIdentityErrorDescriber>()
            .AddClaimsPrincipalFactory<ShegongClaimsFactory>();

        var auth = services.AddAuthentication(o =>
        {
            o.DefaultScheme = IdentityConstants.ApplicationScheme;
            o.DefaultSignInScheme = IdentityConstants.ExternalScheme;
        });
        // Short-lived access tokens, refreshed with rotating refresh tokens (Sessions); both refused once their session ends.
        auth.AddScheme<AccessTokenOptions, AccessTokenHandler>(AccessTokenHandler.SchemeName, _ => { });
        auth.AddIdentityCookies();
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "shegong.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = "/account/denied";
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            // API callers get 401/403 (with a ProblemDetails body), never the sign-in page — also where an API file
            // accepts the cookie beside the bearer token (Policies.ApiOrBrowser), whichever scheme challenges last.
            var toLogin = o.Events.OnRedirectToLogin;
            var toDenied = o.Events.OnRedirectToAccessDenied;
            o.Events.OnRedirectToLogin = c => IsApi(c.Request) ? Status(c.Response, StatusCodes.Status401Unauthorized) : toLogin(c);
            o.Events.OnRedirectToAccessDenied = c => IsApi(c.Request) ? Status(c.Response, StatusCodes.Status403Forbidden) : toDenied(c);
            // Instead of Identity's security-stamp check every 30 minutes: at every request, one query (SessionValidator),
            // so a logout, a lock, a password or role change ends the cookie at once, on every node.
            o.Events.OnValidatePrincipal = async c =>
            {
                if (await c.HttpContext.RequestServices.GetRequiredService<SessionValidator>().IsValidAsync(c.Principal)) return;
                c.RejectPrincipal();
                await c.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            };
        });

        services.AddAuthorizationBuilder().AddShegongPolicies();

        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<AccessTokens>();
        services.AddScoped<SessionValidator>();
        services.AddScoped<Sessions>();
        return services;
    }

    private static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api");

    private static Task Status(HttpResponse response, int status)
    {
        response.StatusCode = status;
        return Task.CompletedTask;
    }
}

/// <summary>Adds the scope binding to the principal so that every request knows its scope without a query.</summary>
public sealed class ShegongClaimsFactory(UserManager<AppUser> users, RoleManager<IdentityRole<Guid>> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole<Guid>>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(ShegongClaims.RegionPrefix, user.RegionPrefix));
        identity.AddClaim(new Claim(ShegongClaims.DisplayName, user.DisplayName));
        if (user.StationId is { } stationId) identity.AddClaim(new Claim(ShegongClaims.StationId, stationId.ToString()));
        return identity;
    }
}

/// <summary>
/// A fixed one-minute window of attempts per client address, its limit read from configuration. Login and the
/// public wish board each have their own (<see cref="LoginThrottle"/>, <c>BoardThrottle</c>).
/// </summary>
public abstract class AddressThrottle(IConfiguration config, string limitKey, int defaultLimit)
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = config.GetValue(limitKey, defaultLimit),
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));

    public bool TryAcquire(HttpContext http)
    {
        using var lease = _limiter.AttemptAcquire(http.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        return lease.IsAcquired;
    }
}

/// <summary>Password attempts per client address (page and API alike), on top of Identity's per-account lockout.</summary>
public sealed class LoginThrottle(IConfiguration config) : AddressThrottle(config, "Auth:LoginAttemptsPerMinute", 10);
