using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Regions;
using Shegong.Domain.Stations;
using Shegong.Domain.Visits;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Data;
using Shegong.Web.Infrastructure.Privacy;
using Shegong.Web.Infrastructure.Seed;

namespace Shegong.Web.Features.Registry;

/// <summary>Ledgers with visit histories for every operating station (长洲街道 the largest), some people overdue.</summary>
public sealed class DemoLedgers(ShegongDbContext db, LookupHasher hasher) : IDemoSeedStep
{
    public async Task SeedAsync(DemoSeedContext demo, CancellationToken ct)
    {
        var hash = await hasher.HashFunctionAsync(ct);
        var generator = new LedgerGenerator(2026);
        var today = ChinaTime.Today;
        var rules = VisitRuleSet.Default();
        var regions = await db.Regions.Where(r => r.Level == RegionLevel.Community).ToListAsync(ct);
        var stations = await db.Stations.IgnoreQueryFilters().Where(s => s.Status == StationStatus.Operating).ToListAsync(ct);
        foreach (var station in stations.OrderBy(s => s.RegionPrefix, StringComparer.Ordinal))
        {
            var township = station.RegionPrefix;
            var communities = regions.Where(r => r.Prefix.StartsWith(township))
                .OrderBy(r => r.Prefix).Take(4).Select(r => new LedgerGenerator.Community(r.Id, r.Prefix)).ToList();
            if (communities.Count == 0) continue;
            var workers = await db.StationWorkersAsync(station.Id, ct);
            var ledger = generator.Generate(township == "440112010" ? 60 : 25, communities, station.Id, workers, hash, rules, today);
            db.Households.AddRange(ledger.Households);
            db.Persons.AddRange(ledger.Persons);
            db.Visits.AddRange(ledger.Visits);
            db.Needs.AddRange(ledger.Needs);
        }
        db.SuppressEntityAudit = true;
        try { await db.SaveChangesAsync(ct); }
        finally { db.SuppressEntityAudit = false; }
    }
}
