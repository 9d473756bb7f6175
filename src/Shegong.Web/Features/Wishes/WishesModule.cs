using Shegong.Web.Infrastructure.Auth;
using Shegong.Web.Infrastructure.Seed;

namespace Shegong.Web.Features.Wishes;

/// <summary>Micro-wishes (微心愿, 三单制): the station's wishes, the public board, dispatch to donors, and the board's upkeep.</summary>
public sealed class WishesModule : ShegongModule
{
    public override void AddServices(IServiceCollection services, IConfiguration config)
    {
        services.AddSingleton<Audit.Contracts.IAuditRecordNamer, WishAuditNames>();
        services.AddSingleton<BoardThrottle>();
        services.AddScoped<DemoWishes>();
        services.AddScoped<WishScenario>();
        services.AddScoped<StaffNotices>();
    }

    public override void MapEndpoints(IEndpointRouteBuilder app, RouteGroupBuilder api)
    {
        WishesApi.Map(api);
        Dispatch.DispatchApi.Map(api);
    }

    public override IEnumerable<NavEntry> Navigation =>
    [
        // 微心愿 covers /wishes and a wish's pages, not the dispatch, donor and offer pages, which have their own entries.
        new("/wishes", "Nav.Wishes", 300, Policies.StationWorkers) { Match = NavMatch.OwnPages },
        new("/wishes/dispatch", "Nav.Dispatch", 310, Policies.StationWorkers),
        new("/wishes/donors", "Donors.Title", 320, Policies.StationWorkers),
        new("/wishes/offers", "Offers.Title", 330, Policies.DonorAccounts),
    ];

    public override IEnumerable<ScheduledJob> Jobs =>
        [ScheduledJob.Every<WishHousekeeping.Job>("wish-upkeep", TimeSpan.FromHours(1), firstRunAfter: TimeSpan.FromMinutes(1))];

    public override IEnumerable<DemoSeedStep> DemoSeed => [DemoSeedStep.Of<DemoWishesStep>(500)];
}
