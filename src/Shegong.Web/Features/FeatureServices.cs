using Shegong.Web.Infrastructure.Auth;
using Shegong.Web.Infrastructure.Jobs;
using Shegong.Web.Infrastructure.Seed;

namespace Shegong.Web.Features;

/// <summary>Plugs in every module (<see cref="ShegongModules.All"/>): its handlers, services, jobs, demo seed and endpoints.</summary>
public static class FeatureServices
{
    public static IServiceCollection AddShegongFeatures(this IServiceCollection services, IConfiguration config)
    {
        var handlers = typeof(FeatureServices).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false, IsNested: true, Name: "Handler" } && t.Namespace!.StartsWith("Shegong.Web.Features"));
        foreach (var h in handlers) services.AddScoped(h);
        foreach (var module in ShegongModules.All) module.AddServices(services, config);
        services.AddShegongDemoSeed();
        services.AddShegongJobs(config, [.. ShegongModules.All.SelectMany(m => m.Jobs)]);
        return services;
    }

    /// <summary>Every module's endpoints; the whole <c>/api/v1</c> group takes a bearer token unless an endpoint is marked public.</summary>
    public static IEndpointRouteBuilder MapShegongFeatures(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization(Policies.Api)
            .AddEndpointFilterFactory(Infrastructure.RequiredBodyMembers.Factory);
        foreach (var module in ShegongModules.All) module.MapEndpoints(app, api);
        return app;
    }
}
