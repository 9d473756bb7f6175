using Microsoft.Playwright;
using Shegong.E2E.Infrastructure;

namespace Shegong.E2E;

/// <summary>
/// At phone width, a worker opens the overdue list, finds an overdue elder, logs a home visit and sees the elder
/// leave the overdue list; the ledger pages are screenshotted on the way (phone and desktop).
/// </summary>
public sealed class VisitJourneyTests(E2EFixture e2e)
{
    [Fact]
    public async Task Worker_finds_an_overdue_elder_logs_a_home_visit_and_the_elder_leaves_the_overdue_list()
    {
        var page = await e2e.NewPageAsync(390, 844);
        await e2e.LoginAsync(page, "worker");
        (await page.TextContentAsync("[data-testid=my-work]"))!.ShouldContain("我的走访");
        await E2EFixture.ScreenshotAsync(page, "worker-home-phone");

        await page.ClickAsync("[data-testid=home-overdue]");
        await page.WaitForURLAsync(url => url.Contains("/visits/overdue"));
        await WorkerJourneyTests.NoSidewaysScrollAsync(page, 390);
        await E2EFixture.ScreenshotAsync(page, "overdue-phone");

        // The most overdue person of this worker: an elder of the demo ledger.
        var first = page.Locator("[data-testid=overdue-list] li").First;
        var name = (await first.Locator("strong").TextContentAsync())!.Trim();
        (await first.TextContentAsync())!.ShouldContain("逾期");
        await first.Locator("a.work-main").ClickAsync();
        await page.WaitForSelectorAsync("[data-testid=person-name]");
        (await page.TextContentAsync("[data-testid=id-number]"))!.ShouldContain("********");
        await WorkerJourneyTests.NoSidewaysScrollAsync(page, 390);
        await E2EFixture.ScreenshotAsync(page, "person-phone");

        await page.ClickAsync("[data-testid=log-visit]");
        await page.WaitForSelectorAsync("[data-testid=visit-form]");
        await page.CheckAsync("input[name='Input.Method'][value=Home]");
        await page.FillAsync("#BasicLiving", "独自在家，饮食正常，血压稳定");
        await page.FillAsync("#SafetyRisks", "浴室地面湿滑，已建议加装扶手");
        await page.FillAsync("#needdesc", "需要浴室防滑垫和扶手");
        await WorkerJourneyTests.NoSidewaysScrollAsync(page, 390);
        await E2EFixture.ScreenshotAsync(page, "log-visit-phone");
        await page.ClickAsync("[data-testid=save-visit]");
        await page.WaitForSelectorAsync("text=走访已记录");
        (await page.TextContentAsync("[data-testid=visits]"))!.ShouldContain("浴室地面湿滑");
        (await page.ContentAsync()).ShouldContain("需要浴室防滑垫和扶手");

        await page.GotoAsync("/visits/overdue");
        var names = await page.Locator("[data-testid=overdue-list] li strong, [data-testid=overdue-empty]").AllTextContentsAsync();
        names.Select(n => n.Trim()).ShouldNotContain(name);
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("phone", 390, 844)]
    [InlineData("desktop", 1280, 900)]
    public async Task Ledger_pages_render_without_sideways_scrolling(string device, int width, int height)
    {
        var page = await e2e.NewPageAsync(width, height);
        await e2e.LoginAsync(page, "manager");
        foreach (var (url, shot) in new[] { ("/persons", "persons"), ("/persons/new", "person-new"), ("/visits/week?all=true", "week"), ("/visit-rules", "visit-rules") })
        {
            await page.GotoAsync(url);
            (await page.Locator("h1").First.TextContentAsync())!.Length.ShouldBeGreaterThan(0);
            await WorkerJourneyTests.NoSidewaysScrollAsync(page, width);
            await E2EFixture.ScreenshotAsync(page, $"{shot}-{device}");
        }
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("phone", 390, 844)]
    [InlineData("desktop", 1280, 900)]
    public async Task A_city_officer_sees_visit_completion_by_district_and_drills_down(string device, int width, int height)
    {
        var page = await e2e.NewPageAsync(width, height);
        await e2e.LoginAsync(page, "cityofficer");
        await page.GotoAsync("/stats/registry");
        (await page.TextContentAsync("[data-testid=completion]"))!.ShouldContain("走访完成率");
        var areas = await page.Locator("[data-testid=children] tbody tr").AllTextContentsAsync();
        areas.ShouldContain(a => a.Contains("黄埔区"));
        areas.ShouldContain(a => a.Contains("天河区"));
        await WorkerJourneyTests.NoSidewaysScrollAsync(page, width);
        await E2EFixture.ScreenshotAsync(page, $"stats-city-{device}");
        await page.ClickAsync("[data-testid=children] a:has-text('黄埔区')");
        await page.WaitForSelectorAsync("h1:has-text('黄埔区')");
        (await page.TextContentAsync("[data-testid=children]"))!.ShouldContain("长洲街道");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Registering_a_person_on_a_phone_flags_a_wrong_id_on_leaving_the_field_and_keeps_what_was_typed()
    {
        var page = await e2e.NewPageAsync(390, 844);
        await e2e.LoginAsync(page, "worker");
        await page.GotoAsync("/persons/new");
        var birth = new DateOnly(Random.Shared.Next(1935, 1945), Random.Shared.Next(1, 13), Random.Shared.Next(1, 28));
        var id = Shegong.Domain.Registry.ResidentId.Create("440112", birth, Random.Shared.Next(0, 1000)).Value;
        var wrong = id[..17] + (id[17] == '0' ? '1' : '0');
        await page.SelectOptionAsync("#community", "440112010003");
        await page.FillAsync("#name", "陈" + (char)Random.Shared.Next(0x4E00, 0x9FA5) + (char)Random.Shared.Next(0x4E00, 0x9FA5));
        await page.FillAsync("#idnumber", wrong);
        await page.FocusAsync("#phone");
        (await page.TextContentAsync("p.field-error[data-for=idnumber]"))!.ShouldContain("校验位不正确");
        await page.FillAsync("#phone", "1380013");
        await page.FocusAsync("#ecname");
        (await page.TextContentAsync("p.field-error[data-for=phone]"))!.ShouldContain("11 位");
        await E2EFixture.ScreenshotAsync(page, "person-new-errors-phone");

        // The server refuses the same input and keeps everything typed.
        await page.CheckAsync("input[name='Input.Tier'][value=HighRisk]");
        await page.CheckAsync("input[name=types][value=LivingAlone]");
        await page.FillAsync("#address", "长洲路 12 号 301");
        await page.CheckAsync("input[name='Input.LegalBasis'][value=WrittenConsent]");
        await page.ClickAsync("[data-testid=save-person]");
        await page.WaitForSelectorAsync("p.field-error:has-text('校验位不正确')");
        (await page.InputValueAsync("#address")).ShouldBe("长洲路 12 号 301");
        (await page.IsCheckedAsync("input[name=types][value=LivingAlone]")).ShouldBeTrue();

        await page.FillAsync("#idnumber", id);
        await page.FillAsync("#phone", "13800138000");
        await page.ClickAsync("[data-testid=save-person]");
        await page.WaitForSelectorAsync("[data-testid=person-name]");
        (await page.TextContentAsync("[data-testid=id-number]"))!.ShouldBe(id[..6] + "********" + id[14..]);
        (await page.ContentAsync()).ShouldContain("高风险");
        await page.Context.CloseAsync();
    }
}
