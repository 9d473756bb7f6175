using System.Globalization;
using System.Text;
using Microsoft.Extensions.Localization;
using Shegong.Domain.Cases;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Cases;

/// <summary>
/// The case list as CSV (UTF-8 with BOM, opens in Excel): the rows the caller may read (the same scope filter as the
/// list), with no narrative field — notes, assessments and reports never leave in an export. Audited as one read.
/// </summary>
public static class ExportCases
{
    public const int MaxRows = 5000;

    public sealed class Handler(ShegongDbContext db, ListCases.Handler list, IStringLocalizer<SharedResource> l)
    {
        public async Task<byte[]> HandleAsync(ListCases.Query q, CancellationToken ct = default)
        {
            var rows = new List<ListCases.Item>();
            for (var page = 1; rows.Count < MaxRows; page++)
            {
                var r = await list.HandleAsync(q with { Page = page, PageSize = 100 }, ct);
                rows.AddRange(r.Items);
                if (r.Items.Count < 100) break;
            }
            db.RecordRead(nameof(Case), "export", db.Scope.StationId, db.Scope.RegionPrefix, $"case list export: {rows.Count} rows, no narrative fields");
            await db.SaveChangesAsync(ct);
            var sb = new StringBuilder();
            string Cell(string v) => v.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + v.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : v;
            void Line(params string[] cells) => sb.Append(string.Join(",", cells.Select(Cell))).Append("\r\n");
            Line(l["Cases.Col.Person"], l["Field.Source"], l["Field.Risk"], l["Field.Stage"], l["Cases.Col.OpenedOn"], l["Cases.Col.StageSince"],
                l["Field.WorkerId"], l["Cases.Col.OverdueReferrals"]);
            foreach (var r in rows)
                Line(r.PersonName, l["CaseSource." + r.Source], l["RiskLevel." + r.Risk], l["CaseStage." + r.Stage],
                    r.OpenedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.StageSince.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    r.WorkerName, r.OverdueReferrals.ToString(CultureInfo.InvariantCulture));
            return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(sb.ToString())];
        }
    }
}
