using System.Globalization;
using Microsoft.Extensions.Localization;
using MiniExcelLibs;
using MiniExcelLibs.OpenXml;

namespace Shegong.Web.Features.Statistics;

/// <summary>The case statistics of the page as an Excel workbook: a summary sheet (indicator, value), referrals by receiver, and one row per area below.</summary>
public static class ExportCaseStats
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static async Task WriteAsync(Stream output, GetCaseStats.Result r, IStringLocalizer l, CancellationToken ct)
    {
        string indicator = l["Stats.Indicator"], value = l["Stats.Value"];
        var f = r.Total;
        var summary = new List<Dictionary<string, object?>>();
        void Line(string label, object? v) => summary.Add(new() { [indicator] = label, [value] = v });
        static string? Rate(decimal? x) => x is { } d ? d.ToString("0.0", CultureInfo.InvariantCulture) + "%" : null;
        Line(l["Stats.Area"], r.RegionName.Length > 0 ? r.RegionName : l["VisitRules.National"].Value);
        Line(l["Stats.Period"], $"{r.Start:yyyy-MM-dd} — {r.End:yyyy-MM-dd}");
        Line(l["CaseStats.Opened"], f.Opened);
        foreach (var (s, n) in f.OpenedBySource) Line($"{l["CaseStats.Opened"]}·{l["CaseSource." + s]}", n);
        foreach (var (k, n) in f.OpenedByRisk) Line($"{l["CaseStats.Opened"]}·{l["RiskLevel." + k]}", n);
        foreach (var (t, n) in f.OpenedByType) Line($"{l["CaseStats.Opened"]}·{l["PersonType." + t]}", n);
        Line(l["CaseStats.ActiveAtEnd"], f.Active);
        foreach (var (s, n) in f.ActiveByStage) Line($"{l["CaseStats.ActiveAtEnd"]}·{l["CaseStage." + s]}", n);
        Line(l["CaseStats.Closed"], f.Closed);
        Line(l["CaseStats.NotTaken"], f.NotTaken);
        foreach (var (s, d) in f.MedianDays) Line($"{l["CaseStats.MedianDays"]}·{l["CaseStage." + s]}", d);
        Line(l["CaseStats.ReferralsSent"], f.ReferralsSent);
        Line(l["CaseStats.ReferralsDone"], f.ReferralsDone);
        Line(l["CaseStats.DoneRate"], Rate(f.DoneRate));
        Line(l["CaseStats.ReferralsConfirmed"], f.ReferralsConfirmed);
        Line(l["CaseStats.ConfirmedRate"], Rate(f.ConfirmedRate));
        Line(l["CaseStats.OverdueNow"], f.ReferralsOverdue);
        Line(l["CaseStats.SupervisionNotes"], f.SupervisionNotes);
        Line(l["CaseStats.SupervisionHours"], f.SupervisionHours);
        Line(l["CaseStats.HoursPerWorker"], f.HoursPerWorker);
        Line(l["CaseStats.Workers"], f.Workers);
        Line(l["CaseStats.Supervisors"], f.Supervisors);
        Line(l["CaseStats.Ratio"], f.WorkersPerSupervisor is { } w ? $"1:{w.ToString("0.#", CultureInfo.InvariantCulture)}" : null);

        string kind = l["Field.ReceiverKind"], sent = l["CaseStats.ReferralsSent"], done = l["CaseStats.ReferralsDone"], doneRate = l["CaseStats.DoneRate"],
            received = l["CaseStats.ReferralsConfirmed"], confirmedRate = l["CaseStats.ConfirmedRate"], declined = l["CaseStats.Declined"];
        var referrals = f.Referrals.Select(x => new Dictionary<string, object?>
        {
            [kind] = l["ReceiverKind." + x.Kind].Value, [sent] = x.Sent, [declined] = x.Declined, [done] = x.Done, [doneRate] = Rate(x.DoneRate),
            [received] = x.Received, [confirmedRate] = Rate(x.ConfirmedRate),
        }).ToList();

        string area = l["Stats.Area"], opened = l["CaseStats.Opened"], active = l["CaseStats.ActiveAtEnd"], closed = l["CaseStats.Closed"],
            overdue = l["CaseStats.OverdueNow"], hours = l["CaseStats.SupervisionHours"], ratio = l["CaseStats.Ratio"];
        Dictionary<string, object?> Row(string name, GetCaseStats.Figures x) => new()
        {
            [area] = name, [opened] = x.Opened, [active] = x.Active, [closed] = x.Closed, [sent] = x.ReferralsSent, [doneRate] = Rate(x.DoneRate),
            [confirmedRate] = Rate(x.ConfirmedRate), [overdue] = x.ReferralsOverdue, [hours] = x.SupervisionHours,
            [ratio] = x.WorkersPerSupervisor is { } w ? $"1:{w.ToString("0.#", CultureInfo.InvariantCulture)}" : null,
        };
        var rows = r.Children.Select(c => Row(c.Name, c.Figures)).Append(Row(l["Stats.Total"].Value, f)).ToList();
        var sheets = new Dictionary<string, object>
        {
            [l["Stats.SummarySheet"]] = summary,
            [l["CaseStats.ReferralSheet"]] = referrals,
            [l["Stats.AreaSheet"]] = rows,
        };
        var config = new OpenXmlConfiguration { TableStyles = TableStyles.None, AutoFilter = false };
        using var file = new MemoryStream();
        await MiniExcel.SaveAsAsync(file, sheets, configuration: config, cancellationToken: ct);
        Infrastructure.Excel.XlsxCompat.Repair(file);
        await file.CopyToAsync(output, ct);
    }
}
