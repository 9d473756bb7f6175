using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shegong.IntegrationTests.Infrastructure;
using Shegong.Web.Infrastructure;

namespace Shegong.IntegrationTests.Features.Statistics;

/// <summary>
/// A period that does not parse is an error naming the field and the accepted forms — in the API, the exports and on
/// the pages — never the current month's figures under another name; an absent or empty period is this month.
/// Reads only (no data of its own).
/// </summary>
public sealed class StatPeriodTests(AppFixture app)
{
    private static readonly string ThisMonth = ChinaTime.Today.ToString("yyyy-MM");
    private static readonly string[] Bad = ["2026-13", "2026-Q5", "2026-H3", "2026-H0", "garbage", "2026-00", "2026-Q0", "1999-12", "2026-1-1"];

    private static async Task<string> PeriodErrorAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, body);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = JsonDocument.Parse(body).RootElement;
        problem.GetProperty("status").GetInt32().ShouldBe(400);
        var errors = problem.GetProperty("errors");
        errors.EnumerateObject().Select(e => e.Name).ShouldBe(["period"]);
        return errors.GetProperty("period")[0].GetString()!;
    }

    [Fact]
    public async Task The_api_and_the_exports_refuse_a_period_that_does_not_parse_and_name_the_accepted_forms()
    {
        using var officer = await app.ClientAsAsync("officer");
        foreach (var period in Bad)
        {
            var registry = await PeriodErrorAsync(await officer.GetAsync($"/api/v1/stats/registry?period={Uri.EscapeDataString(period)}"));
            registry.ShouldBe("统计期间：格式不正确，应为 2026-11（月）、2026-Q4（季度）、2026-H1（半年）或 2026（年）");
            var wishes = await PeriodErrorAsync(await officer.GetAsync($"/api/v1/statistics/wishes?period={Uri.EscapeDataString(period)}"));
            wishes.ShouldBe("统计期间：格式不正确，应为 2026-11（月）、2026-Q4（季度）、2026-H1（半年）或 2026（年）");
        }
        (await officer.GetAsync("/api/v1/stats/registry?period=2026")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await officer.GetAsync("/api/v1/statistics/wishes?period=2026")).StatusCode.ShouldBe(HttpStatusCode.OK);

        using var browser = await app.BrowserAsAsync("officer");
        (await PeriodErrorAsync(await browser.GetAsync("/api/v1/stats/registry/export?period=2026-13"))).ShouldContain("2026-Q4");
        (await PeriodErrorAsync(await browser.GetAsync("/api/v1/statistics/wishes/export?period=2026-Q5"))).ShouldContain("2026（年）");
    }

    [Fact]
    public async Task An_absent_or_empty_period_is_this_month()
    {
        using var officer = await app.ClientAsAsync("officer");
        foreach (var query in new[] { "", "?period=", "?period=%20", "?region=&period=" })
        {
            (await officer.GetFromJsonAsync<JsonElement>($"/api/v1/stats/registry{query}")).GetProperty("period").GetString().ShouldBe(ThisMonth);
            (await officer.GetFromJsonAsync<JsonElement>($"/api/v1/statistics/wishes{query}")).GetProperty("period").GetString().ShouldBe(ThisMonth);
        }
        (await officer.GetFromJsonAsync<JsonElement>("/api/v1/stats/registry?period=2026-q4")).GetProperty("period").GetString().ShouldBe("2026-Q4");
        var half = await officer.GetFromJsonAsync<JsonElement>("/api/v1/stats/registry?period=2026-h2");
        half.GetProperty("period").GetString().ShouldBe("2026-H2");
        half.GetProperty("start").GetString().ShouldBe("2026-07-01");
        half.GetProperty("end").GetString().ShouldBe("2026-12-31");
        half.GetProperty("previousPeriod").GetString().ShouldBe("2026-H1");
    }

    [Theory]
    [InlineData("/stats/registry", "completion", "2026（年）")]
    [InlineData("/wishes/stats", "wish-rate", "2026（年）")]
    public async Task A_page_shows_the_message_and_no_figures_for_a_period_that_does_not_parse(string page, string figures, string forms)
    {
        using var browser = await app.BrowserAsAsync("officer");
        foreach (var period in new[] { "2026-13", "garbage" })
        {
            var response = await browser.GetAsync($"{page}?period={period}");
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
            html.ShouldContain("data-testid=\"period-error\"");
            html.ShouldContain("统计期间：格式不正确");
            html.ShouldContain(forms);
            html.ShouldNotContain($"data-testid=\"{figures}\"");
            html.ShouldNotContain("/export?"); // no download of figures for a period nobody asked for
        }
        foreach (var period in new[] { ThisMonth, ChinaTime.Today.Year.ToString() })
        {
            var good = WebUtility.HtmlDecode(await browser.GetStringAsync($"{page}?period={period}"));
            good.ShouldContain($"data-testid=\"{figures}\"");
            good.ShouldNotContain("data-testid=\"period-error\"");
        }
    }
}
