using Shegong.Web.Infrastructure.Seed;

namespace Shegong.Web.Features.Regions;

/// <summary>The demo area: 广东省广州市 with 黄埔区 and 天河区 (real GB/T 2260 codes), imported the normal way.</summary>
public sealed class DemoRegions(ImportRegions.Handler importRegions) : IDemoSeedStep
{
    public async Task SeedAsync(DemoSeedContext demo, CancellationToken ct)
    {
        await using var csv = typeof(DemoRegions).Assembly.GetManifestResourceStream("Shegong.Web.Infrastructure.Seed.demo-regions.csv")!;
        var result = await importRegions.HandleAsync(RegionFile.Read(csv, "demo-regions.csv"), ct);
        if (!result.Succeeded) throw new InvalidOperationException("Demo regions are invalid: " + result.Errors[0].Message);
    }
}
