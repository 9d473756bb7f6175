using System.Security.Claims;
using Shegong.Web.Infrastructure.Auth;

namespace Shegong.Web.Infrastructure.Audit;

/// <summary>Who is acting and from where, for audit entries.</summary>
public interface IAuditContext
{
    Guid? UserId { get; }
    string UserName { get; }
    string IpAddress { get; }
}

public sealed class HttpAuditContext(IHttpContextAccessor accessor) : IAuditContext
{
    private ClaimsPrincipal? User => accessor.HttpContext?.User;
    public Guid? UserId => Guid.TryParse(User?.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
    public string UserName => User?.Identity?.IsAuthenticated == true
        ? User.Identity.Name ?? ""
        : accessor.HttpContext is null ? "system" : "anonymous";
    public string IpAddress => accessor.HttpContext?.Connection.RemoteIpAddress?.ToString() ?? "";
}
