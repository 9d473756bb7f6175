using Shegong.Web.Infrastructure.Auth;
using Shegong.Web.Infrastructure.Seed;

namespace Shegong.Web.Features.Activities;

/// <summary>Groups (小组) and community activities (社区活动): one activity concept that the volunteers module extends with sign-ups and hours.</summary>
public sealed class ActivitiesModule : ShegongModule
{
    public override void AddServices(IServiceCollection services, IConfiguration config) =>
        services.AddSingleton<Audit.Contracts.IAuditRecordNamer, ActivityAuditNames>();

    public override void MapEndpoints(IEndpointRouteBuilder app, RouteGroupBuilder api) => ActivitiesApi.Map(api);

    public override IEnumerable<NavEntry> Navigation =>
    [
        new("/groups", "Nav.Groups", 340, Policies.StationWorkers),
        new("/activities", "Nav.Activities", 350, Policies.StationWorkers),
    ];

    public override IEnumerable<DemoSeedStep> DemoSeed => [DemoSeedStep.Of<DemoActivitiesStep>(600)];
}
