using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Shegong.E2E.Infrastructure;

namespace Shegong.E2E;

/// <summary>A citizen on a phone opens the public wish board, claims a wish, keeps the code, and withdraws with it.</summary>
public sealed class BoardJourneyTests(E2EFixture e2e)
{
    private async Task<HttpClient> ApiAsAsync(string user)
    {
        var http = new HttpClient { BaseAddress = new Uri(e2e.App.BaseUrl) };
        var token = await http.PostAsJsonAsync("/api/v1/auth/token", new { userName = user, password = AppHost.DemoPassword });
        var accessToken = (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return http;
    }

    /// <summary>A wish recorded by the worker for a person of the demo ledger and approved by the manager.</summary>
    private async Task<Guid> PublishedWishAsync(string description)
    {
        using var worker = await ApiAsAsync("worker");
        using var manager = await ApiAsAsync("manager");
        var persons = await worker.GetFromJsonAsync<JsonElement>("/api/v1/persons?pageSize=100");
        foreach (var p in persons.GetProperty("items").EnumerateArray())
        {
            var created = await worker.PostAsJsonAsync("/api/v1/wishes", new
            {
                personId = p.GetProperty("id").GetGuid(), group = "Elderly", kind = "Material", category = "HouseholdAppliance",
                description, unitValue = 260m, quantity = 1,
            });
            if (!created.IsSuccessStatusCode) continue; // that household already has an open wish
            var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            foreach (var (client, decision) in new[] { (worker, "Submit"), (manager, "Approve") })
            {
                var version = (await client.GetFromJsonAsync<JsonElement>($"/api/v1/wishes/{id}")).GetProperty("wish").GetProperty("version").GetInt32();
                (await client.PostAsJsonAsync($"/api/v1/wishes/{id}/review", new { version, decision })).EnsureSuccessStatusCode();
            }
            return id;
        }
        throw new InvalidOperationException("no person could take a wish");
    }

    [Fact]
    public async Task A_citizen_claims_a_wish_on_a_phone_keeps_the_code_and_withdraws_with_it()
    {
        var description = "一台电风扇（E2E " + Random.Shared.Next(1000, 9999) + "）";
        await PublishedWishAsync(description);
        var page = await e2e.NewPageAsync(390, 844);
        await page.GotoAsync("/board");
        (await page.TextContentAsync("h1"))!.ShouldBe("微心愿认领");
        var card = page.Locator("[data-testid=board-cards] li", new() { HasText = description });
        (await card.TextContentAsync())!.ShouldContain("某");
        await WorkerJourneyTests.NoSidewaysScrollAsync(page, 390);
        await E2EFixture.ScreenshotAsync(page, "board-phone");

        await card.Locator("[data-testid=claim-one]").ClickAsync();
        await page.WaitForSelectorAsync("[data-testid=claim-form]");
        await page.FillAsync("#cname", "长洲爱心超市");
        await page.CheckAsync("input[name='Input.ClaimantType'][value=Enterprise]");
        await page.FillAsync("#cphone", "13800138000");
        await page.CheckAsync("input[name='Input.NamedPublicly']");
        await WorkerJourneyTests.NoSidewaysScrollAsync(page, 390);
        await E2EFixture.ScreenshotAsync(page, "board-claim-phone");
        await page.ClickAsync("[data-testid=claim-submit]");
        var code = (await page.Locator("[data-testid=claim-code]").TextContentAsync())!.Trim();
        code.ShouldMatch("^[2-9A-Z]{4}-[2-9A-Z]{4}$");
        await E2EFixture.ScreenshotAsync(page, "board-claimed-phone");

        await page.GotoAsync("/board");
        (await page.Locator("[data-testid=board-cards] li", new() { HasText = description }).CountAsync()).ShouldBe(0);
        await page.GotoAsync("/board/mine");
        await page.FillAsync("#code", code.ToLowerInvariant());
        await page.ClickAsync("button[type=submit]");
        (await page.TextContentAsync("[data-testid=my-claims]"))!.ShouldContain("待送达");
        await page.ClickAsync("[data-testid=withdraw]");
        await page.WaitForSelectorAsync("text=已撤回");
        await page.GotoAsync("/board");
        (await page.Locator("[data-testid=board-cards] li", new() { HasText = description }).CountAsync()).ShouldBe(1);
        await page.Context.CloseAsync();
    }
}
