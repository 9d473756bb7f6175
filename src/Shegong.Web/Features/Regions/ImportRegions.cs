using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Shegong.Domain.Audit;
using Shegong.Domain.Common;
using Shegong.Domain.Regions;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Regions;

/// <summary>
/// Imports a region list (code, name, optional level). Every row is validated first; if any row is bad nothing is
/// stored and every problem is reported with its row and column. Existing codes are renamed, new ones created.
/// </summary>
public static class ImportRegions
{
    public sealed record Row(int RowNumber, string? Code, string? Name, string? Level);
    public sealed record RowError(int RowNumber, string Column, string Message);
    public sealed record Result(int Created, int Renamed, int Unchanged, IReadOnlyList<RowError> Errors)
    {
        public bool Succeeded => Errors.Count == 0;
    }

    public const string ColumnCode = "代码";
    public const string ColumnName = "名称";
    public const string ColumnLevel = "级别";

    public sealed class Handler(ShegongDbContext db, IStringLocalizer<SharedResource> l, Contracts.RegionNames names)
    {
        public async Task<Result> HandleAsync(IReadOnlyList<Row> rows, CancellationToken ct = default)
        {
            var existing = await db.Regions.AsNoTracking().Select(r => new { r.Id, r.Prefix, r.Name }).ToDictionaryAsync(r => r.Prefix, ct);
            var errors = new List<RowError>();
            var parsed = new List<(Row Row, RegionCode Code, string Name)>();
            var seen = new Dictionary<string, int>();

            foreach (var row in rows)
            {
                RegionCode code = default;
                var ok = true;
                var levelText = row.Level?.Trim();
                if (!string.IsNullOrEmpty(levelText))
                {
                    var level = ParseLevel(levelText);
                    if (level is null) { errors.Add(new(row.RowNumber, ColumnLevel, l["Region.LevelInvalid", levelText])); ok = false; }
                    else if (!RegionCode.TryParseAtLevel(row.Code, level.Value, out code, out var e))
                    { errors.Add(new(row.RowNumber, ColumnCode, l[e, row.Code ?? ""])); ok = false; }
                }
                else if (!RegionCode.TryParse(row.Code, out code, out var e))
                { errors.Add(new(row.RowNumber, ColumnCode, l[e, row.Code ?? ""])); ok = false; }

                var name = row.Name?.Trim() ?? "";
                if (name.Length == 0) { errors.Add(new(row.RowNumber, ColumnName, l["Error.Required"])); ok = false; }
                else if (name.Length > Region.NameMaxLength) { errors.Add(new(row.RowNumber, ColumnName, l["Error.TooLong", Region.NameMaxLength])); ok = false; }

                if (!ok) continue;
                if (seen.TryGetValue(code.Prefix, out var firstRow))
                { errors.Add(new(row.RowNumber, ColumnCode, l["Region.DuplicateInFile", code.Full, firstRow])); continue; }
                seen[code.Prefix] = row.RowNumber;
                parsed.Add((row, code, name));
            }

            // Every parent must exist already or come in the same file.
            foreach (var (row, code, _) in parsed)
            {
                if (code.ParentPrefix is { } parent && !existing.ContainsKey(parent) && !seen.ContainsKey(parent))
                    errors.Add(new(row.RowNumber, ColumnCode, l["Region.ParentMissing", code.Full]));
            }
            if (errors.Count > 0) return new Result(0, 0, 0, errors.OrderBy(e => e.RowNumber).ToList());

            var created = 0; var renamed = 0; var unchanged = 0;
            var ids = existing.ToDictionary(kv => kv.Key, kv => kv.Value.Id);
            db.SuppressEntityAudit = true;
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var batch = 0;
            foreach (var (_, code, name) in parsed.OrderBy(p => p.Code.Level))
            {
                if (existing.TryGetValue(code.Prefix, out var old))
                {
                    if (old.Name == name) { unchanged++; continue; }
                    var region = await db.Regions.SingleAsync(r => r.Id == old.Id, ct);
                    region.Rename(name);
                    renamed++;
                }
                else
                {
                    var parentId = code.ParentPrefix is { } p ? ids[p] : (Guid?)null;
                    var region = Region.CreateUnder(code, name, parentId);
                    db.Regions.Add(region);
                    ids[code.Prefix] = region.Id;
                    created++;
                }
                if (++batch % 5000 == 0)
                {
                    await db.SaveChangesAsync(ct);
                    db.ChangeTracker.Clear();
                }
            }
            db.RecordEvent(AuditAction.Create, nameof(Region), "import", null, "", $"created={created},renamed={renamed},unchanged={unchanged}");
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            db.SuppressEntityAudit = false;
            names.Changed();
            return new Result(created, renamed, unchanged, []);
        }

        private static RegionLevel? ParseLevel(string text) => text switch
        {
            "1" or "省" or "province" or "Province" => RegionLevel.Province,
            "2" or "市" or "city" or "City" => RegionLevel.City,
            "3" or "区县" or "县" or "区" or "county" or "County" => RegionLevel.County,
            "4" or "乡镇" or "街道" or "乡镇/街道" or "township" or "Township" => RegionLevel.Township,
            "5" or "社区" or "村" or "社区/村" or "community" or "Community" => RegionLevel.Community,
            _ => null,
        };
    }
}
