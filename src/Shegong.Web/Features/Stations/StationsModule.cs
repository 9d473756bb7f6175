using Shegong.Web.Infrastructure.Auth;

namespace Shegong.Web.Features.Stations;

/// <summary>Township social work stations (社工站), their staff and community rooms.</summary>
public sealed class StationsModule : ShegongModule
{
    public override void AddServices(IServiceCollection services, IConfiguration config) =>
        services.AddSingleton<Audit.Contracts.IAuditRecordNamer, StationAuditNames>();

    public override void MapEndpoints(IEndpointRouteBuilder app, RouteGroupBuilder api) => StationsApi.Map(api);

    public override IEnumerable<NavEntry> Navigation => [new("/stations", "Nav.Stations", 500, Policies.StationViewers)];

    public override IEnumerable<DemoSeedStep> DemoSeed => [DemoSeedStep.Of<DemoStations>(200)];
}
