using Deque.AxeCore.Playwright;
using Shegong.E2E.Infrastructure;

namespace Shegong.E2E;

/// <summary>
/// The district, city and province officers open their dashboard on a phone and on a desk: headline figures with
/// their definitions, completion per tier in the tier's own period, five trend charts (the fifth: cases opened and closed) with their tables, and the
/// comparison one level down, sorted by overdue and drilled down to a station; before it, the home page's headline
/// card. axe-core finds no violation on either.
/// </summary>
public sealed class DashboardJourneyTests(E2EFixture e2e)
{
    [Theory]
    [InlineData("officer", "district", "phone", 390, 844)]
    [InlineData("officer", "district", "desktop", 1280, 900)]
    [InlineData("cityofficer", "city", "phone", 390, 844)]
    [InlineData("cityofficer", "city", "desktop", 1280, 900)]
    [InlineData("admin", "province", "phone", 390, 844)]
    [InlineData("admin", "province", "desktop", 1280, 900)]
    public async Task An_officer_reads_the_dashboard_of_their_area_and_drills_down(string user, string level, string device, int width, int height)
    {
        var page = await e2e.NewPageAsync(width, height);
        await e2e.LoginAsync(page, user);
        // The home page first: the officer's headline card (people on file, overdue, completion per tier) leads to the dashboard.
        await page.GotoAsync("/");
        await page.WaitForSelectorAsync("[data-testid=home-ledger]");
        (await page.TextContentAsync("[data-testid=home-ledger]"))!.ShouldContain("%");
        await E2EFixture.ScreenshotAsync(page, $"home-{level}-{device}");
        var homeAxe = await page.RunAxe();
        homeAxe.Violations.ShouldBeEmpty(string.Join("\n", homeAxe.Violations.Select(v => $"home: {v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Take(3).Select(n => string.Join(" ", n.Target)))})")));
        await page.GotoAsync("/dashboard");
        await page.WaitForSelectorAsync("[data-testid=headline]");
        foreach (var tier in new[] { "HighRisk", "Key", "General" })
            (await page.TextContentAsync($"[data-testid=tier-{tier}]"))!.ShouldContain("%");
        foreach (var chart in new[] { "chart-onfile", "chart-completion", "chart-visits", "chart-wishes", "chart-cases" })
            (await page.Locator($"[data-testid={chart}] svg").CountAsync()).ShouldBe(1);
        (await page.Locator("[data-testid=comparison] tbody tr").CountAsync()).ShouldBeGreaterThan(0);
        await WorkerJourneyTests.NoSidewaysScrollAsync(page, width);
        await E2EFixture.ScreenshotAsync(page, $"dashboard-{level}-{device}");
        var axe = await page.RunAxe();
        axe.Violations.ShouldBeEmpty(string.Join("\n", axe.Violations.Select(v => $"{v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Take(3).Select(n => string.Join(" ", n.Target)))})")));

        // Sort by on-file count, lowest first (the column header on a desk, the sort form on a phone), then drill down
        // along the first row until a station's own dashboard.
        if (width >= 640)
        {
            await page.ClickAsync("[data-testid=sort-onFile]"); // highest first, a second click lowest first
            await page.WaitForURLAsync("**sort=onFile&dir=desc**");
            await page.ClickAsync("[data-testid=sort-onFile]");
        }
        else
        {
            await page.SelectOptionAsync("#sort", "onFile");
            await page.WaitForURLAsync("**sort=onFile**");
            await page.SelectOptionAsync("#dir", "asc");
        }
        await page.WaitForURLAsync("**sort=onFile&dir=asc**");
        (await page.Locator("#sort").InputValueAsync()).ShouldBe("onFile");
        for (var i = 0; i < 3 && await page.Locator("[data-testid=comparison] tbody tr td a").CountAsync() > 0; i++)
        {
            var name = (await page.Locator("[data-testid=comparison] tbody tr td a").First.TextContentAsync())!.Trim();
            await page.Locator("[data-testid=comparison] tbody tr td a").First.ClickAsync();
            await page.WaitForSelectorAsync($"h1:has-text('{name}')");
            (await page.Locator("[data-testid=dashboard-up]").CountAsync()).ShouldBe(1);
        }
        await page.Context.CloseAsync();
    }
}
