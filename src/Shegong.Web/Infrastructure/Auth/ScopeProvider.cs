using System.Security.Claims;
using Shegong.Domain.Access;

namespace Shegong.Web.Infrastructure.Auth;

/// <summary>The caller's data scope, read from the signed-in user's claims.</summary>
public interface IScopeProvider
{
    DataScope Current { get; }
}

/// <summary>
/// Per request (or per command): the signed-in user's scope, nothing for anonymous callers, everything for code
/// that runs outside a request (commands, jobs). <see cref="Override"/> lets a command or a test act as a scope.
/// </summary>
public sealed class ScopeProvider(IHttpContextAccessor accessor) : IScopeProvider
{
    public DataScope? Override { get; set; }

    public DataScope Current => Override ?? FromUser(accessor.HttpContext?.User, accessor.HttpContext is null);

    public static DataScope FromUser(ClaimsPrincipal? user, bool outsideRequest)
    {
        if (user?.Identity?.IsAuthenticated != true) return outsideRequest ? DataScope.System : DataScope.None;
        var prefix = user.FindFirstValue(ShegongClaims.RegionPrefix);
        if (prefix is null) return DataScope.None;
        if (Guid.TryParse(user.FindFirstValue(ShegongClaims.StationId), out var stationId))
            return DataScope.ForStation(stationId, prefix);
        return DataScope.ForRegion(prefix);
    }
}

public static class ShegongClaims
{
    public const string StationId = "shegong:station";
    public const string RegionPrefix = "shegong:region";
    public const string DisplayName = "shegong:display_name";
}
