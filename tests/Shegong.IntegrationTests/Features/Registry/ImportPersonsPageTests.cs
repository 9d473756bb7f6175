using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
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

    [Fact]
    public async Task A_file_that_takes_longer_continues_on_a_progress_page_the_worker_can_leave_and_come_back_to()
    {
        await ImportStation.EnsureAsync(app);
        var file = await CreateAsync(app, 300, seed: 9, surname: "屈");
        // A host that never waits for the job: every check and import continues on the progress page.
        await using var factory = app.CreateFactory(new Dictionary<string, string?> { ["Import:AnswerWithinSeconds"] = "0" });
        var browser = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var login = await AppFixture.PostFormAsync(browser, "/account/login", "login",
            new() { ["Input.UserName"] = ImportStation.Worker, ["Input.Password"] = AppFixture.DemoPassword });
        ((int)login.StatusCode).ShouldBe(302);
        using var api = await app.ClientAsAsync(ImportStation.Worker);
        var before = await ImportStation.CountAsync(api, "屈");

        async Task<string> FollowAsync(HttpResponseMessage posted)
        {
            posted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            var location = posted.Headers.Location!.ToString();
            location.ShouldContain("/persons/import?job=");
            for (var i = 0; i < 120; i++)
            {
                var html = await browser.GetStringAsync(location);
                if (!html.Contains("data-testid=\"import-progress\"")) return html;
                html.ShouldContain("http-equiv=\"refresh\"");
                await Task.Delay(250);
            }
            throw new TimeoutException("the job did not finish");
        }

        var page = await browser.GetStringAsync("/persons/import");
        var form = new MultipartFormDataContent { { new ByteArrayContent(ToXlsx(file.Copy())), "Upload", "ledger.xlsx" } };
        form.Add(new StringContent("check"), "_handler");
        form.Add(new StringContent(Token().Match(page).Groups[1].Value), "__RequestVerificationToken");
        var checkedPage = await FollowAsync(await browser.PostAsync("/persons/import", form));
        checkedPage.ShouldContain("data-testid=\"import-all\"");
        (await ImportStation.CountAsync(api, "屈")).ShouldBe(before);

        // Someone else cannot follow the job's address.
        using var other = await app.BrowserAsAsync(ImportStation.Manager);
        var uploadId = UploadId().Match(checkedPage).Groups[1].Value;
        (await other.GetStringAsync($"/persons/import?job={uploadId}")).ShouldNotContain("data-testid=\"import-all\"");

        var import = new MultipartFormDataContent { { new StringContent(uploadId), "UploadId" }, { new StringContent("all"), "Mode" } };
        import.Add(new StringContent("import"), "_handler");
        import.Add(new StringContent(Token().Match(checkedPage).Groups[1].Value), "__RequestVerificationToken");
        var donePage = await FollowAsync(await browser.PostAsync("/persons/import", import));
        donePage.ShouldContain("data-testid=\"import-done\"");
        (await ImportStation.CountAsync(api, "屈")).ShouldBe(before + 300);

        // The import is written to the audit log in the worker's name, not the system's.
        using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<Shegong.Web.Infrastructure.Data.ShegongDbContext>();
        var entry = await db.AuditEntries.IgnoreQueryFilters().Where(e => e.EntityId == "import").OrderByDescending(e => e.TimestampUtc).ThenByDescending(e => e.Sequence).FirstAsync();
        entry.UserName.ShouldBe(ImportStation.Worker);
        entry.Details.ShouldContain("persons=300");
    }
}
