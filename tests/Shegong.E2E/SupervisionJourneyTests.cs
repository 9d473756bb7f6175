using Shegong.E2E.Infrastructure;

namespace Shegong.E2E;

/// <summary>
/// The demo supervisor (周督导, assigned to 长洲街道) writes an individual supervision note for 李社工 on the form, on a
/// phone and on a desktop (screenshots of the form, with axe); the note is listed for the supervisor and 李社工 reads it,
/// with the advice, on their own supervision page.
/// </summary>
public sealed class SupervisionJourneyTests(E2EFixture e2e)
{
    [Theory]
    [InlineData("phone", 390, 844)]
    [InlineData("desktop", 1280, 900)]
    public async Task The_supervisor_writes_a_note_that_the_worker_reads(string device, int width, int height)
    {
        var topic = $"高风险独居老人的介入策略（{device} {Random.Shared.Next(1000, 9999)}）";
        var page = await e2e.NewPageAsync(width, height);
        await e2e.LoginAsync(page, "supervisor");
        await page.GotoAsync("/supervision");
        await page.ClickAsync("[data-testid=new-supervision]");
        await page.WaitForSelectorAsync("[data-testid=supervision-form]");
        await page.CheckAsync("input[name=Kind][value=Individual]");
        await page.Locator("label", new() { HasText = "李社工" }).Locator("input[name=Workers]").CheckAsync();
        await page.FillAsync("#s-topic", topic);
        await page.FillAsync("#s-advice", "先稳定老人情绪，再联动居委会和医院；每周记录一次过程。");
        await page.FillAsync("#s-min", "60");
        await WorkerJourneyTests.NoSidewaysScrollAsync(page, width);
        await Accessibility.NoSeriousViolationsAsync(page, "supervision-form");
        await E2EFixture.ScreenshotAsync(page, $"supervision-form-{device}");
        await page.ClickAsync("[data-testid=save-supervision]");
        await page.WaitForSelectorAsync("[data-testid=saved]");
        (await page.TextContentAsync("[data-testid=supervision-list]"))!.ShouldContain(topic);
        await page.Context.CloseAsync();

        var worker = await e2e.NewPageAsync(width, height);
        await e2e.LoginAsync(worker, "worker");
        await worker.GotoAsync("/supervision");
        await worker.Locator("a", new() { HasText = topic }).ClickAsync();
        (await worker.TextContentAsync("[data-testid=supervision-advice]"))!.ShouldContain("先稳定老人情绪");
        await WorkerJourneyTests.NoSidewaysScrollAsync(worker, width);
        await Accessibility.NoSeriousViolationsAsync(worker, "supervision-note");
        await worker.Context.CloseAsync();
    }
}
