using System.Net;
using System.Text.Json;
using Shegong.IntegrationTests.Infrastructure;

namespace Shegong.IntegrationTests.Features.Host;

public sealed class HostTests(AppFixture app)
{
    [Fact]
    public async Task Health_endpoints_answer_and_ready_checks_the_database()
    {
        using var client = app.AnonymousClient();
        (await client.GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var ready = await client.GetAsync("/health/ready");
        ready.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ready.Content.ReadAsStringAsync()).ShouldBe("Healthy");
    }

    [Fact]
    public async Task OpenApi_document_is_valid_and_lists_the_api()
    {
        using var client = app.AnonymousClient();
        var json = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json")).RootElement;
        json.GetProperty("openapi").GetString()!.ShouldStartWith("3.");
        var paths = json.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        paths.ShouldContain("/api/v1/auth/token");
        paths.ShouldContain("/api/v1/stations");
        paths.ShouldContain("/api/v1/users");
        paths.ShouldContain("/api/v1/audit");
    }

    [Fact]
    public async Task Scalar_ui_is_served()
    {
        using var client = app.Factory.CreateClient();
        var response = await client.GetAsync("/api/docs/");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain("<html", Case.Insensitive);
    }

    [Fact]
    public async Task Login_page_is_Chinese_by_default_and_English_on_request()
    {
        using var client = app.Factory.CreateClient(new() { HandleCookies = true });
        var zh = await client.GetStringAsync("/account/login");
        zh.ShouldContain("登录");
        zh.ShouldContain("lang=\"zh-CN\"");
        var en = await client.GetStringAsync("/culture/set?culture=en&returnUrl=/account/login");
        en.ShouldContain("Log in");
        en.ShouldContain("lang=\"en\"");
        var back = await client.GetStringAsync("/culture/set?culture=zh-CN&returnUrl=/account/login");
        back.ShouldContain("登录");
    }

    [Fact]
    public async Task Culture_switch_refuses_to_redirect_off_site()
    {
        using var client = app.AnonymousClient();
        var response = await client.GetAsync("/culture/set?culture=en&returnUrl=//evil.example.com/");
        response.Headers.Location!.ToString().ShouldBe("/");
    }

    [Fact]
    public async Task Malformed_api_input_is_a_Chinese_400_not_a_500()
    {
        using var client = await app.ClientAsAsync("admin");
        var response = await client.PostAsync("/api/v1/users", new StringContent("{\"userName\":", System.Text.Encoding.UTF8, "application/json"));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("请求");
    }
}
