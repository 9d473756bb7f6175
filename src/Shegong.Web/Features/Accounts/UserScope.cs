using Shegong.Domain.Access;
using Shegong.Web.Infrastructure.Auth;

namespace Shegong.Web.Features.Accounts;

/// <summary>
/// Accounts are not station-owned rows (Identity must find any user at login), so the scope query filter does
/// not apply to them; every account list or lookup outside login goes through this one filter instead.
/// </summary>
public static class UserScope
{
    public static IQueryable<AppUser> Within(this IQueryable<AppUser> users, DataScope scope) => scope.Kind switch
    {
        ScopeKind.All => users,
        ScopeKind.Region => users.Where(u => u.RegionPrefix.StartsWith(scope.RegionPrefix)),
        ScopeKind.Station => users.Where(u => u.StationId == scope.StationId),
        _ => users.Where(u => false),
    };
}
