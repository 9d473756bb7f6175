using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Shegong.IntegrationTests.Infrastructure;
using Shegong.Web.Infrastructure.Auth;
using Shegong.Web.Features.Accounts;

namespace Shegong.IntegrationTests.Features.Accounts;

public sealed class LoginTests(AppFixture app)
{
    [Fact]
    public async Task Every_demo_account_gets_a_token_and_its_roles_and_scope()
    {
        foreach (var account in DemoAccounts.Accounts)
        {
            using var client = await app.ClientAsAsync(account.UserName);
            var me = await client.GetFromJsonAsync<JsonElement>("/api/v1/me");
            me.GetProperty("userName").GetString().ShouldBe(account.UserName);
            me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).ShouldBe([account.Role]);
            if (account.StationTownship is not null) me.GetProperty("stationId").ValueKind.ShouldBe(JsonValueKind.String);
            else me.GetProperty("regionPrefix").GetString().ShouldBe(account.RegionPrefix);
        }
    }

    [Fact]
    public async Task A_wrong_password_is_a_Chinese_401()
    {
        using var anon = app.AnonymousClient();
        var response = await anon.PostAsJsonAsync("/api/v1/auth/token", new { userName = "worker", password = "wrong-password1" });
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await response.Content.ReadAsStringAsync()).ShouldContain("用户名或密码不正确");
        var empty = await anon.PostAsJsonAsync("/api/v1/auth/token", new { userName = "", password = "" });
        empty.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await empty.Content.ReadAsStringAsync()).ShouldContain("请输入用户名");
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account()
    {
        var name = "locktest" + Guid.NewGuid().ToString("N")[..6];
        await CreateUserAsync(name);
        using var anon = app.AnonymousClient();
        for (var i = 0; i < 5; i++)
            (await anon.PostAsJsonAsync("/api/v1/auth/token", new { userName = name, password = "wrong-password1" })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var right = await anon.PostAsJsonAsync("/api/v1/auth/token", new { userName = name, password = AppFixture.DemoPassword });
        right.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await right.Content.ReadAsStringAsync()).ShouldContain("锁定");
    }

    [Fact]
    public async Task Login_attempts_are_rate_limited_per_address()
    {
        await using var limited = app.CreateFactory(new Dictionary<string, string?> { ["Auth:LoginAttemptsPerMinute"] = "3" });
        using var anon = limited.CreateClient();
        for (var i = 0; i < 3; i++)
            (await anon.PostAsJsonAsync("/api/v1/auth/token", new { userName = "nobody", password = "x1234567" })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var fourth = await anon.PostAsJsonAsync("/api/v1/auth/token", new { userName = "nobody", password = "x1234567" });
        fourth.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        (await fourth.Content.ReadAsStringAsync()).ShouldContain("过于频繁");
    }

    [Fact]
    public async Task Page_login_shows_the_workers_station_and_logout_ends_the_session()
    {
        using var browser = await app.BrowserAsAsync("worker");
        var home = await browser.GetStringAsync("/");
        home.ShouldContain("长洲街道社工站");
        var page = await browser.GetStringAsync("/");
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var response = await browser.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        // The browser drops what it kept for this worker (visit drafts, the offline copy of the visit form).
        response.Headers.GetValues("Clear-Site-Data").Single().ShouldBe("\"cache\", \"storage\"");
        var after = await browser.GetAsync("/");
        after.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        after.Headers.Location!.ToString().ShouldContain("/account/login");
    }

    [Fact]
    public async Task A_wrong_password_on_the_page_says_so_in_Chinese()
    {
        using var client = app.Factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var response = await AppFixture.PostFormAsync(client, "/account/login", "login", new() { ["Input.UserName"] = "worker", ["Input.Password"] = "nope-nope1" });
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain("用户名或密码不正确");
    }

    private async Task CreateUserAsync(string name)
    {
        using var scope = app.Scope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var result = await users.CreateAsync(new AppUser { UserName = name, DisplayName = "测试", RegionPrefix = "440112" }, AppFixture.DemoPassword);
        result.Succeeded.ShouldBeTrue();
    }
}
