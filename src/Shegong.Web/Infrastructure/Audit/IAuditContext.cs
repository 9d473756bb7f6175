using System.Security.Claims;
using Shegong.Web.Infrastructure.Auth;

namespace Shegong.Web.Infrastructure.Audit;

/// <summary>Who is acting and from where, for audit entries.</summary>
public interface IAuditContext
{
    Guid? UserId { get; }
    string UserName { get; }
    string IpAddress { get; }

    /// <summary>The name the user is shown by, from the sign-in (null when unknown, e.g. work continued in the background).</summary>
    string? DisplayName => null;
}

/// <summary>Who acted, captured from a request to carry into work that runs after it (e.g. a background import).</summary>
public sealed record AuditIdentity(Guid? UserId, string UserName, string IpAddress);

public sealed class HttpAuditContext(IHttpContextAccessor accessor) : IAuditContext
{
    /// <summary>Set by background work that continues a user's request, so that its entries name that user.</summary>
    public AuditIdentity? Override { get; set; }

    private ClaimsPrincipal? User => accessor.HttpContext?.User;
    public Guid? UserId => Override is { } o ? o.UserId : Guid.TryParse(User?.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
    public string UserName => Override?.UserName ?? (User?.Identity?.IsAuthenticated == true
        ? User.Identity.Name ?? ""
        : accessor.HttpContext is null ? "system" : "anonymous");
    public string IpAddress => Override?.IpAddress ?? accessor.HttpContext?.Connection.RemoteIpAddress?.ToString() ?? "";
    public string? DisplayName => Override is null && User?.Identity?.IsAuthenticated == true ? User.FindFirstValue(ShegongClaims.DisplayName) : null;

    public AuditIdentity Capture() => new(UserId, UserName, IpAddress);
}
