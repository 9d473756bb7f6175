namespace Shegong.Web.Features.Statistics;

/// <summary><c>rebuild-stats</c> (every figure recounted from the records and written) and <c>verify-stats</c> (exit 1 when any differs).</summary>
public static class RebuildStatsCommands
{
    public static readonly ModuleCommand Rebuild = new("rebuild-stats", "rebuild-stats", c => RunAsync(c, verifyOnly: false));
    public static readonly ModuleCommand Verify = new("verify-stats", "verify-stats", c => RunAsync(c, verifyOnly: true));

    private static async Task<int> RunAsync(CommandContext c, bool verifyOnly)
    {
        var r = await c.Services.GetRequiredService<RebuildStats.Handler>().HandleAsync(verifyOnly);
        foreach (var line in r.Samples) Console.WriteLine("  " + line);
        Console.WriteLine(verifyOnly
            ? $"{r.Counters} counters recounted; {r.Differences} differ from the stored aggregates."
            : $"{r.Counters} counters rebuilt from the raw records ({r.Differences} had differed).");
        return verifyOnly && r.Differences > 0 ? 1 : 0;
    }
}
