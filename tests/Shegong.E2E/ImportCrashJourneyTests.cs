using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MiniExcelLibs;
using Shegong.Domain.Registry;
using Shegong.E2E.Infrastructure;
using Shegong.Web.Features.Registry;
using Col = Shegong.Web.Features.Registry.PersonSheet.Col;

namespace Shegong.E2E;

/// <summary>
/// Issue 11, item 7: the host is killed (SIGKILL) in the middle of a ledger import. Started again on the same
/// database, it holds none of the file's people (the import is one transaction), its figures agree with its records
/// (verify-stats), and the import's page says that the import was cut off and nothing was imported.
/// </summary>
public sealed class ImportCrashJourneyTests(E2EFixture e2e)
{
    private const string Surname = "宰父";

    private static string Ledger(int rows)
    {
        var random = new Random(77);
        var issued = new HashSet<string>();
        var list = new List<Dictionary<string, object?>>(rows);
        for (var i = 0; i < rows; i++)
        {
            ResidentId id;
            do id = ResidentId.Create("440103", new DateOnly(1905, 1, 1).AddDays(random.Next(0, 365 * 10)), random.Next(0, 1000));
            while (!issued.Add(id.Value));
            var row = PersonSheet.NewRow();
            void Set(Col c, object? v) => row[PersonSheet.Of(c).Header] = v;
            Set(Col.CommunityCode, "440112010001");
            Set(Col.Name, Surname + (char)('甲' + i % 20));
            Set(Col.IdNumber, id.Value);
            Set(Col.Tier, "一般");
            Set(Col.LegalBasis, "本人书面同意");
            Set(Col.Address, $"长洲路 {i + 1} 号");
            Set(Col.Types, "独居");
            list.Add(row);
        }
        var path = Path.Combine(Path.GetTempPath(), $"ledger-crash-{Guid.NewGuid():N}.xlsx");
        MiniExcel.SaveAs(path, list, sheetName: PersonSheet.SheetName);
        return path;
    }

    private static async Task<int> CountAsync(AppHost host)
    {
        using var http = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };
        var token = await http.PostAsJsonAsync("/api/v1/auth/token", new { userName = "worker", password = AppHost.DemoPassword });
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString());
        return (await http.GetFromJsonAsync<JsonElement>($"/api/v1/persons?pageSize=1&name={Uri.EscapeDataString(Surname)}")).GetProperty("total").GetInt32();
    }

    [Fact]
    public async Task A_host_killed_in_the_middle_of_an_import_keeps_nothing_of_it_and_after_the_restart_the_page_says_the_import_failed()
    {
        var first = await AppHost.StartAsync(readySeconds: 300); // a host of its own (the journeys' host is not to be killed); a loaded machine seeds slowly
        AppHost? second = null;
        try
        {
            var page = await e2e.NewPageAsync(390, 844, first.BaseUrl);
            await e2e.LoginAsync(page, "worker");
            await page.GotoAsync("/persons/import");
            await page.SetInputFilesAsync("#upload", Ledger(30_000));
            await page.ClickAsync("button:has-text('检查文件')");
            await page.WaitForSelectorAsync("[data-testid=import-all]", new() { Timeout = 240_000 });
            await page.ClickAsync("[data-testid=import-all]");
            // The progress page (it refreshes itself) reports rows inserted inside the uncommitted transaction.
            await page.WaitForFunctionAsync("() => /已导入 [1-9][0-9,]* 人/.test(document.body.innerText)", null, new() { Timeout = 240_000, PollingInterval = 200 });
            var job = new Uri(page.Url).Query.Split("job=")[1].Split('&')[0];
            var seen = (await page.TextContentAsync("[data-testid=import-progress]"))!;
            await first.KillAsync();
            await page.Context.CloseAsync();

            second = await AppHost.StartAsync(first.Folder, readySeconds: 300);
            (await CountAsync(second)).ShouldBe(0, $"killed while the page said: {seen}");
            var (code, output) = await second.RunCommandAsync("verify-stats");
            code.ShouldBe(0, output);

            foreach (var (width, height, name) in new[] { (390, 844, "phone"), (1280, 900, "desktop") })
            {
                var again = await e2e.NewPageAsync(width, height, second.BaseUrl);
                await e2e.LoginAsync(again, "worker");
                await again.GotoAsync($"/persons/import?job={job}");
                var alert = (await again.TextContentAsync("[data-testid=import-interrupted]", new() { Timeout = 30_000 }))!;
                alert.ShouldContain("没有导入任何数据");
                (await again.Locator("[data-testid=import-progress]").CountAsync()).ShouldBe(0);
                await E2EFixture.ScreenshotAsync(again, $"person-import-interrupted-{name}");
                await Accessibility.NoSeriousViolationsAsync(again, $"person-import-interrupted-{name}");
                await again.Context.CloseAsync();
            }
        }
        finally
        {
            if (second is not null) await second.DisposeAsync();
            await first.DisposeAsync();
            try { Directory.Delete(first.Folder, true); } catch (IOException) { }
        }
    }
}
