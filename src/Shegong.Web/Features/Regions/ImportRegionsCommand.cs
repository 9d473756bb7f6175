using Microsoft.EntityFrameworkCore;

namespace Shegong.Web.Features.Regions;

/// <summary><c>import-regions &lt;file.csv|file.xlsx|dataset folder&gt; [max level 1-5]</c>: the region list, all or nothing.</summary>
public static class ImportRegionsCommand
{
    public static readonly ModuleCommand Command = new("import-regions", "import-regions <file.csv|file.xlsx|dataset folder> [max level 1-5]", RunAsync);

    private static async Task<int> RunAsync(CommandContext c)
    {
        if (c.Words.Length < 2 || (c.Words.Length > 2 && !int.TryParse(c.Words[2], out _)))
        {
            Console.Error.WriteLine("usage: " + Command.Usage);
            return 2;
        }
        await c.Db.Database.MigrateAsync();
        var path = c.Words[1];
        var maxLevel = c.Words.Length > 2 ? int.Parse(c.Words[2]) : 5;
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
}
