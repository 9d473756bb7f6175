using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Shegong.Domain.Access;
using Shegong.Web;
using Shegong.Web.Features.Statistics;
using Shegong.Web.Infrastructure.Auth;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Benchmarks;

/// <summary>
/// The city-wide visit-completion rollup (广州市, one month) read from the aggregate tallies, beside the same figures
/// computed raw from persons and visits. Needs the generated benchmark database (bench/README.md):
/// SHEGONG_BENCH_CS="Host=127.0.0.1;Port=55432;Database=shegong_bench;Username=postgres".
/// </summary>
[Config(typeof(PercentilesConfig))]
public class RollupBenchmarks
{
    private Microsoft.AspNetCore.Builder.WebApplication _app = default!;
    private string _connection = "";
    private const string City = "4401";
    private static readonly DateOnly Start = new(2026, 10, 1), End = new(2026, 10, 31);

    [GlobalSetup]
    public void Setup()
    {
        _connection = Environment.GetEnvironmentVariable("SHEGONG_BENCH_CS") ?? "Host=127.0.0.1;Port=55432;Database=shegong_bench;Username=postgres";
        _app = ShegongHost.Build(["--Database:Provider=Postgres", $"--ConnectionStrings:Shegong={_connection}", "--Logging:LogLevel:Default=Warning"]);
    }

    [GlobalCleanup]
    public async Task Cleanup() => await _app.DisposeAsync();

    [Benchmark(Baseline = true, Description = "raw SQL over persons and visits")]
    public async Task<long> RawSql()
    {
        await using var c = new NpgsqlConnection(_connection);
        await c.OpenAsync();
        long total = 0;
        await using (var visited = new NpgsqlCommand("""
            SELECT tier, count(DISTINCT person_id) FROM visits
            WHERE region_prefix LIKE @p AND visited_on BETWEEN @s AND @e GROUP BY tier
            """, c))
        {
            visited.Parameters.AddWithValue("p", City + "%"); visited.Parameters.AddWithValue("s", Start); visited.Parameters.AddWithValue("e", End);
            await using var r = await visited.ExecuteReaderAsync();
            while (await r.ReadAsync()) total += r.GetInt64(1);
        }
        await using (var onFile = new NpgsqlCommand("""
            SELECT tier, count(*) FROM persons
            WHERE region_prefix LIKE @p AND registered_on <= @e AND (status = 0 OR status_changed_on > @e) GROUP BY tier
            """, c))
        {
            onFile.Parameters.AddWithValue("p", City + "%"); onFile.Parameters.AddWithValue("e", End);
            await using var r = await onFile.ExecuteReaderAsync();
            while (await r.ReadAsync()) total += r.GetInt64(1);
        }
        return total;
    }

    [Benchmark(Description = "GetRegistryStats from the tallies (with district breakdown)")]
    public async Task<long> FromTallies()
    {
        using var scope = _app.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<ScopeProvider>().Override = DataScope.ForRegion(City);
        var result = await scope.ServiceProvider.GetRequiredService<GetRegistryStats.Handler>().HandleAsync(new GetRegistryStats.Query(null, "2026-10"));
        return result.Figures!.OnFile + result.Figures.Visited;
    }
}

public sealed class PercentilesConfig : ManualConfig
{
    public PercentilesConfig() => AddColumn(StatisticColumn.P95, StatisticColumn.Median);
}
