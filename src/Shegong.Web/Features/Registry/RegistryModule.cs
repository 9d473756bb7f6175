using Shegong.Web.Infrastructure.Auth;
using Shegong.Web.Infrastructure.Seed;

namespace Shegong.Web.Features.Registry;

/// <summary>
/// Households and persons on file (台账). Who works the ledgers: the station's own social workers and its manager
/// (<see cref="Policies.StationWorkers"/>); officers see aggregates only (DOMAIN.md §2: individual sensitive records
/// need an explicit grant, which does not exist yet).
/// </summary>
public sealed class RegistryModule : ShegongModule
{
    public override void AddServices(IServiceCollection services, IConfiguration config)
    {
        services.AddSingleton<Audit.Contracts.IAuditRecordNamer, RegistryAuditNames>();
        services.AddSingleton<PersonImportJobs>();
        services.AddScoped<GenerateLedgers>();
    }

    public override void MapEndpoints(IEndpointRouteBuilder app, RouteGroupBuilder api)
    {
        PersonsApi.Map(api);
        PersonsExcelApi.Map(api);
        CallPerson.Map(app);
    }

    public override IEnumerable<NavEntry> Navigation => [new("/persons", "Nav.Persons", 200, Policies.StationWorkers)];

    public override IEnumerable<DemoSeedStep> DemoSeed => [DemoSeedStep.Of<DemoLedgers>(400)];
}
