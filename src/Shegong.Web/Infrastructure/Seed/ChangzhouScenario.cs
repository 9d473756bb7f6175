using System.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Access;
using Shegong.Domain.Cases;
using Shegong.Domain.Regions;
using Shegong.Domain.Registry;
using Shegong.Domain.Stations;
using Shegong.Domain.Visits;
using Shegong.Web.Features.Statistics;
using Shegong.Web.Features.Registry.Contracts;
using Shegong.Web.Features.Visits.Contracts;
using Shegong.Web.Infrastructure.Auth;
using Shegong.Web.Infrastructure.Data;
using Shegong.Web.Infrastructure.Privacy;

namespace Shegong.Web.Infrastructure.Seed;

/// <summary>
/// <c>-- generate-scenario --scenario changzhou --station 440112003 [--period 2026-H1] [--seed 1]</c>: half a year of one
/// station with the figures 长洲街道 reported (seeds/000, DOMAIN.md §6): 647 people on file, 3,094 phone visits and
/// 2,282 home visits, and 76 cases opened in the half-year (some moved on to assessment), made by the domain objects and
/// saved by the normal path, so the statistics are kept by the same code as in production. A station without a social
/// worker account gets one (the cases' worker in charge; it has a random password nobody knows). The station must have no one on its ledger yet (the figures are the scenario's alone); a
/// station not yet operating is opened a month before the half-year. Every person is registered before the half-year
/// begins and every visit falls within it; people of the high-risk and key tiers are visited more often.
/// </summary>
public sealed class ChangzhouScenario(ShegongDbContext db, LookupHasher hasher, UserManager<AppUser> users)
{
    public const int People = 647;
    public const int PhoneVisits = 3094;
    public const int HomeVisits = 2282;
    public const int Cases = 76;

    public sealed record Summary(Guid StationId, string StationPrefix, string Period, int Persons, int PhoneVisits, int HomeVisits, int Cases = 0);

    /// <summary>The half-year the scenario fills by default: the last one that has ended.</summary>
    public static StatPeriod LastEndedHalf(DateOnly today) => today.Month > 6 ? new StatPeriod(today.Year, 0, 0, 1) : new StatPeriod(today.Year - 1, 0, 0, 2);

    public async Task<Summary> RunAsync(string stationCode, StatPeriod half, int seed, TextWriter output, CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        if (!half.IsHalf) throw new ArgumentException("The scenario fills a half-year (2026-H1, 2026-H2).", nameof(half));
        var today = ChinaTime.Today;
        if (half.End >= today) throw new ArgumentException("The scenario fills a half-year that has ended.", nameof(half));
        if (!RegionCode.TryParse(stationCode, out var code, out _)) throw new ArgumentException($"Not a region code: {stationCode}", nameof(stationCode));
        var station = await db.Stations.IgnoreQueryFilters().SingleOrDefaultAsync(s => s.RegionPrefix == code.Prefix, ct)
            ?? throw new ArgumentException($"No station at {stationCode}", nameof(stationCode));
        if (await db.Persons.IgnoreQueryFilters().AnyAsync(p => p.StationId == station.Id, ct))
            throw new ArgumentException($"The station {stationCode} already has people on its ledger: the scenario's figures would not be its own.", nameof(stationCode));
        var communities = await db.Regions.AsNoTracking().Where(c => c.Level == RegionLevel.Community && c.ParentId == station.RegionId)
            .OrderBy(c => c.Prefix).Select(c => new LedgerGenerator.Community(c.Id, c.Prefix)).ToListAsync(ct);
        if (communities.Count == 0) throw new ArgumentException($"The station {stationCode} has no communities.", nameof(stationCode));
        if (station.Status != StationStatus.Operating)
        {
            var since = half.Start.AddMonths(-1);
            station.StartOperating(station.BuiltOn is { } built && built > since ? built : since);
            await db.SaveChangesAsync(ct);
            output.WriteLine($"{station.Name} opened on {station.OperatingSince:yyyy-MM-dd}.");
        }
        var caseWorker = await EnsureWorkerAsync(station, output);
        var workers = await db.StationWorkersAsync(station.Id, ct);
        var rules = await db.RulesForAsync(station.RegionPrefix, ct);

        // The ledger: exactly 647 people registered before the half-year, heads first; an ID number already on file
        // elsewhere (another station's generated people) drops its household and the generator goes on.
        var hash = await hasher.HashFunctionAsync(ct);
        var ledger = new LedgerGenerator(seed).Generate(People + 100, communities, station.Id, workers, hash, rules, half.Start, withVisits: false);
        var hashes = ledger.Persons.Select(p => p.IdHash!).ToList();
        var taken = (await db.Persons.IgnoreQueryFilters().Where(p => hashes.Contains(p.IdHash!)).Select(p => p.IdHash!).ToListAsync(ct)).ToHashSet();
        var clashing = ledger.Persons.Where(p => taken.Contains(p.IdHash!)).Select(p => p.HouseholdId).ToHashSet();
        var persons = ledger.Persons.Where(p => !clashing.Contains(p.HouseholdId)).Take(People).ToList();
        if (persons.Count < People) throw new InvalidOperationException($"Only {persons.Count} people could be generated.");
        var households = persons.Select(p => p.HouseholdId).ToHashSet();

        // The visits: 3,094 by phone and 2,282 at home, on days of the half-year, weighted towards the closer-followed tiers.
        var random = new Random(seed);
        var weights = persons.Select(p => p.Tier switch { FollowUpTier.HighRisk => 4, FollowUpTier.Key => 2, _ => 1 }).ToArray();
        var total = weights.Sum();
        Person PickPerson()
        {
            var n = random.Next(total);
            for (var i = 0; i < persons.Count; i++) if ((n -= weights[i]) < 0) return persons[i];
            return persons[^1];
        }
        var days = half.End.DayNumber - half.Start.DayNumber + 1;
        var planned = Enumerable.Repeat(VisitMethod.PhoneVideo, PhoneVisits).Concat(Enumerable.Repeat(VisitMethod.Home, HomeVisits))
            .Select(m => (Method: m, Person: PickPerson(), Day: half.Start.AddDays(random.Next(days))))
            .OrderBy(v => v.Day).ToList();
        var visits = new List<Visit>(planned.Count);
        foreach (var (method, person, day) in planned)
        {
            var (workerId, workerName) = workers.Count == 0 ? ((Guid?)null, "社工") : workers[random.Next(workers.Count)] is var w ? (w.Id, w.Name) : default;
            var record = new VisitRecord(method == VisitMethod.Home ? "入户查看，居住环境整洁，饮食正常" : "电话联系，本人接听，生活正常",
                "", "", method == VisitMethod.Home ? "健康宣教" : "", "", "");
            visits.Add(Visit.Log(person, method, day, workerId, workerName, record, today, day.ToDateTime(new TimeOnly(10, 0), DateTimeKind.Utc)));
            person.RecordVisit(day, rules);
        }

        // 76 cases of different people, opened on days of the half-year (the risk by the person's tier); about two in five
        // moved on to assessment a few days later, within the half-year.
        var sources = new[] { CaseSource.Outreach, CaseSource.Outreach, CaseSource.OwnRequest, CaseSource.Hotline };
        var cases = new List<Case>(Cases);
        foreach (var person in persons.OrderBy(_ => random.Next()).Take(Cases).ToList())
        {
            var opened = half.Start.AddDays(random.Next(days));
            var risk = person.Tier switch { FollowUpTier.HighRisk => RiskLevel.High, FollowUpTier.Key => RiskLevel.Medium, _ => RiskLevel.Low };
            var c = Case.Open(new VisitSubjectRef(person.Id, person.StationId, person.RegionPrefix, person.HouseholdId), sources[random.Next(sources.Length)], risk,
                caseWorker, [], IntakeRecord.Checked("走访中发现困难，需要个案跟进", "希望社工协助链接资源"), opened, caseWorker, personTypes: person.Types);
            var assessed = opened.AddDays(random.Next(1, 15));
            if (random.Next(5) < 2 && assessed <= half.End) c.Advance(CaseStage.Assessment, assessed, caseWorker);
            cases.Add(c);
        }

        // One save through the normal path (the tallies are kept by the change tracker), without an audit entry per row.
        db.SuppressEntityAudit = true;
        try
        {
            db.Households.AddRange(ledger.Households.Where(h => households.Contains(h.Id)));
            db.Persons.AddRange(persons);
            db.Visits.AddRange(visits);
            db.Set<Case>().AddRange(cases);
            db.Set<CaseStageChange>().AddRange(cases.SelectMany(c => c.NewChanges));
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
        finally { db.SuppressEntityAudit = false; }
        output.WriteLine($"{persons.Count} people on the ledger of {station.Name}, {PhoneVisits} phone and {HomeVisits} home visits and {cases.Count} cases opened in {half.Code} ({clock.Elapsed.TotalSeconds:0.0}s).");
        return new Summary(station.Id, station.RegionPrefix, half.Code, persons.Count, PhoneVisits, HomeVisits, cases.Count);
    }

    /// <summary>The station's first social worker, or a new account for the scenario (cases need a worker in charge).</summary>
    private async Task<Guid> EnsureWorkerAsync(Shegong.Domain.Stations.Station station, TextWriter output)
    {
        var existing = (await db.StationWorkersAsync(station.Id, default)).Select(w => w.Id).ToList();
        var role = await db.Roles.Where(r => r.Name == Roles.SocialWorker).Select(r => r.Id).SingleAsync();
        var worker = await db.Users.IgnoreQueryFilters().Where(u => existing.Contains(u.Id) && db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == role))
            .OrderBy(u => u.UserName).Select(u => (Guid?)u.Id).FirstOrDefaultAsync();
        if (worker is { } id) return id;
        var user = new AppUser
        {
            UserName = $"scenario-worker-{station.RegionPrefix}", DisplayName = "个案社工", StationId = station.Id, RegionPrefix = station.RegionPrefix,
        };
        var created = await users.CreateAsync(user, $"Sc-{Guid.NewGuid():N}-9z");
        if (!created.Succeeded) throw new InvalidOperationException("The scenario's worker account: " + string.Join("; ", created.Errors.Select(e => e.Description)));
        var added = await users.AddToRoleAsync(user, Roles.SocialWorker);
        if (!added.Succeeded) throw new InvalidOperationException("The scenario's worker role: " + string.Join("; ", added.Errors.Select(e => e.Description)));
        output.WriteLine($"Social worker account {user.UserName} made for {station.Name}.");
        return user.Id;
    }
}
