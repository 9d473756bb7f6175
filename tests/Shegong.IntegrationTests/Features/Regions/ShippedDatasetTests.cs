using System.IO.Compression;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Shegong.Domain.Regions;
using Shegong.IntegrationTests.Infrastructure;
using Shegong.Web.Features;
using Shegong.Web.Features.Regions;
using Shegong.Web.Infrastructure.Auth;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.IntegrationTests.Features.Regions;

/// <summary>
/// What a newcomer runs on a fresh clone: <c>import-regions</c> with no argument reads the national dataset the
/// repository ships in <c>data/regions</c> and imports all five levels, on an empty database of its own.
/// </summary>
public sealed class ShippedDatasetTests(AppFixture app)
{
    [Fact]
    public async Task Import_regions_without_an_argument_imports_the_shipped_national_dataset()
    {
        var folder = RepositoryDataset();
        var expected = new Dictionary<RegionLevel, int>
        {
            [RegionLevel.Province] = DataRows(folder, "provinces.csv"),
            [RegionLevel.City] = DataRows(folder, "cities.csv"),
            [RegionLevel.County] = DataRows(folder, "areas.csv"),
            // 金门县 is repeated as its own township and village with all-zero codes: placeholders, not imported.
            [RegionLevel.Township] = DataRows(folder, "streets.csv") - 1,
            [RegionLevel.Community] = DataRows(folder, "villages.csv.gz") - 1,
        };
        expected[RegionLevel.Community].ShouldBeGreaterThan(600_000);

        var connection = await app.ScratchDatabaseAsync("regions_" + Guid.NewGuid().ToString("N")[..8]);
        await using var factory = app.CreateFactory(new Dictionary<string, string?> { ["ConnectionStrings:Shegong"] = connection });
        using var scope = factory.Services.CreateScope();
        var sp = scope.ServiceProvider;
        using var system = sp.RunAsSystem("test: the import-regions command as the command line runs it");
        var db = sp.GetRequiredService<ShegongDbContext>();
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));

        var exit = await ImportRegionsCommand.Command.RunAsync(new CommandContext(sp, db, sp.GetRequiredService<IConfiguration>(), ["import-regions"]));

        exit.ShouldBe(0);
        var counts = await db.Regions.AsNoTracking().GroupBy(r => r.Level).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);
        counts.ShouldBe(expected, ignoreOrder: true);
        (await db.Regions.AsNoTracking().SingleAsync(r => r.Prefix == "440112010")).Name.ShouldBe("长洲街道");
        (await db.Regions.AsNoTracking().CountAsync(r => r.Prefix.StartsWith("440112010") && r.Level == RegionLevel.Community)).ShouldBe(4);
    }

    /// <summary>data/regions of the repository these tests were built from.</summary>
    private static string RepositoryDataset()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "data", "regions", "provinces.csv"))) return Path.Combine(dir.FullName, "data", "regions");
        throw new InvalidOperationException("data/regions is not in the repository");
    }

    private static int DataRows(string folder, string file)
    {
        using var raw = File.OpenRead(Path.Combine(folder, file));
        using Stream stream = file.EndsWith(".gz") ? new GZipStream(raw, CompressionMode.Decompress) : raw;
        using var reader = new StreamReader(stream);
        var lines = 0;
        while (reader.ReadLine() is { Length: > 0 }) lines++;
        return lines - 1; // the header
    }
}
