using Microsoft.Extensions.Localization;
using MiniExcelLibs;
using MiniExcelLibs.OpenXml;

namespace Shegong.Web.Features.Statistics;

/// <summary>The group and activity figures of the page as an Excel workbook: a summary sheet (indicator, value) and one row per area below.</summary>
public static class ExportActivityStats
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static async Task WriteAsync(Stream output, GetActivityStats.Result r, IStringLocalizer l, CancellationToken ct)
    {
        string indicator = l["WishStats.Indicator"], value = l["WishStats.Value"];
        var f = r.Total;
        var summary = new List<Dictionary<string, object?>>();
        void Line(string label, object? v) => summary.Add(new() { [indicator] = label, [value] = v });
        Line(l["Stats.Area"], r.RegionName.Length > 0 ? r.RegionName : l["VisitRules.National"].Value);
        Line(l["Stats.Period"], $"{r.Start:yyyy-MM-dd} — {r.End:yyyy-MM-dd}");
        foreach (var (s, n) in f.GroupsByStage) Line($"{l["ActivityStats.Groups"]}·{l["GroupStage." + s]}", n);
        Line(l["ActivityStats.GroupsActive"], f.GroupsActive);
        Line(l["ActivityStats.SessionsHeld"], f.SessionsHeld);
        Line(l["ActivityStats.Attendance"], f.Attendance);
        Line(l["ActivityStats.CommunityActivities"], f.CommunityActivities);
        foreach (var (k, n) in f.ActivitiesByKind) Line($"{l["ActivityStats.CommunityActivities"]}·{l["ActivityKind." + k]}", n);
        Line(l["ActivityStats.CommunityParticipants"], f.CommunityParticipants);
        foreach (var (k, n) in f.ParticipantsByKind) Line($"{l["ActivityStats.CommunityParticipants"]}·{l["ActivityKind." + k]}", n);

        string area = l["Stats.Area"], active = l["ActivityStats.GroupsActive"], sessions = l["ActivityStats.SessionsHeld"], attendance = l["ActivityStats.Attendance"],
            activities = l["ActivityStats.CommunityActivities"], participants = l["ActivityStats.CommunityParticipants"];
        Dictionary<string, object?> Row(string name, GetActivityStats.Figures x) => new()
        {
            [area] = name, [active] = x.GroupsActive, [sessions] = x.SessionsHeld, [attendance] = x.Attendance, [activities] = x.CommunityActivities,
            [participants] = x.CommunityParticipants,
        };
        var rows = r.Children.Select(c => Row(c.Name, c.Figures)).Append(Row(l["Stats.Total"].Value, f)).ToList();
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
