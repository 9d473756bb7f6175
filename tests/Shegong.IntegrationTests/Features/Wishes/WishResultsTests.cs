using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Audit;
using Shegong.IntegrationTests.Features.Registry;
using Shegong.IntegrationTests.Infrastructure;
using Shegong.Web.Infrastructure;

namespace Shegong.IntegrationTests.Features.Wishes;

/// <summary>
/// Results shown (接单 → 回访): every claim's deliveries and the return visit on the wish page and in its API; the
/// return visit asks for every answer (nothing preselected) and reports every missing one at once.
/// </summary>
public sealed class WishResultsTests(AppFixture app)
{
    private static readonly byte[] Jpeg =
        [0xFF, 0xD8, 0xFF, 0xDB, 0, 4, 0, 1, 0xFF, 0xDA, 0, 8, 1, 1, 0, 0, 0x3F, 0, 0x12, 0x34, 0xFF, 0xD9];

    private static string Text(string html) => Regex.Replace(Regex.Replace(WebUtility.HtmlDecode(html), "<[^>]+>", " "), @"\s+", " ");

    [Fact]
    public async Task The_wish_page_and_its_api_show_each_delivery_and_the_return_visit_with_who_and_when()
    {
        var (_, wish) = await WishApi.PublishedAsync(app, quantity: 2, unitValue: 150m);
        using var citizen = app.AnonymousClient();
        foreach (var name in new[] { "长洲物业", "陈先生" })
            (await citizen.PostAsJsonAsync("/api/v1/board/claims", WishApi.Claim(wish, 1, name))).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var worker = await app.ClientAsAsync("worker");
        var claims = (await worker.GetFromJsonAsync<JsonElement>($"/api/v1/wishes/{wish}")).GetProperty("claims").EnumerateArray()
            .Select(c => c.GetProperty("id").GetGuid()).ToList();
        var deliveredOn = ChinaTime.Today;
        (await worker.PostAsJsonAsync($"/api/v1/wishes/{wish}/deliveries", new { claimId = claims[0], deliveredOn, note = "物业送到老人家中，已安装" }))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var photo = new MultipartFormDataContent();
        var file = new ByteArrayContent(Jpeg);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        photo.Add(file, "photo", "evidence.jpg");
        photo.Add(new StringContent(claims[0].ToString()), "claimId");
        (await worker.PostAsync($"/api/v1/wishes/{wish}/photos", photo)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await worker.PostAsJsonAsync($"/api/v1/wishes/{wish}/deliveries", new { claimId = claims[1] })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await worker.PostAsJsonAsync($"/api/v1/wishes/{wish}/return-visit",
            new { version = await WishApi.VersionAsync(worker, wish), fulfilled = true, quality = 4, satisfaction = 5, beneficiaryRating = 3, note = "老人说风扇有点吵" }))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var d = await worker.GetFromJsonAsync<JsonElement>($"/api/v1/wishes/{wish}");
        var first = d.GetProperty("claims")[0].GetProperty("deliveries")[0];
        first.GetProperty("note").GetString().ShouldBe("物业送到老人家中，已安装");
        first.GetProperty("deliveredOn").GetString().ShouldBe(deliveredOn.ToString("yyyy-MM-dd"));
        first.GetProperty("recordedBy").GetString().ShouldBe("李社工");
        first.GetProperty("units").GetInt32().ShouldBe(1);
        first.GetProperty("photoIds").GetArrayLength().ShouldBe(1);
        d.GetProperty("claims")[1].GetProperty("deliveries")[0].GetProperty("note").GetString().ShouldBe("");
        var rv = d.GetProperty("returnVisit");
        (rv.GetProperty("fulfilled").GetBoolean(), rv.GetProperty("quality").GetInt32(), rv.GetProperty("satisfaction").GetInt32(),
            rv.GetProperty("beneficiaryRating").GetInt32()).ShouldBe((true, 4, 5, 3));
        rv.GetProperty("note").GetString().ShouldBe("老人说风扇有点吵");
        rv.GetProperty("visitedBy").GetString().ShouldBe("李社工");
        rv.GetProperty("visitedOn").GetString().ShouldBe(ChinaTime.Today.ToString("yyyy-MM-dd"));

        using var browser = await app.BrowserAsAsync("manager");
        var html = await browser.GetStringAsync($"/wishes/{wish}");
        var text = Text(html);
        text.ShouldContain("物业送到老人家中，已安装");
        text.ShouldContain("登记人：李社工");
        text.ShouldContain("（没有送达说明）");
        text.ShouldContain("心愿已实现");
        text.ShouldContain("★★★☆☆ 3/5");
        text.ShouldContain("老人说风扇有点吵");
        text.ShouldContain($"李社工 · {ChinaTime.Today:yyyy-MM-dd}");
        html.ShouldContain($"/api/v1/wishes/{wish}/photos/{first.GetProperty("photoIds")[0].GetGuid()}");
    }

    [Fact]
    public async Task The_return_visit_starts_unselected_and_reports_every_missing_answer_at_once()
    {
        var (_, wish) = await WishApi.PublishedAsync(app);
        using var citizen = app.AnonymousClient();
        (await citizen.PostAsJsonAsync("/api/v1/board/claims", WishApi.Claim(wish))).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var worker = await app.ClientAsAsync("worker");
        var claim = (await worker.GetFromJsonAsync<JsonElement>($"/api/v1/wishes/{wish}")).GetProperty("claims")[0].GetProperty("id").GetGuid();
        (await worker.PostAsJsonAsync($"/api/v1/wishes/{wish}/deliveries", new { claimId = claim })).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        using var browser = await app.BrowserAsAsync("worker");
        var html = await browser.GetStringAsync($"/wishes/{wish}");
        var form = Regex.Match(html, "data-testid=\"return-visit-form\".*?</form>", RegexOptions.Singleline).Value;
        form.ShouldContain("name=\"BeneficiaryRating\"");
        form.ShouldNotContain("checked"); // a return visit nobody asked about publishes nothing

        var missing = await worker.PostAsJsonAsync($"/api/v1/wishes/{wish}/return-visit", new { version = await WishApi.VersionAsync(worker, wish), quality = 9 });
        missing.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        errors.EnumerateObject().Select(e => e.Name).Order().ShouldBe(["BeneficiaryRating", "Fulfilled", "Quality", "Satisfaction"]);
        errors.GetProperty("Quality")[0].GetString()!.ShouldContain("服务质量");
        errors.GetProperty("Fulfilled")[0].GetString()!.ShouldContain("是否实现");

        // The page says the same, beside each field, and keeps what was chosen.
        var posted = await AppFixture.PostFormAsync(browser, $"/wishes/{wish}", "return-visit", new()
        {
            ["Version"] = (await WishApi.VersionAsync(worker, wish)).ToString(), ["Quality"] = "4",
        });
        var after = Text(await posted.Content.ReadAsStringAsync());
        after.ShouldContain("是否实现：");
        after.ShouldContain("满意度：");
        after.ShouldContain("受助人评分：");
        (await worker.GetFromJsonAsync<JsonElement>($"/api/v1/wishes/{wish}")).GetProperty("wish").GetProperty("status").GetString().ShouldBe("Delivered");
        // Nothing is shown on the public results until a real return visit.
        (await worker.GetFromJsonAsync<JsonElement>($"/api/v1/wishes/{wish}")).GetProperty("returnVisit").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task A_claim_code_is_found_with_or_without_its_dash_in_any_case_and_staff_can_issue_a_new_one_which_is_audited()
    {
        var (_, wish) = await WishApi.PublishedAsync(app);
        using var citizen = app.AnonymousClient();
        var r = await citizen.PostAsJsonAsync("/api/v1/board/claims", WishApi.Claim(wish, 1, "赵女士"));
        var code = (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        code.ShouldMatch("^[2-9A-Z]{4}-[2-9A-Z]{4}$");
        var fullWidth = string.Concat(code.Select(c => c == '-' ? '－' : (char)(c + 0xFEE0)));
        foreach (var typed in new[] { code, code.Replace("-", ""), code.ToLowerInvariant(), " " + code[..4] + " " + code[5..] + " ", fullWidth })
            (await WishApi.LookupAsync(citizen, typed)).StatusCode.ShouldBe(HttpStatusCode.OK, typed);

        // The claimant lost it and phoned: staff find the claim on the wish page and issue a new code.
        using var worker = await app.ClientAsAsync("worker");
        var claim = (await worker.GetFromJsonAsync<JsonElement>($"/api/v1/wishes/{wish}")).GetProperty("claims")[0].GetProperty("id").GetGuid();
        using var browser = await app.BrowserAsAsync("worker");
        var page = await browser.GetStringAsync($"/wishes/{wish}");
        page.ShouldContain("赵女士");
        page.ShouldContain("补发确认码");
        var posted = await AppFixture.PostFormAsync(browser, $"/wishes/{wish}", $"code-{claim}", []);
        var html = await posted.Content.ReadAsStringAsync();
        var fresh = Regex.Match(html, "data-testid=\"new-code\">([^<]+)<").Groups[1].Value;
        fresh.ShouldMatch("^[2-9A-Z]{4}-[2-9A-Z]{4}$");
        fresh.ShouldNotBe(code);
        (await WishApi.LookupAsync(citizen, code)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await WishApi.LookupAsync(citizen, fresh.Replace("-", "").ToLowerInvariant())).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await RegistryApi.QueryAsync(app, db => db.AuditEntries.IgnoreQueryFilters()
            .CountAsync(e => e.Action == AuditAction.Update && e.EntityType == "Claim" && e.EntityId == claim.ToString() && e.Details.Contains("CodeHash"))))
            .ShouldBe(1);
        // Another station's worker cannot.
        using var other = await app.BrowserAsAsync("worker2");
        var elsewhere = await other.GetAsync($"/wishes/{wish}");
        elsewhere.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        Text(await elsewhere.Content.ReadAsStringAsync()).ShouldContain("未找到");
    }
}
