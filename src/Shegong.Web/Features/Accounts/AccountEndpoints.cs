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
        app.MapPost("/account/logout", async (HttpContext http, SignInManager<AppUser> signIn, Sessions sessions, ShegongDbContext db) =>
        {
            var user = await signIn.UserManager.GetUserAsync(http.User);
            if (user is not null)
            {
                db.RecordEvent(AuditAction.Logout, nameof(AppUser), user.Id.ToString(), user.StationId, user.RegionPrefix);
                await db.SaveChangesAsync();
            }
            // The session ends in the database, not only in this browser: a copy of the cookie stops working too.
            if (Sessions.SessionOf(http.User) is { } session) await sessions.RevokeAsync(session);
            await signIn.SignOutAsync();
            // A phone is often shared: what this browser kept for the worker goes with the session — the visit
            // form's drafts (localStorage: a person's name and notes) and the offline copy of the form (the service
            // worker and its cache). A visit still queued offline is lost with them; logging out needs a connection,
            // and with one the queue has already been sent.
            http.Response.Headers["Clear-Site-Data"] = "\"cache\", \"storage\"";
            return Results.LocalRedirect("/account/login");
        }).AllowAnonymous().ExcludeFromDescription();
    }
}
