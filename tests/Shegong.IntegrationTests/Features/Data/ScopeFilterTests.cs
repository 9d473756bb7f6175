using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shegong.Domain.Access;
using Shegong.Domain.Notifications;
using Shegong.Domain.Statistics;
using Shegong.IntegrationTests.Infrastructure;
using Shegong.Web.Features.Notifications;
using Shegong.Web.Features.Registry;
using Shegong.IntegrationTests.Features.Registry;
using Shegong.Web.Features.Statistics;
using Shegong.Web.Infrastructure.Auth;
using Shegong.Web.Infrastructure.Data;
using Shegong.Web.Infrastructure.Statistics;

namespace Shegong.IntegrationTests.Features.Data;

/// <summary>
/// The scope fails closed: code outside a request that did not ask for the system scope by name sees nothing; the
/// region-owned (accounts, figures) and user-owned (notifications, visit keys) filters hold for each kind of caller.
/// </summary>
public sealed class ScopeFilterTests(AppFixture app)
{
    private sealed record Demo(Guid Station, Guid OtherStation, IReadOnlyDictionary<string, Guid> Users);

    private async Task<Demo> DemoAsync()
    {
        using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<ShegongDbContext>();
        var stations = await db.Stations.Where(s => s.RegionPrefix == "440112010" || s.RegionPrefix == "440106001").ToDictionaryAsync(s => s.RegionPrefix, s => s.Id);
        var users = await db.Users.Where(u => Shegong.Web.Features.Accounts.DemoAccounts.Accounts.Select(a => a.UserName).Contains(u.UserName!))
            .ToDictionaryAsync(u => u.UserName!, u => u.Id);
        return new Demo(stations["440112010"], stations["440106001"], users);
    }

    private IServiceScope As(DataScope scope)
    {
        var s = app.UnscopedScope();
        s.ServiceProvider.GetRequiredService<ScopeProvider>().Override = scope;
        return s;
    }

    [Fact]
    public async Task Outside_a_request_without_the_system_scope_named_nothing_is_seen()
    {
        using (var system = app.Scope())
        {
            var db = system.ServiceProvider.GetRequiredService<ShegongDbContext>();
            (await db.Persons.CountAsync()).ShouldBeGreaterThan(0);
            (await db.Users.CountAsync()).ShouldBeGreaterThan(0);
            (await db.StatFigures.CountAsync()).ShouldBeGreaterThan(0);
        }

        using var scope = app.UnscopedScope();
        var sp = scope.ServiceProvider;
        sp.GetRequiredService<IScopeProvider>().Current.ShouldBe(DataScope.None);
        var unscoped = sp.GetRequiredService<ShegongDbContext>();
        (await unscoped.Persons.CountAsync()).ShouldBe(0);
        (await unscoped.Households.CountAsync()).ShouldBe(0);
        (await unscoped.Visits.CountAsync()).ShouldBe(0);
        (await unscoped.Wishes.CountAsync()).ShouldBe(0);
        (await unscoped.Stations.CountAsync()).ShouldBe(0);
        (await unscoped.Users.CountAsync()).ShouldBe(0);
        (await unscoped.Notifications.CountAsync()).ShouldBe(0);
        (await unscoped.StatFigures.CountAsync()).ShouldBe(0);
        (await unscoped.StatPending.CountAsync()).ShouldBe(0);
        (await unscoped.AuditEntries.CountAsync()).ShouldBe(0);

        // A job that calls a handler without naming the system scope gets nothing, not everything.
        var persons = await sp.GetRequiredService<ListPersons.Handler>().HandleAsync(new ListPersons.Query());
        persons.Total.ShouldBe(0);
        (await sp.GetRequiredService<GetRegistryStats.Handler>().HandleAsync(new GetRegistryStats.Query(null, null))).Figures.ShouldBeNull();
        (await sp.GetRequiredService<ListNotifications.Handler>().UnreadAsync()).ShouldBe(0);
        // The figures' raw-SQL reader refuses rather than reading unfiltered rows.
        await Should.ThrowAsync<UnauthorizedAccessException>(() => StatReader.FlowsAsync(unscoped, "4401", 6, [StatDimension.VisitsByMethod], [202601], default));

        // Asked for by name, the system scope sees all — until the handle is disposed.
        var provider = sp.GetRequiredService<ScopeProvider>();
        using (provider.RunAsSystem("test: naming the system scope"))
        {
            provider.SystemReason.ShouldBe("test: naming the system scope");
            (await unscoped.Persons.CountAsync()).ShouldBeGreaterThan(0);
            (await sp.GetRequiredService<ListPersons.Handler>().HandleAsync(new ListPersons.Query())).Total.ShouldBeGreaterThan(0);
        }
        provider.SystemReason.ShouldBeNull();
        (await unscoped.Persons.CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task Accounts_are_seen_by_their_station_their_regions_above_and_themselves()
    {
        var demo = await DemoAsync();
        var u = demo.Users;
        async Task<HashSet<string>> Seen(DataScope scope)
        {
            using var s = As(scope);
            var db = s.ServiceProvider.GetRequiredService<ShegongDbContext>();
            return (await db.Users.Where(x => u.Values.Contains(x.Id)).Select(x => x.UserName!).ToListAsync()).ToHashSet();
        }

        var station = await Seen(DataScope.ForStation(demo.Station, "440112010").OfUser(u["worker"]));
        station.ShouldBe(["worker", "manager", "volunteer"], ignoreOrder: true);
        var district = await Seen(DataScope.ForRegion("440112").OfUser(u["officer"]));
        district.ShouldBe(["worker", "manager", "volunteer", "supervisor", "officer", "org"], ignoreOrder: true);
        var city = await Seen(DataScope.ForRegion("4401").OfUser(u["cityofficer"]));
        city.ShouldBe([.. district, "worker2", "cityofficer", "donor"], ignoreOrder: true);
        var province = await Seen(DataScope.ForRegion("44").OfUser(u["admin"]));
        province.ShouldBe(u.Keys, ignoreOrder: true);
        // An account without a usable binding sees itself only; nobody sees nothing.
        (await Seen(DataScope.None.OfUser(u["donor"]))).ShouldBe(["donor"]);
        (await Seen(DataScope.None)).ShouldBeEmpty();
        // The station's worker is also seen by itself when its scope is of another station (it is its own account).
        (await Seen(DataScope.ForStation(demo.OtherStation, "440106001").OfUser(u["worker"]))).ShouldBe(["worker", "worker2"], ignoreOrder: true);
    }

    [Fact]
    public async Task Figures_are_seen_under_the_callers_region_only()
    {
        var demo = await DemoAsync();
        async Task<List<string>> Prefixes(DataScope scope)
        {
            using var s = As(scope);
            var db = s.ServiceProvider.GetRequiredService<ShegongDbContext>();
            await StatFolder.FoldAllAsync(db);
            return await db.StatFigures.Select(f => f.RegionPrefix).Distinct().ToListAsync();
        }

        using (var system = app.Scope()) await StatFolder.FoldAllAsync(system.ServiceProvider.GetRequiredService<ShegongDbContext>());
        var station = await Prefixes(DataScope.ForStation(demo.Station, "440112010"));
        station.ShouldNotBeEmpty();
        station.ShouldAllBe(p => p.StartsWith("440112010"));
        var district = await Prefixes(DataScope.ForRegion("440112"));
        district.ShouldContain("440112");
        district.ShouldAllBe(p => p.StartsWith("440112"));
        var city = await Prefixes(DataScope.ForRegion("4401"));
        city.ShouldContain("4401");
        city.ShouldContain("440106");
        city.ShouldAllBe(p => p.StartsWith("4401"));
        var province = await Prefixes(DataScope.ForRegion("44"));
        province.ShouldContain("44");
        province.ShouldNotContain(""); // the national node lies above the province

        // The raw-SQL reader applies the same rule: a station reads its township, not the district above it.
        using var s = As(DataScope.ForStation(demo.Station, "440112010"));
        var db = s.ServiceProvider.GetRequiredService<ShegongDbContext>();
        (await StatReader.FlowsAsync(db, "440112010", 12, [StatDimension.VisitsByMethod], [202601], default)).ShouldNotBeNull();
        await Should.ThrowAsync<UnauthorizedAccessException>(() => StatReader.FlowsAsync(db, "440112", 9, [StatDimension.VisitsByMethod], [202601], default));
    }

    [Fact]
    public async Task Notifications_are_seen_by_their_user_only()
    {
        var demo = await DemoAsync();
        var u = demo.Users;
        var tag = "scope-test-" + Guid.NewGuid().ToString("N")[..8];
        using (var system = app.Scope())
        {
            var db = system.ServiceProvider.GetRequiredService<ShegongDbContext>();
            db.Notifications.Add(Notification.Create(u["worker"], tag, "", "", DateTime.UtcNow));
            db.Notifications.Add(Notification.Create(u["worker2"], tag, "", "", DateTime.UtcNow));
            await db.SaveChangesAsync();
        }
        async Task<int> Count(DataScope scope)
        {
            using var s = As(scope);
            return await s.ServiceProvider.GetRequiredService<ShegongDbContext>().Notifications.CountAsync(n => n.Title == tag);
        }

        (await Count(DataScope.ForStation(demo.Station, "440112010").OfUser(u["worker"]))).ShouldBe(1);
        (await Count(DataScope.ForStation(demo.Station, "440112010").OfUser(u["manager"]))).ShouldBe(0); // same station, not theirs
        (await Count(DataScope.ForRegion("440112").OfUser(u["officer"]))).ShouldBe(0);
        (await Count(DataScope.ForRegion("4401").OfUser(u["cityofficer"]))).ShouldBe(0);
        (await Count(DataScope.ForRegion("44").OfUser(u["admin"]))).ShouldBe(0);
        (await Count(DataScope.None)).ShouldBe(0);
        (await Count(DataScope.System)).ShouldBe(2);

        // Through the API, each user lists their own.
        using var worker = await app.ClientAsAsync("worker");
        var mine = await worker.GetFromJsonAsync<JsonElement>("/api/v1/notifications/");
        mine.EnumerateArray().Count(n => n.GetProperty("title").GetString() == tag).ShouldBe(1);
        using var manager = await app.ClientAsAsync("manager");
        var theirs = await manager.GetFromJsonAsync<JsonElement>("/api/v1/notifications/");
        theirs.EnumerateArray().Count(n => n.GetProperty("title").GetString() == tag).ShouldBe(0);
    }

    [Fact]
    public async Task Station_owned_records_hold_for_station_district_city_and_province_callers()
    {
        var demo = await DemoAsync();
        async Task<List<string>> Prefixes(DataScope scope)
        {
            using var s = As(scope);
            return await s.ServiceProvider.GetRequiredService<ShegongDbContext>().Persons.Select(p => p.RegionPrefix.Substring(0, 6)).Distinct().ToListAsync();
        }
        using (var s = As(DataScope.ForStation(demo.Station, "440112010")))
        {
            var db = s.ServiceProvider.GetRequiredService<ShegongDbContext>();
            (await db.Persons.AnyAsync()).ShouldBeTrue();
            (await db.Persons.AllAsync(p => p.StationId == demo.Station)).ShouldBeTrue();
        }
        (await Prefixes(DataScope.ForRegion("440112"))).ShouldBe(["440112"]);
        var city = await Prefixes(DataScope.ForRegion("4401"));
        city.ShouldContain("440106");
        city.ShouldContain("440112");
        city.ShouldAllBe(p => p.StartsWith("4401"));
        var province = await Prefixes(DataScope.ForRegion("44"));
        province.ShouldBeSubsetOf(await Prefixes(DataScope.System));
        province.ShouldAllBe(p => p.StartsWith("44"));
        province.Count.ShouldBeGreaterThanOrEqualTo(city.Count);
    }

    [Fact]
    public async Task A_citizens_claim_on_the_public_board_still_tells_the_stations_staff()
    {
        // The citizen has no scope, so the staff's accounts are out of it: StaffNotices finds them as the system, by name.
        var (_, wish) = await Shegong.IntegrationTests.Features.Wishes.WishApi.PublishedAsync(app);
        string description;
        using (var system = app.Scope())
            description = await system.ServiceProvider.GetRequiredService<ShegongDbContext>().Wishes.Where(w => w.Id == wish).Select(w => w.Description).SingleAsync();
        using var citizen = app.AnonymousClient();
        (await citizen.PostAsJsonAsync("/api/v1/board/claims", Shegong.IntegrationTests.Features.Wishes.WishApi.Claim(wish))).EnsureSuccessStatusCode();
        foreach (var staff in new[] { "worker", "manager" })
        {
            using var client = await app.ClientAsAsync(staff);
            (await client.GetFromJsonAsync<JsonElement>("/api/v1/notifications/")).EnumerateArray()
                .ShouldContain(n => n.GetProperty("title").GetString() == "新认领：" + description, $"{staff} was not told");
        }
        using var other = await app.ClientAsAsync("worker2");
        (await other.GetFromJsonAsync<JsonElement>("/api/v1/notifications/")).EnumerateArray()
            .ShouldNotContain(n => n.GetProperty("title").GetString() == "新认领：" + description);
    }

    [Fact]
    public async Task A_case_is_seen_inside_its_station_only_by_its_workers_the_manager_and_assigned_supervisors()
    {
        await Shegong.IntegrationTests.Features.Cases.CaseApi.EnsureAccountsAsync(app);
        var (_, id) = await Shegong.IntegrationTests.Features.Cases.CaseApi.NewCaseAsync(app);
        var demo = await DemoAsync();
        Guid U(string name) => RegistryApi.QueryAsync(app, db => db.Users.Where(u => u.UserName == name).Select(u => u.Id).SingleAsync()).GetAwaiter().GetResult();
        var station = DataScope.ForStation(demo.Station, "440112010");
        var district = DataScope.ForRegion("440112");
        var cases = new (string Who, DataScope Scope, bool Sees)[]
        {
            ("worker assigned", station.OfUser(demo.Users["worker"]), true),
            ("worker not assigned", station.OfUser(U(Shegong.IntegrationTests.Features.Cases.CaseApi.OtherWorker)), false),
            ("manager", station.OfUser(demo.Users["manager"]) with { ManagesStation = true }, true),
            ("manager of another station", DataScope.ForStation(demo.OtherStation, "440106001").OfUser(demo.Users["worker2"]) with { ManagesStation = true }, false),
            ("supervisor assigned", district.OfUser(U(Shegong.IntegrationTests.Features.Cases.CaseApi.AssignedSupervisor)) with { Supervises = true }, true),
            ("supervisor not assigned", district.OfUser(U(Shegong.IntegrationTests.Features.Cases.CaseApi.UnassignedSupervisor)) with { Supervises = true }, false),
            ("district officer without a grant", district.OfUser(demo.Users["officer"]), false),
            ("nobody (outside a request)", DataScope.None, false),
        };
        foreach (var (who, scope, sees) in cases)
        {
            using var s = As(scope);
            var db = s.ServiceProvider.GetRequiredService<ShegongDbContext>();
            (await db.Set<Shegong.Domain.Cases.Case>().CountAsync(c => c.Id == id)).ShouldBe(sees ? 1 : 0, who);
            (await db.Set<Shegong.Domain.Cases.CaseStageChange>().CountAsync(c => c.CaseId == id)).ShouldBe(sees ? 1 : 0, who);
        }
        using var system = app.Scope();
        (await system.ServiceProvider.GetRequiredService<ShegongDbContext>().Set<Shegong.Domain.Cases.Case>().CountAsync(c => c.Id == id)).ShouldBe(1);
    }
}
