using Microsoft.EntityFrameworkCore;
using Shegong.Web.Features;
using Shegong.Web.Infrastructure.Auth;
using Shegong.Web.Infrastructure.Data;
using Shegong.Web.Infrastructure.Privacy;

namespace Shegong.Web.Infrastructure.Seed;

/// <summary>One module's part of the demo data (declared by the module as a <see cref="DemoSeedStep"/>).</summary>
public interface IDemoSeedStep
{
    Task SeedAsync(DemoSeedContext demo, CancellationToken ct);
}

/// <summary>What the steps of one demo seeding share: the lines printed once at the end (e.g. the demo accounts).</summary>
public sealed class DemoSeedContext
{
    public List<string> Summary { get; } = [];
}

/// <summary>
/// The demo area on a first start: runs the steps the modules declare, in their order (regions, stations, accounts,
/// ledgers, wishes in this host), in one scope, and prints what they report.
/// </summary>
public sealed class DemoSeeder(ShegongDbContext db, LookupHasher hasher, IServiceProvider services)
{
    public static readonly IReadOnlyList<DemoSeedStep> Steps = [.. ShegongModules.All.SelectMany(m => m.DemoSeed).OrderBy(s => s.Order)];

    public async Task<bool> SeedIfEmptyAsync(TextWriter output, CancellationToken ct = default)
    {
        if (await db.Regions.IgnoreQueryFilters().AnyAsync(ct)) return false;
        await SeedAsync(output, ct);
        return true;
    }

    public async Task SeedAsync(TextWriter output, CancellationToken ct = default)
    {
        // The demo spans stations and regions: seeded as the system, by name (outside a request the scope is nothing).
        using var system = services.RunAsSystem("seed: the demo area");
        // Keys first, outside any transaction: on SQLite, creating them inside one would wait for its own lock.
        await db.PrepareEncryptionAsync(ct);
        await hasher.HashAsync("warm-up", ct);
        var demo = new DemoSeedContext();
        foreach (var step in Steps)
            await ((IDemoSeedStep)services.GetRequiredService(step.StepType)).SeedAsync(demo, ct);
        foreach (var line in demo.Summary) output.WriteLine(line);
    }
}

public static class DemoSeedServices
{
    public static IServiceCollection AddShegongDemoSeed(this IServiceCollection services)
    {
        services.AddScoped<DemoSeeder>();
        foreach (var step in DemoSeeder.Steps) services.AddScoped(step.StepType);
        return services;
    }
}
