using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Regions.Contracts;

/// <summary>A region's short prefix, full 12-digit code and name.</summary>
public sealed record RegionName(string Prefix, string Code, string Name);

/// <summary>
/// Names of regions and their children for pages and figures that show many of them (statistics, dashboards): read
/// once per node and kept in memory, since the administrative tree changes only by an import. An import through this
/// host forgets them at once (<see cref="Changed"/>); another node's import is seen within
/// <see cref="Lifetime"/>. Only nodes asked for are kept (a province's 700,000 villages are never loaded whole).
/// </summary>
public sealed class RegionNames
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    private const int MaxEntries = 50_000;

    private sealed record Entry<T>(T Value, DateTime LoadedAt);
    private readonly ConcurrentDictionary<string, Entry<RegionName?>> _nodes = new();
    private readonly ConcurrentDictionary<string, Entry<IReadOnlyList<RegionName>>> _children = new();

    /// <summary>The region of <paramref name="prefix"/>, or null when there is none.</summary>
    public async Task<RegionName?> FindAsync(ShegongDbContext db, string prefix, CancellationToken ct)
    {
        if (_nodes.TryGetValue(prefix, out var hit) && Fresh(hit.LoadedAt)) return hit.Value;
        var found = await db.Regions.AsNoTracking().Where(r => r.Prefix == prefix)
            .Select(r => new RegionName(r.Prefix, r.Code, r.Name)).SingleOrDefaultAsync(ct);
        Keep(_nodes, prefix, found);
        return found;
    }

    /// <summary>The regions one level below <paramref name="prefix"/> ("" = the provinces), in code order.</summary>
    public async Task<IReadOnlyList<RegionName>> ChildrenAsync(ShegongDbContext db, string prefix, CancellationToken ct)
    {
        if (_children.TryGetValue(prefix, out var hit) && Fresh(hit.LoadedAt)) return hit.Value;
        var query = db.Regions.AsNoTracking();
        query = prefix.Length == 0
            ? query.Where(r => r.ParentId == null)
            : query.Where(r => db.Regions.Any(p => p.Id == r.ParentId && p.Prefix == prefix));
        IReadOnlyList<RegionName> found = (await query.Select(r => new RegionName(r.Prefix, r.Code, r.Name)).ToListAsync(ct))
            .OrderBy(r => r.Prefix, StringComparer.Ordinal).ToList();
        Keep(_children, prefix, found);
        return found;
    }

    /// <summary>Forgets every name (after an import or a rename through this host).</summary>
    public void Changed()
    {
        _nodes.Clear();
        _children.Clear();
    }

    private static bool Fresh(DateTime loadedAt) => DateTime.UtcNow - loadedAt < Lifetime;

    private static void Keep<T>(ConcurrentDictionary<string, Entry<T>> map, string key, T value)
    {
        if (map.Count >= MaxEntries) map.Clear();
        map[key] = new Entry<T>(value, DateTime.UtcNow);
    }
}
