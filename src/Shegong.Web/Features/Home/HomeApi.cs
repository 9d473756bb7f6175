using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Shegong.Web.Infrastructure;

namespace Shegong.Web.Features.Home;

public static class HomeApi
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/stats/overview", async Task<Results<Ok<GetHomeFigures.Result>, NotFound<ProblemDetailsLike>>> (
                string? region, GetHomeFigures.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                await h.HandleAsync(region, ct) is { } r ? TypedResults.Ok(r) : ErrorHandling.NotFound(l))
            .WithTags("统计 Statistics")
            .WithSummary("覆盖情况：乡镇、社区、已建站、运营中、社工室、用户，及覆盖率 (Coverage figures of the caller's area or a region inside it)");
}
