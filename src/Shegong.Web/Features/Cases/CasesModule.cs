using Shegong.Web.Infrastructure.Auth;
using Shegong.Web.Infrastructure.Seed;

namespace Shegong.Web.Features.Cases;

/// <summary>Cases (个案) through 接案 → 结案, their notes, referrals (转介) with the closed loop, supervisor assignments.</summary>
public sealed class CasesModule : ShegongModule
{
    public override void AddServices(IServiceCollection services, IConfiguration config) =>
        services.AddScoped<CaseChecklists>().AddScoped<GenerateCases>();

    public override void MapEndpoints(IEndpointRouteBuilder app, RouteGroupBuilder api)
    {
        CasesApi.Map(api);
        SupervisionApi.Map(api);
    }

    public override IEnumerable<NavEntry> Navigation =>
    [
        // Officers and administrators do not read case files: no menu entry (the pages answer them 404).
        // The referral inbox is reached from the case list.
        new("/cases", "Nav.Cases", 150, Policies.CaseReaders),
        new("/supervision", "Nav.Supervision", 160, Policies.CaseReaders),
    ];

    public override IEnumerable<ModuleCommand> Commands => [GenerateCases.Command];

    public override IEnumerable<DemoSeedStep> DemoSeed => [DemoSeedStep.Of<DemoCasesStep>(650)];
}
