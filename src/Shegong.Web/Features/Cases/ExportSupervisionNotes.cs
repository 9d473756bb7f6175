using System.Globalization;
using System.Text;
using Microsoft.Extensions.Localization;
using Shegong.Domain.Cases;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Cases;

/// <summary>
/// The supervision notes the caller may read as CSV (UTF-8 with BOM): date, station, kind, workers, topic, minutes,
/// supervisor — never the advice. The same scope filter as the list; audited as one read.
/// </summary>
public static class ExportSupervisionNotes
{
    public const int MaxRows = 5000;

    public sealed class Handler(ShegongDbContext db, ListSupervisionNotes.Handler list, IStringLocalizer<SharedResource> l)
    {
        public async Task<byte[]> HandleAsync(ListSupervisionNotes.Query q, CancellationToken ct = default)
        {
            var rows = new List<ListSupervisionNotes.Item>();
            for (var page = 1; rows.Count < MaxRows; page++)
            {
                var r = await list.HandleAsync(q with { Page = page, PageSize = 100 }, ct);
                rows.AddRange(r.Items);
                if (r.Items.Count < 100) break;
            }
            db.RecordRead(nameof(SupervisionNote), "export", db.Scope.StationId, db.Scope.RegionPrefix, $"supervision export: {rows.Count} rows, no advice");
            await db.SaveChangesAsync(ct);
            var sb = new StringBuilder();
            string Cell(string v) => v.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + v.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : v;
            void Line(params string[] cells) => sb.Append(string.Join(",", cells.Select(Cell))).Append("\r\n");
            Line(l["Field.On"], l["Field.StationId"], l["Supervision.Field.Kind"], l["Field.Workers"], l["Field.Topic"], l["Supervision.Field.Minutes"], l["Supervision.Col.Supervisor"]);
            foreach (var r in rows)
                Line(r.On.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.StationName, l["SupervisionKind." + r.Kind], string.Join("、", r.WorkerNames),
                    r.Topic, r.Minutes.ToString(CultureInfo.InvariantCulture), r.SupervisorName);
            return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(sb.ToString())];
        }
    }
}
