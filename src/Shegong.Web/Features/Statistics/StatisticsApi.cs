using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Auth;

namespace Shegong.Web.Features.Statistics;

/// <summary>/api/v1/stats/registry, /api/v1/statistics/wishes, /api/v1/statistics/activities and /api/v1/statistics/cases — aggregates only (no personal data), for the caller's area or any region under it.</summary>
public static class StatisticsApi
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/stats/registry", async Task<Results<Ok<GetRegistryStats.Result>, ValidationProblem, NotFound<ProblemDetailsLike>>> (
                string? region, string? period, GetRegistryStats.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                await h.HandleAsync(new GetRegistryStats.Query(region, period), ct) switch
                {
                    { Figures: { } r } => TypedResults.Ok(r),
                    { BadPeriod: true } => StatPeriodInput.Problem(l, allowYear: true),
                    _ => ErrorHandling.NotFound(l),
                })
            .WithTags("统计 Statistics")
            .WithSummary("在册人员（按分级、类型、下级区域）、走访方式、走访完成率；period=2026-11、2026-Q4 或 2026，缺省为本月，格式不对为 400 (Ledger and visit figures)")
            .RequireAuthorization(Policies.StatisticsReaders);

        api.MapGet("/statistics/wishes", async Task<Results<Ok<GetWishStats.Result>, ValidationProblem, NotFound<ProblemDetailsLike>>> (
                string? region, string? period, GetWishStats.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                await h.HandleAsync(new GetWishStats.Query(region, period), ct) switch
                {
                    { Figures: { } r } => TypedResults.Ok(r),
                    { BadPeriod: true } => StatPeriodInput.Problem(l, allowYear: true),
                    _ => ErrorHandling.NotFound(l),
                })
            .WithTags("统计 Statistics")
            .WithSummary("微心愿：收集（按群体、类型）、直接认领与精准派单、实现（按类别）、实现率、认领与送达天数中位数；period=2026-11、2026-Q4 或 2026，缺省为本月，格式不对为 400 (Micro-wish figures)")
            .RequireAuthorization(Policies.StatisticsReaders);

        // Downloads the pages link to: the sign-in cookie or a bearer token (a link cannot carry a token).
        api.MapGet("/statistics/wishes/export", async Task<IResult> (string? region, string? period, GetWishStats.Handler h,
                IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            {
                var outcome = await h.HandleAsync(new GetWishStats.Query(region, period), ct);
                if (outcome.BadPeriod) return StatPeriodInput.Problem(l, allowYear: true);
                if (outcome.Figures is not { } r) return ErrorHandling.NotFound(l);
                var stream = new MemoryStream();
                await ExportWishStats.WriteAsync(stream, r, l, ct);
                stream.Position = 0;
                return TypedResults.File(stream, ExportWishStats.ContentType, $"微心愿统计-{r.Period}.xlsx");
            })
            .WithTags("统计 Statistics")
            .WithSummary("微心愿统计导出为 Excel（汇总、分区域两张表，中文表头）(Micro-wish figures as Excel)")
            .Produces(200, contentType: ExportWishStats.ContentType).ProducesValidationProblem().ProducesProblem(404)
            .RequireAuthorization(Policies.ApiOrBrowser, Policies.StatisticsReaders);

        api.MapGet("/statistics/activities", async Task<Results<Ok<GetActivityStats.Result>, ValidationProblem, NotFound<ProblemDetailsLike>>> (
                string? region, string? period, GetActivityStats.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                await h.HandleAsync(new GetActivityStats.Query(region, period), ct) switch
                {
                    { Figures: { } r } => TypedResults.Ok(r),
                    { BadPeriod: true } => StatPeriodInput.Problem(l, allowYear: true),
                    _ => ErrorHandling.NotFound(l),
                })
            .WithTags("统计 Statistics")
            .WithSummary("小组与社区活动：期末各阶段小组数、小组节次与出勤人次、社区活动场次与参与人数（按类型）；period=2026-11、2026-Q4 或 2026，缺省为本月 (Group and activity figures)")
            .RequireAuthorization(Policies.StatisticsReaders);

        api.MapGet("/statistics/activities/export", async Task<IResult> (string? region, string? period, GetActivityStats.Handler h,
                IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            {
                var outcome = await h.HandleAsync(new GetActivityStats.Query(region, period), ct);
                if (outcome.BadPeriod) return StatPeriodInput.Problem(l, allowYear: true);
                if (outcome.Figures is not { } r) return ErrorHandling.NotFound(l);
                var stream = new MemoryStream();
                await ExportActivityStats.WriteAsync(stream, r, l, ct);
                stream.Position = 0;
                return TypedResults.File(stream, ExportActivityStats.ContentType, $"小组与社区活动统计-{r.Period}.xlsx");
            })
            .WithTags("统计 Statistics")
            .WithSummary("小组与社区活动统计导出为 Excel（汇总、分区域两张表，中文表头）(Group and activity figures as Excel)")
            .Produces(200, contentType: ExportActivityStats.ContentType).ProducesValidationProblem().ProducesProblem(404)
            .RequireAuthorization(Policies.ApiOrBrowser, Policies.StatisticsReaders);

        api.MapGet("/statistics/cases", async Task<Results<Ok<GetCaseStats.Result>, ValidationProblem, NotFound<ProblemDetailsLike>>> (
                string? region, string? period, GetCaseStats.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                await h.HandleAsync(new GetCaseStats.Query(region, period), ct) switch
                {
                    { Figures: { } r } => TypedResults.Ok(r),
                    { BadPeriod: true } => StatPeriodInput.Problem(l, allowYear: true),
                    _ => ErrorHandling.NotFound(l),
                })
            .WithTags("统计 Statistics")
            .WithSummary("个案统计：新开个案（按来源、接案时风险、人员类型）、期末各阶段在案数、结案与未接案、各阶段天数中位数；转介（按接收方类型）的接收方办结率与本人确认率（分别统计）、今日逾期转介；督导时长、人均督导时长与督导比；period=2026-11、2026-Q4、2026-H1 或 2026，缺省为本月 (Case, referral and supervision figures)")
            .RequireAuthorization(Policies.StatisticsReaders);

        api.MapGet("/statistics/cases/export", async Task<IResult> (string? region, string? period, GetCaseStats.Handler h,
                IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            {
                var outcome = await h.HandleAsync(new GetCaseStats.Query(region, period), ct);
                if (outcome.BadPeriod) return StatPeriodInput.Problem(l, allowYear: true);
                if (outcome.Figures is not { } r) return ErrorHandling.NotFound(l);
                var stream = new MemoryStream();
                await ExportCaseStats.WriteAsync(stream, r, l, ct);
                stream.Position = 0;
                return TypedResults.File(stream, ExportCaseStats.ContentType, $"个案统计-{r.Period}.xlsx");
            })
            .WithTags("统计 Statistics")
            .WithSummary("个案统计导出为 Excel（汇总、转介、分区域三张表，中文表头）(Case figures as Excel)")
            .Produces(200, contentType: ExportCaseStats.ContentType).ProducesValidationProblem().ProducesProblem(404)
            .RequireAuthorization(Policies.ApiOrBrowser, Policies.StatisticsReaders);

        api.MapGet("/stats/registry/export", async Task<IResult> (string? region, string? period, GetRegistryStats.Handler h,
                IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            {
                var outcome = await h.HandleAsync(new GetRegistryStats.Query(region, period), ct);
                if (outcome.BadPeriod) return StatPeriodInput.Problem(l, allowYear: true);
                if (outcome.Figures is not { } r) return ErrorHandling.NotFound(l);
                var stream = new MemoryStream();
                await ExportRegistryStats.WriteAsync(stream, r, l, ct);
                stream.Position = 0;
                return TypedResults.File(stream, ExportRegistryStats.ContentType, ExportRegistryStats.FileName(r, l));
            })
            .WithTags("统计 Statistics")
            .WithSummary("台账与走访统计导出为 Excel（汇总、分区域两张表，中文表头）(Ledger and visit figures as Excel)")
            .Produces(200, contentType: ExportRegistryStats.ContentType).ProducesValidationProblem().ProducesProblem(404)
            .RequireAuthorization(Policies.ApiOrBrowser, Policies.StatisticsReaders);
    }
}
