using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Shegong.IntegrationTests.Features.Registry;
using Shegong.IntegrationTests.Infrastructure;
using Shegong.Web.Infrastructure;

namespace Shegong.IntegrationTests.Features.Wishes;

/// <summary>
/// What a citizen meets: the station's contact on the board, the claim confirmation, the claimant's page and the
/// results; an old poster's QR code for a wish already claimed; the claim form's mistakes all at once; a Chinese 404.
/// </summary>
public sealed class CitizenPagesTests(AppFixture app)
{
    private static string Text(string html) => Regex.Replace(Regex.Replace(WebUtility.HtmlDecode(html), "<[^>]+>", " "), @"\s+", " ");

    private async Task<(string Name, string Phone, string Hours)> StationAsync() =>
        await RegistryApi.QueryAsync(app, db => db.Stations.IgnoreQueryFilters().Where(s => s.RegionPrefix == "440112010")
            .Select(s => new ValueTuple<string, string, string>(s.Name, s.Phone, s.ServiceHours)).SingleAsync());

    [Fact]
    public async Task The_station_edits_its_phone_and_hours_and_citizens_see_them_on_the_board_the_confirmation_and_their_claims()
    {
        using var manager = await app.ClientAsAsync("manager");
        var stationId = await RegistryApi.QueryAsync(app, db => db.Stations.IgnoreQueryFilters().Where(s => s.RegionPrefix == "440112010").Select(s => s.Id).SingleAsync());
        var station = await manager.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/stations/{stationId}");
        var bad = await manager.PutAsJsonAsync($"/api/v1/stations/{stationId}", new
        {
            name = station.GetProperty("name").GetString(), address = station.GetProperty("address").GetString(), operatingOrganization = station.GetProperty("operatingOrganization").GetString(),
            builtOn = station.GetProperty("builtOn").GetString(), isDemonstration = false, status = station.GetProperty("status").GetString(),
            operatingSince = station.GetProperty("operatingSince").GetString(), version = station.GetProperty("version").GetInt32(), phone = "12345", serviceHours = "周一至周五",
        });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("联系电话");
        var ok = await manager.PutAsJsonAsync($"/api/v1/stations/{stationId}", new
        {
            name = station.GetProperty("name").GetString(), address = station.GetProperty("address").GetString(), operatingOrganization = station.GetProperty("operatingOrganization").GetString(),
            builtOn = station.GetProperty("builtOn").GetString(), isDemonstration = false, status = station.GetProperty("status").GetString(),
            operatingSince = station.GetProperty("operatingSince").GetString(), version = station.GetProperty("version").GetInt32(),
            phone = "(020) 8220 6688", serviceHours = "周一至周六 9:00–17:30",
        });
        ok.StatusCode.ShouldBe(HttpStatusCode.NoContent, await ok.Content.ReadAsStringAsync());
        var (name, phone, hours) = await StationAsync();
        (phone, hours).ShouldBe(("020-82206688", "周一至周六 9:00–17:30"));

        var (_, wish) = await WishApi.PublishedAsync(app);
        using var citizen = app.AnonymousClient();
        var board = Text(await citizen.GetStringAsync($"/board?station={stationId}"));
        board.ShouldContain("联系社工站");
        board.ShouldContain($"发布：{name}");

        var claimed = await AppFixture.PostFormAsync(citizen, $"/board/claim?wish={wish}", "claim", new()
        {
            ["Input.WishIds[0]"] = wish.ToString(), ["Input.Units[0]"] = "1", ["Input.ClaimantName"] = "周女士", ["Input.ClaimantType"] = "Individual",
            ["Input.Phone"] = "13900001111", ["Input.PledgedBy"] = ChinaTime.Today.AddDays(5).ToString("yyyy-MM-dd"),
        });
        var confirmation = await claimed.Content.ReadAsStringAsync();
        var code = Regex.Match(confirmation, "data-testid=\"claim-code\">([^<]+)<").Groups[1].Value;
        code.ShouldNotBeEmpty(Text(confirmation));
        var confirmationText = Text(confirmation);
        foreach (var expected in new[] { name, "020-82206688", "周一至周六 9:00–17:30" }) confirmationText.ShouldContain(expected);
        confirmation.ShouldContain("href=\"tel:020-82206688\"");

        var mine = await AppFixture.PostFormAsync(citizen, "/board/mine", "lookup", new() { ["Code"] = code.Replace("-", "").ToLowerInvariant() });
        var mineText = Text(await mine.Content.ReadAsStringAsync());
        mineText.ShouldContain("020-82206688");
        mineText.ShouldContain("周一至周六 9:00–17:30");
    }

    [Fact]
    public async Task An_old_qr_code_of_a_claimed_wish_says_so_with_thanks_and_shows_the_stations_open_wishes()
    {
        await WishApi.PublishedAsync(app); // the station has at least one other open wish
        var (_, wish) = await WishApi.PublishedAsync(app);
        using var citizen = app.AnonymousClient();
        (await citizen.PostAsJsonAsync("/api/v1/board/claims", WishApi.Claim(wish))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await citizen.GetStringAsync($"/board/claim?wish={wish}");
        var text = Text(page);
        text.ShouldContain("已被认领，谢谢您的爱心");
        text.ShouldContain("这个社工站还有这些心愿等待认领");
        var offered = Regex.Matches(page, "/board/claim\\?wish=([0-9a-f-]{36})").Select(m => Guid.Parse(m.Groups[1].Value)).ToList();
        offered.ShouldNotBeEmpty();
        offered.ShouldNotContain(wish);
        page.ShouldContain("/board?station=");
        text.ShouldContain("联系社工站");
        text.ShouldNotContain("还没有选择心愿");
        // A wish never published is simply not found: nothing is told about it.
        using var worker = await app.ClientAsAsync("worker");
        var person = await RegistryApi.RegisterNewAsync(worker);
        var draft = await WishApi.CreateAsync(worker, WishApi.Wish(person));
        var unknown = Text(await citizen.GetStringAsync($"/board/claim?wish={draft}"));
        unknown.ShouldContain("没有找到这个心愿");
        unknown.ShouldNotContain("谢谢您的爱心");
    }

    [Fact]
    public async Task The_claim_form_reports_every_mistake_at_once()
    {
        var (_, wish) = await WishApi.PublishedAsync(app);
        using var citizen = app.AnonymousClient();
        var posted = await AppFixture.PostFormAsync(citizen, $"/board/claim?wish={wish}", "claim", new()
        {
            ["Input.WishIds[0]"] = wish.ToString(), ["Input.Units[0]"] = "1", ["Input.ClaimantName"] = "", ["Input.Phone"] = "12345",
            ["Input.PledgedBy"] = ChinaTime.Today.AddDays(-1).ToString("yyyy-MM-dd"),
        });
        var text = Text(await posted.Content.ReadAsStringAsync());
        text.ShouldContain("请修改以下 4 处后再提交");
        foreach (var field in new[] { "认领人（姓名或单位）：", "认领人类型：", "电话：", "承诺送达日期：" }) text.ShouldContain(field);
        // The API too.
        var api = await citizen.PostAsJsonAsync("/api/v1/board/claims", new { items = new[] { new { wishId = wish, units = 1 } } });
        api.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await api.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("errors");
        errors.EnumerateObject().Select(e => e.Name).Order().ShouldBe(["ClaimantName", "ClaimantType", "Phone", "PledgedBy"]);
    }

    [Fact]
    public async Task An_unknown_address_answers_a_chinese_404_page_in_the_apps_style()
    {
        using var citizen = app.AnonymousClient();
        foreach (var url in new[] { "/nonexistent-page", "/board/nothing-here" })
        {
            var r = await citizen.GetAsync(url);
            r.StatusCode.ShouldBe(HttpStatusCode.NotFound, url);
            var html = await r.Content.ReadAsStringAsync();
            html.ShouldContain("<html lang=\"zh", Case.Insensitive, url);
            html.ShouldContain("app.css", Case.Insensitive, url);
            Text(html).ShouldContain("未找到");
        }
        using var worker = await app.BrowserAsAsync("worker");
        var wish = await worker.GetAsync("/wishes/not-a-guid");
        wish.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        Text(await wish.Content.ReadAsStringAsync()).ShouldContain("未找到");
        // The API keeps answering JSON.
        var api = await citizen.GetAsync("/api/v1/nothing-here");
        api.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        api.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }
}
