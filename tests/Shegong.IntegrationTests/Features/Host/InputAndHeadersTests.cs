using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Shegong.IntegrationTests.Features.Registry;
using Shegong.IntegrationTests.Features.Wishes;
using Shegong.IntegrationTests.Infrastructure;

namespace Shegong.IntegrationTests.Features.Host;

/// <summary>
/// Issue 10 items 5 and 6: the requests that used to answer 500, control characters refused with the field named,
/// the headers of each kind of response, Secure cookies over HTTPS, and no ID number or claim code in an address.
/// </summary>
public sealed partial class InputAndHeadersTests(AppFixture app)
{
    // ---- item 5: no input reaches a 500 ----------------------------------------------------------------------------

    [Fact]
    public async Task A_registration_without_its_person_is_a_400_naming_the_field()
    {
        using var worker = await app.ClientAsAsync("worker");
        foreach (var body in new[] { "{}", """{"person":null}""", """{"communityCode":"440112010001","relation":"Head","newHousehold":{"address":"黄村","phone":null}}""" })
        {
            var response = await worker.PostAsync("/api/v1/persons", Json(body));
            var errors = await ErrorsAsync(response, HttpStatusCode.BadRequest);
            errors.GetProperty("Person")[0].GetString().ShouldEndWith("不能为空");
        }
        var id = await RegistryApi.RegisterNewAsync(worker);
        var update = await worker.PutAsync($"/api/v1/persons/{id}", Json("""{"version":1}"""));
        (await ErrorsAsync(update, HttpStatusCode.BadRequest)).GetProperty("Person")[0].GetString().ShouldEndWith("不能为空");
    }

    [Fact]
    public async Task Nul_and_other_control_characters_are_refused_naming_the_field_before_the_database()
    {
        using var anonymous = app.AnonymousClient();
        // Anonymous: the token endpoint and the public claim.
        var token = await anonymous.PostAsync("/api/v1/auth/token", Json("""{"userName":"admin\u0000","password":"x"}"""));
        (await ErrorsAsync(token, HttpStatusCode.BadRequest)).GetProperty("UserName")[0].GetString()!.ShouldContain("控制字符");

        var (_, wish) = await WishApi.PublishedAsync(app);
        var claim = JsonSerializer.SerializeToNode(WishApi.Claim(wish))!;
        claim["claimantName"] = "长洲\u0000商贸";
        var claimed = await anonymous.PostAsync("/api/v1/board/claims", Json(claim.ToJsonString()));
        (await ErrorsAsync(claimed, HttpStatusCode.BadRequest)).GetProperty("ClaimantName")[0].GetString()!.ShouldContain("控制字符");

        // Other C0 characters, DEL and a lone surrogate; tab, CR and LF pass.
        using var worker = await app.ClientAsAsync("worker");
        var person = await RegistryApi.RegisterNewAsync(worker);
        foreach (var note in new[] { "\\u0001", "\\u001b[31m", "\\u007f", "\\ud800", "\\udc00x" })
        {
            var e = await worker.PostAsync($"/api/v1/persons/{person}/events", Json($$"""{"note":"走访{{note}}"}"""));
            (await ErrorsAsync(e, HttpStatusCode.BadRequest)).GetProperty("Note")[0].GetString()!.ShouldContain("控制字符", customMessage: note);
        }
        (await worker.PostAsync($"/api/v1/persons/{person}/events", Json("""{"note":"家中\t有变故\r\n需尽快走访 😀"}""")))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent);

        // Query strings and page forms (a Blazor form post) alike.
        var query = await worker.GetAsync("/api/v1/persons?name=%E5%BC%A0%00");
        (await ErrorsAsync(query, HttpStatusCode.BadRequest)).GetProperty("Name")[0].GetString()!.ShouldContain("控制字符");
        using var browser = await app.BrowserAsAsync("worker");
        var form = await AppFixture.PostFormAsync(browser, "/wishes/donors/new", "donor", new() { ["Name"] = "爱心\u0000企业" });
        form.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var html = await form.Content.ReadAsStringAsync();
        html.ShouldContain("控制字符", customMessage: html);
        html.ShouldContain("lang=\"zh-CN\"");
    }

    [Fact]
    public async Task A_broken_multipart_photo_upload_is_a_400_not_a_500()
    {
        using var worker = await app.ClientAsAsync("worker");
        var (_, wish) = await WishApi.PublishedAsync(app);
        foreach (var (body, type) in new[]
                 {
                     ("--XYZ\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"a.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n\u00ff\u00d8\u00ff", "multipart/form-data; boundary=XYZ"),
                     ("--XYZ\r\n", "multipart/form-data"),
                     ("no boundary at all", "multipart/form-data; boundary=XYZ"),
                 })
        {
            var content = new ByteArrayContent(Encoding.Latin1.GetBytes(body));
            content.Headers.TryAddWithoutValidation("Content-Type", type);
            var response = await worker.PostAsync($"/api/v1/wishes/{wish}/photos", content);
            (await ErrorsAsync(response, HttpStatusCode.BadRequest)).GetProperty("Form")[0].GetString()!.ShouldStartWith("表单：");
        }
    }

    [Theory]
    [InlineData("/%5Cevil.example")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("https://evil.example/")]
    [InlineData("/%09/evil.example")]
    public async Task The_language_switch_only_returns_to_a_local_path(string returnUrl)
    {
        using var anonymous = app.AnonymousClient();
        var response = await anonymous.GetAsync($"/culture/set?culture=en&returnUrl={(returnUrl.Contains('%') ? returnUrl : Uri.EscapeDataString(returnUrl))}");
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldBe("/");
        var local = await anonymous.GetAsync("/culture/set?culture=zh&returnUrl=%2Fboard%3Fpage%3D2");
        local.Headers.Location!.OriginalString.ShouldBe("/board?page=2");
    }

    [Fact]
    public async Task Api_not_found_bodies_are_problem_json_and_a_429_says_when_to_retry()
    {
        using var worker = await app.ClientAsAsync("worker");
        foreach (var url in new[] { $"/api/v1/persons/{Guid.NewGuid()}", "/api/v1/no-such-thing", $"/api/v1/wishes/{Guid.NewGuid()}" })
        {
            var response = await worker.GetAsync(url);
            response.StatusCode.ShouldBe(HttpStatusCode.NotFound, url);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json", url);
            (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString().ShouldBe("未找到");
        }

        await using var strict = app.CreateFactory(new Dictionary<string, string?> { ["Wishes:BoardPostsPerMinute"] = "1" });
        using var citizen = strict.CreateClient();
        HttpResponseMessage last = null!;
        for (var i = 0; i < 3; i++) last = await citizen.PostAsJsonAsync("/api/v1/board/claims/lookup", new { code = "ABCD-EFGH" });
        last.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        last.Headers.RetryAfter.ShouldNotBeNull();
        last.Headers.RetryAfter!.Delta!.Value.TotalSeconds.ShouldBeInRange(1, 60);
        last.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    // ---- item 6: headers ------------------------------------------------------------------------------------------

    [Fact]
    public async Task Every_kind_of_response_carries_the_security_headers()
    {
        using var anonymous = app.AnonymousClient();
        using var browser = await app.BrowserAsAsync("manager");
        using var api = await app.ClientAsAsync("manager");
        var person = await RegistryApi.RegisterNewAsync(await app.ClientAsAsync("worker"));

        var cases = new (string Kind, HttpClient Client, string Url, HttpStatusCode Status, bool Personal)[]
        {
            ("public page", anonymous, "/board", HttpStatusCode.OK, false),
            ("sign-in page", anonymous, "/account/login", HttpStatusCode.OK, false),
            ("signed-in page", browser, "/persons", HttpStatusCode.OK, true),
            ("admin page", browser, "/audit", HttpStatusCode.OK, true),
            ("API JSON", api, "/api/v1/persons", HttpStatusCode.OK, true),
            ("API reveal", api, $"/api/v1/persons/{person}?reveal=true", HttpStatusCode.OK, true),
            ("API public JSON", anonymous, "/api/v1/board", HttpStatusCode.OK, true),
            ("API file download", browser, "/api/v1/persons/export", HttpStatusCode.OK, true),
            ("static file", anonymous, "/app.css", HttpStatusCode.OK, false),
            ("page not found", anonymous, "/no-such-page", HttpStatusCode.NotFound, true),
            ("API not found", api, $"/api/v1/persons/{Guid.NewGuid()}", HttpStatusCode.NotFound, true),
            ("API unauthorised", anonymous, "/api/v1/persons", HttpStatusCode.Unauthorized, true),
            ("API refused input", api, "/api/v1/persons?page=%00", HttpStatusCode.BadRequest, true),
            ("OpenAPI document", anonymous, "/openapi/v1.json", HttpStatusCode.OK, false),
        };
        foreach (var (kind, client, url, status, personal) in cases)
        {
            var response = await client.GetAsync(url);
            response.StatusCode.ShouldBe(status, kind);
            var csp = Header(response, "Content-Security-Policy");
            csp.ShouldContain("frame-ancestors 'none'", customMessage: kind);
            csp.ShouldNotContain("unsafe-inline", customMessage: kind);
            csp.ShouldNotContain("unsafe-eval", customMessage: kind);
            Header(response, "X-Content-Type-Options").ShouldBe("nosniff", kind);
            Header(response, "Referrer-Policy").ShouldBe("same-origin", kind);
            Header(response, "X-Frame-Options").ShouldBe("DENY", kind);
            response.Headers.Contains("Server").ShouldBeFalse(kind);
            if (personal) Header(response, "Cache-Control").ShouldContain("no-store", customMessage: kind);
            else if (kind == "static file") Header(response, "Cache-Control").ShouldNotContain("no-store", customMessage: kind);
        }
        // Pages run only Shegong's own script files and its stylesheet: the policy names no other source.
        var page = await anonymous.GetAsync("/board");
        Header(page, "Content-Security-Policy").ShouldContain("script-src 'self';");
        Header(page, "Content-Security-Policy").ShouldContain("style-src 'self';");
    }

    [Fact]
    public async Task The_api_reference_runs_its_inline_script_by_nonce_only()
    {
        using var anonymous = app.AnonymousClient();
        var response = await anonymous.GetAsync("/api/docs/");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, response.Headers.Location?.ToString());
        var csp = Header(response, "Content-Security-Policy");
        var nonce = Regex.Match(csp, "script-src 'self' 'nonce-([^']+)'").Groups[1].Value;
        nonce.ShouldNotBeEmpty(csp);
        csp.ShouldContain("frame-ancestors 'none'");
        var html = await response.Content.ReadAsStringAsync();
        var scripts = Regex.Matches(html, "<script[^>]*>", RegexOptions.IgnoreCase).Select(m => m.Value).ToList();
        scripts.ShouldNotBeEmpty();
        scripts.ShouldAllBe(s => s.Contains($"nonce=\"{nonce}\""));
        // A new nonce for every response.
        Header(await anonymous.GetAsync("/api/docs/"), "Content-Security-Policy").ShouldNotContain(nonce);
    }

    [Fact]
    public async Task No_page_has_an_inline_script_handler_or_style_attribute()
    {
        using var manager = await app.BrowserAsAsync("manager");
        using var admin = await app.BrowserAsAsync("admin");
        using var anonymous = app.AnonymousClient();
        var (_, wish) = await WishApi.PublishedAsync(app);
        foreach (var (client, url) in new[]
                 {
                     (anonymous, "/board"), (anonymous, "/account/login"), (anonymous, $"/board/claim?wish={wish}"), (anonymous, "/board/mine"),
                     (manager, "/"), (manager, "/persons"), (manager, "/wishes"), (manager, "/wishes/poster"), (manager, "/visits/week"),
                     (manager, "/stats/registry"), (manager, "/dashboard"), (manager, "/wishes/stats"), (admin, "/admin/users"), (admin, "/audit"), (admin, "/stations"), (anonymous, "/no-such-page"),
                 })
        {
            var response = await client.GetAsync(url);
            var html = await response.Content.ReadAsStringAsync();
            ((int)response.StatusCode).ShouldBeOneOf([200, 404], url);
            Regex.Matches(html, "<script(?![^>]*\\bsrc=)[^>]*>", RegexOptions.IgnoreCase).ShouldBeEmpty(url);
            Regex.Matches(html, "\\son[a-z]+\\s*=\\s*\"", RegexOptions.IgnoreCase).Select(m => m.Value).ShouldBeEmpty(url);
            Regex.Matches(html, "\\sstyle\\s*=", RegexOptions.IgnoreCase).Select(m => m.Value).ShouldBeEmpty(url);
            html.ShouldNotContain("javascript:", customMessage: url);
        }
    }

    [Fact]
    public async Task Cookies_are_secure_over_https()
    {
        using var https = app.Factory.CreateClient(new WebApplicationFactoryClientOptions
            { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = false });
        var login = await https.GetAsync("/account/login");
        var antiforgery = login.Headers.GetValues("Set-Cookie").ToList();
        antiforgery.ShouldNotBeEmpty();
        antiforgery.ShouldAllBe(c => c.Contains("secure", StringComparison.OrdinalIgnoreCase));

        var token = AntiforgeryToken().Match(await login.Content.ReadAsStringAsync()).Groups[1].Value;
        var post = new HttpRequestMessage(HttpMethod.Post, "/account/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "login", ["__RequestVerificationToken"] = token,
                ["Input.UserName"] = "worker", ["Input.Password"] = AppFixture.DemoPassword,
            }),
        };
        post.Headers.Add("Cookie", string.Join("; ", antiforgery.Select(c => c.Split(';')[0])));
        var signedIn = await https.SendAsync(post);
        signedIn.StatusCode.ShouldBe(HttpStatusCode.Found);
        var auth = signedIn.Headers.GetValues("Set-Cookie").Where(c => c.StartsWith("shegong.auth")).ToList();
        auth.ShouldNotBeEmpty();
        auth.ShouldAllBe(c => c.Contains("secure", StringComparison.OrdinalIgnoreCase) && c.Contains("httponly", StringComparison.OrdinalIgnoreCase));

        var culture = await https.GetAsync("/culture/set?culture=en&returnUrl=/");
        culture.Headers.GetValues("Set-Cookie").ShouldAllBe(c => c.Contains("secure", StringComparison.OrdinalIgnoreCase));
    }

    // ---- item 6: no secrets in addresses --------------------------------------------------------------------------

    [Fact]
    public async Task Id_numbers_and_claim_codes_are_taken_from_the_body_not_the_address()
    {
        using var worker = await app.ClientAsAsync("worker");
        var id = RegistryApi.NewId();
        var personId = await RegistryApi.RegisterAsync(worker, RegistryApi.Request(RegistryApi.Details(id)));
        (await RegistryApi.SearchAsync(worker, new { idNumber = id.Value })).Items.Select(i => i.Id).ShouldBe([personId]);
        foreach (var url in new[] { $"/api/v1/persons?idNumber={id.Value}", $"/api/v1/persons/export?IdNumber={id.Value}" })
        {
            var inAddress = await worker.GetAsync(url);
            (await ErrorsAsync(inAddress, HttpStatusCode.BadRequest)).GetProperty("IdNumber")[0].GetString()!.ShouldContain("POST /api/v1/persons/search");
        }

        using var citizen = app.AnonymousClient();
        var (_, wish) = await WishApi.PublishedAsync(app);
        var code = (await (await citizen.PostAsJsonAsync("/api/v1/board/claims", WishApi.Claim(wish))).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("code").GetString()!;
        (await WishApi.LookupJsonAsync(citizen, code)).GetArrayLength().ShouldBe(1);
        // The old addresses are gone.
        ((int)(await citizen.GetAsync($"/api/v1/board/claims/{code}")).StatusCode).ShouldBeOneOf([404, 405]);
        ((int)(await citizen.PostAsync($"/api/v1/board/claims/{code}/withdraw", null)).StatusCode).ShouldBeOneOf([404, 405]);
        (await WishApi.WithdrawAsync(citizen, code)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        // The OpenAPI document names neither an idNumber query parameter nor a code in a path.
        var doc = await citizen.GetStringAsync("/openapi/v1.json");
        doc.ShouldNotContain("/claims/{code}");
        var list = JsonDocument.Parse(doc).RootElement.GetProperty("paths").GetProperty("/api/v1/persons").GetProperty("get");
        list.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ShouldNotContain("idNumber");
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static string Header(HttpResponseMessage r, string name) =>
        r.Headers.TryGetValues(name, out var v) ? string.Join(", ", v)
        : r.Content.Headers.TryGetValues(name, out var c) ? string.Join(", ", c) : "";

    private static async Task<JsonElement> ErrorsAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, body);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json", body);
        return JsonDocument.Parse(body).RootElement.GetProperty("errors");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
