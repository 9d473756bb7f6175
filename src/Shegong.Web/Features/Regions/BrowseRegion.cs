using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Access;
using Shegong.Domain.Regions;
using Shegong.Domain.Stations;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Regions;

/// <summary>
/// One node of the region tree with its children and their station counts. The caller sees their own node and
/// what lies below it (a station user: their township and its communities); anything else is not found.
/// </summary>
public static class BrowseRegion
{
    public sealed record Crumb(string Code, string Name);
    public sealed record Child(string Code, string Name, RegionLevel Level, int Townships, int StationsBuilt, int StationsOperating, Guid? StationId);
    public sealed record Result(string Code, string Name, RegionLevel Level, IReadOnlyList<Crumb> Ancestors, IReadOnlyList<Child> Children, Guid? StationId, string? StationName);

    public sealed class Handler(ShegongDbContext db)
    {
        /// <param name="code">Full or short code; null for the caller's own node.</param>
        public async Task<Result?> HandleAsync(string? code, CancellationToken ct = default)
        {
            var scope = db.Scope;
            var rootPrefix = scope.Kind == ScopeKind.All ? null : scope.RegionPrefix;
            string prefix;
            if (string.IsNullOrWhiteSpace(code))
            {
                if (rootPrefix is null)
                    return await db.Regions.AnyAsync(r => r.Level == RegionLevel.Province, ct) ? await ProvincesAsync(ct) : null;
                prefix = rootPrefix;
            }
            else
            {
                if (!RegionCode.TryParse(code, out var parsed, out _)) return null;
                prefix = parsed.Prefix;
            }
            if (rootPrefix is not null && !prefix.StartsWith(rootPrefix, StringComparison.Ordinal)) return null;

            var node = await db.Regions.AsNoTracking().SingleOrDefaultAsync(r => r.Prefix == prefix, ct);
            if (node is null) return null;

            var ancestorPrefixes = Enumerable.Range(1, 4).Select(i => new[] { 2, 4, 6, 9 }[i - 1]).Where(n => n < prefix.Length).Select(n => prefix[..n])
                .Where(p => rootPrefix is null || p.StartsWith(rootPrefix, StringComparison.Ordinal)).ToList();
            var ancestors = await db.Regions.AsNoTracking().Where(r => ancestorPrefixes.Contains(r.Prefix)).OrderBy(r => r.Level)
                .Select(r => new Crumb(r.Code, r.Name)).ToListAsync(ct);

            var children = await ChildrenAsync(node.Id, ct);
            var station = await db.Stations.AsNoTracking().Where(s => s.RegionId == node.Id).Select(s => new { s.Id, s.Name }).SingleOrDefaultAsync(ct);
            return new Result(node.Code, node.Name, node.Level, ancestors, children, station?.Id, station?.Name);
        }

        private async Task<Result> ProvincesAsync(CancellationToken ct)
        {
            var provinces = await db.Regions.AsNoTracking().Where(r => r.Level == RegionLevel.Province).OrderBy(r => r.Prefix)
                .Select(r => new { r.Prefix, r.Code, r.Name, r.Level }).ToListAsync(ct);
            var children = new List<Child>();
            foreach (var p in provinces) children.Add(await CountAsync(p.Code, p.Name, p.Level, p.Prefix, null, ct));
            return new Result("", "", 0, [], children, null, null);
        }

        private async Task<List<Child>> ChildrenAsync(Guid parentId, CancellationToken ct)
        {
            var rows = await db.Regions.AsNoTracking().Where(r => r.ParentId == parentId).OrderBy(r => r.Prefix)
                .Select(r => new { r.Id, r.Prefix, r.Code, r.Name, r.Level }).ToListAsync(ct);
            var result = new List<Child>();
            foreach (var r in rows) result.Add(await CountAsync(r.Code, r.Name, r.Level, r.Prefix, r.Id, ct));
            return result;
        }

        private async Task<Child> CountAsync(string code, string name, RegionLevel level, string prefix, Guid? id, CancellationToken ct)
        {
            if (level >= RegionLevel.Township)
            {
                var s = id is null ? null : await db.Stations.AsNoTracking().Where(x => x.RegionId == id).Select(x => new { x.Id, x.Status }).SingleOrDefaultAsync(ct);
                return new Child(code, name, level, level == RegionLevel.Township ? 1 : 0, s is null ? 0 : 1, s?.Status == StationStatus.Operating ? 1 : 0, s?.Id);
            }
            var stations = db.Stations.AsNoTracking().Where(x => x.RegionPrefix.StartsWith(prefix));
            return new Child(code, name, level,
                await db.Regions.CountAsync(x => x.Level == RegionLevel.Township && x.Prefix.StartsWith(prefix), ct),
                await stations.CountAsync(ct), await stations.CountAsync(x => x.Status == StationStatus.Operating, ct), null);
        }
    }
}
