using Microsoft.Extensions.Localization;
using MiniExcelLibs;
using MiniExcelLibs.OpenXml;
using Shegong.Domain.Statistics;

namespace Shegong.Web.Features.Statistics;

/// <summary>
/// The ledger and visit figures of the page as an Excel workbook, in the wish export's layout: a summary sheet
/// (indicator, value: on file, visited and completion by tier, visits by method, on file by type, overdue today) and a sheet with one
/// row per area one level down and the total.
/// </summary>
public static class ExportRegistryStats
{
    public const string ContentType = ExportWishStats.ContentType;

    public static string FileName(GetRegistryStats.Result r, IStringLocalizer l) => $"{l["Nav.Stats"]}-{r.Period}.xlsx";

    public static async Task WriteAsync(Stream output, GetRegistryStats.Result r, IStringLocalizer l, CancellationToken ct)
    {
        string indicator = l["Stats.Indicator"], value = l["Stats.Value"];
        string onFile = l["Stats.OnFile"], visited = l["Stats.Visited"], rate = l["Stats.Completion"];
        var summary = new List<Dictionary<string, object?>>();
        void Line(string label, object? v) => summary.Add(new() { [indicator] = label, [value] = v });
        Line(l["Stats.Area"], r.RegionName.Length > 0 ? r.RegionName : l["VisitRules.National"].Value);
        Line(l["Stats.Period"], $"{r.Start:yyyy-MM-dd} — {r.End:yyyy-MM-dd}");
        Line(onFile, r.OnFile);
        foreach (var t in r.Tiers) Line($"{onFile}·{l["Tier." + t.Tier]}", t.OnFile);
        Line(visited, r.Visited);
        foreach (var t in r.Tiers) Line($"{visited}·{l["Tier." + t.Tier]}", t.Visited);
        Line(rate, Percent.Text(r.Rate));
        foreach (var t in r.Tiers) Line($"{rate}·{l["Tier." + t.Tier]}", Percent.Text(t.Rate));
        Line($"{rate}·{l["Stats.PreviousPeriod"]}（{r.PreviousPeriod}）", Percent.Text(r.PreviousRate));
        Line(l["Stats.Visits"], r.Visits);
        foreach (var (m, n) in r.VisitsByMethod) Line($"{l["Stats.Visits"]}·{l["VisitMethod." + m]}", n);
        foreach (var (t, n) in r.ByType) Line($"{l["Stats.ByType"]}·{l["PersonType." + t]}", n);
        Line(l["Visits.OverdueCount"], r.Overdue); // today, whatever the period

        string area = l["Stats.Area"], code = l["Field.Code"];
        Dictionary<string, object?> Row(string name, string? regionCode, long f, long v, decimal? rt, IReadOnlyList<GetRegistryStats.TierFigure> tiers, long overdue)
        {
            var row = new Dictionary<string, object?> { [area] = name, [code] = regionCode, [onFile] = f, [visited] = v, [rate] = Percent.Text(rt) };
            foreach (var t in tiers)
            {
                var tier = l["Tier." + t.Tier].Value;
                row[$"{onFile}·{tier}"] = t.OnFile;
                row[$"{visited}·{tier}"] = t.Visited;
                row[$"{rate}·{tier}"] = Percent.Text(t.Rate);
            }
            row[l["Visits.OverdueCount"]] = overdue;
            return row;
        }
        var rows = r.Children.Select(c => Row(c.Name, c.Code, c.OnFile, c.Visited, c.Rate, c.Tiers, c.Overdue))
            .Append(Row(l["Stats.Total"], null, r.OnFile, r.Visited, r.Rate, r.Tiers, r.Overdue)).ToList();

        var sheets = new Dictionary<string, object>
        {
            [l["Stats.SummarySheet"]] = summary,
            [l["Stats.AreaSheet"]] = rows,
        };
        var config = new OpenXmlConfiguration { TableStyles = TableStyles.None, AutoFilter = false };
        using var file = new MemoryStream();
        await MiniExcel.SaveAsAsync(file, sheets, configuration: config, cancellationToken: ct);
        Infrastructure.Excel.XlsxCompat.Repair(file);
        await file.CopyToAsync(output, ct);
    }
}
