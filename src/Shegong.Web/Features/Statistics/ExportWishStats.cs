using Microsoft.Extensions.Localization;
using MiniExcelLibs;
using MiniExcelLibs.OpenXml;
using Shegong.Domain.Statistics;
using Shegong.Domain.Wishes;

namespace Shegong.Web.Features.Statistics;

/// <summary>The micro-wish figures of the page as an Excel workbook: a summary sheet (indicator, value) and one row per area below.</summary>
public static class ExportWishStats
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static async Task WriteAsync(Stream output, GetWishStats.Result r, IStringLocalizer l, CancellationToken ct)
    {
        string indicator = l["WishStats.Indicator"], value = l["WishStats.Value"];
        var f = r.Total;
        var summary = new List<Dictionary<string, object?>>();
        void Line(string label, object? v) => summary.Add(new() { [indicator] = label, [value] = v });
        Line(l["Stats.Area"], r.RegionName.Length > 0 ? r.RegionName : l["VisitRules.National"].Value);
        Line(l["Stats.Period"], $"{r.Start:yyyy-MM-dd} — {r.End:yyyy-MM-dd}");
        Line(l["WishStats.Collected"], f.Collected);
        foreach (var (g, n) in f.ByGroup) Line($"{l["WishStats.Collected"]}·{l["WishGroup." + g]}", n);
        foreach (var (k, n) in f.ByKind) Line($"{l["WishStats.Collected"]}·{l["WishKind." + k]}", n);
        Line(l["WishStats.ClaimedDirectly"], f.ClaimedDirectly);
        Line(l["WishStats.Dispatched"], f.Dispatched);
        Line(l["WishStats.Fulfilled"], f.Fulfilled);
        foreach (var (g, n) in f.FulfilledByGroup.Where(x => x.Key != FulfilmentGroup.Other || x.Value > 0)) Line($"{l["WishStats.Fulfilled"]}·{l["FulfilmentGroup." + g]}", n);
        foreach (var (c, n) in f.FulfilledByCategory) Line($"{l["WishStats.FulfilledDetail"]}·{l["WishCategory." + c]}", n);
        Line(l["WishStats.Rate"], f.RateText);
        Line(l["WishStats.MedianDaysToClaim"], f.MedianDaysToClaim);
        Line(l["WishStats.MedianDaysToDelivery"], f.MedianDaysToDelivery);

        string area = l["Stats.Area"], collected = l["WishStats.Collected"], direct = l["WishStats.ClaimedDirectly"], dispatched = l["WishStats.Dispatched"],
            fulfilled = l["WishStats.Fulfilled"], rate = l["WishStats.Rate"];
        var rows = r.Children.Select(c => new Dictionary<string, object?>
        {
            [area] = c.Name, [collected] = c.Figures.Collected, [direct] = c.Figures.ClaimedDirectly, [dispatched] = c.Figures.Dispatched,
            [fulfilled] = c.Figures.Fulfilled, [rate] = c.Figures.RateText,
        }).Append(new Dictionary<string, object?>
        {
            [area] = l["Stats.Total"].Value, [collected] = f.Collected, [direct] = f.ClaimedDirectly, [dispatched] = f.Dispatched,
            [fulfilled] = f.Fulfilled, [rate] = f.RateText,
        }).ToList();
        var sheets = new Dictionary<string, object>
        {
            [l["WishStats.SummarySheet"]] = summary,
            [l["WishStats.AreaSheet"]] = rows,
        };
        var config = new OpenXmlConfiguration { TableStyles = TableStyles.None, AutoFilter = false };
        using var file = new MemoryStream();
        await MiniExcel.SaveAsAsync(file, sheets, configuration: config, cancellationToken: ct);
        Infrastructure.Excel.XlsxCompat.Repair(file);
        await file.CopyToAsync(output, ct);
    }
}
