using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shegong.IntegrationTests.Infrastructure;

namespace Shegong.IntegrationTests.Features.Stations;

/// <summary>A user never reaches another area's records: 404 by API and by page, for reads and writes alike.</summary>
public sealed class ScopeIsolationTests(AppFixture app)
{
    private async Task<Guid> StationIdAsync(string township)
    {
        using var admin = await app.ClientAsAsync("admin");
        var list = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/stations?region={township}");
        return list.GetProperty("items")[0].GetProperty("id").GetGuid();
    }

    [Theory]
    [InlineData("worker")]
    [InlineData("manager")]
    public async Task A_station_user_gets_404_for_every_api_read_and_write_of_another_station(string user)
    {
        var other = await StationIdAsync("440106001000"); // 五山街道 (天河区): not theirs
        using var client = await app.ClientAsAsync(user);
        (await client.GetAsync($"/api/v1/stations/{other}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.PutAsJsonAsync($"/api/v1/stations/{other}", new { name = "改名", status = "Built", version = 1 })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.PostAsJsonAsync($"/api/v1/stations/{other}/staff", new { name = "张三" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.DeleteAsync($"/api/v1/stations/{other}/staff/{Guid.NewGuid()}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.PostAsJsonAsync($"/api/v1/stations/{other}/rooms", new { communityCode = "440106001001", name = "x" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.GetAsync("/api/v1/regions/440106001000")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var mine = await client.GetFromJsonAsync<JsonElement>("/api/v1/stations");
        mine.GetProperty("total").GetInt32().ShouldBe(1);
        mine.GetProperty("items")[0].GetProperty("name").GetString().ShouldBe("长洲街道社工站");
        var filtered = await client.GetFromJsonAsync<JsonElement>("/api/v1/stations?region=440106");
        filtered.GetProperty("total").GetInt32().ShouldBe(0);

        // Nothing changed on the other station.
        using var admin = await app.ClientAsAsync("admin");
        var station = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/stations/{other}");
        station.GetProperty("name").GetString().ShouldBe("五山街道社工站");
    }

    [Fact]
    public async Task A_station_user_gets_404_for_another_stations_pages()
    {
        var other = await StationIdAsync("440106001000");
        var mine = await StationIdAsync("440112010000");
        using var browser = await app.BrowserAsAsync("manager");
        (await browser.GetAsync($"/stations/{other}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await browser.GetAsync($"/stations/{other}/edit")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await browser.GetAsync("/regions/440106001000")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await browser.GetAsync($"/stations/{mine}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var list = await browser.GetStringAsync("/stations");
        list.ShouldContain("长洲街道社工站");
        list.ShouldNotContain("五山街道社工站");
    }

    [Fact]
    public async Task A_station_users_page_post_against_another_station_changes_nothing()
    {
        var other = await StationIdAsync("440106001000");
        using var manager = await app.BrowserAsAsync("manager");
        // The form of their own station, replayed against the other station's address.
        var mine = await StationIdAsync("440112010000");
        var page = await manager.GetStringAsync($"/stations/{mine}");
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var response = await manager.PostAsync($"/stations/{other}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "add-staff", ["__RequestVerificationToken"] = token, ["StaffInput.Name"] = "越权添加",
        }));
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using var admin = await app.ClientAsAsync("admin");
        var station = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/stations/{other}");
        station.GetProperty("staffMembers").EnumerateArray().Select(m => m.GetProperty("name").GetString()).ShouldNotContain("越权添加");
    }

    [Fact]
    public async Task A_district_officer_sees_only_stations_under_the_district()
    {
        using var officer = await app.ClientAsAsync("officer"); // 黄埔区
        var list = await officer.GetFromJsonAsync<JsonElement>("/api/v1/stations?pageSize=100");
        var townships = list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("townshipCode").GetString()!).ToList();
        townships.ShouldNotBeEmpty();
        townships.ShouldAllBe(code => code.StartsWith("440112"));
        var tianhe = await StationIdAsync("440106001000");
        (await officer.GetAsync($"/api/v1/stations/{tianhe}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await officer.GetAsync("/api/v1/regions/440106")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await officer.GetAsync("/api/v1/regions/440112")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_citys_figures_are_exactly_the_sum_of_its_districts()
    {
        using var city = await app.BrowserAsAsync("cityofficer");
        using var api = await app.ClientAsAsync("cityofficer");
        var gz = await api.GetFromJsonAsync<JsonElement>("/api/v1/stats/overview");
        var districts = (await api.GetFromJsonAsync<JsonElement>("/api/v1/regions/440100")).GetProperty("children")
            .EnumerateArray().Select(c => c.GetProperty("code").GetString()!).ToList();
        districts.ShouldContain("440112");
        districts.ShouldContain("440106");
        var parts = new List<JsonElement>();
        foreach (var d in districts) parts.Add(await api.GetFromJsonAsync<JsonElement>($"/api/v1/stats/overview?region={d}"));
        foreach (var field in new[] { "townships", "communities", "stationsBuilt", "stationsOperating", "rooms" })
            gz.GetProperty(field).GetInt32().ShouldBe(parts.Sum(p => p.GetProperty(field).GetInt32()), field);
        gz.GetProperty("stationsBuilt").GetInt32().ShouldBeGreaterThan(0);
        (await city.GetStringAsync("/")).ShouldContain("广州市");
        // A district officer cannot ask for the city or the other district.
        using var district = await app.ClientAsAsync("officer");
        (await district.GetAsync("/api/v1/stats/overview?region=4401")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await district.GetAsync("/api/v1/stats/overview?region=440106")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Anonymous_callers_get_nothing()
    {
        using var anon = app.AnonymousClient();
        (await anon.GetAsync("/api/v1/stations")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var page = await anon.GetAsync("/stations");
        page.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        page.Headers.Location!.ToString().ShouldContain("/account/login");
    }
}
