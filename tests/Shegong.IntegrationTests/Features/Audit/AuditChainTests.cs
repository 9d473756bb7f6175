using System.Diagnostics;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shegong.Domain.Access;
using Shegong.Domain.Audit;
using Shegong.IntegrationTests.Features.Registry;
using Shegong.IntegrationTests.Infrastructure;
using Shegong.Web.Infrastructure.Auth;
using Shegong.Web.Infrastructure.Commands;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.IntegrationTests.Features.Audit;

/// <summary>
/// Writes and sensitive reads are chained, one chain per acting scope; editing or deleting any entry of any chain
/// is found by verify-audit, which names the chain and the entry. Saves of two stations do not wait for each other.
/// </summary>
public sealed class AuditChainTests(AppFixture app)
{
    private async Task<(int Exit, string Error)> VerifyAsync()
    {
        using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<ShegongDbContext>();
        var error = new StringWriter();
        var original = Console.Error;
        Console.SetError(error);
        try { return (await ShegongCommands.VerifyAuditAsync(db), error.ToString()); }
        finally { Console.SetError(original); }
    }

    private async Task<long> LastSequenceAsync(string chain)
    {
        using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<ShegongDbContext>().AuditHeads
            .Where(h => h.Chain == chain).Select(h => h.LastSequence).SingleOrDefaultAsync();
    }

    /// <summary>SQL as a tamperer runs it: on PostgreSQL as the table's owner, who switches the append-only trigger off first.</summary>
    private async Task SqlAsync(string sql)
    {
        using var scope = app.Scope();
        if (app.IsPostgres) sql = $"ALTER TABLE audit_entries DISABLE TRIGGER USER; {sql}; ALTER TABLE audit_entries ENABLE TRIGGER USER";
        await scope.ServiceProvider.GetRequiredService<ShegongDbContext>().Database.ExecuteSqlRawAsync(sql);
    }

    private async Task<(Guid Id, string Prefix)> StationOfAsync(string userName)
    {
        using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<ShegongDbContext>();
        var user = await db.Users.SingleAsync(u => u.UserName == userName);
        return (user.StationId!.Value, user.RegionPrefix);
    }

    /// <summary>The chains of <c>worker</c>'s station (长洲) and <c>worker2</c>'s (五山), each with a few entries.</summary>
    private async Task<(string A, string B)> TwoStationChainsAsync()
    {
        using var worker = await app.ClientAsAsync("worker");
        using var worker2 = await app.ClientAsAsync("worker2");
        await RegistryApi.RegisterNewAsync(worker);
        await RegistryApi.RegisterAsync(worker2, RegistryApi.Request(RegistryApi.Details(RegistryApi.NewId("440106")), RegistryApi.Chashan));
        var a = await StationOfAsync("worker");
        var b = await StationOfAsync("worker2");
        return (AuditChains.KeyFor(DataScope.ForStation(a.Id, a.Prefix)), AuditChains.KeyFor(DataScope.ForStation(b.Id, b.Prefix)));
    }

    /// <summary>A context acting as one station, as a signed-in worker of it would.</summary>
    private static ShegongDbContext ActAs(IServiceScope scope, (Guid Id, string Prefix) station)
    {
        scope.ServiceProvider.GetRequiredService<ScopeProvider>().Override = DataScope.ForStation(station.Id, station.Prefix);
        return scope.ServiceProvider.GetRequiredService<ShegongDbContext>();
    }

    [Fact]
    public async Task A_write_appends_chained_entries_and_the_chain_verifies()
    {
        using var officer = await app.ClientAsAsync("officer"); // 黄埔区: a region user
        string chain;
        using (var scope = app.Scope())
        {
            var me = await scope.ServiceProvider.GetRequiredService<ShegongDbContext>().Users.SingleAsync(u => u.UserName == "officer");
            me.StationId.ShouldBeNull();
            chain = "region:" + me.RegionPrefix;
        }
        var before = await LastSequenceAsync(chain);
        var created = await officer.PostAsJsonAsync("/api/v1/stations", new { townshipCode = "440112012000", name = "萝岗街道社工站" });
        created.EnsureSuccessStatusCode();
        var after = await LastSequenceAsync(chain);
        after.ShouldBeGreaterThan(before);
        using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ShegongDbContext>();
            var entries = await db.AuditEntries.IgnoreQueryFilters().Where(e => e.Chain == chain && e.Sequence > before).OrderBy(e => e.Sequence).ToListAsync();
            entries.ShouldContain(e => e.EntityType == "Station" && e.UserName == "officer" && e.Action == AuditAction.Create);
        }
        (await VerifyAsync()).Exit.ShouldBe(0);
    }

    [Fact]
    public async Task Entries_of_two_stations_land_in_two_chains_each_from_sequence_1()
    {
        var (a, b) = await TwoStationChainsAsync();
        a.ShouldNotBe(b);
        using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<ShegongDbContext>();
        var stationA = await StationOfAsync("worker");
        var stationB = await StationOfAsync("worker2");
        foreach (var (chain, station, user) in new[] { (a, stationA.Id, "worker"), (b, stationB.Id, "worker2") })
        {
            var entries = await db.AuditEntries.IgnoreQueryFilters().Where(e => e.Chain == chain).OrderBy(e => e.Sequence).ToListAsync();
            entries.ShouldNotBeEmpty();
            entries[0].Sequence.ShouldBe(1);
            entries.Select(e => e.Sequence).ShouldBe(Enumerable.Range(1, entries.Count).Select(i => (long)i));
            entries.ShouldContain(e => e.EntityType == "Person" && e.StationId == station && e.UserName == user && e.Action == AuditAction.Create);
            (await db.AuditHeads.SingleAsync(h => h.Chain == chain)).LastSequence.ShouldBe(entries[^1].Sequence);
        }
        // Nothing of theirs went anywhere else.
        (await db.AuditEntries.IgnoreQueryFilters().CountAsync(e => e.UserName == "worker" && e.Chain != a && e.Action != AuditAction.Login && e.Action != AuditAction.Logout)).ShouldBe(0);
        (await VerifyAsync()).Exit.ShouldBe(0);
    }

    [Fact]
    public async Task Editing_an_entry_in_either_chain_is_detected_and_named()
    {
        var (a, b) = await TwoStationChainsAsync();
        var targetA = Math.Max(1, await LastSequenceAsync(a) / 2);
        var targetB = await LastSequenceAsync(b);
        await SqlAsync($"UPDATE audit_entries SET details = details || 'x' WHERE chain = '{a}' AND sequence = {targetA}");
        await SqlAsync($"UPDATE audit_entries SET details = details || 'x' WHERE chain = '{b}' AND sequence = {targetB}");
        try
        {
            var (exit, error) = await VerifyAsync();
            exit.ShouldBe(1);
            error.ShouldContain($"Audit chain {a} BROKEN at entry {targetA}: content does not match its hash (edited)");
            error.ShouldContain($"Audit chain {b} BROKEN at entry {targetB}: content does not match its hash (edited)");
        }
        finally
        {
            await SqlAsync($"UPDATE audit_entries SET details = substr(details, 1, length(details) - 1) WHERE chain = '{a}' AND sequence = {targetA}");
            await SqlAsync($"UPDATE audit_entries SET details = substr(details, 1, length(details) - 1) WHERE chain = '{b}' AND sequence = {targetB}");
        }
        (await VerifyAsync()).Exit.ShouldBe(0);
    }

    [Fact]
    public async Task Deleting_an_entry_or_a_chain_tail_is_detected_and_named()
    {
        var (a, b) = await TwoStationChainsAsync();
        var middle = Math.Max(1, await LastSequenceAsync(a) / 3);
        var last = await LastSequenceAsync(b);
        await SqlAsync($"CREATE TABLE audit_backup AS SELECT * FROM audit_entries WHERE (chain = '{a}' AND sequence = {middle}) OR (chain = '{b}' AND sequence = {last})");
        try
        {
            await SqlAsync($"DELETE FROM audit_entries WHERE chain = '{a}' AND sequence = {middle}");
            var (exit, error) = await VerifyAsync();
            exit.ShouldBe(1);
            error.ShouldContain($"Audit chain {a} BROKEN at entry {middle}");
            error.ShouldNotContain(b);
            await SqlAsync($"INSERT INTO audit_entries SELECT * FROM audit_backup WHERE chain = '{a}'");

            // The tail: every remaining entry links, only the head shows that one is missing.
            await SqlAsync($"DELETE FROM audit_entries WHERE chain = '{b}' AND sequence = {last}");
            var (tailExit, tailError) = await VerifyAsync();
            tailExit.ShouldBe(1);
            tailError.ShouldContain($"Audit chain {b} BROKEN at entry {last}");
            tailError.ShouldNotContain(a);
        }
        finally
        {
            await SqlAsync("INSERT INTO audit_entries SELECT * FROM audit_backup b WHERE NOT EXISTS "
                + "(SELECT 1 FROM audit_entries e WHERE e.chain = b.chain AND e.sequence = b.sequence)");
            await SqlAsync("DROP TABLE audit_backup");
        }
        (await VerifyAsync()).Exit.ShouldBe(0);
    }

    [Fact]
    public async Task A_chain_without_its_head_is_broken()
    {
        var (a, _) = await TwoStationChainsAsync();
        await SqlAsync($"CREATE TABLE audit_head_backup AS SELECT * FROM audit_heads WHERE chain = '{a}'");
        try
        {
            await SqlAsync($"DELETE FROM audit_heads WHERE chain = '{a}'");
            var (exit, error) = await VerifyAsync();
            exit.ShouldBe(1);
            error.ShouldContain($"Audit chain {a} BROKEN at entry 1: the chain has entries but no head");
        }
        finally
        {
            await SqlAsync($"INSERT INTO audit_heads SELECT * FROM audit_head_backup WHERE NOT EXISTS (SELECT 1 FROM audit_heads WHERE chain = '{a}')");
            await SqlAsync("DROP TABLE audit_head_backup");
        }
        (await VerifyAsync()).Exit.ShouldBe(0);
    }

    [Fact]
    public async Task Saves_of_two_stations_run_at_once_and_only_the_same_station_waits()
    {
        Assert.SkipUnless(app.IsPostgres, "SQLite has one writer by design: saves there are serialised anyway.");
        var stationA = await StationOfAsync("worker");
        var stationB = await StationOfAsync("worker2");

        // Station A saves in a transaction it keeps open: it holds its chain's head until it ends.
        using var scopeA = app.Scope();
        var dbA = ActAs(scopeA, stationA);
        await using var open = await dbA.Database.BeginTransactionAsync();
        dbA.RecordEvent(AuditAction.Read, "Station", stationA.Id.ToString(), stationA.Id, stationA.Prefix, "held open");
        await dbA.SaveChangesAsync();

        // Station B saves meanwhile and does not wait for A.
        using (var scopeB = app.Scope())
        {
            var dbB = ActAs(scopeB, stationB);
            dbB.Database.SetCommandTimeout(TimeSpan.FromSeconds(5));
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            dbB.RecordEvent(AuditAction.Read, "Station", stationB.Id.ToString(), stationB.Id, stationB.Prefix, "while A is open");
            var watch = Stopwatch.StartNew();
            await dbB.SaveChangesAsync(cancel.Token);
            watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
        }

        // Another save of station A does wait (so the test would see a shared lock): it times out while A is open.
        using (var scopeA2 = app.Scope())
        {
            var dbA2 = ActAs(scopeA2, stationA);
            dbA2.Database.SetCommandTimeout(TimeSpan.FromSeconds(1));
            dbA2.RecordEvent(AuditAction.Read, "Station", stationA.Id.ToString(), stationA.Id, stationA.Prefix, "waits for A");
            Exception? failure = null;
            try { await dbA2.SaveChangesAsync(); }
            catch (Exception e) { failure = e; }
            failure.ShouldNotBeNull("a second save of the same station's chain must wait for the open one");
        }

        await open.CommitAsync();
        (await VerifyAsync()).Exit.ShouldBe(0);
    }

    [Fact]
    public async Task The_verify_audit_command_runs_as_a_user_would_run_it()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Shegong.Web.dll");
        var psi = new ProcessStartInfo("dotnet", [dll, "verify-audit"]) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        psi.Environment["Database__Provider"] = app.Provider;
        psi.Environment["ConnectionStrings__Shegong"] = app.ConnectionString;
        psi.Environment["Keys__File"] = app.KeyFile; // Production: the key file is named, never generated
        psi.Environment["Logging__LogLevel__Default"] = "Warning";
        using var process = Process.Start(psi)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.ShouldBe(0);
        output.ShouldContain("Audit chain intact");
    }

    [Fact]
    public async Task Audit_entries_are_seen_only_within_scope()
    {
        using var worker2 = await app.ClientAsAsync("worker2");
        (await worker2.GetAsync("/api/v1/audit")).StatusCode.ShouldBe(System.Net.HttpStatusCode.Forbidden);
        using var manager = await app.ClientAsAsync("manager"); // 长洲
        using var tianhe = await app.ClientAsAsync("worker2");
        _ = await tianhe.GetAsync("/api/v1/me");
        var seen = await manager.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/audit?pageSize=200&user=worker2");
        seen.GetProperty("total").GetInt32().ShouldBe(0);
        using var officer = await app.ClientAsAsync("officer"); // 黄埔区
        var officerView = await officer.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/audit?pageSize=200&user=worker2");
        officerView.GetProperty("total").GetInt32().ShouldBe(0);
    }

    [Fact]
    public async Task The_audit_page_lists_entries_of_all_chains_newest_first()
    {
        await TwoStationChainsAsync();
        using var admin = await app.ClientAsAsync("admin");
        var page = await admin.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/audit?pageSize=200");
        var items = page.GetProperty("items").EnumerateArray().ToList();
        items.Select(i => i.GetProperty("chain").GetString()).Distinct().Count().ShouldBeGreaterThan(1);
        var times = items.Select(i => i.GetProperty("timestampUtc").GetDateTime()).ToList();
        times.ShouldBe(times.OrderByDescending(t => t));
        var second = await admin.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/audit?pageSize=100&page=2");
        var keys = second.GetProperty("items").EnumerateArray().Select(i => (i.GetProperty("chain").GetString(), i.GetProperty("sequence").GetInt64())).ToList();
        keys.ShouldBe(items.Skip(100).Take(100).Select(i => (i.GetProperty("chain").GetString(), i.GetProperty("sequence").GetInt64())));
    }
}
