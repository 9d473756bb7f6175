using Microsoft.AspNetCore.Identity;
using Shegong.Domain.Audit;
using Shegong.Web.Infrastructure.Auth;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Accounts;

/// <summary>Browser-side account endpoints that are plain form posts (logout; public, so an expired session can still log out).</summary>
public static class AccountEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/account/logout", async (HttpContext http, SignInManager<AppUser> signIn, ShegongDbContext db) =>
        {
            var user = await signIn.UserManager.GetUserAsync(http.User);
            if (user is not null)
            {
                db.RecordEvent(AuditAction.Logout, nameof(AppUser), user.Id.ToString(), user.StationId, user.RegionPrefix);
                await db.SaveChangesAsync();
            }
            await signIn.SignOutAsync();
            return Results.LocalRedirect("/account/login");
        }).AllowAnonymous().ExcludeFromDescription();
    }
}
