using System.Net;
using System.Text.RegularExpressions;
using MiniExcelLibs;
using Shegong.IntegrationTests.Infrastructure;
using static Shegong.IntegrationTests.Features.Registry.LedgerFile;
using Col = Shegong.Web.Features.Registry.PersonSheet.Col;

namespace Shegong.IntegrationTests.Features.Registry;

/// <summary>The import page as a browser uses it: upload once, read the check, download the problems, import the valid rows.</summary>
public sealed partial class ImportPersonsPageTests(AppFixture app)
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex("name=\"UploadId\" value=\"([0-9a-f]{32})\"")]
    private static partial Regex UploadId();

    private static async Task<string> PostAsync(HttpClient browser, string html, string handler, MultipartFormDataContent form)
    {
        form.Add(new StringContent(handler), "_handler");
        form.Add(new StringContent(Token().Match(html).Groups[1].Value), "__RequestVerificationToken");
        var response = await browser.PostAsync("/persons/import", form);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task A_worker_checks_a_file_sees_every_problem_downloads_them_and_imports_the_valid_rows_without_uploading_again()
    {
        await ImportStation.EnsureAsync(app);
        var file = await CreateAsync(app, 40, seed: 5, surname: "邬");
        var rows = file.Copy();
        rows[0][H(Col.Name)] = "";
        rows[^1][H(Col.Tier)] = "很高";
        var heldBack = file.Lines.Count(l => l.Household == file.Lines[0].Household) - 1
            + file.Lines.Count(l => l.Household == file.Lines[^1].Household) - 1;
        var valid = 40 - 2 - heldBack;

        using var browser = await app.BrowserAsAsync(ImportStation.Worker);
        using var api = await app.ClientAsAsync(ImportStation.Worker);
        var before = await ImportStation.CountAsync(api, "邬");
        var page = await browser.GetStringAsync("/persons/import");
        page.ShouldContain("导入人员台账");
        page.ShouldContain("/api/v1/persons/template");

        var check = await PostAsync(browser, page, "check", new MultipartFormDataContent { { new ByteArrayContent(ToXlsx(rows)), "Upload", "ledger.xlsx" } });
        check.ShouldContain("data-testid=\"import-errors\"");
        check.ShouldContain("发现 2 处问题，涉及 2 行");
        check.ShouldContain("姓名：不能为空");
        check.ShouldContain("跟进分级：“很高”无法识别，应填：高风险、重点、一般");
        check.ShouldContain($"只导入无误的 {valid} 行");
        check.ShouldNotContain("data-testid=\"import-all\"");
        (await ImportStation.CountAsync(api, "邬")).ShouldBe(before);

        var uploadId = UploadId().Match(check).Groups[1].Value;
        var report = await browser.GetAsync($"/api/v1/persons/import/{uploadId}/errors");
        report.StatusCode.ShouldBe(HttpStatusCode.OK);
        var lines = MiniExcel.Query(new MemoryStream(await report.Content.ReadAsByteArrayAsync()), useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        lines.Count.ShouldBe(2 + heldBack);
        lines.ShouldContain(l => Convert.ToInt32(l["行号"]) == 2 && (string)l["列"]! == "姓名");
        // Someone else's upload id opens nothing.
        using var manager = await app.BrowserAsAsync(ImportStation.Manager);
        (await manager.GetAsync($"/api/v1/persons/import/{uploadId}/errors")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var done = await PostAsync(browser, check, "import", new MultipartFormDataContent { { new StringContent(uploadId), "UploadId" }, { new StringContent("valid"), "Mode" } });
        done.ShouldContain("data-testid=\"import-done\"");
        done.ShouldContain($"导入完成：{valid} 人");
        (await ImportStation.CountAsync(api, "邬")).ShouldBe(before + valid);

        // The file is gone once imported: the same id cannot import twice.
        var again = await PostAsync(browser, check, "import", new MultipartFormDataContent { { new StringContent(uploadId), "UploadId" }, { new StringContent("valid"), "Mode" } });
        again.ShouldContain("上传的文件已过期或不存在");
        (await ImportStation.CountAsync(api, "邬")).ShouldBe(before + valid);
    }
}
