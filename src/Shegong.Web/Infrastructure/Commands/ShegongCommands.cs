using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Audit;
using Shegong.Web.Features;
using Shegong.Web.Infrastructure.Audit;
using Shegong.Web.Infrastructure.Auth;
using Shegong.Web.Infrastructure.Data;
using Shegong.Web.Infrastructure.Privacy;
using Shegong.Web.Infrastructure.Seed;

namespace Shegong.Web.Infrastructure.Commands;

/// <summary>
/// <c>dotnet run --project src/Shegong.Web -- migrate | seed | verify-audit | rotate-keys [--batch 500] | generate --persons N | generate-wishes
/// --scenario tongling --station CODE [--year YYYY] | generate-scenario --scenario changzhou --station CODE [--period YYYY-H1]</c>, and the commands modules add (<see cref="ShegongModule.Commands"/>:
/// <c>import-regions</c>, <c>rebuild-stats</c>, <c>verify-stats</c>). Exit code 0 on success, 1 on failure, 2 on wrong usage.
/// </summary>
public static class ShegongCommands
{
    private static readonly string[] Own = ["migrate", "seed", "verify-audit", "rotate-keys", "generate", "generate-wishes", "generate-scenario"];
    private static readonly IReadOnlyDictionary<string, ModuleCommand> FromModules =
        ShegongModules.All.SelectMany(m => m.Commands).ToDictionary(c => c.Name);
    private static readonly string[] Known = [.. Own, .. FromModules.Keys];

    public static (string[]? Command, string[] HostArgs) Split(string[] args)
    {
        if (args.Length == 0 || !Known.Contains(args[0])) return (null, args);
        var command = args.TakeWhile(a => !a.StartsWith("--")).ToArray();
        return (command, args[command.Length..]);
    }

    public static async Task<int> RunAsync(WebApplication app, string[] command)
    {
        using var scope = app.Services.CreateScope();
        var sp = scope.ServiceProvider;
        // Outside a request the scope is nothing; an administrative command works on every station, by name.
        using var system = sp.RunAsSystem("command " + command[0]);
        var db = sp.GetRequiredService<ShegongDbContext>();
        // Administrative commands (migrations that move data, rebuilds at province scale) may run for minutes.
        db.Database.SetCommandTimeout(TimeSpan.FromHours(2));
        switch (command[0])
        {
            case "migrate":
                await db.Database.MigrateAsync();
                await AuditSeal.SealUnsignedHeadsAsync(db, Console.Out);
                await Features.Statistics.RebuildStats.BuildIfMissingAsync(db, Console.Out);
                Console.WriteLine("Database migrated.");
                return 0;
            case "seed":
                await db.Database.MigrateAsync();
                var seeded = await sp.GetRequiredService<DemoSeeder>().SeedIfEmptyAsync(Console.Out);
                Console.WriteLine(seeded ? "Demo data seeded." : "The database already has regions; nothing seeded.");
                return 0;
            case "verify-audit":
                return await VerifyAuditAsync(db);
            case "rotate-keys":
            {
                // --batch 500: rows re-encrypted per transaction (progress is recorded with each).
                var batch = int.TryParse(app.Configuration["batch"], out var b) && b > 0 ? b : 500;
                var result = await sp.GetRequiredService<RotateKeys>().RunAsync(new RotateKeys.Options(batch), Console.Out);
                return result.Complete ? 0 : 1;
            }
            case "generate":
            {
                // Options arrive as host settings: --persons 1000000 --stations 1000 --region 44 --seed 1
                var config = app.Configuration;
                if (!int.TryParse(config["persons"], out var persons) || persons <= 0)
                {
                    Console.Error.WriteLine("usage: generate --persons N [--stations 50] [--region 44] [--seed 1] [--visits true]");
                    return 2;
                }
                await db.Database.MigrateAsync();
                await sp.GetRequiredService<GenerateLedgers>().RunAsync(new GenerateLedgers.Options(persons,
                    int.TryParse(config["stations"], out var s) ? s : 50, config["region"] ?? "", int.TryParse(config["seed"], out var k) ? k : 1,
                    config["visits"] != "false"), Console.Out);
                return 0;
            }
            case "generate-wishes":
            {
                // --scenario tongling --station 440112010 [--year 2025] [--seed 1]
                var config = app.Configuration;
                if (config["scenario"] != "tongling" || string.IsNullOrWhiteSpace(config["station"]))
                {
                    Console.Error.WriteLine("usage: generate-wishes --scenario tongling --station <township code of a station> [--year YYYY (past)] [--seed 1]");
                    return 2;
                }
                await db.Database.MigrateAsync();
                var year = int.TryParse(config["year"], out var y) ? y : ChinaTime.Today.Year - 1;
                var r = await sp.GetRequiredService<WishScenario>().RunAsync(config["station"]!, year, int.TryParse(config["seed"], out var k) ? k : 1, Console.Out);
                Console.WriteLine($"Tongling scenario in {r.Year}: {r.Wishes} wishes, {r.Board} claimed directly, {r.Dispatch} dispatched, {r.Fulfilled} fulfilled. See /wishes/stats?period={r.Year}");
                return 0;
            }
            case "generate-scenario":
            {
                // --scenario changzhou --station 440112003 [--period 2026-H1] [--seed 1]
                var config = app.Configuration;
                var half = Features.Statistics.StatPeriod.TryParse(config["period"], out var p) ? p : ChangzhouScenario.LastEndedHalf(ChinaTime.Today);
                if (config["scenario"] != "changzhou" || string.IsNullOrWhiteSpace(config["station"]) || !half.IsHalf)
                {
                    Console.Error.WriteLine("usage: generate-scenario --scenario changzhou --station <township code of a station with no one on its ledger> [--period YYYY-H1|YYYY-H2 (ended)] [--seed 1]");
                    return 2;
                }
                await db.Database.MigrateAsync();
                try
                {
                    var r = await sp.GetRequiredService<ChangzhouScenario>().RunAsync(config["station"]!, half, int.TryParse(config["seed"], out var k) ? k : 1, Console.Out);
                    Console.WriteLine($"Changzhou scenario in {r.Period}: {r.Persons} people on file, {r.PhoneVisits} phone visits, {r.HomeVisits} home visits. See /stats/registry?region={config["station"]}&period={r.Period}");
                    return 0;
                }
                catch (ArgumentException e)
                {
                    Console.Error.WriteLine(e.Message);
                    return 1;
                }
            }
            default:
                return FromModules.TryGetValue(command[0], out var fromModule)
                    ? await fromModule.RunAsync(new CommandContext(sp, db, app.Configuration, command))
                    : 2;
        }
    }

    /// <summary>
    /// Verifies every audit chain from its first entry to its head — keyed: entries after a chain's first keyed one
    /// must carry the audit key's MAC, heads must be signed, and each chain must still hold its latest checkpoint
    /// (the signed file outside the database). Exit 1 names each broken chain and its first broken entry; on success
    /// a checkpoint of every head is appended to that file.
    /// </summary>
    public static async Task<int> VerifyAuditAsync(ShegongDbContext db)
    {
        var mac = db.AuditMac;
        // Heads and entries in one snapshot: an entry appended between the two reads would look like a chain past its head.
        await using var snapshot = await ReadSnapshot.BeginAsync(db);
        var heads = await db.AuditHeads.AsNoTracking().Select(h => new AuditChainHead(h.Chain, h.LastSequence, h.LastHash, h.Mac)).ToListAsync();
        var (checkpoints, bad) = mac?.ReadCheckpoints() ?? ([], []);
        // One pass over all entries, chain by chain; streamed, not loaded at once.
        var entries = db.AuditEntries.IgnoreQueryFilters().AsNoTracking().OrderBy(e => e.Chain).ThenBy(e => e.Sequence).AsAsyncEnumerable();
        var results = await AuditChainVerifier.VerifyAllAsync(entries, heads, default, mac?.Key, checkpoints);
        var broken = results.Where(r => r.Break is not null).ToList();
        foreach (var line in bad) Console.Error.WriteLine($"Audit checkpoint {line} is not signed with the audit key (edited?): ignored.");
        if (broken.Count == 0 && bad.Count == 0)
        {
            mac?.WriteCheckpoints(heads, DateTime.UtcNow);
            Console.WriteLine($"Audit chain intact: {results.Sum(r => r.Entries)} entries in {results.Count} chains verified"
                + (mac is null ? " (unkeyed)." : $"; checkpoint written to {mac.CheckpointFile}."));
            return 0;
        }
        foreach (var r in broken)
            Console.Error.WriteLine($"Audit chain {AuditChains.Display(r.Chain)} BROKEN at entry {r.Break!.Sequence}: {r.Break.Reason}");
        Console.Error.WriteLine($"{broken.Count} of {results.Count} audit chains broken.");
        return 1;
    }

}
