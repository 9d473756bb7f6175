using System.Net.Http.Json;
using System.Text.Json;
using Shegong.E2E.Infrastructure;

namespace Shegong.E2E;

/// <summary>
/// A citizen scans an old poster's QR code for a wish someone else claimed meanwhile: the page says so with thanks and
/// offers the same station's open wishes and its contact; an unknown address gets the app's own Chinese 404 page.
/// </summary>
public sealed class StaleQrJourneyTests(E2EFixture e2e)
{
    [Theory]
    [InlineData("phone", 390, 844)]
    [InlineData("desktop", 1280, 900)]
    public async Task An_old_qr_code_of_a_claimed_wish_thanks_the_citizen_and_shows_the_stations_open_wishes(string device, int width, int height)
    {
        var description = "一套冬季棉被（E2E " + Random.Shared.Next(1000, 9999) + "）";
        var wish = await e2e.PublishedWishAsync(description, category: "DailyNecessities", unitValue: 180m, fromEnd: true);
        using (var anonymous = new HttpClient { BaseAddress = new Uri(e2e.App.BaseUrl) })
        {
            var claimed = await anonymous.PostAsJsonAsync("/api/v1/board/claims", new
            {
                items = new[] { new { wishId = wish, units = 1 } }, claimantName = "长洲志愿者协会", claimantType = "SocialOrganization",
                phone = "13700137000", pledgedBy = DateTime.Today.AddDays(7).ToString("yyyy-MM-dd"), namedPublicly = false,
            });
            claimed.EnsureSuccessStatusCode();
        }
        var page = await e2e.NewPageAsync(width, height);
        await page.GotoAsync($"/board/claim?wish={wish}");
        (await page.TextContentAsync("[data-testid=stale-wish]"))!.ShouldContain(description);
        (await page.TextContentAsync("[data-testid=stale-thanks]"))!.ShouldContain("已被认领，谢谢您的爱心");
        (await page.Locator("[data-testid=station-open-wishes] li").CountAsync()).ShouldBeGreaterThan(0);
        (await page.TextContentAsync("[data-testid=station-contact]"))!.ShouldContain("服务时间");
        (await page.Locator("[data-testid=station-phone]").GetAttributeAsync("href"))!.ShouldStartWith("tel:");
        await WorkerJourneyTests.NoSidewaysScrollAsync(page, width);
        await E2EFixture.ScreenshotAsync(page, $"stale-qr-{device}");
        await Accessibility.NoSeriousViolationsAsync(page, "stale QR code");

        // The board names each wish's station and how to reach it.
        await page.GotoAsync("/board?category=DailyNecessities");
        (await page.TextContentAsync("[data-testid=board-cards]"))!.ShouldContain("发布：");
        (await page.TextContentAsync("[data-testid=station-contact]"))!.ShouldContain("联系社工站");
        await E2EFixture.ScreenshotAsync(page, $"board-contact-{device}");
        await Accessibility.NoSeriousViolationsAsync(page, "board");

        var missing = await page.GotoAsync("/nonexistent-page");
        missing!.Status.ShouldBe(404);
        (await page.TextContentAsync("h1"))!.ShouldBe("未找到");
        (await page.Locator("link[href^='app.css']").CountAsync()).ShouldBe(1);
        await E2EFixture.ScreenshotAsync(page, $"not-found-{device}");
        await Accessibility.NoSeriousViolationsAsync(page, "404 page");
        await page.Context.CloseAsync();
    }
}
