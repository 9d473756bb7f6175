using Shegong.Domain.Regions;
using Shegong.Web.Features.Regions.Contracts;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Statistics;

/// <summary>
/// The area a statistics page or API call is about: the caller's own station or region, or a region under it named by
/// code (anything else is not found); with the prefix length of the next level down, for the breakdown by child region.
/// </summary>
public sealed record StatArea(string Prefix, string Name, int ChildLength)
{
    private static readonly int[] Lengths = [0, 2, 4, 6, 9, 12];

    public bool HasChildren => ChildLength > Prefix.Length;

    public static async Task<StatArea?> ResolveAsync(ShegongDbContext db, RegionNames names, string? region, CancellationToken ct)
    {
        var scope = db.Scope;
        if (scope.Kind == Shegong.Domain.Access.ScopeKind.Nothing) return null;
        var prefix = scope.RegionPrefix;
        if (!string.IsNullOrWhiteSpace(region))
        {
            if (!RegionCode.TryParse(region, out var code, out _)) return null;
            if (!scope.CoversRegionOwned(code.Prefix)) return null;
            prefix = code.Prefix;
        }
        var name = prefix.Length == 0 ? "" : (await names.FindAsync(db, prefix, ct))?.Name;
        if (name is null) return null;
        var childLength = Array.IndexOf(Lengths, prefix.Length) is var i and >= 0 && i + 1 < Lengths.Length ? Lengths[i + 1] : prefix.Length;
        return new StatArea(prefix, name, childLength);
    }

    /// <summary>The regions one level below this area among <paramref name="prefixes"/> (those that have figures), in code order.</summary>
    public async Task<List<RegionName>> ChildrenAsync(ShegongDbContext db, RegionNames names, IEnumerable<string> prefixes, CancellationToken ct)
    {
        var wanted = prefixes.ToHashSet(StringComparer.Ordinal);
        return (await names.ChildrenAsync(db, Prefix, ct)).Where(r => wanted.Contains(r.Prefix)).ToList();
    }
}
