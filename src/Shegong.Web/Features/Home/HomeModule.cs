namespace Shegong.Web.Features.Home;

/// <summary>The home page and its coverage figures.</summary>
public sealed class HomeModule : ShegongModule
{
    public override void MapEndpoints(IEndpointRouteBuilder app, RouteGroupBuilder api) => HomeApi.Map(api);

    public override IEnumerable<NavEntry> Navigation => [new("/", "Nav.Home", 0) { Match = NavMatch.Exact }];
}
