using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Regions;
using Shegong.Domain.Stations;
using Shegong.Domain.Visits;
using Shegong.Web.Features.Registry;
using Shegong.Web.Features.Statistics;
using Shegong.Web.Infrastructure.Data;
using Shegong.Web.Infrastructure.Privacy;
using Shegong.Web.Features.Visits.Contracts;

namespace Shegong.Web.Infrastructure.Seed;

/// <summary>
/// <c>-- generate --persons N [--stations S] [--region PREFIX] [--seed K]</c>: fills the database with synthetic
/// ledgers and visit histories spread evenly over up to S stations under a region (creating stations for townships
/// that have communities but no station yet). PostgreSQL loads by binary COPY; SQLite through EF in batches.
/// Aggregates are rebuilt from the raw records at the end.
/// </summary>
public sealed class GenerateLedgers(ShegongDbContext db, LookupHasher hasher, RebuildStats.Handler rebuild)
{
    public sealed record Options(int Persons, int Stations = 50, string Region = "", int Seed = 1, bool WithVisits = true);

    public async Task RunAsync(Options o, TextWriter output, CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        var stations = await EnsureStationsAsync(o, output, ct);
        if (stations.Count == 0) { output.WriteLine("No township with communities under that region: import regions to level 5 first."); return; }
        var hash = await hasher.HashFunctionAsync(ct);
        var today = ChinaTime.Today;
        var rules = await db.RulesForAsync(o.Region, ct);
        var generator = new LedgerGenerator(o.Seed);
        var isPostgres = db.Database.ProviderName?.Contains("Npgsql") == true;
        long persons = 0, visits = 0;
        for (var i = 0; i < stations.Count; i++)
        {
            var (station, communities) = stations[i];
            var count = o.Persons / stations.Count + (i < o.Persons % stations.Count ? 1 : 0);
            var workers = await db.StationWorkersAsync(station.Id, ct);
            // Batches of at most 20,000 persons keep memory flat whatever N is.
            for (var done = 0; done < count;)
            {
                var ledger = await WithoutIdsOnFileAsync(generator.Generate(Math.Min(20_000, count - done), communities, station.Id, workers, hash, rules, today, o.WithVisits), ct);
                done += ledger.Persons.Count;
                if (isPostgres)
                {
                    await PostgresBulkCopy.CopyAsync(db, ledger.Households, ct);
                    await PostgresBulkCopy.CopyAsync(db, ledger.Persons, ct);
                    await PostgresBulkCopy.CopyAsync(db, ledger.Persons.SelectMany(p => p.LedgerChanges), ct);
                    await PostgresBulkCopy.CopyAsync(db, ledger.Visits, ct);
                    await PostgresBulkCopy.CopyAsync(db, ledger.Needs, ct);
                }
                else
                {
                    db.SuppressEntityAudit = true;
                    try
                    {
                        db.Households.AddRange(ledger.Households);
                        db.Persons.AddRange(ledger.Persons);
                        db.Visits.AddRange(ledger.Visits);
                        db.Needs.AddRange(ledger.Needs);
                        await db.SaveChangesAsync(ct);
                        db.ChangeTracker.Clear();
                    }
                    finally { db.SuppressEntityAudit = false; }
                }
                persons += ledger.Persons.Count;
                visits += ledger.Visits.Count;
            }
            output.WriteLine($"  {station.Name}: {count:N0} persons ({persons:N0} persons, {visits:N0} visits so far, {clock.Elapsed.TotalSeconds:0}s)");
        }
        output.WriteLine("Rebuilding the aggregates from the raw records…");
        var r = await rebuild.HandleAsync(verifyOnly: false, ct);
        output.WriteLine($"Generated {persons:N0} persons and {visits:N0} visits in {stations.Count} stations; {r.Counters:N0} counters; {clock.Elapsed.TotalSeconds:0}s.");
    }

    /// <summary>Drops generated persons whose ID number is already on file (from earlier runs or the demo data).</summary>
    private async Task<LedgerGenerator.Output> WithoutIdsOnFileAsync(LedgerGenerator.Output ledger, CancellationToken ct)
    {
        var taken = new HashSet<string>();
        foreach (var chunk in ledger.Persons.Select(p => p.IdHash!).Chunk(1000))
        {
            var hashes = chunk.ToList();
            taken.UnionWith(await db.Persons.IgnoreQueryFilters().Where(p => hashes.Contains(p.IdHash!)).Select(p => p.IdHash!).ToListAsync(ct));
        }
        if (taken.Count == 0) return ledger;
        var dropped = ledger.Persons.Where(p => taken.Contains(p.IdHash!)).Select(p => p.Id).ToHashSet();
        var persons = ledger.Persons.Where(p => !dropped.Contains(p.Id)).ToList();
        var households = persons.Select(p => p.HouseholdId).ToHashSet();
        return new LedgerGenerator.Output(ledger.Households.Where(h => households.Contains(h.Id)).ToList(), persons,
            ledger.Visits.Where(v => !dropped.Contains(v.PersonId)).ToList(), ledger.Needs.Where(n => !dropped.Contains(n.PersonId)).ToList());
    }

    private async Task<List<(Station Station, List<LedgerGenerator.Community> Communities)>> EnsureStationsAsync(Options o, TextWriter output, CancellationToken ct)
    {
        var townships = await db.Regions.AsNoTracking()
            .Where(r => r.Level == RegionLevel.Township && r.Prefix.StartsWith(o.Region))
            .Where(t => db.Regions.Any(c => c.ParentId == t.Id && c.Level == RegionLevel.Community))
            .OrderBy(r => r.Prefix).Take(o.Stations).ToListAsync(ct);
        var ids = townships.Select(t => t.Id).ToList();
        var existing = await db.Stations.IgnoreQueryFilters().Where(s => ids.Contains(s.RegionId)).ToDictionaryAsync(s => s.RegionId, ct);
        var created = 0;
        foreach (var t in townships.Where(t => !existing.ContainsKey(t.Id)))
        {
            var station = Station.Create(t, t.Name + "社工站", null, null, ChinaTime.Today.AddYears(-2));
            station.StartOperating(ChinaTime.Today.AddYears(-2).AddMonths(2));
            db.Stations.Add(station);
            existing[t.Id] = station;
            created++;
        }
        if (created > 0) await db.SaveChangesAsync(ct);
        output.WriteLine($"{townships.Count} stations ({created} created).");
        var communities = await db.Regions.AsNoTracking().Where(c => c.Level == RegionLevel.Community && ids.Contains(c.ParentId!.Value))
            .Select(c => new { c.ParentId, c.Id, c.Prefix }).ToListAsync(ct);
        return townships.Select(t => (existing[t.Id], communities.Where(c => c.ParentId == t.Id)
            .Select(c => new LedgerGenerator.Community(c.Id, c.Prefix)).ToList())).ToList();
    }
}
