using Shegong.Web.Infrastructure.Auth;

namespace Shegong.Web.Features.Audit;

public static class AuditApi
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/audit", async ([AsParameters] SearchAudit.Query q, SearchAudit.Handler h, CancellationToken ct) =>
                TypedResults.Ok(await h.HandleAsync(q, ct)))
            .WithTags("审计 Audit")
            .WithSummary("审计日志，限于调用者的管辖范围 (Audit entries in the caller's scope)")
            .RequireAuthorization(Policies.AuditReaders);
    }
}
