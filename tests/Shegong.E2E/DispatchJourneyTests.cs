using Shegong.E2E.Infrastructure;

namespace Shegong.E2E;

/// <summary>
/// Precise dispatch (派单) on a phone: a worker adds a donor linked to the demo `donor` account, offers a wish from the
/// dispatch page's suggestions, and the donor reads the notification and accepts the offer. Screenshots at 390 and 1280 px.
/// </summary>
public sealed class DispatchJourneyTests(E2EFixture e2e)
{
    [Fact]
    public async Task A_worker_offers_a_wish_to_a_donor_who_accepts_it_on_their_phone()
    {
        var tag = Random.Shared.Next(1000, 9999);
        var description = $"新学期书包（E2E {tag}）";
        var donorName = $"长洲助学企业 {tag}";
        await e2e.PublishedWishAsync(description, "Children", "StudySupplies", 120m, fromEnd: true);

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
