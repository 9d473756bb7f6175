using Microsoft.EntityFrameworkCore;

namespace Shegong.Web.Features.Regions;

/// <summary>
/// <c>import-regions [file.csv|file.xlsx|dataset folder] [max level 1-5]</c>: the region list, all or nothing. Without a
/// path (or with a level alone) it reads the national dataset the repository ships in <c>data/regions</c>.
/// </summary>
public static class ImportRegionsCommand
{
    public static readonly ModuleCommand Command = new("import-regions", "import-regions [file.csv|file.xlsx|dataset folder, default data/regions] [max level 1-5]", RunAsync);

    private static async Task<int> RunAsync(CommandContext c)
    {
        var words = c.Words.Skip(1).ToList();
        var maxLevel = 5;
        if (words.Count > 0 && int.TryParse(words[^1], out var level)) { maxLevel = level; words.RemoveAt(words.Count - 1); }
        var path = words.Count == 1 ? words[0] : words.Count == 0 ? ShippedDataset() : null;
        if (path is null || maxLevel is < 1 or > 5)
        {
            Console.Error.WriteLine("usage: " + Command.Usage);
            return 2;
        }
        await c.Db.Database.MigrateAsync();
        List<ImportRegions.Row> rows;
        if (Directory.Exists(path)) rows = RegionFile.ReadDatasetFolder(path, maxLevel);
        else
        {
            await using var file = File.OpenRead(path);
            rows = RegionFile.Read(file, path);
        }
        Console.WriteLine($"Read {rows.Count} rows; validating…");
        var result = await c.Services.GetRequiredService<ImportRegions.Handler>().HandleAsync(rows);
        if (!result.Succeeded)
        {
            foreach (var e in result.Errors.Take(50)) Console.Error.WriteLine($"row {e.RowNumber}, {e.Column}: {e.Message}");
            Console.Error.WriteLine($"{result.Errors.Count} problems; nothing was imported.");
            return 1;
        }
        Console.WriteLine($"Imported: {result.Created} created, {result.Renamed} renamed, {result.Unchanged} unchanged.");
        return 0;
    }

    /// <summary>The repository's <c>data/regions</c>, found from the working folder or the built host upwards.</summary>
    private static string? ShippedDataset()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "data", "regions", "provinces.csv"))) return Path.Combine(dir.FullName, "data", "regions");
        Console.Error.WriteLine("The national dataset (data/regions in the repository) was not found; give a path.");
        return null;
    }
}
