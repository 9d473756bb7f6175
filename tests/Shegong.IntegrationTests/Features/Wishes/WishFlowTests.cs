using Shegong.Web.Infrastructure.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shegong.Domain.Registry;
using Shegong.Domain.Visits;
using Shegong.IntegrationTests.Features.Registry;
using Shegong.IntegrationTests.Infrastructure;
using Shegong.Web.Infrastructure;

namespace Shegong.IntegrationTests.Features.Wishes;

/// <summary>点单 from a visit's need, review, the anonymised public board, claim by code and withdrawal, scope and limits.</summary>
public sealed class WishFlowTests(AppFixture app)
{
    [Fact]
    public async Task A_need_found_in_a_visit_becomes_a_wish_that_is_reviewed_published_claimed_and_withdrawn()
    {
        using var worker = await app.ClientAsAsync("worker");
        using var manager = await app.ClientAsAsync("manager");
        var person = await RegistryApi.RegisterNewAsync(worker);
        (await worker.PostAsJsonAsync($"/api/v1/persons/{person}/visits", new
        {
            method = "Home", visitedOn = ChinaTime.Today, needs = new[] { new { category = "Material", description = "需要一台电风扇" } },
        })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var need = (await RegistryApi.GetAsync(worker, person)).OpenNeeds.Single();

        var wish = await WishApi.CreateAsync(worker, WishApi.Wish(person, needId: need.Id));
        (await RegistryApi.GetAsync(worker, person)).OpenNeeds.ShouldBeEmpty(); // taken up by the wish
        // A second open wish for the same household is refused by the limit (one per household by default).
        var second = await worker.PostAsJsonAsync("/api/v1/wishes", WishApi.Wish(person, description: "再要一台"));
        second.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await second.Content.ReadAsStringAsync()).ShouldContain("未结束的心愿");

        // The worker submits; only the manager publishes.
        (await WishApi.ReviewAsync(worker, wish, "Submit")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await WishApi.ReviewAsync(worker, wish, "Approve")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var reject = await WishApi.ReviewAsync(manager, wish, "Reject", " ");
        reject.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await reject.Content.ReadAsStringAsync()).ShouldContain("退回理由");
        (await WishApi.ReviewAsync(manager, wish, "Approve")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await WishApi.ReviewAsync(manager, wish, "Approve")).StatusCode.ShouldBe(HttpStatusCode.BadRequest); // not twice

        using var citizen = app.AnonymousClient();
        var board = await citizen.GetFromJsonAsync<JsonElement>("/api/v1/board?group=Elderly&pageSize=100");
        var card = board.GetProperty("items").EnumerateArray().Single(c => c.GetProperty("id").GetGuid() == wish);
        card.GetProperty("publicName").GetString()!.ShouldEndWith("某");
        card.GetProperty("unitsLeft").GetInt32().ShouldBe(1);

        var claimed = await citizen.PostAsJsonAsync("/api/v1/board/claims", WishApi.Claim(wish));
        claimed.StatusCode.ShouldBe(HttpStatusCode.OK);
        var code = (await claimed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        code.ShouldMatch("^[2-9A-Z]{4}-[2-9A-Z]{4}$");
        var mine = await WishApi.LookupJsonAsync(citizen, code.ToLowerInvariant());
        mine[0].GetProperty("status").GetString().ShouldBe("Active");
        (await WishApi.LookupAsync(citizen, "AAAA-AAAA")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var detail = await manager.GetFromJsonAsync<JsonElement>($"/api/v1/wishes/{wish}");
        detail.GetProperty("wish").GetProperty("status").GetString().ShouldBe("Claimed");
        detail.GetProperty("claims")[0].GetProperty("phoneMasked").GetString().ShouldBe("138****8000");

        (await WishApi.WithdrawAsync(citizen, code)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await WishApi.WithdrawAsync(citizen, code)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var reopened = await manager.GetFromJsonAsync<JsonElement>($"/api/v1/wishes/{wish}");
        reopened.GetProperty("wish").GetProperty("status").GetString().ShouldBe("Published");
        reopened.GetProperty("wish").GetProperty("unitsClaimed").GetInt32().ShouldBe(0);
    }

    [Fact]
    public async Task No_public_response_ever_carries_a_beneficiarys_name_id_number_phone_or_address()
    {
        using var worker = await app.ClientAsAsync("worker");
        var id = RegistryApi.NewId();
        var name = RegistryApi.NewName();
        var person = await RegistryApi.RegisterAsync(worker, RegistryApi.Request(RegistryApi.Details(id, name: name) with { Phone = "13700001234" }));
        var address = (await RegistryApi.GetAsync(worker, person)).Household.Address;
        var wish = await WishApi.CreateAsync(worker, WishApi.Wish(person));
        (await WishApi.ReviewAsync(worker, wish, "Submit")).EnsureSuccessStatusCode();
        using var manager = await app.ClientAsAsync("manager");
        (await WishApi.ReviewAsync(manager, wish, "Approve")).EnsureSuccessStatusCode();

        using var citizen = app.AnonymousClient();
        var bodies = new List<string>
        {
            await citizen.GetStringAsync("/api/v1/board?pageSize=100"),
            await citizen.GetStringAsync("/api/v1/board?area=440112&pageSize=100"),
            await citizen.GetStringAsync("/board"),
            await citizen.GetStringAsync($"/board/claim?wish={wish}"),
        };
        var claimed = await citizen.PostAsJsonAsync("/api/v1/board/claims", WishApi.Claim(wish));
        bodies.Add(await claimed.Content.ReadAsStringAsync());
        var code = JsonDocument.Parse(bodies[^1]).RootElement.GetProperty("code").GetString();
        bodies.Add(await WishApi.LookupStringAsync(citizen, code!));
        using var page = app.AnonymousClient();
        bodies.Add(await (await AppFixture.PostFormAsync(page, "/board/mine", "lookup", new() { ["Code"] = code! })).Content.ReadAsStringAsync());

        // Delivered and closed, it is published (公示): the results page, for the station and the month, names it anonymised too.
        var claimId = (await worker.GetFromJsonAsync<JsonElement>($"/api/v1/wishes/{wish}")).GetProperty("claims")[0].GetProperty("id").GetGuid();
        (await worker.PostAsJsonAsync($"/api/v1/wishes/{wish}/deliveries", new { claimId })).EnsureSuccessStatusCode();
        (await worker.PostAsJsonAsync($"/api/v1/wishes/{wish}/return-visit", new { version = await WishApi.VersionAsync(worker, wish), fulfilled = true, quality = 5, satisfaction = 5, beneficiaryRating = 5 }))
            .EnsureSuccessStatusCode();
        Guid stationId;
        using (var scope = app.Scope())
            stationId = await scope.ServiceProvider.GetRequiredService<ShegongDbContext>().Stations.IgnoreQueryFilters()
                .Where(s => s.RegionPrefix == "440112010").Select(s => s.Id).SingleAsync();
        var disclosure = await citizen.GetStringAsync($"/board/disclosure?station={stationId}");
        disclosure.ShouldContain(name[..1] + "某");
        // A period that does not parse says so and shows no results (never silently the current month's).
        var bad = await citizen.GetStringAsync($"/board/disclosure?station={stationId}&period=2026-13");
        bad.ShouldContain("data-testid=\"disclosure-bad-period\"");
        bad.ShouldContain("格式不正确");
        bad.ShouldNotContain(name[..1] + "某");
        bodies.Add(disclosure);
        bodies.ShouldAllBe(b => b.Length > 0);
        foreach (var body in bodies)
        {
            body.ShouldNotContain(name);
            body.ShouldNotContain(id.Value);
            body.ShouldNotContain("13700001234");
            body.ShouldNotContain(address);
        }
        bodies[0].ShouldContain(name[..1] + "某");
    }

    [Fact]
    public async Task Another_stations_worker_cannot_see_review_or_wish_for_these_people()
    {
        var (person, wish) = await WishApi.PublishedAsync(app);
        using var worker2 = await app.ClientAsAsync("worker2");
        (await worker2.GetAsync($"/api/v1/wishes/{wish}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await worker2.PostAsJsonAsync($"/api/v1/wishes/{wish}/review", new { version = 1, decision = "Submit" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await worker2.PostAsJsonAsync("/api/v1/wishes", WishApi.Wish(person))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var list = await worker2.GetFromJsonAsync<JsonElement>("/api/v1/wishes?pageSize=100");
        list.GetProperty("items").EnumerateArray().ShouldNotContain(w => w.GetProperty("id").GetGuid() == wish);
        using var officer = await app.ClientAsAsync("officer");
        (await officer.GetAsync("/api/v1/wishes")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using var anonymous = app.AnonymousClient();
        (await anonymous.GetAsync("/api/v1/wishes")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Bad_claims_get_a_clear_message_and_take_nothing()
    {
        var (_, wish) = await WishApi.PublishedAsync(app, quantity: 2, unitValue: 100m);
        using var citizen = app.AnonymousClient();
        var tooMany = await citizen.PostAsJsonAsync("/api/v1/board/claims", WishApi.Claim(wish, units: 3));
        tooMany.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await tooMany.Content.ReadAsStringAsync()).ShouldContain("已被认领");
        var noPhone = await citizen.PostAsJsonAsync("/api/v1/board/claims", new
        {
            items = new[] { new { wishId = wish, units = 1 } }, claimantName = "张三", claimantType = "Individual", phone = "", pledgedBy = ChinaTime.Today,
        });
        noPhone.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await noPhone.Content.ReadAsStringAsync()).ShouldContain("电话");
        var unknown = await citizen.PostAsJsonAsync("/api/v1/board/claims", WishApi.Claim(Guid.NewGuid()));
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var malformed = await citizen.PostAsync("/api/v1/board/claims", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));
        malformed.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        using var manager = await app.ClientAsAsync("manager");
        (await manager.GetFromJsonAsync<JsonElement>($"/api/v1/wishes/{wish}")).GetProperty("wish").GetProperty("unitsClaimed").GetInt32().ShouldBe(0);
    }

    [Fact]
    public async Task The_public_board_is_rate_limited_per_address()
    {
        await using var factory = app.CreateFactory(new Dictionary<string, string?> { ["Wishes:BoardPostsPerMinute"] = "3" });
        using var citizen = factory.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++) statuses.Add((await WishApi.LookupAsync(citizen, "ABCD-EFGH")).StatusCode);
        statuses.Take(3).ShouldAllBe(s => s == HttpStatusCode.NotFound);
        statuses.Last().ShouldBe((HttpStatusCode)429);
    }

    [Fact]
    public async Task A_withdraw_form_posted_past_the_rate_limit_shows_no_claims_of_the_code()
    {
        var (_, wish) = await WishApi.PublishedAsync(app);
        using var api = app.AnonymousClient();
        var code = (await (await api.PostAsJsonAsync("/api/v1/board/claims", WishApi.Claim(wish))).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        var description = (await WishApi.LookupJsonAsync(api, code))[0].GetProperty("description").GetString()!;

        await using var factory = app.CreateFactory(new Dictionary<string, string?> { ["Wishes:BoardPostsPerMinute"] = "1" });
        using var citizen = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = true });
        (await WishApi.LookupAsync(citizen, "ABCD-EFGH")).StatusCode.ShouldBe(HttpStatusCode.NotFound); // the one allowed
        var page = await (await AppFixture.PostFormAsync(citizen, "/board/mine", "withdraw", new() { ["Code"] = code })).Content.ReadAsStringAsync();
        page.ShouldContain("操作太频繁");
        page.ShouldNotContain(description);
        (await WishApi.LookupJsonAsync(api, code))[0].GetProperty("status").GetString().ShouldBe("Active");
    }
}
