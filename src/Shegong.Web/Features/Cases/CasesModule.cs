using Shegong.Web.Infrastructure.Auth;

namespace Shegong.Web.Features.Cases;

/// <summary>Cases (个案) through 接案 → 结案, their notes, referrals (转介) with the closed loop, supervisor assignments.</summary>
public sealed class CasesModule : ShegongModule
{
    public override void AddServices(IServiceCollection services, IConfiguration config) => services.AddScoped<CaseChecklists>();

    public override void MapEndpoints(IEndpointRouteBuilder app, RouteGroupBuilder api) => CasesApi.Map(api);

    public override IEnumerable<NavEntry> Navigation =>
    [
        new("/cases", "Nav.Cases", 150, Policies.StationViewers) { Match = NavMatch.OwnPages },
        new("/cases/inbox", "Nav.ReferralInbox", 160, Policies.StationWorkers),
    ];
}
