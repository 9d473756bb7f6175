using Shegong.Web.Infrastructure.Auth;

namespace Shegong.Web.Features.Visits;

/// <summary>Home visits (走访): the week's work, who is overdue, and the visit rules of a region.</summary>
public sealed class VisitsModule : ShegongModule
{
    public override void AddServices(IServiceCollection services, IConfiguration config)
    {
        services.AddSingleton<Audit.Contracts.IAuditRecordNamer, VisitAuditNames>();
        services.AddScoped<Infrastructure.Seed.ChangzhouScenario>();
    }

    public override void MapEndpoints(IEndpointRouteBuilder app, RouteGroupBuilder api) => VisitsApi.Map(api);

    public override IEnumerable<NavEntry> Navigation =>
    [
        new("/visits/week", "Nav.Week", 100, Policies.StationWorkers),
        new("/visits/overdue", "Nav.Overdue", 110, Policies.StationWorkers),
        new("/visit-rules", "Nav.VisitRules", 700, Policies.VisitRuleReaders),
    ];
}
