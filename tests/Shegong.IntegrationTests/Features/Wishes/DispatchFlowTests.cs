using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Wishes;
using Shegong.IntegrationTests.Features.Registry;
using Shegong.IntegrationTests.Infrastructure;

namespace Shegong.IntegrationTests.Features.Wishes;

/// <summary>
/// Precise dispatch end to end: suggestions that respect preferences, budget and capacity and beat greedy; an offer the
/// linked donor accepts (a claim with source Dispatch) or staff answer for; decline back to the pool; the race between
/// a public claim and a dispatch accept on the last unit.
/// </summary>
public sealed class DispatchFlowTests(AppFixture app)
{
    [Fact]
    public async Task Suggestions_respect_preferences_budget_and_capacity_and_beat_greedy()
    {
        // 沙浦 (Shenjing) and these categories are used by no other test; other tests' donors are set aside.
        await DispatchApi.DeactivateAllDonorsAsync(app);
        var dear = await DispatchApi.DispatchingWishAsync(app, "MedicalDevice", RegistryApi.Shenjing, 500m);
        var cheap = await DispatchApi.DispatchingWishAsync(app, "DailyNecessities", RegistryApi.Shenjing, 300m);
        var unwanted = await DispatchApi.DispatchingWishAsync(app, "Companionship", RegistryApi.Shenjing, 200m, quantity: 2);
        using var worker = await app.ClientAsAsync("worker");
        // Greedy (dearest wish first, donors by name) gives the 500 wish to A, and then B may take nothing.
        var a = await DispatchApi.AddDonorAsync(worker, DispatchApi.Donor("A 爱心企业", ["MedicalDevice", "DailyNecessities"], [RegistryApi.Shenjing],
            budget: 1000m, capacity: 1));
        var b = await DispatchApi.AddDonorAsync(worker, DispatchApi.Donor("B 医疗器械公司", ["MedicalDevice"], [RegistryApi.Shenjing], budget: 500m, capacity: 3));
        var elsewhere = await DispatchApi.AddDonorAsync(worker, DispatchApi.Donor("C 别的社区", [], [RegistryApi.Meiyuan], budget: 5000m, capacity: 10));

        var result = await DispatchApi.SuggestionsAsync(worker);
        var suggestions = result.GetProperty("suggestions").EnumerateArray().ToList();
        suggestions.ShouldContain(s => s.GetProperty("wishId").GetGuid() == dear && s.GetProperty("donorId").GetGuid() == b);
        suggestions.ShouldContain(s => s.GetProperty("wishId").GetGuid() == cheap && s.GetProperty("donorId").GetGuid() == a);
        suggestions.ShouldNotContain(s => s.GetProperty("wishId").GetGuid() == unwanted); // nobody's preference includes companionship
        suggestions.ShouldNotContain(s => s.GetProperty("donorId").GetGuid() == elsewhere && s.GetProperty("wishId").GetGuid() == dear);
        result.GetProperty("matchedValue").GetDecimal().ShouldBeGreaterThanOrEqualTo(800m);
        result.GetProperty("matchedValue").GetDecimal().ShouldBeGreaterThan(result.GetProperty("greedyValue").GetDecimal());
        // Every suggestion is within the donor's capacity and budget.
        foreach (var g in suggestions.GroupBy(s => s.GetProperty("donorId").GetGuid()))
        {
            var donor = await RegistryApi.QueryAsync(app, db => db.Donors.IgnoreQueryFilters().SingleAsync(d => d.Id == g.Key));
            g.Sum(s => s.GetProperty("units").GetInt32()).ShouldBeLessThanOrEqualTo(donor.Capacity);
            g.Sum(s => s.GetProperty("units").GetInt32() * s.GetProperty("unitValue").GetDecimal()).ShouldBeLessThanOrEqualTo(donor.Budget);
        }
        result.GetProperty("unmatched").EnumerateArray().ShouldContain(w => w.GetProperty("wishId").GetGuid() == unwanted);

        // Dropping a wish from this round leaves it for a manual choice.
        var dropped = await DispatchApi.SuggestionsAsync(worker, $"?skip={dear}");
        dropped.GetProperty("suggestions").EnumerateArray().ShouldNotContain(s => s.GetProperty("wishId").GetGuid() == dear);
        dropped.GetProperty("unmatched").EnumerateArray().ShouldContain(w => w.GetProperty("wishId").GetGuid() == dear && w.GetProperty("skipped").GetBoolean());

        // An offer beyond a donor's preferences or budget is refused, naming why.
        var refused = await worker.PostAsJsonAsync("/api/v1/wishes/dispatch/offers", new { wishId = unwanted, donorId = a, units = 1 });
        (await DispatchApi.FirstErrorAsync(refused, "DonorId")).ShouldContain("偏好");
        refused = await worker.PostAsJsonAsync("/api/v1/wishes/dispatch/offers", new { wishId = cheap, donorId = b, units = 1 });
        (await DispatchApi.FirstErrorAsync(refused, "DonorId")).ShouldContain("偏好");
        await DispatchApi.DeactivateAllDonorsAsync(app);
    }

    [Fact]
    public async Task The_linked_donor_is_notified_accepts_and_the_wish_is_claimed_by_dispatch()
    {
        var wish = await DispatchApi.DispatchingWishAsync(app, "StudySupplies", RegistryApi.Changzhou, 150m, quantity: 2);
        using var worker = await app.ClientAsAsync("worker");
        var donor = await DispatchApi.AddDonorAsync(worker, DispatchApi.Donor("启智助学会", ["StudySupplies"], [RegistryApi.Changzhou],
            type: "SocialOrganization", budget: 400m, capacity: 3, userName: "donor"));
        var offer = await DispatchApi.OfferAsync(worker, wish, donor, units: 2);
        // The units are held: no second offer of them.
        var again = await worker.PostAsJsonAsync("/api/v1/wishes/dispatch/offers", new { wishId = wish, donorId = donor, units = 1 });
        (await DispatchApi.FirstErrorAsync(again, "Units")).ShouldContain("0");

        using var donorClient = await app.ClientAsAsync("donor");
        var notifications = await donorClient.GetFromJsonAsync<JsonElement>("/api/v1/notifications");
        notifications.EnumerateArray().ShouldContain(n => n.GetProperty("title").GetString()!.StartsWith("新的派单") && n.GetProperty("link").GetString() == "/wishes/offers");
        var mine = await donorClient.GetFromJsonAsync<JsonElement>("/api/v1/wishes/dispatch/offers/mine");
        mine.EnumerateArray().ShouldContain(o => o.GetProperty("id").GetGuid() == offer && o.GetProperty("status").GetString() == "Offered");

        var accepted = await donorClient.PostAsync($"/api/v1/wishes/dispatch/offers/{offer}/accept", null);
        accepted.StatusCode.ShouldBe(HttpStatusCode.OK, await accepted.Content.ReadAsStringAsync());
        var claimId = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("claimId").GetGuid();

        var claim = await RegistryApi.QueryAsync(app, db => db.Claims.IgnoreQueryFilters().SingleAsync(c => c.Id == claimId));
        claim.Source.ShouldBe(ClaimSource.Dispatch);
        claim.WishId.ShouldBe(wish);
        claim.Units.ShouldBe(2);
        claim.ClaimantName.ShouldBe("启智助学会");
        var stored = await RegistryApi.QueryAsync(app, db => db.Wishes.IgnoreQueryFilters().SingleAsync(w => w.Id == wish));
        stored.Status.ShouldBe(WishStatus.Claimed);
        stored.UnitsClaimed.ShouldBe(2);
        var spent = await RegistryApi.QueryAsync(app, db => db.Donors.IgnoreQueryFilters().SingleAsync(d => d.Id == donor));
        spent.Capacity.ShouldBe(1);
        spent.Budget.ShouldBe(100m);
        var o = await RegistryApi.QueryAsync(app, db => db.DispatchOffers.IgnoreQueryFilters().SingleAsync(x => x.Id == offer));
        o.Status.ShouldBe(OfferStatus.Accepted);
        o.ClaimId.ShouldBe(claimId);
        o.AnsweredByStaff.ShouldBeFalse();
        // The station hears of it in the app (the worker and the manager).
        foreach (var staff in new[] { "worker", "manager" })
        {
            using var client = await app.ClientAsAsync(staff);
            (await client.GetFromJsonAsync<JsonElement>("/api/v1/notifications")).EnumerateArray()
                .ShouldContain(n => n.GetProperty("title").GetString()!.StartsWith("启智助学会 接受了派单") && n.GetProperty("link").GetString() == "/wishes/dispatch");
        }
        // Answering twice is refused.
        (await DispatchApi.FirstErrorAsync(await donorClient.PostAsync($"/api/v1/wishes/dispatch/offers/{offer}/accept", null), "Status"))
            .ShouldContain("已答复");
    }

    [Fact]
    public async Task A_declined_offer_goes_back_to_the_pool_and_staff_can_answer_for_a_donor_without_an_account()
    {
        var wish = await DispatchApi.DispatchingWishAsync(app, "StudySupplies", RegistryApi.Changzhou, 90m);
        using var worker = await app.ClientAsAsync("worker");
        var donor = await DispatchApi.AddDonorAsync(worker, DispatchApi.Donor("王先生（党员）", ["StudySupplies"], [RegistryApi.Changzhou],
            type: "PartyMember", budget: 300m, capacity: 2));
        var offer = await DispatchApi.OfferAsync(worker, wish, donor);
        bool InPool(JsonElement r) =>
            r.GetProperty("suggestions").EnumerateArray().Any(s => s.GetProperty("wishId").GetGuid() == wish)
            || r.GetProperty("unmatched").EnumerateArray().Any(s => s.GetProperty("wishId").GetGuid() == wish);
        InPool(await DispatchApi.SuggestionsAsync(worker)).ShouldBeFalse(); // held by the offer

        (await worker.PostAsync($"/api/v1/wishes/dispatch/offers/{offer}/decline", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        InPool(await DispatchApi.SuggestionsAsync(worker)).ShouldBeTrue();
        var declined = await RegistryApi.QueryAsync(app, db => db.DispatchOffers.IgnoreQueryFilters().SingleAsync(x => x.Id == offer));
        declined.Status.ShouldBe(OfferStatus.Declined);
        declined.AnsweredByStaff.ShouldBeTrue();

        // Offered again, and this time the donor says yes on the phone: staff record it.
        var second = await DispatchApi.OfferAsync(worker, wish, donor);
        var accepted = await worker.PostAsync($"/api/v1/wishes/dispatch/offers/{second}/accept", null);
        accepted.StatusCode.ShouldBe(HttpStatusCode.OK, await accepted.Content.ReadAsStringAsync());
        var claims = await RegistryApi.QueryAsync(app, db => db.Claims.IgnoreQueryFilters().Where(c => c.WishId == wish).ToListAsync());
        claims.ShouldHaveSingleItem().Source.ShouldBe(ClaimSource.Dispatch);
        (await RegistryApi.QueryAsync(app, db => db.Wishes.IgnoreQueryFilters().SingleAsync(w => w.Id == wish))).Status.ShouldBe(WishStatus.Claimed);
    }

    [Fact]
    public async Task A_public_claim_and_a_dispatch_accept_of_the_last_unit_grant_exactly_one()
    {
        using var worker = await app.ClientAsAsync("worker");
        var donor = await DispatchApi.AddDonorAsync(worker, DispatchApi.Donor("竞速测试企业", ["StudySupplies"], [RegistryApi.Changzhou],
            budget: 10_000m, capacity: 20));
        for (var round = 0; round < 4; round++)
        {
            var wish = await DispatchApi.DispatchingWishAsync(app, "StudySupplies", RegistryApi.Changzhou, 100m);
            var offer = await DispatchApi.OfferAsync(worker, wish, donor);
            using var citizen = app.AnonymousClient();
            using var gate = new SemaphoreSlim(0);
            var board = Task.Run(async () => { await gate.WaitAsync(); return await citizen.PostAsJsonAsync("/api/v1/board/claims", WishApi.Claim(wish)); });
            var dispatch = Task.Run(async () => { await gate.WaitAsync(); return await worker.PostAsync($"/api/v1/wishes/dispatch/offers/{offer}/accept", null); });
            gate.Release(2);
            var responses = await Task.WhenAll(board, dispatch);
            responses.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(1, $"round {round}");
            responses.Count(r => r.StatusCode == HttpStatusCode.BadRequest).ShouldBe(1, $"round {round}");

            var claims = await RegistryApi.QueryAsync(app, db => db.Claims.IgnoreQueryFilters().Where(c => c.WishId == wish).ToListAsync());
            claims.ShouldHaveSingleItem().Units.ShouldBe(1);
            var stored = await RegistryApi.QueryAsync(app, db => db.Wishes.IgnoreQueryFilters().SingleAsync(w => w.Id == wish));
            stored.UnitsClaimed.ShouldBe(1);
            stored.Status.ShouldBe(WishStatus.Claimed);
            var o = await RegistryApi.QueryAsync(app, db => db.DispatchOffers.IgnoreQueryFilters().SingleAsync(x => x.Id == offer));
            if (claims[0].Source == ClaimSource.Dispatch) o.Status.ShouldBe(OfferStatus.Accepted);
            else o.Status.ShouldBe(OfferStatus.Cancelled); // the board won: the offer cannot be kept
        }
    }

    [Fact]
    public async Task An_offer_is_saved_when_the_mail_server_cannot_be_reached()
    {
        // A mail server that refuses connections: the offer stands, the failure is only logged.
        await using var factory = app.CreateFactory(new Dictionary<string, string?> { ["Smtp:Host"] = "127.0.0.1", ["Smtp:Port"] = "1" });
        using var anon = factory.CreateClient();
        var token = await anon.PostAsJsonAsync("/api/v1/auth/token", new { userName = "worker", password = AppFixture.DemoPassword });
        using var worker = factory.CreateClient();
        worker.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer",
            (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString());
        var wish = await DispatchApi.DispatchingWishAsync(app, "StudySupplies", RegistryApi.Changzhou, 80m);
        var donor = await DispatchApi.AddDonorAsync(worker, DispatchApi.Donor("有邮箱的企业", ["StudySupplies"], [RegistryApi.Changzhou], email: "csr@example.com"));
        var offer = await DispatchApi.OfferAsync(worker, wish, donor);
        (await RegistryApi.QueryAsync(app, db => db.DispatchOffers.IgnoreQueryFilters().SingleAsync(o => o.Id == offer))).Status.ShouldBe(OfferStatus.Offered);
    }

    [Fact]
    public async Task When_the_board_took_the_last_unit_first_accepting_the_offer_is_refused_and_the_offer_cancelled()
    {
        using var worker = await app.ClientAsAsync("worker");
        var donor = await DispatchApi.AddDonorAsync(worker, DispatchApi.Donor("晚了一步的企业", ["StudySupplies"], [RegistryApi.Changzhou]));
        var wish = await DispatchApi.DispatchingWishAsync(app, "StudySupplies", RegistryApi.Changzhou, 70m);
        var offer = await DispatchApi.OfferAsync(worker, wish, donor);
        using var citizen = app.AnonymousClient();
        (await citizen.PostAsJsonAsync("/api/v1/board/claims", WishApi.Claim(wish))).StatusCode.ShouldBe(HttpStatusCode.OK);

        var late = await worker.PostAsync($"/api/v1/wishes/dispatch/offers/{offer}/accept", null);
        (await DispatchApi.FirstErrorAsync(late, "WishId")).ShouldStartWith("已被认领");
        (await RegistryApi.QueryAsync(app, db => db.DispatchOffers.IgnoreQueryFilters().SingleAsync(o => o.Id == offer))).Status.ShouldBe(OfferStatus.Cancelled);
        (await RegistryApi.QueryAsync(app, db => db.Claims.IgnoreQueryFilters().CountAsync(c => c.WishId == wish))).ShouldBe(1);
        var untouched = await RegistryApi.QueryAsync(app, db => db.Donors.IgnoreQueryFilters().SingleAsync(d => d.Id == donor));
        untouched.Budget.ShouldBe(1000m);
        untouched.Capacity.ShouldBe(5);
    }
}
