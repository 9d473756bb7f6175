using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Shegong.Domain.Access;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Auth;

namespace Shegong.Web.Features.Statistics;

/// <summary>/api/v1/stats/registry — aggregates only (no personal data), for the caller's area or any region under it.</summary>
public static class StatisticsApi
{
    public const string Readers = "SocialWorker,StationManager,Supervisor,CivilAffairsOfficer,Administrator";
    public static readonly string[] ReaderList = [Roles.SocialWorker, Roles.StationManager, Roles.Supervisor, Roles.CivilAffairsOfficer, Roles.Administrator];

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/stats/registry", async Task<Results<Ok<GetRegistryStats.Result>, NotFound<ProblemDetailsLike>>> (
                string? region, string? period, GetRegistryStats.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                await h.HandleAsync(new GetRegistryStats.Query(region, period), ct) is { } r ? TypedResults.Ok(r) : ErrorHandling.NotFound(l))
            .WithTags("统计 Statistics")
            .WithSummary("在册人员（按分级、类型、下级区域）、走访方式、走访完成率；period=2026-11 或 2026-Q4 (Ledger and visit figures)")
            .RequireAuthorization(AuthServices.ApiPolicy)
            .RequireAuthorization(p => p.RequireRole(ReaderList));
}
