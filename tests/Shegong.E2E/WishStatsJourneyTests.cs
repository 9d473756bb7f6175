using Shegong.E2E.Infrastructure;

namespace Shegong.E2E;

/// <summary>
/// The district officer reads last year's micro-wish figures (the Tongling scenario, made by the
/// <c>generate-wishes</c> command) on a phone and on a desktop, drills down to the station and sees 98.0%.
/// </summary>
public sealed class WishStatsJourneyTests(E2EFixture e2e)
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static bool _generated;
    private static readonly int Year = DateTime.UtcNow.AddHours(8).Year - 1;

    private async Task ScenarioAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_generated) return;
            var (code, output) = await e2e.App.RunCommandAsync("generate-wishes", "--scenario", "tongling", "--station", "440112002", "--year", Year.ToString());
            code.ShouldBe(0, output);
            _generated = true;
        }
        finally { Gate.Release(); }
    }

    [Theory]
    [InlineData("phone", 390, 844)]
    [InlineData("desktop", 1280, 900)]
    public async Task The_district_officer_reads_the_wish_figures_and_drills_down_to_the_station(string device, int width, int height)
    {
        await ScenarioAsync();
        var page = await e2e.NewPageAsync(width, height);
        await e2e.LoginAsync(page, "officer");
        await page.GotoAsync($"/wishes/stats?period={Year}");
        (await page.TextContentAsync("[data-testid=wish-rate]"))!.ShouldContain("98.0%");
        (await page.TextContentAsync("[data-testid=wish-children]"))!.ShouldContain("红山街道");
        await WorkerJourneyTests.NoSidewaysScrollAsync(page, width);
        await E2EFixture.ScreenshotAsync(page, $"wish-stats-district-{device}");
        await page.ClickAsync("[data-testid=wish-children] a:has-text('红山街道')");
        await page.WaitForSelectorAsync("h1:has-text('红山街道')");
        (await page.TextContentAsync("[data-testid=wish-collected]"))!.ShouldContain("2,304");
        (await page.TextContentAsync("[data-testid=wish-rate]"))!.ShouldContain("98.0%");
        await WorkerJourneyTests.NoSidewaysScrollAsync(page, width);
        await E2EFixture.ScreenshotAsync(page, $"wish-stats-station-{device}");
        await page.Context.CloseAsync();
    }
}
