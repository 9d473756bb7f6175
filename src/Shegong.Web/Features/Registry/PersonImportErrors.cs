using Microsoft.Extensions.Localization;
using MiniExcelLibs;
using MiniExcelLibs.Attributes;
using MiniExcelLibs.OpenXml;

namespace Shegong.Web.Features.Registry;

/// <summary>
/// The check report as a workbook (行号, 列, 问题), for fixing a large file at the desk: every problem, and the rows
/// held back with a household that has one. It names no ID number, only where the problem is.
/// </summary>
public static class PersonImportErrors
{
    public static void Write(Stream output, ImportPersons.Report report, IStringLocalizer l)
    {
        string row = l["Import.Row"], column = l["Import.Column"], problem = l["Import.Problem"];
        var household = PersonSheet.Of(PersonSheet.Col.HouseholdNo).Header;
        var lines = report.FileError is { } fileError
            ? [new Dictionary<string, object?> { [row] = null, [column] = null, [problem] = fileError }]
            : report.Errors.Select(e => (e.Row, Line: new Dictionary<string, object?> { [row] = e.Row, [column] = e.Column, [problem] = e.Message }))
                .Concat(report.HeldBackRows.Select(r => (Row: r, Line: new Dictionary<string, object?> { [row] = r, [column] = household, [problem] = l["Import.HeldBack"].Value })))
                .OrderBy(x => x.Row)
                .Select(x => x.Line)
                .ToList();
        var config = new OpenXmlConfiguration
        {
            TableStyles = TableStyles.None,
            FreezeRowCount = 1,
            DynamicColumns = [new DynamicExcelColumn(row) { Width = 8 }, new DynamicExcelColumn(column) { Width = 14 }, new DynamicExcelColumn(problem) { Width = 80 }],
        };
        if (report.ErrorCount > report.Errors.Count)
            lines.Add(new Dictionary<string, object?> { [row] = null, [column] = null, [problem] = l["Import.ErrorsNotListed", report.ErrorCount - report.Errors.Count, ImportPersons.MaxErrorsKept].Value });
        if (lines.Count == 0) lines.Add(new Dictionary<string, object?> { [row] = null, [column] = null, [problem] = l["Import.NoProblems"].Value });
        MiniExcel.SaveAs(output, lines, sheetName: l["Import.ReportSheet"], configuration: config);
    }

    /// <summary>
    /// The full report from the check's log on disk (<see cref="PersonImportUploads.Handler.ReadErrorLog"/>): every
    /// problem in the order found, then the rows held back; streamed from the log into the workbook.
    /// </summary>
    public static void Write(Stream output, IEnumerable<(int Row, string Column, string Message)> log, IStringLocalizer l)
    {
        string row = l["Import.Row"], column = l["Import.Column"], problem = l["Import.Problem"];
        var config = new OpenXmlConfiguration
        {
            TableStyles = TableStyles.None,
            FreezeRowCount = 1,
            AutoFilter = true,
            DynamicColumns = [new DynamicExcelColumn(row) { Width = 8 }, new DynamicExcelColumn(column) { Width = 14 }, new DynamicExcelColumn(problem) { Width = 80 }],
        };
        var any = false;
        IEnumerable<Dictionary<string, object?>> Lines()
        {
            foreach (var (r, c, m) in log)
            {
                any = true;
                yield return new Dictionary<string, object?> { [row] = r == 0 ? null : r, [column] = c, [problem] = m };
            }
            if (!any) yield return new Dictionary<string, object?> { [row] = null, [column] = null, [problem] = l["Import.NoProblems"].Value };
        }
        MiniExcel.SaveAs(output, Lines(), sheetName: l["Import.ReportSheet"], configuration: config);
    }
}
