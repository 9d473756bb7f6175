using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using Shegong.Domain.Registry;
using Shegong.IntegrationTests.Infrastructure;
using Shegong.Web.Infrastructure.Data;
using static Shegong.IntegrationTests.Features.Registry.LedgerFile;
using Col = Shegong.Web.Features.Registry.PersonSheet.Col;

namespace Shegong.IntegrationTests.Features.Registry;

public sealed class ImportPersonsTests(AppFixture app, ITestOutputHelper output)
{
    private sealed record Cell(int Row, string Column);

    private static List<Cell> Errors(JsonElement report) =>
        report.GetProperty("errors").EnumerateArray().Select(e => new Cell(e.GetProperty("row").GetInt32(), e.GetProperty("column").GetString()!)).ToList();

    private async Task<ResidentId> DemoIdAsync()
    {
        using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<ShegongDbContext>();
        var id = await db.Persons.IgnoreQueryFilters().Where(p => p.IdHash != null && p.RegionPrefix.StartsWith("440112010") && p.Status == PersonStatus.Active)
            .Select(p => p.IdNumber).FirstAsync();
        return ResidentId.Parse(id);
    }

    /// <summary>
    /// Breaks 50 rows of a copy, one problem each, eighteen kinds spread over the file; returns where each must be reported.
    /// Kinds needing a household member go to member rows, the rest to first rows; no two in one household.
    /// </summary>
    private static (List<Dictionary<string, object?>> Rows, List<Cell> Expected) Break(LedgerFile file, ResidentId demoId, int count = 50)
    {
        var rows = file.Copy();
        var expected = new List<Cell>();
        var households = new HashSet<string>();
        var step = rows.Count / count;
        for (var k = 0; k < count; k++)
        {
            var kind = k % 18;
            var member = kind is 11 or 12 or 13 or 15;
            var needsId = kind is 0 or 6 or 8 or 9 or 14 or 16 or 17;
            var i = k * step + 1;
            while (!(file.Lines[i].Member == member && !households.Contains(file.Lines[i].Household)
                     && (!needsId || file.Lines[i].Id is { } own && (kind != 16 || char.IsAsciiDigit(own[^1]))))) i++;
            households.Add(file.Lines[i].Household);
            var r = rows[i];
            void Person(ResidentId id)
            {
                r[H(Col.IdNumber)] = id.Value;
                r[H(Col.Gender)] = id.Gender == Gender.Male ? "男" : "女";
                r[H(Col.BirthDate)] = id.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                r[H(Col.DisabilityCardNumber)] = "";
            }
            Col column;
            switch (kind)
            {
                case 0:
                    var good = (string)r[H(Col.IdNumber)]!;
                    r[H(Col.IdNumber)] = good[..17] + "0123456789X"[("0123456789X".IndexOf(good[17]) + 1) % 11];
                    column = Col.IdNumber; break;
                case 1: r[H(Col.CommunityCode)] = "440106001001"; column = Col.CommunityCode; break; // 五山街道: another station's
                case 2: r[H(Col.Name)] = ""; column = Col.Name; break;
                case 3: r[H(Col.Tier)] = "很高"; column = Col.Tier; break;
                case 4: r[H(Col.LegalBasis)] = ""; column = Col.LegalBasis; break;
                case 5: r[H(Col.Phone)] = "1391234567"; column = Col.Phone; break;
                case 6: r[H(Col.BirthDate)] = "1935-13-45"; column = Col.BirthDate; break;
                case 7: r[H(Col.Types)] = "低保户"; column = Col.Types; break;
                case 8: r[H(Col.Gender)] = (string)r[H(Col.Gender)]! == "男" ? "女" : "男"; column = Col.Gender; break;
                case 9:
                    var j = i - 1;
                    while (file.Lines[j].Id is null) j--;
                    Person(ResidentId.Parse(file.Lines[j].Id));
                    column = Col.IdNumber; break;
                case 10: r[H(Col.ResponsibleWorker)] = "不存在的社工"; column = Col.ResponsibleWorker; break;
                case 11: r[H(Col.Relation)] = "户主"; column = Col.Relation; break;
                case 12:
                    r[H(Col.CommunityCode)] = (string)r[H(Col.CommunityCode)]! == ImportStation.CommunityA ? ImportStation.CommunityB : ImportStation.CommunityA;
                    column = Col.CommunityCode; break;
                case 13: r[H(Col.Address)] = "另一条路 1 号"; column = Col.Address; break;
                case 14: Person(demoId); column = Col.IdNumber; break;
                case 15: r[H(Col.Relation)] = "表哥"; column = Col.Relation; break;
                case 16: r[H(Col.IdNumber)] = double.Parse((string)r[H(Col.IdNumber)]!, CultureInfo.InvariantCulture); column = Col.IdNumber; break;
                default: r[H(Col.DisabilityCardNumber)] = ResidentId.Create("440103", new DateOnly(1930, 1, 1), 1).Value + "42"; column = Col.DisabilityCardNumber; break;
            }
            expected.Add(new Cell(RowOf(i), H(column)));
        }
        return (rows, expected);
    }

    [Fact]
    public async Task A_10000_row_file_with_50_errors_reports_all_50_with_row_and_column_stores_nothing_and_the_corrected_file_imports_fully()
    {
        await ImportStation.EnsureAsync(app);
        using var worker = await app.ClientAsAsync(ImportStation.Worker);
        var file = await CreateAsync(app, 10_000, seed: 20261122);
        var (broken, expected) = Break(file, await DemoIdAsync());
        var before = await ImportStation.CountAsync(worker);

        var clock = Stopwatch.StartNew();
        var check = await worker.PostAsync("/api/v1/persons/import/check", Upload(ToXlsx(broken)));
        var checkSeconds = clock.Elapsed.TotalSeconds;
        check.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await check.Content.ReadFromJsonAsync<JsonElement>();
        var report = body.GetProperty("report");
        report.GetProperty("totalRows").GetInt32().ShouldBe(10_000);
        Errors(report).ShouldBe(expected, ignoreOrder: true);
        report.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("message").GetString())
            .ShouldContain("身份证号：校验位不正确，请核对最后一位");
        (await ImportStation.CountAsync(worker)).ShouldBe(before);

        // The same problems as a downloadable workbook: 行号, 列, 问题.
        var uploadId = body.GetProperty("uploadId").GetString();
        var download = await worker.GetAsync($"/api/v1/persons/import/{uploadId}/errors");
        download.StatusCode.ShouldBe(HttpStatusCode.OK);
        var lines = MiniExcel.Query(new MemoryStream(await download.Content.ReadAsByteArrayAsync()), useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        lines.Where(x => x["问题"]?.ToString()?.Contains("同一户的其他行有误") != true)
            .Select(x => new Cell(Convert.ToInt32(x["行号"], CultureInfo.InvariantCulture), (string)x["列"]!)).ShouldBe(expected, ignoreOrder: true);

        // Importing everything is refused while any row is wrong: nothing of the file is kept.
        var refused = await worker.PostAsync("/api/v1/persons/import?onlyValid=false", Upload(ToXlsx(broken)));
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Errors((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("report")).Count.ShouldBe(50);
        (await ImportStation.CountAsync(worker)).ShouldBe(before);

        var corrected = ToXlsx(file.Copy());
        clock.Restart();
        var recheck = await worker.PostAsync("/api/v1/persons/import/check", Upload(corrected));
        var recheckSeconds = clock.Elapsed.TotalSeconds;
        var recheckReport = (await recheck.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("report");
        Errors(recheckReport).ShouldBeEmpty();
        clock.Restart();
        var imported = await worker.PostAsync("/api/v1/persons/import", Upload(corrected));
        var importSeconds = clock.Elapsed.TotalSeconds;
        imported.StatusCode.ShouldBe(HttpStatusCode.OK);
        var result = await imported.Content.ReadFromJsonAsync<JsonElement>();
        result.GetProperty("persons").GetInt32().ShouldBe(10_000);
        (await ImportStation.CountAsync(worker)).ShouldBe(before + 10_000);
        // The bulk insert kept the aggregates in step with the records.
        using (var scope = app.Scope())
        {
            var verify = await scope.ServiceProvider.GetRequiredService<Shegong.Web.Features.Statistics.RebuildStats.Handler>().HandleAsync(verifyOnly: true);
            verify.Differences.ShouldBe(0, string.Join("\n", verify.Samples));
        }
        output.WriteLine($"[{app.Provider}] 10,000 rows ({corrected.Length / 1024} KB): check with 50 errors {checkSeconds:0.0} s, " +
            $"check of the corrected file {recheckSeconds:0.0} s (server {recheckReport.GetProperty("elapsedMs").GetInt64()} ms), " +
            $"import {importSeconds:0.0} s (server {result.GetProperty("elapsedMs").GetInt64()} ms, incl. its own check)");

        // Another station's worker sees none of them; the same file again finds every ID number already on file.
        using var other = await app.ClientAsAsync("worker");
        (await ImportStation.CountAsync(other, "阚")).ShouldBe(0);
        var again = await worker.PostAsync("/api/v1/persons/import/check", Upload(corrected));
        var againErrors = (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("report").GetProperty("errors");
        againErrors.GetArrayLength().ShouldBe(file.Lines.Count(l => l.Id is not null));
        againErrors[0].GetProperty("message").GetString()!.ShouldStartWith("身份证号：该身份证号已登记");
    }

    [Fact]
    public async Task Only_valid_rows_imports_the_households_without_problems_and_holds_back_the_rest()
    {
        await ImportStation.EnsureAsync(app);
        using var worker = await app.ClientAsAsync(ImportStation.Worker);
        var file = await CreateAsync(app, 90, seed: 7, surname: "郦");
        var (broken, expected) = Break(file, await DemoIdAsync(), count: 18);
        var bytes = ToXlsx(broken);
        var before = await ImportStation.CountAsync(worker, "郦");

        var check = (await (await worker.PostAsync("/api/v1/persons/import/check", Upload(bytes))).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("report");
        Errors(check).ShouldBe(expected, ignoreOrder: true);
        var heldBack = check.GetProperty("heldBackRows").EnumerateArray().Select(x => x.GetInt32()).ToList();
        heldBack.ShouldNotBeEmpty(); // the four member-row problems hold back the rest of their households
        var importable = check.GetProperty("importableRows").GetInt32();
        importable.ShouldBe(90 - 18 - heldBack.Count);

        (await worker.PostAsync("/api/v1/persons/import", Upload(bytes))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ImportStation.CountAsync(worker, "郦")).ShouldBe(before);
        var response = await worker.PostAsync("/api/v1/persons/import?onlyValid=true", Upload(bytes));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        result.GetProperty("persons").GetInt32().ShouldBe(importable);
        result.GetProperty("skippedRows").GetInt32().ShouldBe(90 - importable);
        (await ImportStation.CountAsync(worker, "郦")).ShouldBe(before + importable);
    }

    [Theory]
    [InlineData("notexcel.xlsx", "hello, not a workbook", "文件无法读取")]
    [InlineData("ledger.pdf", "%PDF-1.4", "不是 .xlsx、.xls 或 .csv 文件")]
    [InlineData("empty.xlsx", "", "文件是空的")]
    public async Task A_file_that_is_not_an_Excel_workbook_gets_a_clear_Chinese_message(string name, string content, string expected)
    {
        await ImportStation.EnsureAsync(app);
        using var worker = await app.ClientAsAsync(ImportStation.Worker);
        foreach (var url in new[] { "/api/v1/persons/import/check", "/api/v1/persons/import" })
        {
            var response = await worker.PostAsync(url, Upload(System.Text.Encoding.UTF8.GetBytes(content), name));
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await response.Content.ReadAsStringAsync()).ShouldContain(expected);
        }
    }

    [Fact]
    public async Task Wrong_headers_a_missing_column_or_no_rows_get_a_clear_Chinese_message()
    {
        await ImportStation.EnsureAsync(app);
        using var worker = await app.ClientAsAsync(ImportStation.Worker);
        async Task<string> CheckAsync(byte[] bytes)
        {
            var response = await worker.PostAsync("/api/v1/persons/import/check", Upload(bytes));
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("file")[0].GetString()!;
        }
        var regions = new MemoryStream();
        MiniExcel.SaveAs(regions, new[] { new Dictionary<string, object?> { ["代码"] = "440112010001", ["名称"] = "黄船社区" } });
        (await CheckAsync(regions.ToArray())).ShouldContain("找不到人员台账模板的表头");

        var file = await CreateAsync(app, 3, seed: 3, surname: "鄂");
        var noId = file.Copy();
        foreach (var row in noId) row.Remove(H(Col.IdNumber));
        (await CheckAsync(ToXlsx(noId))).ShouldContain("缺少这些列：身份证号");

        var template = await worker.GetAsync("/api/v1/persons/template");
        (await CheckAsync(await template.Content.ReadAsByteArrayAsync())).ShouldContain("没有人员数据");
        (await worker.PostAsync("/api/v1/persons/import", Upload(await template.Content.ReadAsByteArrayAsync())))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_template_has_the_layout_a_guide_and_examples_and_downloads_with_a_token_or_the_sign_in_cookie()
    {
        await ImportStation.EnsureAsync(app);
        using var worker = await app.ClientAsAsync(ImportStation.Worker);
        var bytes = await (await worker.GetAsync("/api/v1/persons/template")).Content.ReadAsByteArrayAsync();
        MiniExcel.GetSheetNames(new MemoryStream(bytes)).ShouldBe(["人员台账", "示例", "填写说明"]);
        MiniExcel.GetColumns(new MemoryStream(bytes), useHeaderRow: true, sheetName: "人员台账").Cast<string>()
            .ShouldBe(Shegong.Web.Features.Registry.PersonSheet.Columns.Select(c => c.Header));
        MiniExcel.Query(new MemoryStream(bytes), useHeaderRow: true, sheetName: "填写说明").Count().ShouldBe(24);

        using var browser = await app.BrowserAsAsync(ImportStation.Worker);
        var viaCookie = await browser.GetAsync("/api/v1/persons/template");
        viaCookie.StatusCode.ShouldBe(HttpStatusCode.OK);
        viaCookie.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        using var anonymous = app.AnonymousClient();
        (await anonymous.GetAsync("/api/v1/persons/template")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        using var officer = await app.ClientAsAsync("officer");
        (await officer.PostAsync("/api/v1/persons/import/check", Upload(bytes))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
