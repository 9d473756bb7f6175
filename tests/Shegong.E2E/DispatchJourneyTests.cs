using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Shegong.E2E.Infrastructure;

namespace Shegong.E2E;

/// <summary>
/// Precise dispatch (派单) on a phone: a worker adds a donor linked to the demo `donor` account, offers a wish from the
/// dispatch page's suggestions, and the donor reads the notification and accepts the offer. Screenshots at 390 and 1280 px.
/// </summary>
public sealed class DispatchJourneyTests(E2EFixture e2e)
{
    private async Task<HttpClient> ApiAsAsync(string user)
    {
        var http = new HttpClient { BaseAddress = new Uri(e2e.App.BaseUrl) };
        var token = await http.PostAsJsonAsync("/api/v1/auth/token", new { userName = user, password = AppHost.DemoPassword });
        var accessToken = (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return http;
    }

    private async Task PublishedWishAsync(string description)
    {
        using var worker = await ApiAsAsync("worker");
        using var manager = await ApiAsAsync("manager");
        var persons = await worker.GetFromJsonAsync<JsonElement>("/api/v1/persons?pageSize=100");
        foreach (var p in persons.GetProperty("items").EnumerateArray().Reverse())
        {
            var created = await worker.PostAsJsonAsync("/api/v1/wishes", new
            {
                personId = p.GetProperty("id").GetGuid(), group = "Children", kind = "Material", category = "StudySupplies", description, unitValue = 120m, quantity = 1,
            });
            if (!created.IsSuccessStatusCode) continue; // that household already has an open wish
            var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            foreach (var (client, decision) in new[] { (worker, "Submit"), (manager, "Approve") })
            {
                var version = (await client.GetFromJsonAsync<JsonElement>($"/api/v1/wishes/{id}")).GetProperty("wish").GetProperty("version").GetInt32();
                (await client.PostAsJsonAsync($"/api/v1/wishes/{id}/review", new { version, decision })).EnsureSuccessStatusCode();
            }
            return;
        }
        throw new InvalidOperationException("no person could take a wish");
    }

    [Fact]
    public async Task A_worker_offers_a_wish_to_a_donor_who_accepts_it_on_their_phone()
    {
        var tag = Random.Shared.Next(1000, 9999);
        var description = $"新学期书包（E2E {tag}）";
        var donorName = $"长洲助学企业 {tag}";
        await PublishedWishAsync(description);

        var worker = await e2e.NewPageAsync(390, 844);
        await e2e.LoginAsync(worker, "worker");
        await worker.GotoAsync("/wishes/donors/new");
        await worker.FillAsync("#name", donorName);
        await worker.SelectOptionAsync("#type", "Enterprise");
        await worker.FillAsync("#phone", "13900139000");
        await worker.CheckAsync("input[name=Categories][value=StudySupplies]");
        await worker.FillAsync("#budget", "500");
        await worker.FillAsync("#capacity", "3");
        await worker.FillAsync("#user", "donor");
        await WorkerJourneyTests.NoSidewaysScrollAsync(worker, 390);
        await E2EFixture.ScreenshotAsync(worker, "donor-form-phone");
        await E2EFixture.ClickUntilAsync(worker, "[data-testid=save-donor]", url => !url.Contains("/new"), "save the donor");
        await worker.WaitForSelectorAsync($"text={donorName}");
        await WorkerJourneyTests.NoSidewaysScrollAsync(worker, 390);
        await E2EFixture.ScreenshotAsync(worker, "donors-phone");

        await worker.GotoAsync("/wishes/dispatch?published=true");
        var suggestion = worker.Locator("[data-testid=suggestions] li", new() { HasText = description });
        (await suggestion.TextContentAsync())!.ShouldContain(donorName);
        await WorkerJourneyTests.NoSidewaysScrollAsync(worker, 390);
        await E2EFixture.ScreenshotAsync(worker, "dispatch-phone");
        // The demo's own donors may be suggested for it: change the suggestion to the new donor (the option lists every eligible one).
        var donorOption = await suggestion.Locator("[data-testid=suggested-donor] option").EvaluateAllAsync<string>(
            "(options, name) => options.find(o => o.text.startsWith(name)).value", donorName);
        await suggestion.Locator("[data-testid=suggested-donor]").SelectOptionAsync(donorOption);
        await suggestion.Locator("[data-testid=make-offer]").ClickAsync();
        await worker.WaitForSelectorAsync("text=已派单，已通知捐赠方");

        var donor = await e2e.NewPageAsync(390, 844);
        await e2e.LoginAsync(donor, "donor");
        await donor.GotoAsync("/notifications");
        (await donor.TextContentAsync("[data-testid=notifications]"))!.ShouldContain(description);
        await WorkerJourneyTests.NoSidewaysScrollAsync(donor, 390);
        await E2EFixture.ScreenshotAsync(donor, "notifications-phone");
        await donor.GotoAsync("/wishes/offers");
        await WorkerJourneyTests.NoSidewaysScrollAsync(donor, 390);
        await E2EFixture.ScreenshotAsync(donor, "offers-phone");
        await donor.Locator("[data-testid=my-offers] li", new() { HasText = description }).Locator("[data-testid=donor-accept]").ClickAsync();
        await donor.WaitForSelectorAsync("text=谢谢");
        await E2EFixture.ScreenshotAsync(donor, "offers-accepted-phone");

        var desk = await e2e.NewPageAsync(1280, 900);
        await e2e.LoginAsync(desk, "manager");
        await desk.GotoAsync("/wishes/dispatch?published=true");
        (await desk.TextContentAsync("[data-testid=offers]"))!.ShouldContain(donorName);
        await E2EFixture.ScreenshotAsync(desk, "dispatch-desktop");
        await desk.GotoAsync("/wishes/donors");
        await E2EFixture.ScreenshotAsync(desk, "donors-desktop");
        foreach (var page in new[] { worker, donor, desk }) await page.Context.CloseAsync();
    }
}
