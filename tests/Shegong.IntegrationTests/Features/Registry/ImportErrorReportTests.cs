using System.Globalization;
using System.Net;
using System.Text.Json;
using MiniExcelLibs;
using Shegong.IntegrationTests.Infrastructure;
using Shegong.Web.Features.Registry;
using static Shegong.IntegrationTests.Features.Registry.LedgerFile;
using Col = Shegong.Web.Features.Registry.PersonSheet.Col;

namespace Shegong.IntegrationTests.Features.Registry;

/// <summary>
/// Issue 11, item 5: the check keeps the first problems for the page (<see cref="ImportPersons.MaxErrorsKept"/>) and
/// writes every one to disk as it finds it, encrypted; the downloaded report lists them all.
/// </summary>
public sealed class ImportErrorReportTests(AppFixture app)
{
    [Fact]
    public async Task The_downloaded_report_lists_every_problem_beyond_those_kept_for_the_page_and_the_log_on_disk_is_encrypted()
    {
        await ImportStation.EnsureAsync(app);
        using var worker = await app.ClientAsAsync(ImportStation.Worker);
        var count = ImportPersons.MaxErrorsKept + 1500;
        var file = await LedgerFile.CreateAsync(app, count, seed: 907, surname: "仉");
        var rows = file.Copy();
        foreach (var r in rows) r[H(Col.Tier)] = "很高";

        var check = await worker.PostAsync("/api/v1/persons/import/check", Upload(ToXlsx(rows)));
        check.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = JsonDocument.Parse(await check.Content.ReadAsStringAsync()).RootElement;
        var report = body.GetProperty("report");
        report.GetProperty("errorCount").GetInt32().ShouldBe(count);
        report.GetProperty("errors").GetArrayLength().ShouldBe(ImportPersons.MaxErrorsKept);

        var uploadId = body.GetProperty("uploadId").GetString()!;
        var log = Path.Combine(Path.GetTempPath(), "shegong-person-imports", uploadId + ".errors");
        File.Exists(log).ShouldBeTrue();
        var raw = await File.ReadAllBytesAsync(log);
        raw.Length.ShouldBeGreaterThan(count * 20);
        System.Text.Encoding.UTF8.GetString(raw).ShouldNotContain("很高"); // encrypted at rest

        var download = await worker.GetAsync($"/api/v1/persons/import/{uploadId}/errors");
        download.StatusCode.ShouldBe(HttpStatusCode.OK);
        var lines = MiniExcel.Query(new MemoryStream(await download.Content.ReadAsByteArrayAsync()), useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        var tierRows = lines.Where(x => x["列"] as string == H(Col.Tier)).Select(x => Convert.ToInt32(x["行号"], CultureInfo.InvariantCulture)).ToList();
        tierRows.Count.ShouldBe(count);
        tierRows.ShouldBe(Enumerable.Range(2, count), ignoreOrder: true);
        lines.First(x => x["列"] as string == H(Col.Tier))["问题"]!.ToString()!.ShouldContain("很高");

        // Another user cannot read it.
        using var other = await app.ClientAsAsync(ImportStation.Manager);
        (await other.GetAsync($"/api/v1/persons/import/{uploadId}/errors")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
