using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Shegong.E2E.Infrastructure;

namespace Shegong.E2E;

/// <summary>
/// At an elder's door the connection drops in the middle of the visit form: what was typed survives a reload without a
/// connection, the save waits ("已暂存，联网后自动提交"), and when the connection returns exactly one visit is saved,
/// however often the worker pressed save meanwhile.
/// </summary>
public sealed class OfflineVisitJourneyTests(E2EFixture e2e)
{
    [Theory]
    [InlineData("phone", 390, 844)]
    [InlineData("desktop", 1280, 900)]
    public async Task A_visit_typed_offline_survives_a_reload_and_is_saved_once_when_back_online(string device, int width, int height)
    {
        using var api = await e2e.ApiAsAsync("worker");
        var personId = await FreshPersonAsync(api);
        var page = await e2e.NewPageAsync(width, height);
        await e2e.LoginAsync(page, "worker");
        await page.GotoAsync($"/persons/{personId}/visit");
        // The form keeps a copy of itself for opening it offline (service worker + cache).
        await page.WaitForSelectorAsync("form[data-offline-ready=true]");

        var stamp = Guid.NewGuid().ToString("N")[..6];
        var living = $"独自在家，午饭吃了面条 {stamp}";
        var risks = $"楼道灯坏了，晚上看不清台阶 {stamp}";
        await page.CheckAsync("input[name='Input.Method'][value=Home]");
        await page.FillAsync("#BasicLiving", living);

        // The connection drops in the middle of the form; the worker goes on typing, then the page is reloaded.
        await page.Context.SetOfflineAsync(true);
        await page.FillAsync("#SafetyRisks", risks);
        await page.FillAsync("#needdesc", "楼道感应灯");
        var reloaded = await page.ReloadAsync();
        reloaded.ShouldNotBeNull("the reload without a connection gave no page");
        reloaded!.FromServiceWorker.ShouldBeTrue("offline, the form comes from the service worker's copy");
        (await page.InputValueAsync("#BasicLiving")).ShouldBe(living);
        (await page.InputValueAsync("#SafetyRisks")).ShouldBe(risks);
        (await page.InputValueAsync("#needdesc")).ShouldBe("楼道感应灯");
        (await page.IsCheckedAsync("input[name='Input.Method'][value=Home]")).ShouldBeTrue();
        (await page.TextContentAsync("[data-testid=draft-state]"))!.ShouldContain("已恢复本机保存的草稿");

        // Save while offline, twice (the worker is not sure the first tap worked): kept, and said so.
        await page.ClickAsync("[data-testid=save-visit]");
        await page.WaitForSelectorAsync("[data-testid=draft-state][data-state=queued]");
        await page.ClickAsync("[data-testid=save-visit]");
        (await page.TextContentAsync("[data-testid=draft-state]"))!.Trim().ShouldBe("已暂存，联网后自动提交");
        page.Url.ShouldContain("/visit");
        await WorkerJourneyTests.NoSidewaysScrollAsync(page, width);
        await E2EFixture.ScreenshotAsync(page, $"visit-offline-queued-{device}");
        var buttons = await page.Locator(".actions .btn:visible").AllAsync();
        foreach (var b in buttons) (await b.BoundingBoxAsync())!.Height.ShouldBeLessThan(60, "a button of the form wraps onto two lines");
        (await VisitsAsync(api, personId)).ShouldBe(0);

        // Back online: the kept save goes out by itself, and the person's file says it was logged.
        await page.Context.SetOfflineAsync(false);
        await page.WaitForURLAsync(url => url.Contains($"/persons/{personId}?saved=visit"), new() { Timeout = 30_000 });
        await page.WaitForSelectorAsync("text=走访已记录");
        (await page.TextContentAsync("[data-testid=visits]"))!.ShouldContain(risks);
        (await VisitsAsync(api, personId)).ShouldBe(1);

        // The draft is gone: the form opens empty, with a new key.
        await page.GotoAsync($"/persons/{personId}/visit");
        (await page.InputValueAsync("#SafetyRisks")).ShouldBe("");
        (await page.Locator("[data-testid=draft-state]").IsHiddenAsync()).ShouldBeTrue();
        await Task.Delay(1500);
        (await VisitsAsync(api, personId)).ShouldBe(1);

        // Logging out takes what this browser kept for the worker with it (a shared phone): the drafts and the
        // offline copy of the form.
        await page.FillAsync("#SafetyRisks", "登出前没写完的记录");
        await page.WaitForFunctionAsync("() => Object.keys(localStorage).some(k => k.startsWith('shegong:visit-draft:'))");
        (await page.EvaluateAsync<int>("async () => (await caches.keys()).length")).ShouldBeGreaterThan(0);
        await page.EvaluateAsync("() => document.querySelector('form[action=\"/account/logout\"]').submit()");
        await page.WaitForURLAsync(url => url.Contains("/account/login"));
        (await page.EvaluateAsync<int>("() => Object.keys(localStorage).filter(k => k.startsWith('shegong:visit-draft:')).length")).ShouldBe(0);
        (await page.EvaluateAsync<int>("async () => (await caches.keys()).length")).ShouldBe(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_offline_state_has_no_serious_accessibility_violation()
    {
        using var api = await e2e.ApiAsAsync("worker");
        var personId = await FreshPersonAsync(api);
        var page = await e2e.NewPageAsync(390, 844);
        await e2e.LoginAsync(page, "worker");
        await page.GotoAsync($"/persons/{personId}/visit");
        await page.WaitForSelectorAsync("form[data-offline-ready=true]");
        await page.FillAsync("#BasicLiving", "无障碍检查");
        await page.Context.SetOfflineAsync(true);
        await page.ClickAsync("[data-testid=save-visit]");
        await page.WaitForSelectorAsync("[data-testid=draft-state][data-state=queued]");
        await Accessibility.NoSeriousViolationsAsync(page, "visit form, saved offline");
        // Discarding the draft empties the form and sends nothing when the connection returns.
        await page.ClickAsync("[data-draft-discard]");
        (await page.InputValueAsync("#BasicLiving")).ShouldBe("");
        await page.Context.SetOfflineAsync(false);
        await Task.Delay(1500);
        page.Url.ShouldContain("/visit");
        (await VisitsAsync(api, personId)).ShouldBe(0);
        await page.Context.CloseAsync();
    }

    /// <summary>A person of worker's station registered for this test, so that its visit count starts at 0.</summary>
    private static async Task<Guid> FreshPersonAsync(HttpClient api)
    {
        var name = "离" + new string(Enumerable.Range(0, 3).Select(_ => (char)Random.Shared.Next(0x4E00, 0x9FA5)).ToArray());
        var response = await api.PostAsJsonAsync("/api/v1/persons", new
        {
            communityCode = "440112010001", relation = "Head", confirmNotDuplicate = true,
            newHousehold = new { address = "长洲路 20 号", livingArrangement = "Alone" },
            person = new
            {
                name, gender = "Female", ethnicity = "汉族", birthDate = "1940-03-02", types = "LivingAlone", tier = "Key",
                legalBasis = "WrittenConsent", consentNote = "本人书面同意",
            },
        });
        var body = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue(body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
    }

    private static async Task<int> VisitsAsync(HttpClient api, Guid personId) =>
        (await api.GetFromJsonAsync<JsonElement>($"/api/v1/persons/{personId}")).GetProperty("visits").GetArrayLength();
}
