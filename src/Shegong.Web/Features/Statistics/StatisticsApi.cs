using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Auth;

namespace Shegong.Web.Features.Statistics;

/// <summary>/api/v1/stats/registry and /api/v1/statistics/wishes — aggregates only (no personal data), for the caller's area or any region under it.</summary>
public static class StatisticsApi
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/stats/registry", async Task<Results<Ok<GetRegistryStats.Result>, NotFound<ProblemDetailsLike>>> (
                string? region, string? period, GetRegistryStats.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                await h.HandleAsync(new GetRegistryStats.Query(region, period), ct) is { } r ? TypedResults.Ok(r) : ErrorHandling.NotFound(l))
            .WithTags("统计 Statistics")
            .WithSummary("在册人员（按分级、类型、下级区域）、走访方式、走访完成率；period=2026-11 或 2026-Q4 (Ledger and visit figures)")
            .RequireAuthorization(Policies.StatisticsReaders);

        api.MapGet("/statistics/wishes", async Task<Results<Ok<GetWishStats.Result>, NotFound<ProblemDetailsLike>>> (
                string? region, string? period, GetWishStats.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                await h.HandleAsync(new GetWishStats.Query(region, period), ct) is { } r ? TypedResults.Ok(r) : ErrorHandling.NotFound(l))
            .WithTags("统计 Statistics")
            .WithSummary("微心愿：收集（按群体、类型）、直接认领与精准派单、实现（按类别）、实现率、认领与送达天数中位数；period=2026-11、2026-Q4 或 2026 (Micro-wish figures)")
            .RequireAuthorization(Policies.StatisticsReaders);

        // A download the page links to: the sign-in cookie or a bearer token (a link cannot carry a token).
        api.MapGet("/statistics/wishes/export", async Task<IResult> (string? region, string? period, GetWishStats.Handler h,
                IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            {
                if (await h.HandleAsync(new GetWishStats.Query(region, period), ct) is not { } r) return ErrorHandling.NotFound(l);
                var stream = new MemoryStream();
                await ExportWishStats.WriteAsync(stream, r, l, ct);
                stream.Position = 0;
                return TypedResults.File(stream, ExportWishStats.ContentType, $"微心愿统计-{r.Period}.xlsx");
            })
            .WithTags("统计 Statistics")
            .WithSummary("微心愿统计导出为 Excel（汇总、分区域两张表，中文表头）(Micro-wish figures as Excel)")
            .RequireAuthorization(Policies.ApiOrBrowser, Policies.StatisticsReaders);
    }
}
