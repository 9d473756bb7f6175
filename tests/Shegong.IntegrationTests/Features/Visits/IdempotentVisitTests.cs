using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Audit;
using Shegong.Domain.Visits;
using Shegong.IntegrationTests.Infrastructure;
using Shegong.Web.Features.Visits;
using static Shegong.IntegrationTests.Features.Registry.RegistryApi;

namespace Shegong.IntegrationTests.Features.Visits;

/// <summary>
/// A visit sent again (a phone that lost its answer) is logged once: the API's Idempotency-Key and the page form's
/// hidden key answer a replay with the first visit, refuse the key with another body, and belong to their user.
/// Each test registers a person of its own.
/// </summary>
public sealed class IdempotentVisitTests(AppFixture app)
{
    private static HttpRequestMessage Post(Guid personId, string? key, VisitRecord record, DateOnly? on = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/persons/{personId}/visits")
        {
            Content = JsonContent.Create(new VisitsApi.LogVisitRequest(VisitMethod.Home, on ?? Today, record, []), options: Json),
        };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    private static async Task<Guid> CreatedIdAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
    }

    private Task<int> VisitCountAsync(Guid personId) => QueryAsync(app, db => db.Visits.IgnoreQueryFilters().CountAsync(v => v.PersonId == personId));

    [Fact]
    public async Task The_same_key_and_body_answer_the_first_visit_and_log_nothing_more()
    {
        using var worker = await app.ClientAsAsync("worker");
        var personId = await RegisterNewAsync(worker);
        var key = Guid.NewGuid().ToString();
        var record = new VisitRecord(BasicLiving: "精神尚好，独自做饭");

        var first = await CreatedIdAsync(await worker.SendAsync(Post(personId, key, record)));
        var again = await worker.SendAsync(Post(personId, key, record));
        (await CreatedIdAsync(again)).ShouldBe(first);
        again.Headers.Location!.ToString().ShouldBe($"/api/v1/persons/{personId}");
        (await VisitCountAsync(personId)).ShouldBe(1);
        (await GetAsync(worker, personId)).Version.ShouldBe(1);

        // Several retries at once (a phone re-sending while the first is in flight): still one visit, one answer.
        var key2 = Guid.NewGuid().ToString();
        var racing = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => worker.SendAsync(Post(personId, key2, record with { SafetyRisks = "门槛高" }))));
        var ids = await Task.WhenAll(racing.Select(CreatedIdAsync));
        ids.Distinct().Count().ShouldBe(1);
        (await VisitCountAsync(personId)).ShouldBe(2);

        // Without a key, each post is a visit of its own (as before).
        await CreatedIdAsync(await worker.SendAsync(Post(personId, null, record)));
        (await VisitCountAsync(personId)).ShouldBe(3);
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_refused_in_Chinese_and_saves_nothing()
    {
        using var worker = await app.ClientAsAsync("worker");
        var personId = await RegisterNewAsync(worker);
        var key = Guid.NewGuid().ToString();
        await CreatedIdAsync(await worker.SendAsync(Post(personId, key, new VisitRecord(BasicLiving: "第一次"))));
        var before = await GetAsync(worker, personId);

        var refused = await worker.SendAsync(Post(personId, key, new VisitRecord(BasicLiving: "改过的内容")));
        var body = await refused.Content.ReadAsStringAsync();
        refused.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity, body);
        var problem = JsonDocument.Parse(body).RootElement;
        problem.GetProperty("title").GetString().ShouldBe("幂等键已被使用");
        problem.GetProperty("detail").GetString().ShouldBe("Idempotency-Key：这个键已用于另一份内容不同的走访记录，未保存。新的走访请使用新的键");
        // Another person with the same key is another body too.
        var other = await RegisterNewAsync(worker);
        (await worker.SendAsync(Post(other, key, new VisitRecord(BasicLiving: "第一次")))).StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);

        (await VisitCountAsync(personId)).ShouldBe(1);
        (await VisitCountAsync(other)).ShouldBe(0);
        (await GetAsync(worker, personId)).ShouldSatisfyAllConditions(p => p.Version.ShouldBe(before.Version), p => p.LastVisitOn.ShouldBe(before.LastVisitOn));
    }

    [Fact]
    public async Task Keys_belong_to_their_user_and_a_key_that_is_not_one_is_refused()
    {
        using var worker = await app.ClientAsAsync("worker");
        using var manager = await app.ClientAsAsync("manager");
        var personId = await RegisterNewAsync(worker);
        var key = Guid.NewGuid().ToString();
        var record = new VisitRecord(BasicLiving: "两人各访一次");

        var mine = await CreatedIdAsync(await worker.SendAsync(Post(personId, key, record)));
        var theirs = await CreatedIdAsync(await manager.SendAsync(Post(personId, key, record)));
        theirs.ShouldNotBe(mine);
        (await VisitCountAsync(personId)).ShouldBe(2);

        foreach (var bad in new[] { new string('k', 101), "含中文的键", "a b" })
        {
            var response = await worker.SendAsync(Post(personId, bad, record));
            (await ErrorsAsync(response, "Idempotency-Key")).ShouldBe(["Idempotency-Key：应为 1 至 100 个可见英文字符（建议用 UUID）"]);
        }
        (await VisitCountAsync(personId)).ShouldBe(2);
    }

    [Fact]
    public async Task The_page_form_posted_twice_with_its_key_logs_one_visit()
    {
        using var api = await app.ClientAsAsync("worker");
        var personId = await RegisterNewAsync(api);
        using var browser = await app.BrowserAsAsync("worker");
        var url = $"/persons/{personId}/visit";
        var page = await browser.GetStringAsync(url);
        var key = System.Text.RegularExpressions.Regex.Match(page, "name=\"Input.SubmissionKey\" value=\"([^\"]+)\"").Groups[1].Value;
        Guid.TryParse(key, out _).ShouldBeTrue(page);
        var fields = new Dictionary<string, string>
        {
            ["Input.Method"] = "Home", ["Input.VisitedOn"] = Today.ToString("yyyy-MM-dd"), ["Input.BasicLiving"] = "门口交谈，精神好",
            ["Input.NeedCategory"] = "Material", ["Input.NeedDescription"] = "", ["Input.SubmissionKey"] = key,
        };

        foreach (var attempt in new[] { 1, 2 })
        {
            var response = await AppFixture.PostFormAsync(browser, url, "log-visit", fields);
            response.StatusCode.ShouldBe(HttpStatusCode.Redirect, $"attempt {attempt}: {await response.Content.ReadAsStringAsync()}");
            response.Headers.Location!.ToString().ShouldContain($"/persons/{personId}?saved=visit");
        }
        (await VisitCountAsync(personId)).ShouldBe(1);

        // The same key with other content: the form says it was saved already, and nothing more is saved.
        var changed = await AppFixture.PostFormAsync(browser, url, "log-visit", new(fields) { ["Input.BasicLiving"] = "又改了一句" });
        changed.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await changed.Content.ReadAsStringAsync()).ShouldContain("这份走访已经保存过了");
        (await VisitCountAsync(personId)).ShouldBe(1);
    }

    [Fact]
    public async Task Calling_from_a_list_hands_the_full_number_to_the_dialler_and_is_audited()
    {
        using var api = await app.ClientAsAsync("worker");
        var personId = await RegisterNewAsync(api);
        using var browser = await app.BrowserAsAsync("worker");
        var response = await browser.GetAsync($"/persons/{personId}/call");
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldBe("tel:13812345678");
        (await QueryAsync(app, db => db.AuditEntries.IgnoreQueryFilters()
            .CountAsync(e => e.EntityId == personId.ToString() && e.Action == AuditAction.Read && e.Details == "call:Phone"))).ShouldBe(1);

        // Another station's worker, or nobody signed in, gets nothing.
        using var other = await app.BrowserAsAsync("worker2");
        (await other.GetAsync($"/persons/{personId}/call")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using var anonymous = app.AnonymousClient();
        var signIn = await anonymous.GetAsync($"/persons/{personId}/call");
        signIn.Headers.Location?.ToString().ShouldNotStartWith("tel:");
        signIn.Headers.Location?.ToString().ShouldContain("/account/login");
    }

    [Theory]
    [InlineData("13812345678", "tel:13812345678")]
    [InlineData("020-87654321转123", "tel:02087654321,123")]
    [InlineData("+86 138 1234 5678", "tel:13812345678")]
    public void A_phone_number_becomes_a_tel_address(string phone, string tel) => Shegong.Web.Features.Registry.CallPerson.TelAddress(phone).ShouldBe(tel);
}
