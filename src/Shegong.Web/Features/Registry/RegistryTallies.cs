using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Registry;
using Shegong.Domain.Statistics;
using Shegong.Web.Infrastructure.Data;
using Shegong.Web.Infrastructure.Statistics;

namespace Shegong.Web.Features.Registry;

/// <summary>
/// The ledger's figures: people on file at the end of each month by tier and by type (balances, from the person's
/// ledger history — so a past month keeps the tiers and communities it had), and the active people by the date
/// their next visit falls due (counters, for "overdue today" at any level).
/// </summary>
public sealed class RegistryTallies : ITallyContributor
{
    public IReadOnlyCollection<StatDimension> Dimensions { get; } =
        [StatDimension.OnFileByTier, StatDimension.OnFileByType, StatDimension.DueInMonth, StatDimension.DueOnDay];

    private readonly record struct Place(string Prefix, FollowUpTier Tier, PersonTypes Types, bool OnFile);

    public Task CollectAsync(ShegongDbContext db, TallyDeltas deltas, CancellationToken ct)
    {
        var changes = db.ChangeTracker.Entries<PersonLedgerChange>().Where(e => e.State == EntityState.Added)
            .Select(e => e.Entity).GroupBy(c => c.PersonId).ToDictionary(g => g.Key, g => g.OrderBy(c => c.Id).ToList());
        foreach (var e in db.ChangeTracker.Entries<Person>().Where(e => e.State is EntityState.Added or EntityState.Modified))
        {
            var p = e.Entity;
            var added = e.State == EntityState.Added;
            Place? before = added ? null : new Place(e.Property(x => x.RegionPrefix).OriginalValue, e.Property(x => x.Tier).OriginalValue,
                e.Property(x => x.Types).OriginalValue, e.Property(x => x.Status).OriginalValue == PersonStatus.Active);
            foreach (var c in changes.GetValueOrDefault(p.Id) ?? []) before = Move(deltas, before, c);
            var (oldPrefix, oldDue) = added ? ("", null) : (e.Property(x => x.RegionPrefix).OriginalValue, e.Property(x => x.NextVisitDue).OriginalValue);
            if (oldPrefix != p.RegionPrefix || oldDue != p.NextVisitDue)
            {
                Due(deltas, oldPrefix, oldDue, -1);
                Due(deltas, p.RegionPrefix, p.NextVisitDue, +1);
            }
        }
        return Task.CompletedTask;
    }

    public async Task RecountAsync(ShegongDbContext db, TallyDeltas deltas, CancellationToken ct)
    {
        var changes = db.PersonLedgerChanges.IgnoreQueryFilters().AsNoTracking().OrderBy(c => c.PersonId).ThenBy(c => c.Id).AsAsyncEnumerable();
        var person = Guid.Empty;
        Place? before = null;
        await foreach (var c in changes.WithCancellation(ct))
        {
            if (c.PersonId != person) (person, before) = (c.PersonId, null);
            before = Move(deltas, before, c);
        }
        var due = db.Persons.IgnoreQueryFilters().AsNoTracking().Where(p => p.NextVisitDue != null)
            .Select(p => new { p.RegionPrefix, p.NextVisitDue }).AsAsyncEnumerable();
        await foreach (var p in due.WithCancellation(ct)) Due(deltas, p.RegionPrefix, p.NextVisitDue, +1);
    }

    /// <summary>The figures of persons loaded in bulk (binary COPY bypasses the change tracker).</summary>
    public static TallyDeltas ForNewPersons(IEnumerable<Person> persons)
    {
        var deltas = new TallyDeltas();
        foreach (var p in persons)
        {
            Place? before = null;
            foreach (var c in p.LedgerChanges) before = Move(deltas, before, c);
            Due(deltas, p.RegionPrefix, p.NextVisitDue, +1);
        }
        return deltas;
    }

    /// <summary>A person leaves their old place on the ledger and takes the new one in the month of the change.</summary>
    private static Place Move(TallyDeltas deltas, Place? before, PersonLedgerChange c)
    {
        var month = StatFigure.MonthOf(c.ChangedOn);
        var after = new Place(c.RegionPrefix, c.Tier, c.Types, c.OnFile);
        if (before is { OnFile: true } b) OnFile(deltas, b, month, -1);
        if (after.OnFile) OnFile(deltas, after, month, +1);
        return after;
    }

    private static void OnFile(TallyDeltas deltas, Place place, int month, int sign)
    {
        deltas.Add(place.Prefix, StatDimension.OnFileByTier, month, (int)place.Tier, sign);
        foreach (var bit in TypeBits(place.Types)) deltas.Add(place.Prefix, StatDimension.OnFileByType, month, bit, sign);
    }

    private static void Due(TallyDeltas deltas, string prefix, DateOnly? due, int sign)
    {
        if (due is not { } d || prefix.Length == 0) return;
        deltas.Add(prefix, StatDimension.DueInMonth, 0, StatFigure.MonthOf(d), sign);
        deltas.Add(prefix, StatDimension.DueOnDay, StatFigure.MonthOf(d), d.Day, sign);
    }

    public static IEnumerable<int> TypeBits(PersonTypes types)
    {
        for (var bit = 0; bit < 31; bit++)
            if (((int)types & (1 << bit)) != 0) yield return bit;
    }
}
