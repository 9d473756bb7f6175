using Quartz;
using Shegong.Web.Infrastructure.Seed;

namespace Shegong.Web.Features;

/// <summary>Registers every use case's Handler (found by convention) and maps every module's API.</summary>
public static class FeatureServices
{
    public static IServiceCollection AddShegongFeatures(this IServiceCollection services, IConfiguration config)
    {
        var handlers = typeof(FeatureServices).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false, IsNested: true, Name: "Handler" } && t.Namespace!.StartsWith("Shegong.Web.Features"));
        foreach (var h in handlers) services.AddScoped(h);
        services.AddScoped<DemoSeeder>();
        services.AddScoped<Infrastructure.Seed.DemoWishes>();
        services.AddScoped<GenerateLedgers>();
        services.AddScoped<WishScenario>();
        services.AddSingleton<Registry.PersonImportJobs>();
        services.AddSingleton<Wishes.BoardThrottle>();
        // Scheduled jobs (RAM store: each node runs them; every job is idempotent). Off with Jobs:Enabled=false (tests).
        services.AddQuartz(q =>
        {
            var upkeep = new Quartz.JobKey("wish-upkeep");
            q.AddJob<Wishes.WishHousekeeping.Job>(j => j.WithIdentity(upkeep));
            q.AddTrigger(t => t.ForJob(upkeep).StartAt(DateTimeOffset.UtcNow.AddMinutes(1)).WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromHours(1)).RepeatForever()));
        });
        services.AddScoped<Wishes.WishHousekeeping.Job>();
        if (config.GetValue("Jobs:Enabled", true)) services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }

    public static IEndpointRouteBuilder MapShegongFeatures(this IEndpointRouteBuilder app)
    {
        Accounts.AccountEndpoints.Map(app);
        Regions.RegionImportFile.MapTemplate(app);
        var api = app.MapGroup("/api/v1");
        Accounts.AccountsApi.Map(api);
        Regions.RegionsApi.Map(api);
        Stations.StationsApi.Map(api);
        Audit.AuditApi.Map(api);
        Home.HomeApi.Map(api);
        Registry.PersonsApi.Map(api);
        Registry.PersonsExcelApi.Map(api);
        Visits.VisitsApi.Map(api);
        Statistics.StatisticsApi.Map(api);
        Wishes.WishesApi.Map(api);
        Wishes.Dispatch.DispatchApi.Map(api);
        return app;
    }
}
