using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Caching.Memory;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Infrastructure.Statistics;

/// <summary>
/// Figures a statistics query worked out, kept for a few seconds (<c>Statistics:CacheSeconds</c>, default 5; 0 turns
/// it off) so that officers refreshing a page, or many opening the same area, cost one read. A figure never outlives
/// a change made through this host: every commit that changed figures (<see cref="FigureCommits"/>) starts a new
/// generation, and what was computed under an older one is not served. A change made through another node is seen
/// within the lifetime. Keys hold what the figures depend on (area, period, today), never the caller: the area is
/// checked against the caller's scope before the cache is asked.
/// </summary>
public sealed class StatCache(IConfiguration config)
{
    private long _generation;
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 5_000 });
    private readonly TimeSpan _lifetime = TimeSpan.FromSeconds(config.GetValue("Statistics:CacheSeconds", 5.0));

    /// <summary>Figures changed (a commit of this process): what was computed before is not served again.</summary>
    public void Changed() => Interlocked.Increment(ref _generation);

    public async Task<T> GetOrComputeAsync<T>(string key, Func<Task<T>> compute) where T : class
    {
        if (_lifetime <= TimeSpan.Zero) return await compute();
        var generation = Volatile.Read(ref _generation);
        var cacheKey = (typeof(T), key, generation);
        if (_cache.TryGetValue(cacheKey, out T? hit) && hit is not null) return hit;
        var value = await compute();
        // Computed while a change committed: it may predate the change, so it is not kept.
        if (Volatile.Read(ref _generation) == generation)
            _cache.Set(cacheKey, value, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = _lifetime });
        return value;
    }
}

/// <summary>
/// Starts a new <see cref="StatCache"/> generation when a transaction that changed figures commits (the writer marks
/// its context with <see cref="ShegongDbContext.FiguresChanged"/>), after the commit, so no reader can cache the state
/// before it under the new generation.
/// </summary>
public sealed class FigureCommits(StatCache cache) : DbTransactionInterceptor
{

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Committed(eventData);

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Committed(eventData);
        return Task.CompletedTask;
    }

    private void Committed(TransactionEndEventData eventData)
    {
        if (eventData.Context is not ShegongDbContext { FiguresChanged: true } db) return;
        db.FiguresChanged = false;
        cache.Changed();
    }
}
