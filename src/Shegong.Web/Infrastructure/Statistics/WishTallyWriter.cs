using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Statistics;
using Shegong.Domain.Wishes;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Infrastructure.Statistics;

/// <summary>
/// The wish counters (collected, matched, fulfilled, days to claim and to delivery), derived from the tracked changes of
/// a save, and their recount from the raw wishes and claims. A wish is matched once, by its first claim (the smallest
/// id, so a recount finds the same claim): the board's conditional update holds the wish's row (PostgreSQL) or the
/// write lock (SQLite) before the save reads the claims already there, so concurrent claimants never both count.
/// </summary>
internal static class WishTallyWriter
{
    public delegate void AddTally(string prefix, StatDimension dimension, int period, int key, long delta);

    public static async Task CollectAsync(ShegongDbContext db, AddTally add, CancellationToken ct)
    {
        var wishes = db.ChangeTracker.Entries<Wish>().Where(e => e.State is EntityState.Added or EntityState.Modified).ToList();
        foreach (var e in wishes)
        {
            var w = e.Entity;
            var added = e.State == EntityState.Added;
            var wasPublished = !added && e.Property(x => x.PublishedOn).OriginalValue is not null;
            if (!wasPublished && w.PublishedOn is { } publishedOn)
                add(w.RegionPrefix, StatDimension.WishesCollected, StatTally.MonthOf(publishedOn), WishFigures.CollectedKey(w.Group, w.Kind), 1);
            var wasFulfilled = !added && WishFigures.IsFulfilled(e.Property(x => x.Status).OriginalValue);
            if (!wasFulfilled && WishFigures.IsFulfilled(w.Status) && w.DeliveredOn is { } delivered)
            {
                add(w.RegionPrefix, StatDimension.WishesFulfilled, StatTally.MonthOf(delivered), (int)w.Category, 1);
                if (w.PublishedOn is { } p) add(w.RegionPrefix, StatDimension.WishDaysToDelivery, StatTally.MonthOf(delivered), WishFigures.Days(p, delivered), 1);
            }
        }

        var claims = db.ChangeTracker.Entries<Claim>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        if (claims.Count == 0) return;
        var tracked = db.ChangeTracker.Entries<Wish>().ToDictionary(e => e.Entity.Id, e => (e.Entity.PublishedOn, New: e.State == EntityState.Added));
        var published = tracked.ToDictionary(kv => kv.Key, kv => kv.Value.PublishedOn);
        var existing = new Dictionary<Guid, FirstClaim>();
        // Wishes added in this save have no claims in the database yet.
        var stored = claims.Select(c => c.WishId).Distinct().Where(id => !(tracked.TryGetValue(id, out var t) && t.New)).ToList();
        foreach (var chunk in stored.Chunk(500))
        {
            var ids = chunk.ToList();
            foreach (var w in await db.Wishes.IgnoreQueryFilters().AsNoTracking().Where(w => ids.Contains(w.Id)).Select(w => new { w.Id, w.PublishedOn }).ToListAsync(ct))
                published.TryAdd(w.Id, w.PublishedOn);
            var rows = await db.Claims.IgnoreQueryFilters().AsNoTracking().Where(c => ids.Contains(c.WishId))
                .Select(c => new FirstClaim(c.Id, c.WishId, c.RegionPrefix, c.Source, c.ClaimedOn)).ToListAsync(ct);
            foreach (var r in rows) Keep(existing, r);
        }
        var candidates = new Dictionary<Guid, FirstClaim>();
        foreach (var c in claims) Keep(candidates, new FirstClaim(c.Id, c.WishId, c.RegionPrefix, c.Source, c.ClaimedOn));
        foreach (var (wishId, first) in candidates)
        {
            var before = existing.GetValueOrDefault(wishId);
            if (before is not null && before.Id.CompareTo(first.Id) < 0) continue; // already matched by an earlier claim
            var pub = published.GetValueOrDefault(wishId);
            if (before is not null) Matched(add, before, pub, -1);
            Matched(add, first, pub, +1);
        }
    }

    /// <summary>Every wish counter as the raw wishes and claims give it.</summary>
    public static async Task RecountAsync(ShegongDbContext db, AddTally add, CancellationToken ct)
    {
        var published = new Dictionary<Guid, DateOnly?>();
        var wishes = db.Wishes.IgnoreQueryFilters().AsNoTracking()
            .Select(w => new { w.Id, w.RegionPrefix, w.Group, w.Kind, w.Category, w.Status, w.PublishedOn, w.DeliveredOn }).AsAsyncEnumerable();
        await foreach (var w in wishes.WithCancellation(ct))
        {
            published[w.Id] = w.PublishedOn;
            if (w.PublishedOn is { } p) add(w.RegionPrefix, StatDimension.WishesCollected, StatTally.MonthOf(p), WishFigures.CollectedKey(w.Group, w.Kind), 1);
            if (WishFigures.IsFulfilled(w.Status) && w.DeliveredOn is { } d)
            {
                add(w.RegionPrefix, StatDimension.WishesFulfilled, StatTally.MonthOf(d), (int)w.Category, 1);
                if (w.PublishedOn is { } pub) add(w.RegionPrefix, StatDimension.WishDaysToDelivery, StatTally.MonthOf(d), WishFigures.Days(pub, d), 1);
            }
        }
        var firsts = new Dictionary<Guid, FirstClaim>();
        var claims = db.Claims.IgnoreQueryFilters().AsNoTracking()
            .Select(c => new FirstClaim(c.Id, c.WishId, c.RegionPrefix, c.Source, c.ClaimedOn)).AsAsyncEnumerable();
        await foreach (var c in claims.WithCancellation(ct)) Keep(firsts, c);
        foreach (var (wishId, first) in firsts) Matched(add, first, published.GetValueOrDefault(wishId), 1);
    }

    private sealed record FirstClaim(Guid Id, Guid WishId, string RegionPrefix, ClaimSource Source, DateOnly ClaimedOn);

    private static void Keep(Dictionary<Guid, FirstClaim> firsts, FirstClaim c)
    {
        if (!firsts.TryGetValue(c.WishId, out var f) || c.Id.CompareTo(f.Id) < 0) firsts[c.WishId] = c;
    }

    private static void Matched(AddTally add, FirstClaim c, DateOnly? published, int sign)
    {
        var month = StatTally.MonthOf(c.ClaimedOn);
        add(c.RegionPrefix, StatDimension.WishesMatched, month, (int)c.Source, sign);
        if (published is { } p) add(c.RegionPrefix, StatDimension.WishDaysToClaim, month, WishFigures.Days(p, c.ClaimedOn), sign);
    }
}
