using System.Net.Http.Json;
using System.Text.Json;
using Shegong.E2E.Infrastructure;

namespace Shegong.E2E;

/// <summary>
/// Two colleagues have the same claimed wish open on their phones; one records the delivery, the other taps 确认送达
/// on the page they opened before: they get a Chinese "页面已过期" page that takes them back, and nothing is recorded twice.
/// </summary>
public sealed class StaleFormJourneyTests(E2EFixture e2e)
{
    [Fact]
    public async Task A_delivery_already_recorded_by_a_colleague_shows_a_page_expired_message()
    {
        using var api = await e2e.ApiAsAsync("worker");
        // The demo's claimed wish (一个老人手机), or any claimed one.
        var claimed = await api.GetFromJsonAsync<JsonElement>("/api/v1/wishes?status=Claimed&pageSize=100");
        var wish = claimed.GetProperty("items").EnumerateArray().First().GetProperty("id").GetGuid();

        var first = await e2e.NewPageAsync(390, 844);
        await e2e.LoginAsync(first, "worker");
        var second = await e2e.NewPageAsync(390, 844);
        await e2e.LoginAsync(second, "manager");
        await first.GotoAsync($"/wishes/{wish}");
        await second.GotoAsync($"/wishes/{wish}");

        await first.ClickAsync("[data-testid=deliver-open]");
        await first.ClickAsync("[data-testid=deliver]");
        await first.WaitForSelectorAsync("[data-testid=return-visit-form]");

        await second.ClickAsync("[data-testid=deliver-open]");
        await second.ClickAsync("[data-testid=deliver]");
        await second.WaitForSelectorAsync("text=页面已过期");
        await WorkerJourneyTests.NoSidewaysScrollAsync(second, 390);
        await E2EFixture.ScreenshotAsync(second, "stale-form-phone");
        var detail = await api.GetFromJsonAsync<JsonElement>($"/api/v1/wishes/{wish}");
        detail.GetProperty("wish").GetProperty("unitsDelivered").GetInt32().ShouldBe(detail.GetProperty("wish").GetProperty("quantity").GetInt32());
        foreach (var page in new[] { first, second }) await page.Context.CloseAsync();
    }
}
