using Microsoft.EntityFrameworkCore;
using Shegong.Web.Infrastructure.Data;
using Shegong.Web.Infrastructure.Seed;

namespace Shegong.Web.Features.Wishes;

/// <summary>Micro-wishes at every step for 长洲街道 (<c>Seed:DemoWishes=false</c> leaves them out, as the test hosts do).</summary>
public sealed class DemoWishesStep(ShegongDbContext db, DemoWishes demoWishes, IConfiguration config) : IDemoSeedStep
{
    public async Task SeedAsync(DemoSeedContext demo, CancellationToken ct)
    {
        if (!config.GetValue("Seed:DemoWishes", true)) return;
        var changzhou = await db.Stations.IgnoreQueryFilters().SingleOrDefaultAsync(s => s.RegionPrefix == "440112010", ct);
        if (changzhou is not null) await demoWishes.SeedAsync(changzhou, ct);
    }
}
