using System.Security.Claims;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Auth;

namespace Shegong.Web.Features.Stations;

/// <summary>Who records a 六有 check and when: the signed-in user's display name (else user name) and today in China.</summary>
internal static class StationChecker
{
    public static string Name(IHttpContextAccessor accessor)
    {
        var user = accessor.HttpContext?.User;
        return user?.FindFirstValue(ShegongClaims.DisplayName) is { Length: > 0 } display ? display
            : user?.Identity?.Name ?? "system";
    }

    public static DateOnly Today => ChinaTime.Today;
}
