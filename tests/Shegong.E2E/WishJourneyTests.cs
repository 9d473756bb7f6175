using System.Net.Http.Json;
using Microsoft.Playwright;
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

        // The A4 claim poster for the shopping-centre entrance lists it with a QR code (looked at as printed).
        var poster = await e2e.NewPageAsync(794, 1123);
        await e2e.LoginAsync(poster, "manager");
        await poster.GotoAsync("/wishes/poster");
        (await poster.TextContentAsync("[data-testid=poster-list]"))!.ShouldContain(description);
        (await poster.Locator(".poster-qr svg").CountAsync()).ShouldBeGreaterThan(0);
        (await poster.TextContentAsync("[data-testid=poster-contact]"))!.ShouldContain("服务时间");
        await Accessibility.NoSeriousViolationsAsync(poster, "claim poster");
        await poster.EmulateMediaAsync(new() { Media = Media.Print });
        await E2EFixture.ScreenshotAsync(poster, "poster-a4-print");
        await poster.Context.CloseAsync();

        var citizen = await e2e.NewPageAsync(390, 844);
        // Filtered as a citizen would: once the hourly upkeep has released last year's unkept claims of the Tongling
        // scenario (WishStatsJourneyTests), those older wishes fill the first page of the unfiltered board.
        await citizen.GotoAsync("/board?group=Elderly&category=MedicalDevice");
        await citizen.Locator("[data-testid=board-cards] li", new() { HasText = description }).Locator("[data-testid=claim-one]").ClickAsync();
        await citizen.FillAsync("#cname", "长洲康复用品店");
        await citizen.CheckAsync("input[name='Input.ClaimantType'][value=Enterprise]");
        await citizen.FillAsync("#cphone", "13900139000");
        await citizen.CheckAsync("input[name='Input.NamedPublicly']");
        await citizen.ClickAsync("[data-testid=claim-submit]");
        await citizen.WaitForSelectorAsync("[data-testid=claim-code]");
        (await citizen.TextContentAsync("[data-testid=station-contact]"))!.ShouldContain("服务时间");
        await Accessibility.NoSeriousViolationsAsync(citizen, "claim confirmation");

        await worker.GotoAsync(wishUrl);
        (await worker.TextContentAsync("[data-testid=wish-claims]"))!.ShouldContain("长洲康复用品店");
        // Delivery with a photo taken on the phone as evidence (drawn here on a canvas, as a camera's JPEG).
        await worker.ClickAsync("[data-testid=deliver-open]");
        await worker.FillAsync("[data-testid=wish-claims] input[name=Note]", "助行器已送到老人家中");
        var jpeg = await worker.EvaluateAsync<string>(@"() => { const c = document.createElement('canvas'); c.width = 320; c.height = 240;
            const g = c.getContext('2d'); g.fillStyle = '#7fb3d5'; g.fillRect(0, 0, 320, 240); g.fillStyle = '#fff'; g.font = '28px sans-serif';
            g.fillText('助行器已送达', 60, 130); return c.toDataURL('image/jpeg', 0.85).split(',')[1]; }");
        await worker.SetInputFilesAsync("[data-testid=delivery-photo]", new FilePayload { Name = "delivery.jpg", MimeType = "image/jpeg", Buffer = Convert.FromBase64String(jpeg) });
        await E2EFixture.ScreenshotAsync(worker, "wish-deliver-form-phone");
        await worker.ClickAsync("[data-testid=deliver]");
        await worker.WaitForSelectorAsync("[data-testid=return-visit-form]");
        // The photo loads lazily: scrolled to, and waited for (its width is 0 until it has loaded; -1 if it fails).
        var photo = worker.Locator("[data-testid=delivery-photos] img");
        await photo.ScrollIntoViewIfNeededAsync();
        (await photo.EvaluateAsync<int>(@"img => img.complete && img.naturalWidth ? img.naturalWidth : new Promise(done => {
            img.addEventListener('load', () => done(img.naturalWidth), { once: true });
            img.addEventListener('error', () => done(-1), { once: true }); })")).ShouldBe(320);
        (await worker.TextContentAsync("[data-testid=delivery-note]"))!.ShouldContain("助行器已送到老人家中");
        // Nothing is preselected: a return visit nobody asked about cannot publish five stars.
        (await worker.Locator("[data-testid=return-visit-form] input[type=radio]:checked").CountAsync()).ShouldBe(0);
        await Accessibility.NoSeriousViolationsAsync(worker, "wish page, delivered");
        await worker.FillAsync("#rvnote", "老人已用上助行器，很满意");
        await E2EFixture.ScreenshotAsync(worker, "wish-delivered-phone");
        await worker.CheckAsync("input[name=Fulfilled][value=true]");
        await worker.CheckAsync("input[name=Quality][value='5']");
        await worker.CheckAsync("input[name=Satisfaction][value='4']");
        await worker.CheckAsync("input[name=BeneficiaryRating][value='5']");
        await worker.ClickAsync("[data-testid=close-wish]");
        await worker.WaitForSelectorAsync("[data-testid=return-visit]");
        (await worker.TextContentAsync("[data-testid=return-visit-fulfilled]"))!.ShouldContain("心愿已实现");
        (await worker.TextContentAsync("[data-testid=return-visit-rating]"))!.ShouldContain("5/5");
        (await worker.TextContentAsync("[data-testid=return-visit-note]"))!.ShouldContain("老人已用上助行器，很满意");
        (await worker.TextContentAsync("[data-testid=return-visit-by]"))!.ShouldContain("李社工");
        (await worker.TextContentAsync("[data-testid=delivery]"))!.ShouldContain("助行器已送到老人家中");
        await WorkerJourneyTests.NoSidewaysScrollAsync(worker, 390);
        await E2EFixture.ScreenshotAsync(worker, "wish-closed-phone");
        await Accessibility.NoSeriousViolationsAsync(worker, "wish page with delivery and return visit");
        // The manager reviews the results at a desk.
        var desk = await e2e.NewPageAsync(1280, 900);
        await e2e.LoginAsync(desk, "manager");
        await desk.GotoAsync(wishUrl);
        (await desk.TextContentAsync("[data-testid=return-visit]"))!.ShouldContain("老人已用上助行器，很满意");
        await E2EFixture.ScreenshotAsync(desk, "wish-closed-desktop");
        await Accessibility.NoSeriousViolationsAsync(desk, "wish page with delivery and return visit");
        await desk.Context.CloseAsync();

        // The public results (公示) show it, anonymised, with the donor who agreed to be named.
        await citizen.GotoAsync("/board/disclosure");
        var disclosure = (await citizen.TextContentAsync("[data-testid=disclosure-table]"))!;
        disclosure.ShouldContain(description);
        disclosure.ShouldContain("长洲康复用品店");
        await WorkerJourneyTests.NoSidewaysScrollAsync(citizen, 390);
        await E2EFixture.ScreenshotAsync(citizen, "disclosure-phone");
        await Accessibility.NoSeriousViolationsAsync(citizen, "disclosure");
        foreach (var page in new[] { worker, manager, citizen }) await page.Context.CloseAsync();
    }
}
