using Shegong.E2E.Infrastructure;

namespace Shegong.E2E;

/// <summary>The station manager opens the home page: a task inbox (wishes to review, claims to deliver, return visits, overdue people, each worker's queue).</summary>
public sealed class ManagerInboxJourneyTests(E2EFixture e2e)
{
    [Theory]
    [InlineData("phone", 390, 844)]
    [InlineData("desktop", 1280, 900)]
    public async Task The_manager_sees_what_waits_on_the_station_and_opens_the_wishes_to_review(string device, int width, int height)
    {
        var page = await e2e.NewPageAsync(width, height);
        await e2e.LoginAsync(page, "manager");
        await page.GotoAsync("/");
        await page.WaitForSelectorAsync("[data-testid=manager-inbox]");
        foreach (var id in new[] { "inbox-review", "inbox-deliver", "inbox-return-visit", "inbox-overdue" })
            int.Parse((await page.Locator($"[data-testid={id}] .figure-value").TextContentAsync())!).ShouldBeGreaterThanOrEqualTo(0);
        (await page.Locator("[data-testid=workload] tbody tr").CountAsync()).ShouldBeGreaterThan(0);
        (await page.TextContentAsync("[data-testid=workload]"))!.ShouldContain("李社工");
        await WorkerJourneyTests.NoSidewaysScrollAsync(page, width);
        await E2EFixture.ScreenshotAsync(page, $"manager-inbox-{device}");
        await Accessibility.NoSeriousViolationsAsync(page, "manager's home (task inbox)");
        await E2EFixture.ClickUntilAsync(page, "[data-testid=inbox-review]", url => url.Contains("status=Submitted"), "inbox → wishes to review");
        await page.Context.CloseAsync();
    }
}
