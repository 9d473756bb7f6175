using Shegong.E2E.Infrastructure;

namespace Shegong.E2E;

/// <summary>A citizen on a phone opens the public wish board, claims a wish, keeps the code, and withdraws with it.</summary>
public sealed class BoardJourneyTests(E2EFixture e2e)
{
    [Fact]
    public async Task A_citizen_claims_a_wish_on_a_phone_keeps_the_code_and_withdraws_with_it()
    {
        var description = "一台电风扇（E2E " + Random.Shared.Next(1000, 9999) + "）";
        await e2e.PublishedWishAsync(description);
        var page = await e2e.NewPageAsync(390, 844);
        // Filtered as a citizen would: once the hourly upkeep has released last year's unkept claims of the Tongling
        // scenario (WishStatsJourneyTests), those older wishes fill the first page of the unfiltered board.
        const string board = "/board?group=Elderly&category=HouseholdAppliance";
        await page.GotoAsync(board);
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

        await page.GotoAsync(board);
        (await page.Locator("[data-testid=board-cards] li", new() { HasText = description }).CountAsync()).ShouldBe(0);
        await page.GotoAsync("/board/mine");
        await page.FillAsync("#code", code.ToLowerInvariant());
        await page.ClickAsync("button[type=submit]");
        (await page.TextContentAsync("[data-testid=my-claims]"))!.ShouldContain("待送达");
        (await page.TextContentAsync("[data-testid=station-contact]"))!.ShouldContain("服务时间");
        await Accessibility.NoSeriousViolationsAsync(page, "my claims (/board/mine)");
        await page.ClickAsync("[data-testid=withdraw]");
        await page.WaitForSelectorAsync("text=已撤回");
        await page.GotoAsync(board);
        (await page.Locator("[data-testid=board-cards] li", new() { HasText = description }).CountAsync()).ShouldBe(1);
        await page.Context.CloseAsync();
    }
}
