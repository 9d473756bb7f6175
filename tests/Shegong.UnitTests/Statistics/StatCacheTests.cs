using Microsoft.Extensions.Configuration;
using Shegong.Web.Infrastructure.Statistics;

namespace Shegong.UnitTests.Statistics;

/// <summary>Figures are served again within their lifetime, never after a change committed, and never kept when a change committed while they were computed.</summary>
public sealed class StatCacheTests
{
    private static StatCache Cache(double seconds = 60) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Statistics:CacheSeconds"] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture) }).Build());

    private sealed record Figures(int Computation);

    [Fact]
    public async Task The_same_figures_are_computed_once_until_a_change_commits()
    {
        var cache = Cache();
        var computed = 0;
        Task<Figures> Compute() => Task.FromResult(new Figures(++computed));

        (await cache.GetOrComputeAsync("registry|44|2026-11", Compute)).Computation.ShouldBe(1);
        (await cache.GetOrComputeAsync("registry|44|2026-11", Compute)).Computation.ShouldBe(1);
        (await cache.GetOrComputeAsync("registry|4401|2026-11", Compute)).Computation.ShouldBe(2);

        cache.Changed();
        (await cache.GetOrComputeAsync("registry|44|2026-11", Compute)).Computation.ShouldBe(3);
        (await cache.GetOrComputeAsync("registry|44|2026-11", Compute)).Computation.ShouldBe(3);
    }

    [Fact]
    public async Task Figures_computed_while_a_change_committed_are_not_kept()
    {
        var cache = Cache();
        var computed = 0;
        // The first computation read the state before a commit that happened while it ran.
        (await cache.GetOrComputeAsync("k", () =>
        {
            computed++;
            cache.Changed();
            return Task.FromResult(new Figures(computed));
        })).Computation.ShouldBe(1);
        (await cache.GetOrComputeAsync("k", () => Task.FromResult(new Figures(++computed)))).Computation.ShouldBe(2);
    }

    [Fact]
    public async Task A_lifetime_of_zero_computes_every_time_and_figures_expire()
    {
        var off = Cache(0);
        var computed = 0;
        Task<Figures> Compute() => Task.FromResult(new Figures(++computed));
        (await off.GetOrComputeAsync("k", Compute)).Computation.ShouldBe(1);
        (await off.GetOrComputeAsync("k", Compute)).Computation.ShouldBe(2);

        var brief = Cache(0.05);
        (await brief.GetOrComputeAsync("k", Compute)).Computation.ShouldBe(3);
        await Task.Delay(200);
        (await brief.GetOrComputeAsync("k", Compute)).Computation.ShouldBe(4);
    }
}
