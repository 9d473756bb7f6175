using Shegong.Web.Infrastructure.Auth;

namespace Shegong.Web.Features.Regions;

/// <summary>The administrative divisions (行政区划): browsing, import, and the demo area.</summary>
public sealed class RegionsModule : ShegongModule
{
    public override void AddServices(IServiceCollection services, IConfiguration config) => services.AddSingleton<Contracts.RegionNames>();

    public override void MapEndpoints(IEndpointRouteBuilder app, RouteGroupBuilder api)
    {
        RegionImportFile.MapTemplate(app);
        RegionsApi.Map(api);
    }

    public override IEnumerable<NavEntry> Navigation =>
    [
        new("/regions", "Nav.Regions", 510, Policies.StationViewers),
        new("/regions/import", "Nav.ImportRegions", 810, Policies.Administrators),
    ];

    public override IEnumerable<DemoSeedStep> DemoSeed => [DemoSeedStep.Of<DemoRegions>(100)];

    public override IEnumerable<ModuleCommand> Commands => [ImportRegionsCommand.Command];
}
