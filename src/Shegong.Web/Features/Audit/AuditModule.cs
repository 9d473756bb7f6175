using Shegong.Web.Infrastructure.Auth;

namespace Shegong.Web.Features.Audit;

/// <summary>The audit log of the caller's scope.</summary>
public sealed class AuditModule : ShegongModule
{
    public override void MapEndpoints(IEndpointRouteBuilder app, RouteGroupBuilder api) => AuditApi.Map(api);

    public override IEnumerable<NavEntry> Navigation => [new("/audit", "Nav.Audit", 900, Policies.AuditReaders)];
}
