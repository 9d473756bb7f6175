using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Statistics;
using Shegong.Domain.Wishes;
using Shegong.Web.Infrastructure.Data;
using Shegong.Web.Infrastructure.Statistics;

namespace Shegong.Web.Features.Wishes;

/// <summary>
/// The wish counters (collected, matched, fulfilled, days to claim and to delivery), derived from the tracked changes of
/// a save, and their recount from the raw wishes, claims and deliveries.
/// <para>A wish is matched once: by the claim whose delivery fulfilled it, or, until then, by its first claim (the
/// smallest id, so a recount finds the same claim); it counts in that claim's month, by its source (board or
/// dispatch). Days to claim are those of the first claim. The board's conditional update holds the wish's row
/// (PostgreSQL) or the write lock (SQLite) before the save reads the claims already there, so concurrent claimants
/// never both count; a fulfilling delivery is guarded by the wish's version.</para>
/// </summary>
public sealed class WishTallies : ITallyContributor
{
    public IReadOnlyCollection<StatDimension> Dimensions { get; } =
        [StatDimension.WishesCollected, StatDimension.WishesMatched, StatDimension.WishesFulfilled, StatDimension.WishDaysToClaim, StatDimension.WishDaysToDelivery];

    private delegate void AddTally(string prefix, StatDimension dimension, int period, int key, long delta);

    public async Task CollectAsync(ShegongDbContext db, TallyDeltas deltas, CancellationToken ct)
    {
        AddTally add = deltas.Add;
        var fulfilledNow = new List<Wish>();
        foreach (var e in db.ChangeTracker.Entries<Wish>().Where(e => e.State is EntityState.Added or EntityState.Modified))
        {
            var w = e.Entity;
            var added = e.State == EntityState.Added;
            var wasPublished = !added && e.Property(x => x.PublishedOn).OriginalValue is not null;
            if (!wasPublished && w.PublishedOn is { } publishedOn)
                add(w.RegionPrefix, StatDimension.WishesCollected, StatFigure.MonthOf(publishedOn), WishFigures.CollectedKey(w.Group, w.Kind), 1);
            var wasFulfilled = !added && WishFigures.IsFulfilled(e.Property(x => x.Status).OriginalValue);
            if (!wasFulfilled && WishFigures.IsFulfilled(w.Status) && w.DeliveredOn is { } delivered)
            {
                add(w.RegionPrefix, StatDimension.WishesFulfilled, StatFigure.MonthOf(delivered), (int)w.Category, 1);
                if (w.PublishedOn is { } p) add(w.RegionPrefix, StatDimension.WishDaysToDelivery, StatFigure.MonthOf(delivered), WishFigures.Days(p, delivered), 1);
                fulfilledNow.Add(w);
            }
        }

        var addedClaims = db.ChangeTracker.Entries<Claim>().Where(e => e.State == EntityState.Added).Select(e => Row(e.Entity)).ToList();
        if (addedClaims.Count == 0 && fulfilledNow.Count == 0) return;
        var tracked = db.ChangeTracker.Entries<Wish>().ToDictionary(e => e.Entity.Id, e => (e.Entity.PublishedOn, New: e.State == EntityState.Added));
        var published = tracked.ToDictionary(kv => kv.Key, kv => kv.Value.PublishedOn);
        var wishIds = addedClaims.Select(c => c.WishId).Concat(fulfilledNow.Select(w => w.Id)).Distinct().ToList();
        // Claims already stored (wishes added in this save have none yet), and every claim this context knows.
        var stored = new List<ClaimRow>();
        foreach (var chunk in wishIds.Where(id => !(tracked.TryGetValue(id, out var t) && t.New)).Chunk(500))
        {
            var ids = chunk.ToList();
            foreach (var w in await db.Wishes.IgnoreQueryFilters().AsNoTracking().Where(w => ids.Contains(w.Id)).Select(w => new { w.Id, w.PublishedOn }).ToListAsync(ct))
                published.TryAdd(w.Id, w.PublishedOn);
            stored.AddRange(await db.Claims.IgnoreQueryFilters().AsNoTracking().Where(c => ids.Contains(c.WishId))
                .Select(c => new ClaimRow(c.Id, c.WishId, c.RegionPrefix, c.Source, c.ClaimedOn)).ToListAsync(ct));
        }
        var byId = stored.ToDictionary(c => c.Id);
        foreach (var e in db.ChangeTracker.Entries<Claim>()) byId[e.Entity.Id] = Row(e.Entity);
        var firstBefore = Firsts(stored);
        var firstAfter = Firsts(stored.Concat(addedClaims));
        // The claim whose delivery (the last one recorded in this save) fulfilled the wish.
        var fulfilling = db.ChangeTracker.Entries<WishDelivery>().Where(e => e.State == EntityState.Added).Select(e => e.Entity)
            .Where(d => fulfilledNow.Any(w => w.Id == d.WishId)).GroupBy(d => d.WishId)
            .ToDictionary(g => g.Key, g => byId.GetValueOrDefault(g.MaxBy(d => d.Id)!.ClaimId));

        foreach (var wishId in wishIds)
        {
            var pub = published.GetValueOrDefault(wishId);
            var before = firstBefore.GetValueOrDefault(wishId);
            var after = firstAfter.GetValueOrDefault(wishId);
            if (before != after)
            {
                if (before is not null) DaysToClaim(add, before, pub, -1);
                if (after is not null) DaysToClaim(add, after, pub, +1);
            }
            var matchedAfter = fulfilling.GetValueOrDefault(wishId) ?? after;
            if (before != matchedAfter)
            {
                if (before is not null) Matched(add, before, -1);
                if (matchedAfter is not null) Matched(add, matchedAfter, +1);
            }
        }
    }

    /// <summary>Every wish counter as the raw wishes, claims and deliveries give it.</summary>
    public async Task RecountAsync(ShegongDbContext db, TallyDeltas deltas, CancellationToken ct)
    {
        AddTally add = deltas.Add;
        var published = new Dictionary<Guid, DateOnly?>();
        var fulfilled = new HashSet<Guid>();
        var wishes = db.Wishes.IgnoreQueryFilters().AsNoTracking()
            .Select(w => new { w.Id, w.RegionPrefix, w.Group, w.Kind, w.Category, w.Status, w.PublishedOn, w.DeliveredOn }).AsAsyncEnumerable();
        await foreach (var w in wishes.WithCancellation(ct))
        {
            published[w.Id] = w.PublishedOn;
            if (w.PublishedOn is { } p) add(w.RegionPrefix, StatDimension.WishesCollected, StatFigure.MonthOf(p), WishFigures.CollectedKey(w.Group, w.Kind), 1);
            if (WishFigures.IsFulfilled(w.Status) && w.DeliveredOn is { } d)
            {
                fulfilled.Add(w.Id);
                add(w.RegionPrefix, StatDimension.WishesFulfilled, StatFigure.MonthOf(d), (int)w.Category, 1);
                if (w.PublishedOn is { } pub) add(w.RegionPrefix, StatDimension.WishDaysToDelivery, StatFigure.MonthOf(d), WishFigures.Days(pub, d), 1);
            }
        }
        var byId = new Dictionary<Guid, ClaimRow>();
        var claims = db.Claims.IgnoreQueryFilters().AsNoTracking()
            .Select(c => new ClaimRow(c.Id, c.WishId, c.RegionPrefix, c.Source, c.ClaimedOn)).AsAsyncEnumerable();
        await foreach (var c in claims.WithCancellation(ct)) byId[c.Id] = c;
        var lastDelivery = new Dictionary<Guid, (Guid Id, Guid ClaimId)>();
        var deliveries = db.WishDeliveries.IgnoreQueryFilters().AsNoTracking().Select(d => new { d.Id, d.WishId, d.ClaimId }).AsAsyncEnumerable();
        await foreach (var d in deliveries.WithCancellation(ct))
            if (fulfilled.Contains(d.WishId) && (!lastDelivery.TryGetValue(d.WishId, out var l) || d.Id.CompareTo(l.Id) > 0)) lastDelivery[d.WishId] = (d.Id, d.ClaimId);
        foreach (var (wishId, first) in Firsts(byId.Values))
        {
            DaysToClaim(add, first, published.GetValueOrDefault(wishId), 1);
            var matched = lastDelivery.TryGetValue(wishId, out var last) ? byId.GetValueOrDefault(last.ClaimId) ?? first : first;
            Matched(add, matched, 1);
        }
    }

    private sealed record ClaimRow(Guid Id, Guid WishId, string RegionPrefix, ClaimSource Source, DateOnly ClaimedOn);

    private static ClaimRow Row(Claim c) => new(c.Id, c.WishId, c.RegionPrefix, c.Source, c.ClaimedOn);

    /// <summary>Each wish's first claim: the smallest id (version 7, so the earliest made).</summary>
    private static Dictionary<Guid, ClaimRow> Firsts(IEnumerable<ClaimRow> claims)
    {
        var firsts = new Dictionary<Guid, ClaimRow>();
        foreach (var c in claims)
            if (!firsts.TryGetValue(c.WishId, out var f) || c.Id.CompareTo(f.Id) < 0) firsts[c.WishId] = c;
        return firsts;
    }

    private static void Matched(AddTally add, ClaimRow c, int sign) =>
        add(c.RegionPrefix, StatDimension.WishesMatched, StatFigure.MonthOf(c.ClaimedOn), (int)c.Source, sign);

    private static void DaysToClaim(AddTally add, ClaimRow c, DateOnly? published, int sign)
    {
        if (published is { } p) add(c.RegionPrefix, StatDimension.WishDaysToClaim, StatFigure.MonthOf(c.ClaimedOn), WishFigures.Days(p, c.ClaimedOn), sign);
    }
}
