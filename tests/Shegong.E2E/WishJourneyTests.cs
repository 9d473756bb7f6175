using System.Net.Http.Json;
using Shegong.E2E.Infrastructure;

namespace Shegong.E2E;

/// <summary>
/// At phone width: a worker records a wish from a person's file and submits it, the manager approves it, a citizen
/// claims it on the board, and the worker records the delivery and the return visit that closes it.
/// </summary>
public sealed class WishJourneyTests(E2EFixture e2e)
{
    [Fact]
    public async Task A_wish_goes_from_a_workers_phone_through_the_board_to_its_return_visit()
    {
        var description = "一个助行器（E2E " + Random.Shared.Next(1000, 9999) + "）";
        var worker = await e2e.NewPageAsync(390, 844);
        await e2e.LoginAsync(worker, "worker");
        // A person of the ledger whose household has no open wish yet: try the list until the form saves.
        await worker.GotoAsync("/persons?tier=HighRisk");
        var people = await worker.Locator("[data-testid=persons-table] td a").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
        string? wishUrl = null;
        foreach (var href in people.Reverse())
        {
            await worker.GotoAsync($"/wishes/new?person={href!.Split('/').Last()}");
            await worker.CheckAsync("input[name='Input.Group'][value=Elderly]");
            await worker.SelectOptionAsync("#category", "MedicalDevice");
            await worker.FillAsync("#desc", description);
            await worker.FillAsync("#value", "280");
            await worker.ClickAsync("[data-testid=save-wish]");
            await worker.WaitForLoadStateAsync();
            if (worker.Url.Contains("/wishes/") && !worker.Url.Contains("/new")) { wishUrl = worker.Url.Split('?')[0]; break; }
        }
        wishUrl.ShouldNotBeNull();
        await WorkerJourneyTests.NoSidewaysScrollAsync(worker, 390);
        await E2EFixture.ScreenshotAsync(worker, "wish-draft-phone");
        await worker.ClickAsync("[data-testid=submit-wish]");
        await worker.WaitForSelectorAsync("text=已提交审核");

        var manager = await e2e.NewPageAsync(390, 844);
        await e2e.LoginAsync(manager, "manager");
        await manager.GotoAsync("/wishes?status=Submitted");
        await manager.ClickAsync($"[data-testid=wish-list] a:has-text('{description}')");
        await manager.ClickAsync("[data-testid=approve-wish]");
        await manager.WaitForSelectorAsync("text=已公开，等待认领");

        var citizen = await e2e.NewPageAsync(390, 844);
        await citizen.GotoAsync("/board");
        await citizen.Locator("[data-testid=board-cards] li", new() { HasText = description }).Locator("[data-testid=claim-one]").ClickAsync();
        await citizen.FillAsync("#cname", "长洲康复用品店");
        await citizen.CheckAsync("input[name='Input.ClaimantType'][value=Enterprise]");
        await citizen.FillAsync("#cphone", "13900139000");
        await citizen.CheckAsync("input[name='Input.NamedPublicly']");
        await citizen.ClickAsync("[data-testid=claim-submit]");
        await citizen.WaitForSelectorAsync("[data-testid=claim-code]");

        await worker.GotoAsync(wishUrl);
        (await worker.TextContentAsync("[data-testid=wish-claims]"))!.ShouldContain("长洲康复用品店");
        await worker.ClickAsync("[data-testid=deliver]");
        await worker.WaitForSelectorAsync("[data-testid=return-visit-form]");
        await worker.FillAsync("#rvnote", "老人已用上助行器，很满意");
        await E2EFixture.ScreenshotAsync(worker, "wish-delivered-phone");
        await worker.ClickAsync("[data-testid=close-wish]");
        await worker.WaitForSelectorAsync("text=已回访结单");
        await WorkerJourneyTests.NoSidewaysScrollAsync(worker, 390);
        await E2EFixture.ScreenshotAsync(worker, "wish-closed-phone");

        // The public results (公示) show it, anonymised, with the donor who agreed to be named.
        await citizen.GotoAsync("/board/disclosure");
        var disclosure = (await citizen.TextContentAsync("[data-testid=disclosure-table]"))!;
        disclosure.ShouldContain(description);
        disclosure.ShouldContain("长洲康复用品店");
        await WorkerJourneyTests.NoSidewaysScrollAsync(citizen, 390);
        await E2EFixture.ScreenshotAsync(citizen, "disclosure-phone");
        foreach (var page in new[] { worker, manager, citizen }) await page.Context.CloseAsync();
    }
}
