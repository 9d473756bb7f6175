using Microsoft.AspNetCore.Identity;

namespace Shegong.Web.Infrastructure.Auth;

/// <summary>
/// A login. Bound to exactly one station (station roles) or one region node (the others);
/// <see cref="RegionPrefix"/> is copied from the binding so that scope checks need no join.
/// </summary>
public sealed class AppUser : IdentityUser<Guid>
{
    public string DisplayName { get; set; } = "";
    public Guid? StationId { get; set; }
    public Guid? RegionId { get; set; }
    public string RegionPrefix { get; set; } = "";
    public DateTime CreatedAtUtc { get; set; } = DateTime.UtcNow;
}
