using Shegong.Web.Infrastructure.Auth;

namespace Shegong.Web.Features.Statistics;

/// <summary>Figures of the caller's area or any region under it: aggregates only, no personal data.</summary>
public sealed class StatisticsModule : ShegongModule
{
    public override void MapEndpoints(IEndpointRouteBuilder app, RouteGroupBuilder api) => StatisticsApi.Map(api);

    public override IEnumerable<NavEntry> Navigation =>
    [
        new("/dashboard", "Nav.Dashboard", 590, Policies.StatisticsReaders) { TestId = "nav-dashboard" },
        new("/stats/registry", "Nav.Stats", 600, Policies.StatisticsReaders),
    ];

    public override IEnumerable<ModuleCommand> Commands => [RebuildStatsCommands.Rebuild, RebuildStatsCommands.Verify];
}
