using CsCheck;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shegong.Domain.Activities;
using Shegong.Domain.Registry;
using Shegong.Domain.Statistics;
using Shegong.Domain.Visits;
using Shegong.Domain.Wishes;
using Shegong.IntegrationTests.Infrastructure;
using Shegong.Web.Features.Registry;
using Shegong.Web.Features.Statistics;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Data;
using Shegong.Web.Infrastructure.Statistics;
using Shegong.Web.Features.Visits.Contracts;

namespace Shegong.IntegrationTests.Features.Statistics;

/// <summary>
/// Random sequences of registrations, tier and type changes, status changes (back-dated), moves between communities,
/// visits (back-dated and entered late) and wish events (published, claimed on the board or by dispatch, withdrawn,
/// delivered, closed by a return visit, back-dated), groups (set up with members, moved through their stages, sessions
/// with attendance, corrected attendance) and community activities (recorded back-dated, corrected), with folds at random points: after each sequence every stored figure of
/// every level equals a recount of the records, and what the reader returns for each node and month equals the
/// recount too — before the pending changes are folded and after.
/// </summary>
public sealed class FigurePropertyTests(AppFixture app)
{
    private abstract record Op;
    private sealed record Register(int Station, int Community, FollowUpTier Tier, PersonTypes Types, int DaysAgo) : Op;
    private sealed record Reclassify(int Person, FollowUpTier Tier, PersonTypes Types) : Op;
    private sealed record ChangeStatus(int Person, PersonStatus Status, int DaysAgo) : Op;
    private sealed record Move(int Person, int Community) : Op;
    private sealed record LogVisit(int Person, VisitMethod Method, int DaysAgo) : Op;
    private sealed record Fold : Op;
    private sealed record PublishWish(int Person, int Quantity, int DaysAgo, bool Approve) : Op;
    private sealed record ClaimWish(int Wish, int Units, ClaimSource Source, int DaysAgo) : Op;
    private sealed record WithdrawClaim(int Claim, int DaysAgo) : Op;
    private sealed record DeliverClaim(int Claim, int DaysAgo) : Op;
    private sealed record CloseWish(int Wish, bool Fulfilled, int DaysAfter) : Op;
    private sealed record NewGroup(int Station, int Members) : Op;
    private sealed record NextStage(int Group) : Op;
    private sealed record HoldSession(int Group, int PresentMask, int DaysAgo) : Op;
    private sealed record CorrectAttendance(int Session, int PresentMask) : Op;
    private sealed record CommunityActivity(int Station, ActivityKind Kind, int Participants, int DaysAgo) : Op;
    private sealed record EditActivity(int Activity, int Participants, int DaysAgo) : Op;

    private readonly List<Guid> _groups = [];
    private readonly List<Guid> _sessions = [];
    private readonly List<Guid> _activities = [];

    private static readonly PersonTypes[] TypeChoices = [PersonTypes.LivingAlone, PersonTypes.Disabled, PersonTypes.MinimumLiving, PersonTypes.EmptyNest];

    private static readonly Gen<PersonTypes> GenTypes = Gen.Int[1, 15].Select(mask =>
        TypeChoices.Where((_, i) => (mask & (1 << i)) != 0).Aggregate(PersonTypes.None, (a, t) => a | t));

    private static readonly Gen<Op> GenOp = Gen.Frequency(
        (4, Gen.Select(Gen.Int[0, 1], Gen.Int[0, 20], Gen.Enum<FollowUpTier>(), GenTypes, Gen.Int[0, 500], (s, c, t, ty, d) => (Op)new Register(s, c, t, ty, d))),
        (2, Gen.Select(Gen.Int[0, 1000], Gen.Enum<FollowUpTier>(), GenTypes, (p, t, ty) => (Op)new Reclassify(p, t, ty))),
        (2, Gen.Select(Gen.Int[0, 1000], Gen.OneOfConst(PersonStatus.Active, PersonStatus.MovedAway, PersonStatus.Deceased), Gen.Int[0, 120], (p, s, d) => (Op)new ChangeStatus(p, s, d))),
        (2, Gen.Select(Gen.Int[0, 1000], Gen.Int[0, 20], (p, c) => (Op)new Move(p, c))),
        (6, Gen.Select(Gen.Int[0, 1000], Gen.Enum<VisitMethod>(), Gen.Int[0, 400], (p, m, d) => (Op)new LogVisit(p, m, d))),
        (1, Gen.Const((Op)new Fold())),
        (2, Gen.Select(Gen.Int[0, 1000], Gen.Int[1, 3], Gen.Int[0, 120], Gen.Int[0, 4], (p, q, d, a) => (Op)new PublishWish(p, q, d, a > 0))),
        (3, Gen.Select(Gen.Int[0, 1000], Gen.Int[1, 2], Gen.OneOfConst(ClaimSource.Board, ClaimSource.Dispatch), Gen.Int[0, 90], (w, u, s, d) => (Op)new ClaimWish(w, u, s, d))),
        (1, Gen.Select(Gen.Int[0, 1000], Gen.Int[0, 60], (c, d) => (Op)new WithdrawClaim(c, d))),
        (2, Gen.Select(Gen.Int[0, 1000], Gen.Int[0, 60], (c, d) => (Op)new DeliverClaim(c, d))),
        (1, Gen.Select(Gen.Int[0, 1000], Gen.Bool, Gen.Int[0, 10], (w, f, d) => (Op)new CloseWish(w, f, d))),
        (1, Gen.Select(Gen.Int[0, 1], Gen.Int[0, 4], (st, m) => (Op)new NewGroup(st, m))),
        (2, Gen.Int[0, 1000].Select(g => (Op)new NextStage(g))),
        (2, Gen.Select(Gen.Int[0, 1000], Gen.Int[0, 15], Gen.Int[0, 60], (g, m, d) => (Op)new HoldSession(g, m, d))),
        (1, Gen.Select(Gen.Int[0, 1000], Gen.Int[0, 15], (x, m) => (Op)new CorrectAttendance(x, m))),
        (1, Gen.Select(Gen.Int[0, 1], Gen.OneOfConst(ActivityKind.Talk, ActivityKind.Festival, ActivityKind.Class), Gen.Int[0, 80], Gen.Int[0, 200],
            (st, k, n, d) => (Op)new CommunityActivity(st, k, n, d))),
        (1, Gen.Select(Gen.Int[0, 1000], Gen.Int[0, 80], Gen.Int[0, 200], (a, n, d) => (Op)new EditActivity(a, n, d))));

    private sealed record Community(Guid Id, string Prefix);
    private sealed record Area(Guid StationId, List<Community> Communities);

    [Fact]
    public async Task Every_figure_of_every_level_equals_a_recount_after_random_events()
    {
        var areas = await AreasAsync();
        var persons = new List<Guid>();
        var wishes = new List<Guid>();
        var claims = new List<Guid>();
        var touched = new HashSet<string>();
        await GenOp.List[5, 40].SampleAsync(async ops =>
        {
            // Operations the domain refuses (a visit too old, a date before the last change) are simply not applied.
            foreach (var op in ops)
                try { await ApplyAsync(op, areas, persons, touched, wishes, claims); }
                catch (Shegong.Domain.Common.DomainException) { }
            await CheckAsync(touched);
            using var scope = app.Scope();
            await StatFolder.FoldAllAsync(scope.ServiceProvider.GetRequiredService<ShegongDbContext>());
            await CheckAsync(touched);
        }, iter: 12, threads: 1, print: ops => string.Join("; ", ops));
    }

    private async Task<List<Area>> AreasAsync()
    {
        using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<ShegongDbContext>();
        // Two operating stations of different districts (长洲 in 黄埔区, 五山 in 天河区).
        var stations = await db.Stations.IgnoreQueryFilters().AsNoTracking().Where(s => s.RegionPrefix == "440112010" || s.RegionPrefix == "440106001")
            .OrderBy(s => s.RegionPrefix).Select(s => new { s.Id, s.RegionPrefix }).ToListAsync();
        stations.Count.ShouldBe(2);
        var areas = new List<Area>();
        foreach (var s in stations)
        {
            var communities = await db.Regions.AsNoTracking().Where(r => r.Prefix.StartsWith(s.RegionPrefix) && r.Prefix.Length == 12)
                .OrderBy(r => r.Prefix).Select(r => new Community(r.Id, r.Prefix)).ToListAsync();
            communities.Count.ShouldBeGreaterThan(1);
            areas.Add(new Area(s.Id, communities));
        }
        return areas;
    }

    private async Task ApplyAsync(Op op, List<Area> areas, List<Guid> persons, HashSet<string> touched, List<Guid> wishes, List<Guid> claims)
    {
        using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<ShegongDbContext>();
        var today = ChinaTime.Today;
        if (op is Fold) { await StatFolder.FoldAsync(db, 7); return; }
        if (op is NewGroup or NextStage or HoldSession or CorrectAttendance or CommunityActivity or EditActivity)
        {
            await ApplyActivityEventAsync(db, op, areas, persons, touched, today);
            return;
        }
        if (op is ClaimWish or WithdrawClaim or DeliverClaim or CloseWish)
        {
            await ApplyWishEventAsync(db, op, wishes, claims, today);
            return;
        }
        if (op is Register r)
        {
            var area = areas[r.Station];
            var community = area.Communities[r.Community % area.Communities.Count];
            var (household, _) = Household.Create(area.StationId, community.Prefix, community.Id, new HouseholdDetails("性质测试路 1 号", null, null, null, null, AssistanceKinds.None));
            var on = today.AddDays(-r.DaysAgo);
            var person = Person.Register(area.StationId, community.Prefix, community.Id, household!, HouseholdRelation.Head, Details(r.Tier, r.Types, on), null, null,
                on, await db.RulesForAsync(community.Prefix, default));
            db.Households.Add(household!);
            db.Persons.Add(person);
            await db.SaveChangesAsync();
            persons.Add(person.Id);
            touched.Add(community.Prefix);
            return;
        }
        if (persons.Count == 0) return;
        int index = op switch { Reclassify x => x.Person, ChangeStatus x => x.Person, Move x => x.Person, LogVisit x => x.Person, PublishWish x => x.Person, _ => 0 };
        var p = await db.Persons.IgnoreQueryFilters().SingleAsync(x => x.Id == persons[index % persons.Count]);
        var rules = await db.RulesForAsync(p.RegionPrefix, default);
        switch (op)
        {
            case Reclassify x:
                p.Update(Details(x.Tier, x.Types, p.RegisteredOn, p.Name, p.BirthDate), null, null, rules, today);
                break;
            case ChangeStatus x:
                var on = today.AddDays(-x.DaysAgo);
                if (on < p.LedgerChangedOn) on = p.LedgerChangedOn;
                if (x.Status == p.Status || p.Status == PersonStatus.Deceased) return;
                p.ChangeStatus(x.Status, on, null, rules);
                break;
            case Move x:
                var area = areas.Single(a => a.StationId == p.StationId);
                var community = area.Communities[x.Community % area.Communities.Count];
                p.MoveToCommunity(community.Prefix, community.Id, today);
                touched.Add(community.Prefix);
                break;
            case LogVisit x:
                if (p.Status != PersonStatus.Active) return;
                var day = today.AddDays(-x.DaysAgo);
                if (day < p.BirthDate) return;
                db.Visits.Add(Visit.Log(p, x.Method, day, null, "性质测试", VisitRecord.Empty, today, DateTime.UtcNow));
                p.RecordVisit(day, rules);
                break;
            case PublishWish x:
                var drafted = today.AddDays(-x.DaysAgo);
                var wish = Wish.Draft(p, null, WishGroup.Elderly, WishKind.Material, WishCategory.DailyNecessities, "性质测试心愿", null, 50m, x.Quantity, null, drafted, WishLimits.Default);
                wish.Submit(drafted);
                if (x.Approve) wish.Approve(drafted);
                db.Wishes.Add(wish);
                await db.SaveChangesAsync();
                wishes.Add(wish.Id);
                touched.Add(wish.RegionPrefix);
                return;
        }
        await db.SaveChangesAsync();
    }

    /// <summary>Groups and their sessions, community activities (at the station's node), as the use cases make them.</summary>
    private async Task ApplyActivityEventAsync(ShegongDbContext db, Op op, List<Area> areas, List<Guid> persons, HashSet<string> touched, DateOnly today)
    {
        static List<Guid> Pick(List<Guid> members, int mask) => members.Where((_, i) => (mask & (1 << i)) != 0).ToList();
        switch (op)
        {
            case NewGroup x:
            {
                var area = areas[x.Station];
                var prefix = area.Communities[0].Prefix[..9];
                var group = Group.Create(area.StationId, prefix, "性质测试小组", "性质测试", GroupType.Support, Guid.NewGuid(), null, 6, today);
                db.Set<Group>().Add(group);
                var candidates = await db.Persons.IgnoreQueryFilters().Where(p => p.StationId == area.StationId && persons.Contains(p.Id)).Select(p => p.Id).Take(x.Members).ToListAsync();
                foreach (var person in candidates) db.Set<GroupMember>().Add(group.Admit(person, area.StationId, today));
                await db.SaveChangesAsync();
                _groups.Add(group.Id);
                touched.Add(prefix);
                return;
            }
            case NextStage x when _groups.Count > 0:
            {
                var group = await db.Set<Group>().IgnoreQueryFilters().SingleAsync(g => g.Id == _groups[x.Group % _groups.Count]);
                if (group.IsEnded) return;
                group.MoveTo(group.Stage + 1, group.Stage == GroupStage.Mature ? new GroupEvaluation(GroupAttainment.Achieved, "反馈", "反思") : null, today);
                break;
            }
            case HoldSession x when _groups.Count > 0:
            {
                var group = await db.Set<Group>().IgnoreQueryFilters().AsNoTracking().SingleAsync(g => g.Id == _groups[x.Group % _groups.Count]);
                if (group.IsEnded) return;
                var members = await db.Set<GroupMember>().IgnoreQueryFilters().Where(m => m.GroupId == group.Id).OrderBy(m => m.Id).Select(m => m.PersonId).ToListAsync();
                var number = await db.Set<Activity>().IgnoreQueryFilters().CountAsync(a => a.GroupId == group.Id) + 1;
                var on = today.AddDays(-x.DaysAgo);
                var session = group.HoldSession(number, on < group.StartedOn ? group.StartedOn : on, null, 60, "性质测试", "", Guid.NewGuid(), "性质测试", members, Pick(members, x.PresentMask), today);
                db.Set<Activity>().Add(session);
                await db.SaveChangesAsync();
                _sessions.Add(session.Id);
                return;
            }
            case CorrectAttendance x when _sessions.Count > 0:
            {
                var session = await db.Set<Activity>().IgnoreQueryFilters().Include(a => a.Attendance).SingleAsync(a => a.Id == _sessions[x.Session % _sessions.Count]);
                var members = await db.Set<GroupMember>().IgnoreQueryFilters().Where(m => m.GroupId == session.GroupId).OrderBy(m => m.Id).Select(m => m.PersonId).ToListAsync();
                session.CorrectAttendance(members, Pick(members, x.PresentMask));
                break;
            }
            case CommunityActivity x:
            {
                var area = areas[x.Station];
                var prefix = area.Communities[0].Prefix[..9];
                var activity = Activity.Community(area.StationId, prefix, x.Kind, "性质测试活动", today.AddDays(-x.DaysAgo), null, 60, "活动室", Guid.NewGuid(), "性质测试",
                    x.Participants, "", today);
                db.Set<Activity>().Add(activity);
                await db.SaveChangesAsync();
                _activities.Add(activity.Id);
                touched.Add(prefix);
                return;
            }
            case EditActivity x when _activities.Count > 0:
            {
                var activity = await db.Set<Activity>().IgnoreQueryFilters().Include(a => a.Attendance).SingleAsync(a => a.Id == _activities[x.Activity % _activities.Count]);
                activity.Edit(activity.Kind == ActivityKind.Talk ? ActivityKind.Class : ActivityKind.Talk, activity.Title, today.AddDays(-x.DaysAgo), null, 60, activity.Place,
                    activity.OrganiserId, activity.OrganiserName, x.Participants, "", today);
                break;
            }
            default:
                return;
        }
        await db.SaveChangesAsync();
    }

    /// <summary>Claims (board or dispatch), withdrawals, deliveries and return visits, dated in the past as a late entry would be.</summary>
    private static async Task ApplyWishEventAsync(ShegongDbContext db, Op op, List<Guid> wishes, List<Guid> claims, DateOnly today)
    {
        switch (op)
        {
            case ClaimWish x when wishes.Count > 0:
            {
                var wish = await db.Wishes.IgnoreQueryFilters().SingleAsync(w => w.Id == wishes[x.Wish % wishes.Count]);
                if (wish.PublishedOn is not { } published) return;
                var on = today.AddDays(-x.DaysAgo);
                if (on < published) on = published;
                if (x.Source == ClaimSource.Dispatch && wish.Status == WishStatus.Published && wish.UnitsClaimed == 0) wish.MoveToDispatch();
                var claim = Claim.Create(wish, "性质测试认领人", ClaimantType.Individual, "13800138000", false, Math.Min(x.Units, Math.Max(1, wish.UnitsLeft)),
                    on.AddDays(14), wish.Status == WishStatus.Dispatching ? ClaimSource.Dispatch : ClaimSource.Board, "hash-" + Guid.NewGuid().ToString("N"), on);
                wish.ClaimUnits(claim.Units);
                db.Claims.Add(claim);
                await db.SaveChangesAsync();
                claims.Add(claim.Id);
                return;
            }
            case WithdrawClaim x when claims.Count > 0:
            {
                var claim = await db.Claims.IgnoreQueryFilters().SingleAsync(c => c.Id == claims[x.Claim % claims.Count]);
                var wish = await db.Wishes.IgnoreQueryFilters().SingleAsync(w => w.Id == claim.WishId);
                var on = today.AddDays(-x.DaysAgo);
                if (on < claim.ClaimedOn) on = claim.ClaimedOn;
                claim.Withdraw(on);
                wish.ReturnUnits(claim.Units);
                break;
            }
            case DeliverClaim x when claims.Count > 0:
            {
                var claim = await db.Claims.IgnoreQueryFilters().SingleAsync(c => c.Id == claims[x.Claim % claims.Count]);
                var wish = await db.Wishes.IgnoreQueryFilters().SingleAsync(w => w.Id == claim.WishId);
                var on = today.AddDays(-x.DaysAgo);
                if (on < claim.ClaimedOn) on = claim.ClaimedOn;
                db.WishDeliveries.Add(WishDelivery.Record(wish, claim, on, "性质测试送达", null, today));
                break;
            }
            case CloseWish x when wishes.Count > 0:
            {
                var wish = await db.Wishes.IgnoreQueryFilters().SingleAsync(w => w.Id == wishes[x.Wish % wishes.Count]);
                if (wish.DeliveredOn is not { } delivered) return;
                var on = delivered.AddDays(x.DaysAfter);
                wish.Close(on > today ? today : on, ReturnVisitRecord.Create(x.Fulfilled, 4, 4, 4, "性质测试回访"));
                break;
            }
            default:
                return;
        }
        await db.SaveChangesAsync();
    }

    private static ValidPersonDetails Details(FollowUpTier tier, PersonTypes types, DateOnly today, string name = "性质测试", DateOnly? birth = null)
    {
        var (valid, errors) = PersonRules.Validate(new PersonDetails(name, Gender.Female, null, birth ?? new DateOnly(1945, 6, 1), null, null, null, null,
            types, tier, LegalBasis.StatutoryDuty, null), today);
        errors.ShouldBeEmpty();
        return valid!;
    }

    /// <summary>Stored figures equal the recount; the reader gives every touched node (and its ancestors and children) the recount's values.</summary>
    private async Task CheckAsync(HashSet<string> touched)
    {
        using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<ShegongDbContext>();
        var expected = await RebuildStats.ExpectedAsync(db, default);
        var differences = await RebuildStats.DifferencesAsync(db, expected, default);
        differences.ShouldBeEmpty(string.Join("\n", differences.Take(20)));

        var today = ChinaTime.Today;
        var months = Enumerable.Range(0, 18).Select(i => StatFigure.MonthOf(today.AddMonths(-i))).ToList();
        var nodes = touched.SelectMany(t => StatFigure.AncestorsOf(t).Append(t)).Distinct().ToList();
        foreach (var node in nodes)
        {
            var i = Array.IndexOf(StatFigure.LevelLengths, node.Length);
            var childLength = i + 1 < StatFigure.LevelLengths.Length ? StatFigure.LevelLengths[i + 1] : 0;
            bool Under(string n) => n == node || (n.Length == childLength && n.StartsWith(node, StringComparison.Ordinal));
            foreach (var month in months.Take(6))
            {
                // Every balance dimension (the case figures' open cases by stage among them, kept by the cases of other tests).
                var balances = await StatReader.BalancesAsync(db, node, childLength, Enum.GetValues<StatDimension>().Where(d => StatFigure.KindOf(d) == StatKind.Balance).ToList(), month, default);
                var want = expected.Where(kv => StatFigure.KindOf(kv.Key.Dimension) == StatKind.Balance && kv.Key.Period <= month && Under(kv.Key.RegionPrefix))
                    .GroupBy(kv => (kv.Key.RegionPrefix, kv.Key.Dimension, kv.Key.Key)).ToDictionary(g => g.Key, g => g.Sum(kv => kv.Value));
                Same(balances.ToDictionary(r => (r.Node, r.Dimension, r.Key), r => r.Value), want, $"balances of {node} at {month}");
            }
            var flowDims = new[] { StatDimension.VisitsByMethod, StatDimension.VisitedInMonth, StatDimension.DueInMonth, StatDimension.DueOnDay,
                StatDimension.WishesCollected, StatDimension.WishesMatched, StatDimension.WishesFulfilled, StatDimension.WishDaysToClaim, StatDimension.WishDaysToDelivery,
                StatDimension.ActivitiesHeld, StatDimension.ActivityParticipants };
            var periods = months.Append(0).ToList();
            var flows = await StatReader.FlowsAsync(db, node, childLength, flowDims, periods, default);
            var wantFlows = expected.Where(kv => flowDims.Contains(kv.Key.Dimension) && periods.Contains(kv.Key.Period) && Under(kv.Key.RegionPrefix))
                .ToDictionary(kv => (kv.Key.RegionPrefix, kv.Key.Dimension, kv.Key.Key * 1_000_000 + kv.Key.Period), kv => kv.Value);
            Same(flows.ToDictionary(r => (r.Node, r.Dimension, r.Key * 1_000_000 + r.Period), r => r.Value), wantFlows, $"flows of {node}");
        }
    }

    private static void Same<TKey>(Dictionary<TKey, long> actual, Dictionary<TKey, long> expected, string what) where TKey : notnull
    {
        var wrong = expected.Where(kv => kv.Value != 0 && actual.GetValueOrDefault(kv.Key) != kv.Value).Select(kv => $"{kv.Key}: read {actual.GetValueOrDefault(kv.Key)}, recount {kv.Value}")
            .Concat(actual.Where(kv => kv.Value != 0 && !expected.ContainsKey(kv.Key)).Select(kv => $"{kv.Key}: read {kv.Value}, recount 0")).ToList();
        wrong.ShouldBeEmpty($"{what}:\n{string.Join("\n", wrong.Take(10))}");
    }
}
