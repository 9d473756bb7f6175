using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Reflection;
using System.Text.Json;
using Npgsql;
using Shegong.Domain.Visits;
using Shegong.IntegrationTests.Infrastructure;
using Xunit.Sdk;
using Xunit.v3;
using static Shegong.IntegrationTests.Features.Registry.RegistryApi;
using static Shegong.IntegrationTests.Features.Visits.VisitsTestApi;

namespace Shegong.IntegrationTests.Features.Host;

/// <summary>
/// Issue 10, item 7: two Shegong nodes (real processes of the built host, one PostgreSQL database, one key
/// configuration) behind a real nginx. PostgreSQL only: SQLite is one process by design.
/// </summary>
public sealed class TwoNodesFixture(AppFixture app) : IAsyncLifetime
{
    public const int BoardPostsPerMinute = 3;
    public ShegongNode A { get; private set; } = default!;
    public ShegongNode B { get; private set; } = default!;
    public NginxProxy Proxy { get; private set; } = default!;
    public string ConnectionString { get; private set; } = "";
    public IReadOnlyDictionary<string, string> Settings { get; private set; } = new Dictionary<string, string>();
    public bool Available => app.IsPostgres;
    /// <summary>From the copy of the database to both nodes ready.</summary>
    public TimeSpan ReadyAfter { get; private set; }

    public async ValueTask InitializeAsync()
    {
        if (!app.IsPostgres) return;
        var started = Stopwatch.StartNew();
        // The run's database as it is (migrated, seeded, its keys) copied for the nodes: the nodes run the jobs, which
        // the in-process hosts of the other tests never do, on data of their own.
        ConnectionString = await app.CopyDatabaseAsync("shegong_nodes");
        var settings = new Dictionary<string, string>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Shegong"] = ConnectionString,
            // One key configuration for every node: the run's master key file, which protects the key ring in the database.
            ["Keys:File"] = app.KeyFile,
            // The nodes' own checkpoint file: the default (beside the key file) is the other tests' one, and a checkpoint
            // of this copy's chains, which move on past the run's database, would read there as a cut chain.
            ["Audit:CheckpointFile"] = _checkpointFile,
            ["Seed:Demo"] = "false",
            ["Seed:DemoWishes"] = "false",
            // nginx reaches the nodes from 127.0.0.1; the clients of these tests come from other loopback addresses.
            ["ForwardedHeaders:KnownProxies"] = "127.0.0.1",
            ["Wishes:BoardPostsPerMinute"] = BoardPostsPerMinute.ToString(),
            ["Auth:LoginAttemptsPerMinute"] = "1000",
            ["Jobs:wish-upkeep:FirstRunAfter"] = "00:00:25",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Shegong.Web.Infrastructure.Jobs"] = "Information",
        };
        Settings = settings;
        int portA = NginxProxy.FreePort(), portB = NginxProxy.FreePort();
        Proxy = await NginxProxy.StartAsync([portA, portB]);
        A = ShegongNode.Start("a", portA, settings);
        B = ShegongNode.Start("b", portB, settings);
        await Task.WhenAll(A.WaitReadyAsync(TimeSpan.FromSeconds(120)), B.WaitReadyAsync(TimeSpan.FromSeconds(120)));
        ReadyAfter = started.Elapsed;
    }

    /// <summary>An HTTP client whose connections leave from <paramref name="localAddress"/> (127.0.0.0/8 is all loopback).</summary>
    public static HttpClient ClientFrom(string localAddress, string baseUrl, CookieContainer? cookies = null)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = cookies is not null,
            CookieContainer = cookies ?? new CookieContainer(),
            ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(IPAddress.Parse(localAddress), 0));
                    await socket.ConnectAsync(context.DnsEndPoint, ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30) };
    }

    public static async Task<string> TokenAsync(HttpClient client, string userName)
    {
        var response = await client.PostAsJsonAsync("/api/v1/auth/token", new { userName, password = AppFixture.DemoPassword });
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("accessToken").GetString()!;
    }

    /// <summary>
    /// Runs an administrative command (<c>verify-stats</c>, <c>verify-audit</c>) on the nodes' database exactly as
    /// <c>dotnet Shegong.Web.dll COMMAND</c> would, but in this process (already warm: a new process takes many seconds
    /// on a loaded machine). Its console output is captured (the tests do not run in parallel).
    /// </summary>
    public async Task<(int ExitCode, string Output)> CommandAsync(string command)
    {
        string[] args = [command, .. Settings.Select(s => $"--{s.Key}={s.Value}"), "--Jobs:Enabled=false"];
        var (parsed, hostArgs) = Shegong.Web.Infrastructure.Commands.ShegongCommands.Split(args);
        parsed.ShouldNotBeNull(command);
        await using var host = Shegong.Web.ShegongHost.Build(hostArgs);
        var console = Console.Out;
        var output = new StringWriter();
        Console.SetOut(output);
        try
        {
            return (await Shegong.Web.Infrastructure.Commands.ShegongCommands.RunAsync(host, parsed), output.ToString());
        }
        finally
        {
            Console.SetOut(console);
        }
    }

    /// <summary>An empty database of its own (a new deployment), on the run's cluster.</summary>
    public Task<string> EmptyDatabaseAsync(string name) => app.ScratchDatabaseAsync(name);

    /// <summary>verify-audit's checkpoints of the nodes' database, apart from the run's.</summary>
    private readonly string _checkpointFile = Path.Combine(Path.GetTempPath(), "shegong-nodes-" + Guid.NewGuid().ToString("N")[..8] + "-audit-checkpoints.log");

    public async ValueTask DisposeAsync()
    {
        File.Delete(_checkpointFile);
        if (A is not null) await A.DisposeAsync();
        if (B is not null) await B.DisposeAsync();
        if (Proxy is not null) await Proxy.DisposeAsync();
    }
}

/// <summary>Runs a class's tests in the order of their <see cref="StepAttribute"/>.</summary>
public sealed class StepOrderer : ITestCaseOrderer
{
    public IReadOnlyCollection<TTestCase> OrderTestCases<TTestCase>(IReadOnlyCollection<TTestCase> testCases) where TTestCase : notnull, ITestCase =>
        [.. testCases.OrderBy(t => (t as IXunitTestCase)?.TestMethod.Method.GetCustomAttribute<StepAttribute>()?.Order ?? int.MaxValue)];
}

[AttributeUsage(AttributeTargets.Method)]
public sealed class StepAttribute(int order) : Attribute
{
    public int Order { get; } = order;
}

[TestCaseOrderer(typeof(StepOrderer))]
public sealed class TwoNodesTests(TwoNodesFixture nodes) : IClassFixture<TwoNodesFixture>
{
    private void RequirePostgres() =>
        Assert.SkipUnless(nodes.Available, "Two nodes share one PostgreSQL database: this runs in the PostgreSQL pass (SQLite is one process by design).");

    [Fact, Step(1)]
    public async Task A_sign_in_on_node_A_works_on_node_B_cookie_and_bearer_token_and_through_the_proxy_on_both()
    {
        RequirePostgres();
        // The browser's sign-in (antiforgery token and cookie issued by node A) is accepted by node B.
        var cookies = new CookieContainer();
        using (var onA = TwoNodesFixture.ClientFrom("127.0.0.1", nodes.A.BaseUrl, cookies))
        {
            var login = await AppFixture.PostFormAsync(onA, "/account/login", "login",
                new() { ["Input.UserName"] = "worker", ["Input.Password"] = AppFixture.DemoPassword });
            ((int)login.StatusCode).ShouldBe(302);
            login.Headers.Location!.OriginalString.ShouldNotContain("/account/login");
        }
        using (var onB = TwoNodesFixture.ClientFrom("127.0.0.1", nodes.B.BaseUrl, cookies))
        {
            var page = await onB.GetAsync("/persons");
            page.StatusCode.ShouldBe(HttpStatusCode.OK, "node B did not accept node A's cookie");
            (await page.Content.ReadAsStringAsync()).ShouldContain("李社工");
        }

        // A bearer token issued by node A is accepted by node B.
        using var a = TwoNodesFixture.ClientFrom("127.0.0.1", nodes.A.BaseUrl);
        var token = await TwoNodesFixture.TokenAsync(a, "worker");
        using var b = TwoNodesFixture.ClientFrom("127.0.0.1", nodes.B.BaseUrl);
        b.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var me = await b.GetFromJsonAsync<JsonElement>("/api/v1/me");
        me.GetProperty("userName").GetString().ShouldBe("worker");

        // Through the proxy, requests are spread over both nodes and every one of them is signed in.
        using var proxied = TwoNodesFixture.ClientFrom("127.0.0.2", nodes.Proxy.BaseUrl);
        proxied.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var answeredBy = new HashSet<string>();
        for (var i = 0; i < 6; i++)
        {
            var response = await proxied.GetAsync("/api/v1/me");
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            answeredBy.Add(response.Headers.GetValues("X-Upstream").Single());
        }
        answeredBy.ShouldBe([$"127.0.0.1:{nodes.A.Port}", $"127.0.0.1:{nodes.B.Port}"], ignoreOrder: true);
    }

    /// <summary>
    /// Revocation is checked against the database at every request on every node (docs/security.md, "Sessions and
    /// tokens": no delay), so node B refuses at once what node A revoked: the caller's own revoke, and a password reset.
    /// </summary>
    [Fact, Step(2)]
    public async Task A_token_revoked_on_node_A_is_refused_on_node_B_at_once()
    {
        RequirePostgres();
        using var a = TwoNodesFixture.ClientFrom("127.0.0.1", nodes.A.BaseUrl);
        using var b = TwoNodesFixture.ClientFrom("127.0.0.1", nodes.B.BaseUrl);
        async Task<HttpStatusCode> OnB(string token)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return (await b.SendAsync(request)).StatusCode;
        }

        // POST /api/v1/auth/revoke through node A.
        var revoked = await TwoNodesFixture.TokenAsync(a, "worker2");
        (await OnB(revoked)).ShouldBe(HttpStatusCode.OK);
        using (var revoke = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/revoke") { Content = JsonContent.Create(new { }) })
        {
            revoke.Headers.Authorization = new AuthenticationHeaderValue("Bearer", revoked);
            var response = await a.SendAsync(revoke);
            response.StatusCode.ShouldBe(HttpStatusCode.NoContent, await response.Content.ReadAsStringAsync());
        }
        (await OnB(revoked)).ShouldBe(HttpStatusCode.Unauthorized, "node B still accepts a token revoked on node A");

        // An administrator's password reset through node A ends the account's other sessions on node B too.
        var beforeReset = await TwoNodesFixture.TokenAsync(a, "worker2");
        (await OnB(beforeReset)).ShouldBe(HttpStatusCode.OK);
        a.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TwoNodesFixture.TokenAsync(a, "admin"));
        var users = await a.GetFromJsonAsync<JsonElement>("/api/v1/users?search=worker2&pageSize=50");
        var id = users.GetProperty("items").EnumerateArray().Single(u => u.GetProperty("userName").GetString() == "worker2").GetProperty("id").GetGuid();
        var reset = await a.PostAsJsonAsync($"/api/v1/users/{id}/password", new { newPassword = "Reset2026pass" });
        reset.StatusCode.ShouldBe(HttpStatusCode.NoContent, await reset.Content.ReadAsStringAsync());
        (await OnB(beforeReset)).ShouldBe(HttpStatusCode.Unauthorized, "node B still accepts a token whose password was reset on node A");
    }

    [Fact, Step(3)]
    public async Task Behind_the_proxy_two_clients_have_separate_rate_limits_and_a_forged_X_Forwarded_For_changes_nothing()
    {
        RequirePostgres();
        static async Task<int> ClaimAsync(HttpClient client, string? forwardedFor)
        {
            // A well-formed claim of a wish that does not exist: counted by the throttle, then refused (4xx), nothing written.
            var claim = new
            {
                items = new[] { new { wishId = Guid.NewGuid(), units = 1 } },
                claimantName = "测试认领人", claimantType = "Individual", phone = "13800000000",
                pledgedBy = Today.AddDays(3), namedPublicly = false,
            };
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/board/claims") { Content = JsonContent.Create(claim) };
            if (forwardedFor is not null) request.Headers.Add("X-Forwarded-For", forwardedFor);
            using var response = await client.SendAsync(request);
            ((int)response.StatusCode).ShouldBeLessThan(500);
            return (int)response.StatusCode;
        }
        var limit = TwoNodesFixture.BoardPostsPerMinute;

        // Client X (127.0.0.2) through the proxy: each node counts it on its own (limits are per node), so after at most
        // 2 × limit attempts it is refused everywhere — whatever it writes in its own X-Forwarded-For.
        using var x = TwoNodesFixture.ClientFrom("127.0.0.2", nodes.Proxy.BaseUrl);
        var codes = new List<int>();
        for (var i = 0; i < 2 * limit + 2; i++) codes.Add(await ClaimAsync(x, "198.51.100.1"));
        codes.Count(c => c != 429).ShouldBeLessThanOrEqualTo(2 * limit, string.Join(",", codes));
        codes.TakeLast(2).ShouldAllBe(c => c == 429, string.Join(",", codes));
        for (var i = 0; i < 4; i++) (await ClaimAsync(x, $"203.0.113.{i + 10}")).ShouldBe(429, "a forged X-Forwarded-For gave client X a new bucket");

        // Client Y (127.0.0.3) through the same proxy has a bucket of its own.
        using var y = TwoNodesFixture.ClientFrom("127.0.0.3", nodes.Proxy.BaseUrl);
        (await ClaimAsync(y, "198.51.100.1")).ShouldNotBe(429, "client Y shares client X's limit behind the proxy");

        // Straight to a node, from an address that is not a known proxy, X-Forwarded-For is ignored: one bucket.
        using var direct = TwoNodesFixture.ClientFrom("127.0.0.4", nodes.A.BaseUrl);
        var directCodes = new List<int>();
        for (var i = 0; i <= limit; i++) directCodes.Add(await ClaimAsync(direct, $"192.0.2.{i + 1}"));
        directCodes[..limit].ShouldAllBe(c => c != 429, string.Join(",", directCodes));
        directCodes[limit].ShouldBe(429, "an untrusted X-Forwarded-For was honoured");
    }

    [Fact, Step(4)]
    public async Task The_hourly_wish_job_due_on_both_nodes_runs_once_and_both_nodes_are_in_the_cluster()
    {
        RequirePostgres();
        const string ran = "Scheduled job wish-upkeep ran on node";
        int Runs() => Count(nodes.A.Output, ran) + Count(nodes.B.Output, ran);
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (Runs() == 0 && DateTime.UtcNow < deadline) await Task.Delay(250);
        Runs().ShouldBe(1, "the job did not run within 90 s of the nodes' start:\n" + nodes.A.Output + "\n" + nodes.B.Output);
        // The other node had the same trigger due: give it time to (wrongly) run it too.
        await Task.Delay(TimeSpan.FromSeconds(6));
        Runs().ShouldBe(1, nodes.A.Output + "\n" + nodes.B.Output);

        await using var conn = new NpgsqlConnection(nodes.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT count(*) FROM qrtz_scheduler_state WHERE sched_name = 'Shegong'", conn);
        ((long)(await cmd.ExecuteScalarAsync())!).ShouldBe(2, "both nodes check in to the one clustered scheduler");
        await using var trigger = new NpgsqlCommand("SELECT count(*) FROM qrtz_triggers WHERE sched_name = 'Shegong' AND trigger_name = 'wish-upkeep'", conn);
        ((long)(await trigger.ExecuteScalarAsync())!).ShouldBe(1, "one trigger shared by the nodes");
    }

    [Fact, Step(5)]
    public async Task Node_A_killed_in_the_middle_of_a_stream_of_visits_loses_no_acknowledged_visit_and_leaves_none_half_done()
    {
        RequirePostgres();
        // The nodes' database is a copy of the run's, which earlier tests left as they left it (some corrupt a figure
        // on purpose to see verify-stats find it): what differs before the stream may differ after it, nothing more.
        var (_, before) = await nodes.CommandAsync("verify-stats");
        var differingBefore = Differences(before);
        var clock = Stopwatch.StartNew();
        using var setup = TwoNodesFixture.ClientFrom("127.0.0.5", nodes.Proxy.BaseUrl);
        setup.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TwoNodesFixture.TokenAsync(setup, "worker"));
        var persons = new List<Guid>();
        for (var i = 0; i < 4; i++) persons.Add(await RegisterNewAsync(setup));

        var acknowledged = new ConcurrentBag<(Guid Person, Guid Visit, bool AfterKill)>();
        var failed = new ConcurrentBag<string>();
        var killed = false;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        async Task ClientAsync(int n)
        {
            using var client = TwoNodesFixture.ClientFrom($"127.0.1.{n + 1}", nodes.Proxy.BaseUrl);
            client.DefaultRequestHeaders.Authorization = setup.DefaultRequestHeaders.Authorization;
            var person = persons[n];
            while (!stop.IsCancellationRequested)
            {
                var afterKill = Volatile.Read(ref killed);
                try
                {
                    using var response = await PostVisitAsync(client, person, Today, VisitMethod.Home,
                        new VisitRecord(BasicLiving: $"第{n}路走访", ServicesGiven: "测试"));
                    if (response.StatusCode == HttpStatusCode.Created)
                        acknowledged.Add((person, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid(), afterKill));
                    else
                        failed.Add($"{(int)response.StatusCode}");
                }
                catch (HttpRequestException e) { failed.Add(e.Message); }
                catch (TaskCanceledException) when (stop.IsCancellationRequested) { }
            }
        }
        var setUp = clock.Elapsed;
        var clients = Enumerable.Range(0, persons.Count).Select(ClientAsync).ToList();
        while (acknowledged.Count < 20 && !stop.IsCancellationRequested) await Task.Delay(20);
        await nodes.A.KillAsync();
        Volatile.Write(ref killed, true);
        var atKill = acknowledged.Count;
        while (acknowledged.Count(a => a.AfterKill) < 20 && !stop.IsCancellationRequested) await Task.Delay(20);
        await stop.CancelAsync();
        await Task.WhenAll(clients);
        acknowledged.Count(a => a.AfterKill).ShouldBeGreaterThanOrEqualTo(20, $"node B did not take the writes over ({atKill} before the kill); failures: {string.Join("; ", failed.Take(10))}");

        var streamed = clock.Elapsed;
        await using var conn = new NpgsqlConnection(nodes.ConnectionString);
        await conn.OpenAsync();
        async Task<List<(Guid Visit, bool Audited)>> VisitsAsync()
        {
            var rows = new List<(Guid, bool)>();
            await using var cmd = new NpgsqlCommand("""
                SELECT v.id, EXISTS (SELECT 1 FROM audit_entries e WHERE e.entity_type = 'Visit' AND e.entity_id = v.id::text)
                FROM visits v WHERE v.person_id = ANY(@persons)
                """, conn);
            cmd.Parameters.AddWithValue("persons", persons.ToArray());
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync()) rows.Add((reader.GetGuid(0), reader.GetBoolean(1)));
            return rows;
        }
        var stored = await VisitsAsync();
        var ids = stored.Select(s => s.Visit).ToHashSet();
        acknowledged.Where(a => !ids.Contains(a.Visit)).ShouldBeEmpty("acknowledged visits missing from the database");
        stored.Where(s => !s.Audited).ShouldBeEmpty("visits without their audit entry");
        // What was stored but never acknowledged (node A committed, then died before answering) is whole too (above).
        stored.Count.ShouldBeGreaterThanOrEqualTo(acknowledged.Count);

        // Each person's record agrees with its visits, and every figure equals a recount from the records.
        foreach (var person in persons)
        {
            await using var cmd = new NpgsqlCommand("SELECT count(*) FROM visits WHERE person_id = @p", conn);
            cmd.Parameters.AddWithValue("p", person);
            var count = (long)(await cmd.ExecuteScalarAsync())!;
            var detail = await GetAsync(setup, person);
            detail.Visits.Count.ShouldBe((int)Math.Min(count, 50)); // the detail lists the latest 50
            detail.LastVisitOn.ShouldBe(Today);
        }
        var (statsCode, statsOutput) = await nodes.CommandAsync("verify-stats");
        if (differingBefore.Count == 0) statsCode.ShouldBe(0, $"verify-stats: {statsOutput}");
        Differences(statsOutput).Except(differingBefore).ShouldBeEmpty($"verify-stats: {statsOutput}");
        var (auditCode, auditOutput) = await nodes.CommandAsync("verify-audit");
        auditCode.ShouldBe(0, $"verify-audit: {auditOutput}");
        TestContext.Current.TestOutputHelper?.WriteLine($"nodes ready {nodes.ReadyAfter.TotalSeconds:F1} s after the database copy; kill test: set-up {setUp.TotalSeconds:F1} s, " +
            $"stream {(streamed - setUp).TotalSeconds:F1} s, checks {(clock.Elapsed - streamed).TotalSeconds:F1} s; {atKill} visits acknowledged before the kill, " +
            $"{acknowledged.Count} in all, {stored.Count} stored, {failed.Count} refused or cut ({string.Join(", ", failed.GroupBy(f => f).Select(g => $"{g.Key} × {g.Count()}"))})");
    }

    [Fact, Step(6)]
    public async Task Two_nodes_started_at_once_on_an_empty_database_prepare_it_once_and_both_serve()
    {
        RequirePostgres();
        // A new deployment: an empty database and two nodes started together, the demo seed on (the worst case: every
        // start-up step writes). They migrate, build the figures and seed one after the other; neither fails.
        var connection = await nodes.EmptyDatabaseAsync("shegong_fresh_nodes");
        var settings = new Dictionary<string, string>(nodes.Settings)
        {
            ["ConnectionStrings:Shegong"] = connection,
            ["Seed:Demo"] = "true",
            ["Seed:DemoPassword"] = AppFixture.DemoPassword,
            ["Jobs:Enabled"] = "false",
        };
        await using var a = ShegongNode.Start("fresh-a", NginxProxy.FreePort(), settings);
        await using var b = ShegongNode.Start("fresh-b", NginxProxy.FreePort(), settings);
        await Task.WhenAll(a.WaitReadyAsync(TimeSpan.FromSeconds(180)), b.WaitReadyAsync(TimeSpan.FromSeconds(180)));
        await using var conn = new NpgsqlConnection(connection);
        await conn.OpenAsync();
        async Task<long> CountAsync(string sql)
        {
            await using var cmd = new NpgsqlCommand(sql, conn);
            return (long)(await cmd.ExecuteScalarAsync())!;
        }
        (await CountAsync("SELECT count(*) FROM stations")).ShouldBe(7, "the demo stations, seeded once");
        (await CountAsync("SELECT count(*) FROM asp_net_users WHERE user_name = 'worker'")).ShouldBe(1);
        (await CountAsync("SELECT count(*) FROM stat_builds")).ShouldBeGreaterThan(14);
        foreach (var node in new[] { a, b })
        {
            using var client = TwoNodesFixture.ClientFrom("127.0.0.1", node.BaseUrl);
            var token = await TwoNodesFixture.TokenAsync(client, "worker");
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            (await client.GetAsync("/api/v1/persons")).StatusCode.ShouldBe(HttpStatusCode.OK, node.Output);
        }
    }

    /// <summary>The figures verify-stats found differing from a recount, one line each.</summary>
    private static HashSet<string> Differences(string verifyStatsOutput) =>
        verifyStatsOutput.Split('\n').Select(l => l.Trim()).Where(l => l.Contains(": stored ")).ToHashSet();

    private static int Count(string text, string what)
    {
        var n = 0;
        for (var i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + what.Length, StringComparison.Ordinal)) n++;
        return n;
    }
}
