using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Shegong.IntegrationTests.Infrastructure;

namespace Shegong.IntegrationTests.Features.Accounts;

/// <summary>
/// Every revocation trigger ends the account's old bearer tokens and old cookies at once (the stated delay is zero:
/// the session and security stamp are checked at every request), on both databases.
/// </summary>
public sealed partial class SessionRevocationTests(AppFixture app)
{
    private const string Password = "abcd1234";

    // ---- the triggers --------------------------------------------------------------------------------------------

    [Fact]
    public async Task A_password_change_ends_the_old_tokens_and_the_other_cookies_and_keeps_this_browser()
    {
        var (_, name) = await NewUserAsync();
        var old = await SessionsOfAsync(name);
        var browser = await CookieBrowser.LoginAsync(app.Factory, name, Password);
        var changed = await browser.PostFormAsync("/account/password", "password",
            new() { ["Input.Current"] = Password, ["Input.New"] = "efgh5678", ["Input.Confirm"] = "efgh5678" });
        changed.ShouldContain("密码已修改");
        await old.ShouldAllBeRefusedAsync(app.Factory);
        (await browser.GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_password_reset_by_an_administrator_ends_every_session()
    {
        var (id, name) = await NewUserAsync();
        var old = await SessionsOfAsync(name);
        using var admin = await app.ClientAsAsync("admin");
        (await admin.PostAsJsonAsync($"/api/v1/users/{id}/password", new { newPassword = "efgh5678" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await old.ShouldAllBeRefusedAsync(app.Factory);
    }

    [Fact]
    public async Task An_administrators_lock_ends_every_session()
    {
        var (id, name) = await NewUserAsync();
        var old = await SessionsOfAsync(name);
        await UpdateAsync(id, locked: true);
        await old.ShouldAllBeRefusedAsync(app.Factory);
    }

    [Fact]
    public async Task A_role_change_ends_every_session()
    {
        var (id, name) = await NewUserAsync();
        var old = await SessionsOfAsync(name);
        await UpdateAsync(id, role: "Supervisor");
        await old.ShouldAllBeRefusedAsync(app.Factory);
    }

    [Fact]
    public async Task A_binding_change_ends_every_session()
    {
        var (id, name) = await NewUserAsync();
        var old = await SessionsOfAsync(name);
        await UpdateAsync(id, regionCode: "4401");
        await old.ShouldAllBeRefusedAsync(app.Factory);
    }

    [Fact]
    public async Task A_change_of_name_or_phone_alone_ends_no_session()
    {
        var (id, name) = await NewUserAsync();
        var old = await SessionsOfAsync(name);
        await UpdateAsync(id, displayName: "改名");
        (await old.Bearer(app.Factory).GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await CookieOnly(old.Cookie).GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Logout_ends_that_browsers_session_so_a_copied_cookie_is_refused_and_other_sessions_go_on()
    {
        var (_, name) = await NewUserAsync();
        var browser = await CookieBrowser.LoginAsync(app.Factory, name, Password);
        var copy = browser.AuthCookie;
        var token = await TokenAsync(name);
        var page = await browser.GetStringAsync("/");
        var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = AntiforgeryToken().Match(page).Groups[1].Value });
        (await browser.PostAsync("/account/logout", form)).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        await ShouldGoToLoginAsync(CookieOnly(copy));
        // Logout ends this browser's session only: the same user's API session is another one.
        (await Bearer(token.Access).GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Revoke_ends_the_calling_tokens_session_and_its_refresh_token_and_nothing_else()
    {
        var (_, name) = await NewUserAsync();
        var first = await TokenAsync(name);
        var second = await TokenAsync(name);
        var browser = await CookieBrowser.LoginAsync(app.Factory, name, Password);
        // A token refreshed from the first sign-in belongs to the same session.
        var refreshed = await RefreshAsync(first.Refresh);
        refreshed.StatusCode.ShouldBe(HttpStatusCode.OK);
        var next = await ReadTokenAsync(refreshed);

        (await Bearer(first.Access).PostAsync("/api/v1/auth/revoke", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await Bearer(first.Access).GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await Bearer(next.Access).GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await RefreshAsync(next.Refresh)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await Bearer(second.Access).GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await browser.GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Revoke_with_allSessions_ends_every_session_of_the_caller()
    {
        var (_, name) = await NewUserAsync();
        var old = await SessionsOfAsync(name);
        var caller = await TokenAsync(name);
        (await Bearer(caller.Access).PostAsJsonAsync("/api/v1/auth/revoke", new { allSessions = true })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await Bearer(caller.Access).GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        await old.ShouldAllBeRefusedAsync(app.Factory);
    }

    [Fact]
    public async Task An_administrator_ends_every_session_of_a_user_through_the_API()
    {
        var (id, name) = await NewUserAsync();
        var old = await SessionsOfAsync(name);
        using var admin = await app.ClientAsAsync("admin");
        (await admin.DeleteAsync($"/api/v1/users/{id}/sessions")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await old.ShouldAllBeRefusedAsync(app.Factory);
        // The user signs in again; the audit log says who ended the sessions.
        (await Bearer((await TokenAsync(name)).Access).GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var audit = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/audit?action=SessionsEnded&entityId={id}");
        audit.GetProperty("total").GetInt32().ShouldBe(1);
        audit.GetProperty("items")[0].GetProperty("userName").GetString().ShouldBe("admin");
        (await admin.DeleteAsync($"/api/v1/users/{Guid.NewGuid()}/sessions")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_administrator_ends_every_session_of_a_user_on_the_users_page()
    {
        var (id, name) = await NewUserAsync();
        var old = await SessionsOfAsync(name);
        var admin = await CookieBrowser.LoginAsync(app.Factory, "admin", AppFixture.DemoPassword);
        var page = await admin.GetStringAsync($"/admin/users/{id}");
        page.ShouldContain("结束全部会话");
        (await admin.PostFormAsync($"/admin/users/{id}", "end-sessions", [])).ShouldContain("已结束该用户的全部会话");
        await old.ShouldAllBeRefusedAsync(app.Factory);
    }

    // ---- refresh -------------------------------------------------------------------------------------------------

    [Fact]
    public async Task A_refresh_token_works_once_and_each_use_gives_a_new_one()
    {
        var (_, name) = await NewUserAsync();
        var first = await TokenAsync(name);
        first.ExpiresIn.ShouldBeInRange(15 * 60 - 5, 15 * 60);
        var r1 = await RefreshAsync(first.Refresh);
        r1.StatusCode.ShouldBe(HttpStatusCode.OK);
        var second = await ReadTokenAsync(r1);
        second.Refresh.ShouldNotBe(first.Refresh);
        second.Access.ShouldNotBe(first.Access);
        (await Bearer(second.Access).GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var third = await ReadTokenAsync(await RefreshAsync(second.Refresh));
        (await Bearer(third.Access).GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_reused_refresh_token_revokes_its_whole_family()
    {
        var (id, name) = await NewUserAsync();
        var first = await TokenAsync(name);
        var other = await TokenAsync(name);
        var second = await ReadTokenAsync(await RefreshAsync(first.Refresh));

        var reuse = await RefreshAsync(first.Refresh); // a stolen copy, or the thief after the owner
        reuse.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await reuse.Content.ReadAsStringAsync()).ShouldContain("请重新登录");

        (await RefreshAsync(second.Refresh)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await Bearer(second.Access).GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await Bearer(first.Access).GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        // Another sign-in of the same user is another family.
        (await Bearer(other.Access).GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var admin = await app.ClientAsAsync("admin");
        var audit = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/audit?action=SessionsEnded&entityId={id}");
        audit.GetProperty("total").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task Refresh_is_refused_for_an_unknown_or_missing_token_in_Chinese()
    {
        var unknown = await RefreshAsync("not-a-token");
        unknown.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await unknown.Content.ReadAsStringAsync()).ShouldContain("刷新令牌无效");
        using var anon = app.AnonymousClient();
        var missing = await anon.PostAsJsonAsync("/api/v1/auth/refresh", new { });
        missing.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await missing.Content.ReadAsStringAsync()).ShouldContain("请提供刷新令牌");
    }

    [Fact]
    public async Task An_access_token_expires_after_its_minutes_and_the_refresh_token_gives_a_new_one()
    {
        await using var shortLived = app.CreateFactory(new Dictionary<string, string?> { ["Auth:AccessTokenMinutes"] = "0.05" });
        var (_, name) = await NewUserAsync();
        using var anon = shortLived.CreateClient();
        var token = await ReadTokenAsync(await anon.PostAsJsonAsync("/api/v1/auth/token", new { userName = name, password = Password }));
        token.ExpiresIn.ShouldBeLessThanOrEqualTo(3);
        using var bearer = shortLived.CreateClient();
        bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Access);
        (await bearer.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await Task.Delay(TimeSpan.FromSeconds(3.5));
        (await bearer.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var renewed = await ReadTokenAsync(await anon.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = token.Refresh }));
        bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", renewed.Access);
        (await bearer.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_tampered_access_token_is_refused()
    {
        var (_, name) = await NewUserAsync();
        var token = await TokenAsync(name);
        var tampered = token.Access[..^4] + (token.Access[^4] == 'A' ? "B" : "A") + token.Access[^3..];
        (await Bearer(tampered).GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await Bearer("garbage").GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    // ---- locks and lockouts --------------------------------------------------------------------------------------

    [Fact]
    public async Task An_administrators_lock_and_the_failed_attempt_lockout_say_different_things()
    {
        var (id, name) = await NewUserAsync();
        await UpdateAsync(id, locked: true);
        using var anon = app.AnonymousClient();
        var locked = await anon.PostAsJsonAsync("/api/v1/auth/token", new { userName = name, password = Password });
        locked.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var lockedText = await locked.Content.ReadAsStringAsync();
        lockedText.ShouldContain("已被管理员停用");
        lockedText.ShouldNotContain("分钟");
        // Told only to whoever knows the password: a wrong one gets the usual answer.
        var wrong = await anon.PostAsJsonAsync("/api/v1/auth/token", new { userName = name, password = "wrong-pass1" });
        wrong.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await wrong.Content.ReadAsStringAsync()).ShouldContain("用户名或密码不正确");
        var page = await AppFixture.PostFormAsync(app.Factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true }),
            "/account/login", "login", new() { ["Input.UserName"] = name, ["Input.Password"] = Password });
        (await page.Content.ReadAsStringAsync()).ShouldContain("已被管理员停用");

        var (_, other) = await NewUserAsync();
        for (var i = 0; i < 5; i++) await anon.PostAsJsonAsync("/api/v1/auth/token", new { userName = other, password = "wrong-pass1" });
        var lockedOut = await anon.PostAsJsonAsync("/api/v1/auth/token", new { userName = other, password = Password });
        lockedOut.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var lockedOutText = await lockedOut.Content.ReadAsStringAsync();
        lockedOutText.ShouldContain("连续输错密码次数过多");
        lockedOutText.ShouldContain("15 分钟");
        lockedOutText.ShouldNotContain("管理员停用");
    }

    [Fact]
    public async Task A_password_reset_does_not_lift_an_administrators_lock_but_lifts_the_lockout()
    {
        using var admin = await app.ClientAsAsync("admin");
        using var anon = app.AnonymousClient();
        var (id, name) = await NewUserAsync();
        await UpdateAsync(id, locked: true);
        (await admin.PostAsJsonAsync($"/api/v1/users/{id}/password", new { newPassword = "efgh5678" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var stillLocked = await anon.PostAsJsonAsync("/api/v1/auth/token", new { userName = name, password = "efgh5678" });
        stillLocked.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await stillLocked.Content.ReadAsStringAsync()).ShouldContain("已被管理员停用");
        (await admin.GetFromJsonAsync<JsonElement>($"/api/v1/users/{id}")).GetProperty("locked").GetBoolean().ShouldBeTrue();

        var (otherId, other) = await NewUserAsync();
        for (var i = 0; i < 5; i++) await anon.PostAsJsonAsync("/api/v1/auth/token", new { userName = other, password = "wrong-pass1" });
        (await admin.GetFromJsonAsync<JsonElement>($"/api/v1/users/{otherId}")).GetProperty("failedAttempts").GetInt32().ShouldBe(5);
        (await admin.PostAsJsonAsync($"/api/v1/users/{otherId}/password", new { newPassword = "efgh5678" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await anon.PostAsJsonAsync("/api/v1/auth/token", new { userName = other, password = "efgh5678" })).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_stranger_cannot_lock_the_administrator_out_of_their_own_address()
    {
        await using var host = AddressedFactory();
        var attacker = Addressed(host, "198.51.100.7");
        for (var i = 0; i < 8; i++)
            (await attacker.PostAsJsonAsync("/api/v1/auth/token", new { userName = "admin", password = "guess-" + i + "x1" })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        // Locked for the stranger's address, even with the right password…
        var fromAttacker = await attacker.PostAsJsonAsync("/api/v1/auth/token", new { userName = "admin", password = AppFixture.DemoPassword });
        fromAttacker.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await fromAttacker.Content.ReadAsStringAsync()).ShouldContain("连续输错密码次数过多");
        // …but not for the administrator's own, by the API or on the page.
        var owner = Addressed(host, "192.0.2.10");
        (await owner.PostAsJsonAsync("/api/v1/auth/token", new { userName = "admin", password = AppFixture.DemoPassword })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await AppFixture.PostFormAsync(Addressed(host, "192.0.2.10", cookies: true), "/account/login", "login",
            new() { ["Input.UserName"] = "admin", ["Input.Password"] = AppFixture.DemoPassword });
        page.StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task An_unknown_user_name_and_a_wrong_password_get_the_same_answer()
    {
        await using var host = AddressedFactory();
        var (_, name) = await NewUserAsync();
        var unknown = "nobody" + Guid.NewGuid().ToString("N")[..8];
        var client = Addressed(host, "203.0.113.20");
        for (var attempt = 1; attempt <= 6; attempt++)
        {
            var a = await client.PostAsJsonAsync("/api/v1/auth/token", new { userName = name, password = "wrong-pass1" });
            var b = await client.PostAsJsonAsync("/api/v1/auth/token", new { userName = unknown, password = "wrong-pass1" });
            a.StatusCode.ShouldBe(b.StatusCode);
            a.Content.Headers.ContentType!.ToString().ShouldBe(b.Content.Headers.ContentType!.ToString());
            Comparable(await a.Content.ReadAsStringAsync()).ShouldBe(Comparable(await b.Content.ReadAsStringAsync()), $"attempt {attempt}");
        }
        // The page too.
        var pageClient = Addressed(host, "203.0.113.21", cookies: true);
        var pageA = await AppFixture.PostFormAsync(pageClient, "/account/login", "login", new() { ["Input.UserName"] = name, ["Input.Password"] = "wrong-pass1" });
        var pageB = await AppFixture.PostFormAsync(pageClient, "/account/login", "login", new() { ["Input.UserName"] = unknown, ["Input.Password"] = "wrong-pass1" });
        pageA.StatusCode.ShouldBe(pageB.StatusCode);
        LoginError(await pageA.Content.ReadAsStringAsync()).ShouldBe(LoginError(await pageB.Content.ReadAsStringAsync()));

        // And the time: an unknown name costs a password hash like a known one (medians of a few tries each).
        var timer = Addressed(host, "203.0.113.22");
        var known = new List<double>();
        var none = new List<double>();
        for (var i = 0; i < 4; i++)
        {
            known.Add(await TimeAsync(timer, name));
            none.Add(await TimeAsync(timer, unknown + i));
        }
        Median(none).ShouldBeGreaterThan(Median(known) * 0.4, $"known {string.Join("/", known)} ms, unknown {string.Join("/", none)} ms");
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private static string Comparable(string body) => TraceId().Replace(body, "");

    private static string LoginError(string html) => LoginErrorText().Match(html).Groups[1].Value;

    private static double Median(List<double> xs) => xs.Order().ElementAt(xs.Count / 2);

    private static async Task<double> TimeAsync(HttpClient client, string userName)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await client.PostAsJsonAsync("/api/v1/auth/token", new { userName, password = "wrong-pass1" });
        return watch.Elapsed.TotalMilliseconds;
    }

    private async Task<(Guid Id, string Name)> NewUserAsync()
    {
        using var admin = await app.ClientAsAsync("admin");
        var name = "sess" + Guid.NewGuid().ToString("N")[..8];
        var created = await admin.PostAsJsonAsync("/api/v1/users", new { userName = name, displayName = "会话测试", role = "CivilAffairsOfficer", regionCode = "440112", password = Password });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        return ((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid(), name);
    }

    private async Task UpdateAsync(Guid id, bool locked = false, string role = "CivilAffairsOfficer", string regionCode = "440112", string displayName = "会话测试")
    {
        using var admin = await app.ClientAsAsync("admin");
        var stamp = (await admin.GetFromJsonAsync<JsonElement>($"/api/v1/users/{id}")).GetProperty("concurrencyStamp").GetString();
        var put = await admin.PutAsJsonAsync($"/api/v1/users/{id}", new { displayName, role, regionCode, locked, concurrencyStamp = stamp });
        put.StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    private sealed record Token(string Access, string Refresh, int ExpiresIn);

    private async Task<Token> TokenAsync(string name, string password = Password)
    {
        using var anon = app.AnonymousClient();
        return await ReadTokenAsync(await anon.PostAsJsonAsync("/api/v1/auth/token", new { userName = name, password }));
    }

    private static async Task<Token> ReadTokenAsync(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("tokenType").GetString().ShouldBe("Bearer");
        return new Token(body.GetProperty("accessToken").GetString()!, body.GetProperty("refreshToken").GetString()!, body.GetProperty("expiresIn").GetInt32());
    }

    private async Task<HttpResponseMessage> RefreshAsync(string refreshToken)
    {
        using var anon = app.AnonymousClient();
        return await anon.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken });
    }

    private HttpClient Bearer(string token)
    {
        var client = app.AnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private HttpClient CookieOnly(string cookie)
    {
        var client = app.AnonymousClient();
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }

    private static async Task ShouldGoToLoginAsync(HttpClient client)
    {
        var response = await client.GetAsync("/");
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldContain("/account/login");
    }

    /// <summary>A user's open sessions before a trigger: an API token pair and a browser cookie, both shown to work.</summary>
    private sealed record OpenSessions(string Access, string Refresh, string Cookie)
    {
        public HttpClient Bearer(WebApplicationFactory<Program> f)
        {
            var c = f.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
            c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Access);
            return c;
        }

        public async Task ShouldAllBeRefusedAsync(WebApplicationFactory<Program> f)
        {
            (await Bearer(f).GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            (await Bearer(f).GetAsync("/api/v1/persons")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            var cookie = f.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
            cookie.DefaultRequestHeaders.Add("Cookie", Cookie);
            await ShouldGoToLoginAsync(cookie);
            using var anon = f.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
            (await anon.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = Refresh })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }
    }

    private async Task<OpenSessions> SessionsOfAsync(string name)
    {
        var token = await TokenAsync(name);
        var browser = await CookieBrowser.LoginAsync(app.Factory, name, Password);
        var open = new OpenSessions(token.Access, token.Refresh, browser.AuthCookie);
        (await open.Bearer(app.Factory).GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await CookieOnly(open.Cookie).GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.OK);
        return open;
    }

    /// <summary>A host whose requests take their client address from a test header (as a trusted proxy would set it).</summary>
    private WebApplicationFactory<Program> AddressedFactory() =>
        app.CreateFactory(new Dictionary<string, string?>(), b => b.ConfigureServices(s => s.AddTransient<IStartupFilter, TestClientAddress>()));

    private static HttpClient Addressed(WebApplicationFactory<Program> host, string address, bool cookies = false)
    {
        var client = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = cookies });
        client.DefaultRequestHeaders.Add(TestClientAddress.Header, address);
        return client;
    }

    private sealed class TestClientAddress : IStartupFilter
    {
        public const string Header = "X-Test-Client-Address";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((HttpContext c, RequestDelegate n) =>
            {
                if (IPAddress.TryParse(c.Request.Headers[Header], out var ip)) c.Connection.RemoteIpAddress = ip;
                return n(c);
            });
            next(app);
        };
    }

    /// <summary>A browser whose cookies can be read, so that a copy of its sign-in cookie can be replayed elsewhere.</summary>
    private sealed class CookieBrowser : DelegatingHandler
    {
        private readonly Dictionary<string, string> _cookies = [];
        private HttpClient _client = default!;

        public string AuthCookie => string.Join("; ", _cookies.Where(c => c.Key.StartsWith("shegong.auth")).Select(c => c.Key + "=" + c.Value));

        public static async Task<CookieBrowser> LoginAsync(WebApplicationFactory<Program> f, string name, string password)
        {
            var browser = new CookieBrowser { InnerHandler = f.Server.CreateHandler() };
            browser._client = new HttpClient(browser) { BaseAddress = f.Server.BaseAddress };
            var response = await AppFixture.PostFormAsync(browser._client, "/account/login", "login", new() { ["Input.UserName"] = name, ["Input.Password"] = password });
            response.StatusCode.ShouldBe(HttpStatusCode.Redirect, $"login of {name}");
            browser.AuthCookie.ShouldNotBeEmpty();
            return browser;
        }

        public Task<HttpResponseMessage> GetAsync(string url) => _client.GetAsync(url);
        public Task<string> GetStringAsync(string url) => _client.GetStringAsync(url);
        public Task<HttpResponseMessage> PostAsync(string url, HttpContent content) => _client.PostAsync(url, content);

        public async Task<string> PostFormAsync(string url, string formName, Dictionary<string, string> fields)
        {
            var response = await AppFixture.PostFormAsync(_client, url, formName, fields);
            return await response.Content.ReadAsStringAsync();
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            if (_cookies.Count > 0) request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => c.Key + "=" + c.Value)));
            var response = await base.SendAsync(request, ct);
            if (response.Headers.TryGetValues("Set-Cookie", out var set))
                foreach (var header in set)
                {
                    var pair = header.Split(';')[0];
                    var eq = pair.IndexOf('=');
                    var (key, value) = (pair[..eq].Trim(), pair[(eq + 1)..].Trim());
                    if (value.Length == 0 || header.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase)) _cookies.Remove(key);
                    else _cookies[key] = value;
                }
            return response;
        }
    }

    [GeneratedRegex("\"traceId\":\"[^\"]*\"")]
    private static partial Regex TraceId();

    [GeneratedRegex("data-testid=\"login-error\">([^<]*)<")]
    private static partial Regex LoginErrorText();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
