using Microsoft.Playwright;
using Shegong.E2E.Infrastructure;

namespace Shegong.E2E;

/// <summary>A station worker logs in, sees their station, switches to English and back, and logs out.</summary>
public sealed class WorkerJourneyTests(E2EFixture e2e)
{
    [Theory]
    [InlineData("desktop", 1280, 900)]
    [InlineData("phone", 390, 844)]
    public async Task Worker_logs_in_sees_the_station_switches_language_and_logs_out(string device, int width, int height)
    {
        var page = await e2e.NewPageAsync(width, height);
        await page.GotoAsync("/");
        page.Url.ShouldContain("/account/login");
        (await page.TextContentAsync("h1"))!.ShouldContain("社工站服务平台");
        await E2EFixture.ScreenshotAsync(page, $"login-{device}");

        await e2e.LoginAsync(page, "worker");
        (await page.TextContentAsync("[data-testid=scope-name]"))!.ShouldBe("长洲街道社工站");
        (await page.ContentAsync()).ShouldContain("本站概况");
        await NoSidewaysScrollAsync(page, width);
        await E2EFixture.ScreenshotAsync(page, $"home-{device}");

        await OpenMenuIfPhoneAsync(page, width);
        await page.Locator("[data-testid=culture-switch]:visible").First.ClickAsync();
        await page.WaitForSelectorAsync("text=My station");
        (await page.GetAttributeAsync("html", "lang")).ShouldBe("en");
        await E2EFixture.ScreenshotAsync(page, $"home-english-{device}");

        await OpenMenuIfPhoneAsync(page, width);
        await page.Locator("[data-testid=culture-switch]:visible").First.ClickAsync();
        await page.WaitForSelectorAsync("text=本站概况");

        await OpenMenuIfPhoneAsync(page, width);
        await E2EFixture.ClickUntilAsync(page, "[data-testid=logout]:visible", url => url.Contains("/account/login"), "logout");
        await page.GotoAsync("/");
        page.Url.ShouldContain("/account/login");
        await page.Context.CloseAsync();
    }

    internal static async Task OpenMenuIfPhoneAsync(IPage page, int width)
    {
        if (width < 900 && !await page.Locator("details.menu[open]").IsVisibleAsync())
            await page.ClickAsync("details.menu > summary");
    }

    internal static async Task NoSidewaysScrollAsync(IPage page, int width)
    {
        var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        scrollWidth.ShouldBeLessThanOrEqualTo(width, "the page scrolls sideways");
    }
}
