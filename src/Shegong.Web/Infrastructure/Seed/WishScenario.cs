using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Regions;
using Shegong.Domain.Registry;
using Shegong.Domain.Wishes;
using Shegong.Web.Features.Registry;
using Shegong.Web.Infrastructure.Data;
using Shegong.Web.Infrastructure.Privacy;
using Shegong.Web.Features.Visits.Contracts;

namespace Shegong.Web.Infrastructure.Seed;

/// <summary>
/// <c>-- generate-wishes --scenario tongling --station 440112010 [--year 2025]</c>: a year of micro-wishes of one station
/// with the Tongling figures (DOMAIN.md §7), made by the domain objects and saved by the normal path, so the statistics
/// are kept by the same code as in production. The beneficiaries are persons on the station's ledger (generated).
/// <para>Allocation (2,304 wishes, all published and all claimed): groups elderly 606, children 1,064, women 212,
/// disabled 422; the 358 spiritual wishes are the companionship category and all fulfilled; the material ones are
/// daily necessities 726 and study supplies 700 (together 1,426), appliances 440 and medical devices 80. 454 wishes
/// went unclaimed for two weeks and were matched by dispatch, 1,850 were claimed on the board. 2,258 were delivered
/// (most closed by a return visit); the 46 not fulfilled are daily-necessity wishes whose claim is still open.
/// Fulfilled: daily/study 1,380, appliances 440, medical devices 80, spiritual comfort 358 → 98.0%.</para>
/// Every event falls within the given (past) year.
/// </summary>
public sealed class WishScenario(ShegongDbContext db, LookupHasher hasher)
{
    public sealed record Summary(Guid StationId, string StationPrefix, int Year, int Persons, int Wishes, int Board, int Dispatch, int Fulfilled);

    /// <summary>(group, category, count): the Tongling mix.</summary>
    private static readonly (WishGroup Group, WishCategory Category, int Count)[] Mix =
    [
        (WishGroup.Elderly, WishCategory.Companionship, 200), (WishGroup.Elderly, WishCategory.HouseholdAppliance, 250),
        (WishGroup.Elderly, WishCategory.MedicalDevice, 40), (WishGroup.Elderly, WishCategory.DailyNecessities, 116),
        (WishGroup.Children, WishCategory.Companionship, 100), (WishGroup.Children, WishCategory.StudySupplies, 700),
        (WishGroup.Children, WishCategory.DailyNecessities, 264),
        (WishGroup.Women, WishCategory.Companionship, 30), (WishGroup.Women, WishCategory.HouseholdAppliance, 90),
        (WishGroup.Women, WishCategory.DailyNecessities, 92),
        (WishGroup.Disabled, WishCategory.Companionship, 28), (WishGroup.Disabled, WishCategory.HouseholdAppliance, 100),
        (WishGroup.Disabled, WishCategory.MedicalDevice, 40), (WishGroup.Disabled, WishCategory.DailyNecessities, 254),
    ];
    public const int Dispatched = 454;
    public const int Unfulfilled = 46;

    private static readonly Dictionary<WishCategory, string> Descriptions = new()
    {
        [WishCategory.DailyNecessities] = "一袋大米、一桶食用油和冬季棉被",
        [WishCategory.StudySupplies] = "一个新书包和一套文具",
        [WishCategory.HouseholdAppliance] = "一台电风扇",
        [WishCategory.MedicalDevice] = "一副助行器",
        [WishCategory.Companionship] = "每周有人上门陪伴聊天",
    };
    private static readonly string[] Companies = ["铜陵市长江商贸有限公司", "铜官区爱心企业联合会", "顺安物业服务有限公司", "铜陵市青年志愿者协会", "市民张先生"];
    private static readonly string[] Donors = ["党员先锋队", "物业服务中心", "社区志愿服务队", "辖区共建单位"];

    public async Task<Summary> RunAsync(string stationCode, int year, int seed, TextWriter output, CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        if (year >= ChinaTime.Today.Year) throw new ArgumentException("The scenario fills a past year.", nameof(year));
        if (!RegionCode.TryParse(stationCode, out var code, out _)) throw new ArgumentException($"Not a region code: {stationCode}", nameof(stationCode));
        var station = await db.Stations.IgnoreQueryFilters().AsNoTracking().SingleOrDefaultAsync(s => s.RegionPrefix == code.Prefix, ct)
            ?? throw new ArgumentException($"No station at {stationCode}", nameof(stationCode));
        var communities = await db.Regions.AsNoTracking().Where(c => c.Level == RegionLevel.Community && c.ParentId == station.RegionId)
            .Select(c => new LedgerGenerator.Community(c.Id, c.Prefix)).ToListAsync(ct);
        if (communities.Count == 0) throw new ArgumentException($"The station {stationCode} has no communities.", nameof(stationCode));

        // Beneficiaries: 600 persons on the station's ledger, registered before the year began.
        var start = new DateOnly(year, 1, 1);
        var ledger = new LedgerGenerator(seed).Generate(600, communities, station.Id, await db.StationWorkersAsync(station.Id, ct),
            await hasher.HashFunctionAsync(ct), await db.RulesForAsync(station.RegionPrefix, ct), start, withVisits: false);
        var hashes = ledger.Persons.Select(p => p.IdHash!).ToList();
        var taken = (await db.Persons.IgnoreQueryFilters().Where(p => hashes.Contains(p.IdHash!)).Select(p => p.IdHash!).ToListAsync(ct)).ToHashSet();
        var persons = ledger.Persons.Where(p => !taken.Contains(p.IdHash!)).ToList();
        var households = persons.Select(p => p.HouseholdId).ToHashSet();
        await SaveAsync(() =>
        {
            db.Households.AddRange(ledger.Households.Where(h => households.Contains(h.Id)));
            db.Persons.AddRange(persons);
        }, ct);
        var active = persons.Where(p => p.Status == PersonStatus.Active).ToList();
        var children = active.Where(p => p.BirthDate > start.AddYears(-18)).ToList();
        var adults = active.Where(p => p.BirthDate <= start.AddYears(-18)).ToList();
        var women = adults.Where(p => p.Gender == Gender.Female).ToList();
        output.WriteLine($"{persons.Count} beneficiaries on the ledger of {station.Name} ({clock.Elapsed.TotalSeconds:0.0}s).");

        var random = new Random(seed);
        var codeHash = await hasher.HashAsync("claim:SCENARIO-" + seed, ct);
        var order = Mix.SelectMany(m => Enumerable.Repeat((m.Group, m.Category), m.Count)).ToList();
        // Spread groups and categories over the year; the dispatched and the unfulfilled wishes are spread too.
        order = order.OrderBy(_ => random.Next()).ToList();
        var unfulfilled = order.Select((o, i) => (o, i)).Where(x => x.o.Category == WishCategory.DailyNecessities).Select(x => x.i)
            .OrderBy(_ => random.Next()).Take(Unfulfilled).ToHashSet();
        var dispatched = Enumerable.Range(0, order.Count).OrderBy(_ => random.Next()).Take(Dispatched).ToHashSet();
        int board = 0, dispatch = 0, fulfilled = 0;
        var batch = new List<object>();
        for (var i = 0; i < order.Count; i++)
        {
            var (group, category) = order[i];
            var pool = group switch { WishGroup.Children => children, WishGroup.Women => women, _ => adults };
            if (pool.Count == 0) pool = active;
            var person = pool[random.Next(pool.Count)];
            var kind = category == WishCategory.Companionship ? WishKind.Spiritual : WishKind.Material;
            var published = start.AddDays(1 + i * 290 / order.Count);
            var wish = Wish.Draft(person, null, group, kind, category, Descriptions[category], "社工入户走访时登记", kind == WishKind.Spiritual ? 0m : 300m + random.Next(0, 5) * 50m,
                1, null, published.AddDays(-3), WishLimits.Default);
            wish.Submit(published.AddDays(-2));
            wish.Approve(published);
            Claim claim;
            if (dispatched.Contains(i))
            {
                // Unclaimed for two weeks: the station matched it with a donor (精准派单).
                wish.MoveToDispatch();
                var on = published.AddDays(14 + random.Next(0, 10));
                claim = Claim.Create(wish, Donors[random.Next(Donors.Length)], ClaimantType.PartyMember, "13800138000", true, 1, on.AddDays(14),
                    ClaimSource.Dispatch, codeHash, on);
                dispatch++;
            }
            else
            {
                var on = published.AddDays(random.Next(0, 14));
                claim = Claim.Create(wish, Companies[random.Next(Companies.Length)], ClaimantType.Enterprise, "13800138000", true, 1, on.AddDays(14),
                    ClaimSource.Board, codeHash, on);
                board++;
            }
            wish.ClaimUnits(1);
            batch.Add(wish);
            batch.Add(claim);
            if (!unfulfilled.Contains(i))
            {
                var delivered = claim.ClaimedOn.AddDays(2 + random.Next(0, 12));
                batch.Add(WishDelivery.Record(wish, claim, delivered, "已送达，心愿人签收", null, delivered));
                if (i % 10 != 0) wish.Close(delivered.AddDays(1 + random.Next(0, 6)), ReturnVisitRecord.Create(true, 5, 5, 5 - random.Next(0, 2), "心愿已实现"));
                fulfilled++;
            }
            if (batch.Count >= 1500 || i == order.Count - 1)
            {
                var items = batch.ToList();
                await SaveAsync(() => db.AddRange(items), ct);
                batch.Clear();
            }
        }
        output.WriteLine($"{order.Count} wishes: {board} claimed on the board, {dispatch} dispatched, {fulfilled} fulfilled ({clock.Elapsed.TotalSeconds:0.0}s).");
        return new Summary(station.Id, station.RegionPrefix, year, persons.Count, order.Count, board, dispatch, fulfilled);
    }

    /// <summary>One batch through the normal save (so the tallies are kept by the change tracker), without an audit entry per row.</summary>
    private async Task SaveAsync(Action add, CancellationToken ct)
    {
        db.SuppressEntityAudit = true;
        try
        {
            add();
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
        finally { db.SuppressEntityAudit = false; }
    }
}
