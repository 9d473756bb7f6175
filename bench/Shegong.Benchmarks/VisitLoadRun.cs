using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace Shegong.Benchmarks;

/// <summary>
/// visits-load URL [seconds] [clients]: N social workers at N different stations (accounts made for the run) log
/// visits (POST /api/v1/persons/{id}/visits) as fast as they can for the given time, each on their own connection,
/// while the database is sampled every 10 ms (SHEGONG_BENCH_SAMPLE_MS) for sessions waiting on a lock (pg_stat_activity, with the
/// relation and whether the holder works at the same station). Prints p50/p95/p99 and the waits by relation.
/// Needs the benchmark database (bench/README.md) and a host started on it; the admin password from SHEGONG_BENCH_PASSWORD.
/// </summary>
public static class VisitLoadRun
{
    // Often enough to see any wait that lasts a few milliseconds; not so often that the sampling itself loads the database.
    // 0 turns the sampling off (the server's own lock-wait log below still counts every wait).
    private static readonly int SampleMs = int.TryParse(Environment.GetEnvironmentVariable("SHEGONG_BENCH_SAMPLE_MS"), out var ms) ? ms : 10;

    // The benchmark cluster's server log (bench/scripts/postgres.sh): for the run the server logs every lock wait longer
    // than 1 ms (log_lock_waits with deadlock_timeout = 1 ms), and the lines the run added are counted.
    private static readonly string PgLog = Environment.GetEnvironmentVariable("SHEGONG_BENCH_PG_LOG") ?? "/tmp/shegong-bench-pg/log.txt";

    public static async Task<int> RunAsync(string[] args)
    {
        var url = args.Length > 1 ? args[1].TrimEnd('/') : "http://127.0.0.1:5300";
        var seconds = args.Length > 2 ? int.Parse(args[2]) : 20;
        var clients = args.Length > 3 ? int.Parse(args[3]) : 8;
        var password = Environment.GetEnvironmentVariable("SHEGONG_BENCH_PASSWORD") ?? "Demo2026pass";
        var cs = Environment.GetEnvironmentVariable("SHEGONG_BENCH_DB") ?? "Host=127.0.0.1;Port=55432;Database=shegong_bench;Username=postgres";

        // N stations with people on file, far apart (every 97th), and 40 active people of each.
        var stations = new List<(Guid Id, string Prefix, List<Guid> Persons)>();
        await using (var conn = new NpgsqlConnection(cs))
        {
            await conn.OpenAsync();
            var ids = new List<(Guid, string)>();
            await using (var cmd = new NpgsqlCommand("SELECT id, region_prefix FROM stations WHERE EXISTS (SELECT 1 FROM persons p WHERE p.station_id = stations.id) ORDER BY region_prefix", conn))
            await using (var r = await cmd.ExecuteReaderAsync())
                while (await r.ReadAsync()) ids.Add((r.GetGuid(0), r.GetString(1)));
            foreach (var (id, prefix) in ids.Where((_, i) => i % Math.Max(1, ids.Count / clients) == 0).Take(clients))
            {
                var persons = new List<Guid>();
                await using var cmd = new NpgsqlCommand("SELECT id FROM persons WHERE station_id = @s AND status = 0 ORDER BY id LIMIT 40", conn);
                cmd.Parameters.AddWithValue("s", id);
                await using var r = await cmd.ExecuteReaderAsync();
                while (await r.ReadAsync()) persons.Add(r.GetGuid(0));
                stations.Add((id, prefix, persons));
            }
        }
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
        var admin = await TokenAsync(http, "admin", password);
        var tokens = new List<string>();
        foreach (var (s, i) in stations.Select((s, i) => (s, i)))
        {
            var user = $"bench{s.Prefix}";
            using var req = new HttpRequestMessage(HttpMethod.Post, "/api/v1/users")
            {
                Content = JsonContent.Create(new { userName = user, displayName = "压测社工" + i, role = "SocialWorker", stationId = s.Id, password = password }),
            };
            req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", admin);
            using var created = await http.SendAsync(req); // 400 when the account exists from an earlier run
            tokens.Add(await TokenAsync(http, user, password));
        }
        Console.WriteLine($"{stations.Count} stations: {string.Join(", ", stations.Select(s => s.Prefix))}");

        var latencies = new ConcurrentBag<double>();
        var errors = 0;
        var waits = new ConcurrentDictionary<string, int>();
        var samples = 0;
        var logFrom = await LockLogAsync(cs, on: true);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var sampler = Task.Run(async () =>
        {
            if (SampleMs <= 0) return;
            await using var conn = new NpgsqlConnection(cs);
            await conn.OpenAsync();
            // A waiting session, the relation it waits for (or the lock type), and the station (region) of the statement it runs.
            const string Sql = """
                SELECT coalesce(l.relation::regclass::text, l.locktype), a.query, b.query
                  FROM pg_stat_activity a JOIN pg_locks l ON l.pid = a.pid AND NOT l.granted
                  LEFT JOIN LATERAL (SELECT x.query FROM pg_stat_activity x WHERE x.pid = ANY (pg_blocking_pids(a.pid)) LIMIT 1) b ON true
                 WHERE a.datname = current_database() AND a.wait_event_type = 'Lock'
                """;
            while (!stop.IsCancellationRequested)
            {
                await using (var cmd = new NpgsqlCommand(Sql, conn))
                await using (var r = await cmd.ExecuteReaderAsync())
                    while (await r.ReadAsync()) waits.AddOrUpdate(r.GetString(0), 1, (_, n) => n + 1);
                Interlocked.Increment(ref samples);
                await Task.Delay(SampleMs);
            }
        });
        var day = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).ToString("yyyy-MM-dd");
        var workers = stations.Select((s, i) => Task.Run(async () =>
        {
            using var client = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens[i]);
            var n = 0;
            while (!stop.IsCancellationRequested)
            {
                var person = s.Persons[n++ % s.Persons.Count];
                var clock = Stopwatch.StartNew();
                using var response = await client.PostAsJsonAsync($"/api/v1/persons/{person}/visits", new { method = "PhoneVideo", visitedOn = day });
                clock.Stop();
                if (response.IsSuccessStatusCode) latencies.Add(clock.Elapsed.TotalMilliseconds);
                else if (Interlocked.Increment(ref errors) <= 3) Console.WriteLine($"  {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
        })).ToList();
        await Task.WhenAll(workers);
        await sampler;
        var logged = await LockLogAsync(cs, on: false, logFrom);
        var sorted = latencies.OrderBy(x => x).ToList();
        double P(double q) => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
        Console.WriteLine($"visits logged: {sorted.Count} in {seconds} s ({sorted.Count / (double)seconds:0.0}/s), errors {errors}");
        Console.WriteLine($"p50 {P(0.50):0.0} ms, p95 {P(0.95):0.0} ms, p99 {P(0.99):0.0} ms, max {(sorted.Count > 0 ? sorted[^1] : 0):0.0} ms");
        Console.WriteLine($"lock-wait samples ({samples} samples of pg_stat_activity, every ~{SampleMs} ms): " +
            (waits.IsEmpty ? "none" : string.Join(", ", waits.OrderByDescending(w => w.Value).Select(w => $"{w.Key} {w.Value}"))));
        Console.WriteLine(logged is null ? $"lock waits > 1 ms: not counted (no server log at {PgLog})"
            : $"lock waits > 1 ms (log_lock_waits, deadlock_timeout = 1 ms): {(logged.Count == 0 ? "none" : string.Join(" | ", logged.Take(5)) + (logged.Count > 5 ? $" … {logged.Count} in all" : ""))}");
        return 0;
    }

    /// <summary>
    /// Turns the server's lock-wait log on (returning the log's length) or off again (returning the wait lines written
    /// since <paramref name="from"/>). Null when the log file is not where the benchmark cluster keeps it.
    /// </summary>
    private static async Task<List<string>?> LockLogAsync(string cs, bool on, List<string>? from = null)
    {
        if (!File.Exists(PgLog)) return null;
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        // One statement per command: ALTER SYSTEM cannot run in the implicit transaction of a batch.
        string[] sql = on ? ["ALTER SYSTEM SET log_lock_waits = on", "ALTER SYSTEM SET deadlock_timeout = '1ms'", "SELECT pg_reload_conf()"]
                          : ["ALTER SYSTEM RESET log_lock_waits", "ALTER SYSTEM RESET deadlock_timeout", "SELECT pg_reload_conf()"];
        foreach (var statement in sql)
            await using (var cmd = new NpgsqlCommand(statement, conn)) await cmd.ExecuteNonQueryAsync();
        await Task.Delay(200); // the backends take the reload at their next command
        var length = new FileInfo(PgLog).Length;
        if (on) return [length.ToString()];
        var start = long.Parse(from![0]);
        await using var file = new FileStream(PgLog, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        file.Seek(Math.Min(start, length), SeekOrigin.Begin);
        using var reader = new StreamReader(file);
        var lines = new List<string>();
        while (await reader.ReadLineAsync() is { } line)
            if (line.Contains("still waiting for")) lines.Add(line[(line.IndexOf("process ", StringComparison.Ordinal) is var i and >= 0 ? i : 0)..]);
        return lines;
    }

    private static async Task<string> TokenAsync(HttpClient http, string user, string password)
    {
        using var response = await http.PostAsJsonAsync("/api/v1/auth/token", new { userName = user, password });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }
}
