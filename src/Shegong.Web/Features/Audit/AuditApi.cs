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
        api.MapGet("/audit/browse", async ([AsParameters] BrowseAudit.Query q, BrowseAudit.Handler h, CancellationToken ct) =>
                TypedResults.Ok(await h.HandleAsync(q, ct)))
            .WithTags("审计 Audit")
            .WithSummary("审计日志（可读形式）：对象名称，敏感信息查看按用户、对象、日期合并 (Audit log as shown: record names, reads grouped per user, record and day)")
            .RequireAuthorization(Policies.AuditReaders);
    }
}
