using Shegong.Domain.Statistics;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Infrastructure.Statistics;

public readonly record struct TallyKey(string RegionPrefix, StatDimension Dimension, int Period, int Key);

/// <summary>
/// Changes to figures, at the record's own node (its community). For a flow the delta is what happened in the period;
/// for a balance it is the change of the balance in the month it took effect (registration +1, leaving −1).
/// </summary>
public sealed class TallyDeltas
{
    public Dictionary<TallyKey, long> Items { get; } = [];

    public void Add(string prefix, StatDimension dimension, int period, int key, long delta)
    {
        if (delta == 0) return;
        var k = new TallyKey(prefix, dimension, period, key);
        var sum = Items.GetValueOrDefault(k) + delta;
        if (sum == 0) Items.Remove(k); else Items[k] = sum;
    }

    public int Count => Items.Count;
}

/// <summary>
/// A module's figures: the dimensions it owns, the deltas of one save (read from the change tracker, so no use case
/// can forget them) and the same figures recounted from its raw records. The two must always agree; a property test
/// checks that for every contributor after random sequences of its events. Modules contribute by implementing this
/// interface (found by reflection); the writer, the folder and <c>rebuild-stats</c> name no entity.
/// </summary>
public interface ITallyContributor
{
    IReadOnlyCollection<StatDimension> Dimensions { get; }

    /// <summary>The deltas of the changes tracked by <paramref name="db"/>, before they are saved.</summary>
    Task CollectAsync(ShegongDbContext db, TallyDeltas deltas, CancellationToken ct);

    /// <summary>Every figure of <see cref="Dimensions"/> as the raw records give it (as deltas from zero).</summary>
    Task RecountAsync(ShegongDbContext db, TallyDeltas deltas, CancellationToken ct);
}

public static class TallyContributors
{
    /// <summary>Every contributor in the host's assembly, in a stable order; a dimension belongs to one contributor.</summary>
    public static IReadOnlyList<ITallyContributor> All { get; } = Discover();

    private static IReadOnlyList<ITallyContributor> Discover()
    {
        var all = typeof(TallyContributors).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ITallyContributor).IsAssignableFrom(t))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (ITallyContributor)Activator.CreateInstance(t)!).ToList();
        var owners = all.SelectMany(c => c.Dimensions.Select(d => (d, c))).GroupBy(x => x.d).Where(g => g.Count() > 1).ToList();
        if (owners.Count > 0)
            throw new InvalidOperationException($"Dimension {owners[0].Key} is contributed by {string.Join(", ", owners[0].Select(x => x.c.GetType().Name))}.");
        return all;
    }
}
