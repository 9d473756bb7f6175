using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Statistics;
using Shegong.Domain.Wishes;
using Shegong.Web.Infrastructure.Data;
using Shegong.Web.Infrastructure.Statistics;

namespace Shegong.Web.Features.Wishes;

/// <summary>
/// The wish counters (collected, matched, fulfilled, days to claim and to delivery), derived from the tracked changes of
/// a save, and their recount from the raw wishes, claims and deliveries.
/// <para>A wish is matched once, by a live claim (active or delivered; a withdrawn or released claim matches nothing):
/// when every unit is delivered, by the claim of its last delivery; until then by its first live claim (the smallest
/// id, so a recount finds the same claim). It counts in that claim's month, by its source (board or dispatch); when
/// that claim ends undelivered the wish stops counting there and counts again with its next live claim, in that
/// claim's month. Days to claim are those of the first live claim. Fulfilled: every unit delivered, unless the return
/// visit found the wish not met. The board's conditional update holds the wish's row (PostgreSQL) or the write lock
/// (SQLite) before the save reads the claims already there, so concurrent claimants never both count; a fulfilling
/// delivery is guarded by the wish's version, an ending claim by its conditional update (<see cref="ClaimEnding"/>),
/// which hands the change to the tracker.</para>
/// </summary>
public sealed class WishTallies : ITallyContributor
{
    public IReadOnlyCollection<StatDimension> Dimensions { get; } =
        [StatDimension.WishesCollected, StatDimension.WishesMatched, StatDimension.WishesFulfilled, StatDimension.WishDaysToClaim, StatDimension.WishDaysToDelivery];

    private delegate void AddTally(string prefix, StatDimension dimension, int period, int key, long delta);

    public async Task CollectAsync(ShegongDbContext db, TallyDeltas deltas, CancellationToken ct)
    {
        AddTally add = deltas.Add;
        var affected = new HashSet<Guid>();
        // The wish before and after the save, where this save tracks it (status, publication).
        var wishBefore = new Dictionary<Guid, (WishStatus Status, DateOnly? PublishedOn)>();
        var wishAfter = new Dictionary<Guid, (WishStatus Status, DateOnly? PublishedOn)>();
        var newWishes = new HashSet<Guid>();
        foreach (var e in db.ChangeTracker.Entries<Wish>())
        {
            var w = e.Entity;
            var added = e.State == EntityState.Added;
            if (added) newWishes.Add(w.Id);
            else wishBefore[w.Id] = (e.Property(x => x.Status).OriginalValue, e.Property(x => x.PublishedOn).OriginalValue);
            wishAfter[w.Id] = (w.Status, w.PublishedOn);
            if (e.State is not (EntityState.Added or EntityState.Modified)) continue;
            var wasPublished = !added && e.Property(x => x.PublishedOn).OriginalValue is not null;
            if (!wasPublished && w.PublishedOn is { } publishedOn)
                add(w.RegionPrefix, StatDimension.WishesCollected, StatFigure.MonthOf(publishedOn), WishFigures.CollectedKey(w.Group, w.Kind), 1);
            // Fulfilled as it was (taken out) and as it is (put in): unchanged cancels out.
            if (!added && WishFigures.IsFulfilled(e.Property(x => x.Status).OriginalValue) && e.Property(x => x.DeliveredOn).OriginalValue is { } was)
                Fulfilled(add, e.Property(x => x.RegionPrefix).OriginalValue, e.Property(x => x.Category).OriginalValue, e.Property(x => x.PublishedOn).OriginalValue, was, -1);
            if (WishFigures.IsFulfilled(w.Status) && w.DeliveredOn is { } delivered)
                Fulfilled(add, w.RegionPrefix, w.Category, w.PublishedOn, delivered, +1);
            var completedBefore = !added && WishFigures.IsCompleted(e.Property(x => x.Status).OriginalValue);
            if (completedBefore != WishFigures.IsCompleted(w.Status)) affected.Add(w.Id);
        }

        var claimEntries = db.ChangeTracker.Entries<Claim>().ToList();
        foreach (var e in claimEntries)
            if (e.State == EntityState.Added || (e.State == EntityState.Modified && e.Property(x => x.Status).OriginalValue != e.Entity.Status))
                affected.Add(e.Entity.WishId);
        var addedDeliveries = db.ChangeTracker.Entries<WishDelivery>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        foreach (var d in addedDeliveries) affected.Add(d.WishId);
        if (affected.Count == 0) return;

        // What is stored (wishes added in this save have nothing stored yet).
        var storedWishes = new Dictionary<Guid, (WishStatus Status, DateOnly? PublishedOn)>();
        var storedClaims = new List<ClaimRow>();
        var storedDeliveries = new List<DeliveryRow>();
        foreach (var chunk in affected.Where(id => !newWishes.Contains(id)).Chunk(500))
        {
            var ids = chunk.ToList();
            foreach (var w in await db.Wishes.IgnoreQueryFilters().AsNoTracking().Where(w => ids.Contains(w.Id)).Select(w => new { w.Id, w.Status, w.PublishedOn }).ToListAsync(ct))
                storedWishes[w.Id] = (w.Status, w.PublishedOn);
            storedClaims.AddRange(await db.Claims.IgnoreQueryFilters().AsNoTracking().Where(c => ids.Contains(c.WishId))
                .Select(c => new ClaimRow(c.Id, c.WishId, c.RegionPrefix, c.Source, c.ClaimedOn, c.Status)).ToListAsync(ct));
            storedDeliveries.AddRange(await db.WishDeliveries.IgnoreQueryFilters().AsNoTracking().Where(d => ids.Contains(d.WishId))
                .Select(d => new DeliveryRow(d.Id, d.WishId, d.ClaimId)).ToListAsync(ct));
        }
        // Before: as stored, but a claim this context tracks has its original status (an ending claim is already
        // updated in the database by its conditional update). After: the tracked values, and what this save adds.
        var before = storedClaims.ToDictionary(c => c.Id);
        var after = storedClaims.ToDictionary(c => c.Id);
        foreach (var e in claimEntries)
        {
            if (!affected.Contains(e.Entity.WishId)) continue;
            if (e.State != EntityState.Added && before.ContainsKey(e.Entity.Id)) before[e.Entity.Id] = Row(e.Entity) with { Status = e.Property(x => x.Status).OriginalValue };
            if (e.State != EntityState.Deleted) after[e.Entity.Id] = Row(e.Entity);
        }
        var deliveriesAfter = storedDeliveries.Concat(addedDeliveries.Select(d => new DeliveryRow(d.Id, d.WishId, d.ClaimId))).ToList();
        var claimsBefore = before.Values.ToLookup(c => c.WishId);
        var claimsAfter = after.Values.ToLookup(c => c.WishId);
        var deliveredBefore = storedDeliveries.ToLookup(d => d.WishId);
        var deliveredAfter = deliveriesAfter.ToLookup(d => d.WishId);

        foreach (var wishId in affected)
        {
            var stored = storedWishes.TryGetValue(wishId, out var sw) ? sw : ((WishStatus Status, DateOnly? PublishedOn)?)null;
            var wb = wishBefore.TryGetValue(wishId, out var b) ? b : stored;
            var wa = wishAfter.TryGetValue(wishId, out var a) ? a : stored;
            if (wa is null) continue;
            var firstBefore = FirstLive(claimsBefore[wishId]);
            var firstAfter = FirstLive(claimsAfter[wishId]);
            if (firstBefore?.Id != firstAfter?.Id)
            {
                if (firstBefore is not null) DaysToClaim(add, firstBefore, wb?.PublishedOn, -1);
                if (firstAfter is not null) DaysToClaim(add, firstAfter, wa.Value.PublishedOn, +1);
            }
            var matchedBefore = wb is null ? null : Matching(wb.Value.Status, claimsBefore[wishId], deliveredBefore[wishId]);
            var matchedAfter = Matching(wa.Value.Status, claimsAfter[wishId], deliveredAfter[wishId]);
            if (matchedBefore?.Id != matchedAfter?.Id)
            {
                if (matchedBefore is not null) Matched(add, matchedBefore, -1);
                if (matchedAfter is not null) Matched(add, matchedAfter, +1);
            }
        }
    }

    /// <summary>Every wish counter as the raw wishes, claims and deliveries give it.</summary>
    public async Task RecountAsync(ShegongDbContext db, TallyDeltas deltas, CancellationToken ct)
    {
        AddTally add = deltas.Add;
        var wishes = new Dictionary<Guid, (WishStatus Status, DateOnly? PublishedOn)>();
        var rows = db.Wishes.IgnoreQueryFilters().AsNoTracking()
            .Select(w => new { w.Id, w.RegionPrefix, w.Group, w.Kind, w.Category, w.Status, w.PublishedOn, w.DeliveredOn }).AsAsyncEnumerable();
        await foreach (var w in rows.WithCancellation(ct))
        {
            wishes[w.Id] = (w.Status, w.PublishedOn);
            if (w.PublishedOn is { } p) add(w.RegionPrefix, StatDimension.WishesCollected, StatFigure.MonthOf(p), WishFigures.CollectedKey(w.Group, w.Kind), 1);
            if (WishFigures.IsFulfilled(w.Status) && w.DeliveredOn is { } d) Fulfilled(add, w.RegionPrefix, w.Category, w.PublishedOn, d, 1);
        }
        var claims = new List<ClaimRow>();
        var claimRows = db.Claims.IgnoreQueryFilters().AsNoTracking()
            .Select(c => new ClaimRow(c.Id, c.WishId, c.RegionPrefix, c.Source, c.ClaimedOn, c.Status)).AsAsyncEnumerable();
        await foreach (var c in claimRows.WithCancellation(ct)) claims.Add(c);
        var deliveries = new List<DeliveryRow>();
        var deliveryRows = db.WishDeliveries.IgnoreQueryFilters().AsNoTracking().Select(d => new DeliveryRow(d.Id, d.WishId, d.ClaimId)).AsAsyncEnumerable();
        await foreach (var d in deliveryRows.WithCancellation(ct)) deliveries.Add(d);
        var delivered = deliveries.ToLookup(d => d.WishId);
        foreach (var group in claims.GroupBy(c => c.WishId))
        {
            if (!wishes.TryGetValue(group.Key, out var w)) continue;
            if (FirstLive(group) is { } first) DaysToClaim(add, first, w.PublishedOn, 1);
            if (Matching(w.Status, group, delivered[group.Key]) is { } matched) Matched(add, matched, 1);
        }
    }

    private sealed record ClaimRow(Guid Id, Guid WishId, string RegionPrefix, ClaimSource Source, DateOnly ClaimedOn, ClaimStatus Status);
    private sealed record DeliveryRow(Guid Id, Guid WishId, Guid ClaimId);

    private static ClaimRow Row(Claim c) => new(c.Id, c.WishId, c.RegionPrefix, c.Source, c.ClaimedOn, c.Status);

    /// <summary>A wish's first live claim: the smallest id (version 7, so the earliest made) of those active or delivered.</summary>
    private static ClaimRow? FirstLive(IEnumerable<ClaimRow> claims) =>
        claims.Where(c => ClaimStatuses.IsLive(c.Status)).MinBy(c => c.Id);

    /// <summary>The claim a wish counts as matched by: the claim of its last delivery once every unit is delivered, else its first live claim.</summary>
    private static ClaimRow? Matching(WishStatus status, IEnumerable<ClaimRow> claims, IEnumerable<DeliveryRow> deliveries)
    {
        var list = claims as IReadOnlyCollection<ClaimRow> ?? claims.ToList();
        if (WishFigures.IsCompleted(status) && deliveries.MaxBy(d => d.Id) is { } last && list.FirstOrDefault(c => c.Id == last.ClaimId) is { } byDelivery)
            return byDelivery;
        return FirstLive(list);
    }

    private static void Fulfilled(AddTally add, string prefix, WishCategory category, DateOnly? published, DateOnly delivered, int sign)
    {
        add(prefix, StatDimension.WishesFulfilled, StatFigure.MonthOf(delivered), (int)category, sign);
        if (published is { } p) add(prefix, StatDimension.WishDaysToDelivery, StatFigure.MonthOf(delivered), WishFigures.Days(p, delivered), sign);
    }

    private static void Matched(AddTally add, ClaimRow c, int sign) =>
        add(c.RegionPrefix, StatDimension.WishesMatched, StatFigure.MonthOf(c.ClaimedOn), (int)c.Source, sign);

    private static void DaysToClaim(AddTally add, ClaimRow c, DateOnly? published, int sign)
    {
        if (published is { } p) add(c.RegionPrefix, StatDimension.WishDaysToClaim, StatFigure.MonthOf(c.ClaimedOn), WishFigures.Days(p, c.ClaimedOn), sign);
    }
}
