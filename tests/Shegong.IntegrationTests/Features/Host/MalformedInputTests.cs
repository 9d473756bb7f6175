using System.Net;
using Shegong.IntegrationTests.Infrastructure;

namespace Shegong.IntegrationTests.Features.Host;

/// <summary>
/// Hand-edited or cut-off links and stale forms: a garbage query value reads as absent, a huge page number is clamped,
/// a refused form post is a Chinese page — never a 500 or the framework's English text.
/// </summary>
public sealed class MalformedInputTests(AppFixture app)
{
    [Fact]
    public async Task Garbage_in_a_query_string_is_treated_as_absent_not_a_500()
    {
        using var anonymous = app.AnonymousClient();
        foreach (var url in new[] { "/board?page=abc", "/board/claim?wish=x", "/board/claim?wish=x&wish=", "/board/disclosure?station=x" })
            await ShouldBeFineAsync(anonymous, url);

        using var worker = await app.BrowserAsAsync("worker");
        foreach (var url in new[]
                 {
                     "/wishes?page=x", "/wishes/dispatch?skip=x", "/wishes/dispatch?published=x&skip=x&skip=" + Guid.NewGuid(),
                     "/wishes/new?person=x", "/wishes/new?need=x", "/wishes/donors/new?fromClaim=x", "/persons/new?household=x",
                     "/visits/week?all=x", "/visits/overdue?all=x&page=x",
                 })
            await ShouldBeFineAsync(worker, url);

        using var admin = await app.BrowserAsAsync("admin");
        await ShouldBeFineAsync(admin, $"/admin/users/{Guid.NewGuid()}?created=x");
    }

    [Fact]
    public async Task A_huge_page_number_is_clamped_rather_than_overflowing_the_offset()
    {
        using var anonymous = app.AnonymousClient();
        (await anonymous.GetAsync("/board?page=2147483647")).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var worker = await app.BrowserAsAsync("worker");
        foreach (var url in new[] { "/wishes?page=2147483647", "/persons?page=2147483647", "/visits/overdue?page=2147483647" })
            (await worker.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.OK, url);
        using var admin = await app.BrowserAsAsync("admin");
        foreach (var url in new[] { "/admin/users?page=2147483647", "/audit?page=2147483647", "/stations?page=2147483647" })
            ((int)(await admin.GetAsync(url)).StatusCode).ShouldBeLessThan(500, url);
        using var api = await app.ClientAsAsync("worker");
        (await api.GetAsync("/api/v1/visits/overdue?page=2147483647")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_post_to_a_form_that_is_no_longer_on_the_page_shows_a_chinese_expired_page()
    {
        using var worker = await app.BrowserAsAsync("worker");
        // As if a colleague delivered meanwhile: the page no longer has this form.
        var stale = await AppFixture.PostFormAsync(worker, "/wishes/donors/new", $"deliver-{Guid.NewGuid()}", new());
        stale.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var html = await stale.Content.ReadAsStringAsync();
        html.ShouldContain("页面已过期，请刷新后重试");
        html.ShouldContain("href=\"/wishes/donors/new\"");
        html.ShouldNotContain("Cannot submit");
    }

    [Fact]
    public async Task A_post_with_a_bad_antiforgery_token_shows_a_chinese_expired_page()
    {
        using var worker = await app.BrowserAsAsync("worker");
        var response = await worker.PostAsync("/wishes/donors/new", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "donor", ["__RequestVerificationToken"] = "expired", ["Name"] = "x",
        }));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("页面已过期");
        html.ShouldNotContain("antiforgery");
    }

    [Fact]
    public async Task An_oversized_page_form_post_says_the_file_is_too_large_in_chinese()
    {
        using var worker = await app.BrowserAsAsync("worker");
        // Over the form reader's 4 MB value limit (Kestrel's body limit is not enforced by the test server).
        var response = await AppFixture.PostFormAsync(worker, "/wishes/donors/new", "donor", new() { ["Name"] = new string('x', 5 * 1024 * 1024) });
        var html = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBeOneOf([400, 413], html.Length > 500 ? html[..500] : html);
        html.ShouldContain("过大");
        html.ShouldNotContain("antiforgery");
    }

    [Fact]
    public async Task An_api_body_that_does_not_bind_names_the_field_in_chinese()
    {
        using var worker = await app.ClientAsAsync("worker");
        var response = await worker.PostAsync("/api/v1/wishes/donors", new StringContent(
            """{"name":"格式测试","type":"Enterprise","phone":"13900139000","categories":[],"areas":[],"budget":"很多","capacity":5,"active":true}""",
            System.Text.Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, body);
        var json = System.Text.Json.JsonDocument.Parse(body).RootElement;
        json.GetProperty("errors").GetProperty("Budget")[0].GetString().ShouldBe("本轮预算（元）：值的格式不正确，无法识别");
    }

    private static async Task ShouldBeFineAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        ((int)response.StatusCode).ShouldBeOneOf([200, 404], url);
    }
}
