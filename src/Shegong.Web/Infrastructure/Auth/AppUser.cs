using Microsoft.AspNetCore.Identity;

namespace Shegong.Web.Infrastructure.Auth;

/// <summary>
/// A login. Bound to exactly one station (station roles) or one region node (the others);
/// <see cref="RegionPrefix"/> is copied from the binding so that scope checks need no join. Region-owned by that
/// binding: seen by callers whose region (a station's is its township's) contains it, and by the account itself
/// (the scope filter). Identity's own look-ups at sign-in see every account (<c>ShegongUserStore</c>).
/// </summary>
public sealed class AppUser : IdentityUser<Guid>, Shegong.Domain.Common.IRegionOwned
{
    public string DisplayName { get; set; } = "";
    public Guid? StationId { get; set; }
    public Guid? RegionId { get; set; }
    public string RegionPrefix { get; set; } = "";
    public DateTime CreatedAtUtc { get; set; } = DateTime.UtcNow;

    /// <summary>
    /// Locked by an administrator: no sign-in until an administrator unlocks it (a password reset does not). Distinct
    /// from the failed-attempt lockout, which is kept per user name and client address (<see cref="LoginFailure"/>).
    /// </summary>
    public bool LockedByAdmin { get; set; }
}
