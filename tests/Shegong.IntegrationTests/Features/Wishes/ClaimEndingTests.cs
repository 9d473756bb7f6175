using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Audit;
using Shegong.Domain.Wishes;
using Shegong.IntegrationTests.Features.Registry;
using Shegong.IntegrationTests.Infrastructure;
using Shegong.Web.Features.Wishes;
using Shegong.Web.Infrastructure;

namespace Shegong.IntegrationTests.Features.Wishes;

/// <summary>
/// A claim ends undelivered (withdrawn by its code, withdrawn by staff for the claimant, released after the grace
/// period) exactly once: its units go back once, and a dispatched donor gets back the budget and units it took.
/// </summary>
public sealed class ClaimEndingTests(AppFixture app)
{
    [Fact]
    public async Task Simultaneous_withdrawals_of_one_code_give_its_units_back_once()
    {
        var (_, wish) = await WishApi.PublishedAsync(app, quantity: 2, unitValue: 100m);
        using var citizen = app.AnonymousClient();
        var codeA = (await (await citizen.PostAsJsonAsync("/api/v1/board/claims", WishApi.Claim(wish, 1, "甲"))).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("code").GetString();
        (await citizen.PostAsJsonAsync("/api/v1/board/claims", WishApi.Claim(wish, 1, "乙"))).StatusCode.ShouldBe(HttpStatusCode.OK);

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            using var c = app.AnonymousClient();
            return (await WishApi.WithdrawAsync(c, codeA!)).StatusCode;
        }));
        answers.Count(s => s == HttpStatusCode.NoContent).ShouldBe(1);
        answers.ShouldAllBe(s => s == HttpStatusCode.NoContent || s == HttpStatusCode.BadRequest);

        using var worker = await app.ClientAsAsync("worker");
        var detail = await worker.GetFromJsonAsync<JsonElement>($"/api/v1/wishes/{wish}");
        detail.GetProperty("wish").GetProperty("unitsClaimed").GetInt32().ShouldBe(1); // 乙's unit is still claimed
        // So one unit is left: a claim of two is refused.
        (await citizen.PostAsJsonAsync("/api/v1/board/claims", WishApi.Claim(wish, 2, "丙"))).StatusCode.ShouldNotBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Staff_withdraw_a_dispatched_claim_for_its_donor_who_gets_budget_and_units_back_and_the_phone_view_is_audited()
    {
        await DispatchApi.DeactivateAllDonorsAsync(app);
        var wish = await DispatchApi.DispatchingWishAsync(app, "HouseholdAppliance", RegistryApi.Huangchuan, 300m);
        using var worker = await app.ClientAsAsync("worker");
        var donor = await DispatchApi.AddDonorAsync(worker, DispatchApi.Donor("撤回测试企业", budget: 1000m, capacity: 4, phone: "13911112222"));
        var offer = await DispatchApi.OfferAsync(worker, wish, donor);
        (await worker.PostAsync($"/api/v1/wishes/dispatch/offers/{offer}/accept", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        async Task<(decimal Budget, int Capacity)> RoomAsync()
        {
            var d = await worker.GetFromJsonAsync<JsonElement>($"/api/v1/wishes/donors/{donor}");
            return (d.GetProperty("budget").GetDecimal(), d.GetProperty("capacity").GetInt32());
        }
        (await RoomAsync()).ShouldBe((700m, 3));
        (await worker.GetFromJsonAsync<JsonElement>($"/api/v1/wishes/donors/{donor}/phone")).GetProperty("phone").GetString().ShouldBe("13911112222");
        (await RegistryApi.QueryAsync(app, db => db.AuditEntries.IgnoreQueryFilters()
            .CountAsync(e => e.Action == AuditAction.Read && e.EntityType == "Donor" && e.EntityId == donor.ToString()))).ShouldBe(1);
        using (var outsider = await app.ClientAsAsync("worker2"))
            (await outsider.GetAsync($"/api/v1/wishes/donors/{donor}/phone")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var claim = (await worker.GetFromJsonAsync<JsonElement>($"/api/v1/wishes/{wish}")).GetProperty("claims")[0].GetProperty("id").GetGuid();

        // The full number, to call the donor, is shown on request and audited.
        (await worker.GetFromJsonAsync<JsonElement>($"/api/v1/wishes/{wish}/claims/{claim}/phone")).GetProperty("phone").GetString().ShouldBe("13911112222");
        (await RegistryApi.QueryAsync(app, db => db.AuditEntries.IgnoreQueryFilters()
            .CountAsync(e => e.Action == AuditAction.Read && e.EntityType == "Claim" && e.EntityId == claim.ToString()))).ShouldBe(1);

        var noReason = await worker.PostAsJsonAsync($"/api/v1/wishes/{wish}/claims/{claim}/withdraw", new { reason = "" });
        noReason.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await noReason.Content.ReadAsStringAsync()).ShouldContain("撤回原因");
        using var other = await app.ClientAsAsync("worker2");
        (await other.PostAsJsonAsync($"/api/v1/wishes/{wish}/claims/{claim}/withdraw", new { reason = "x" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var withdrawn = await worker.PostAsJsonAsync($"/api/v1/wishes/{wish}/claims/{claim}/withdraw", new { reason = "企业来电：本月无法送达" });
        withdrawn.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        withdrawn.Headers.ETag!.Tag.ShouldBe($"\"{await WishApi.VersionAsync(worker, wish)}\""); // the wish's version after its units came back
        (await worker.PostAsJsonAsync($"/api/v1/wishes/{wish}/claims/{claim}/withdraw", new { reason = "再撤一次" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await RoomAsync()).ShouldBe((1000m, 4));
        var after = await worker.GetFromJsonAsync<JsonElement>($"/api/v1/wishes/{wish}");
        after.GetProperty("wish").GetProperty("unitsClaimed").GetInt32().ShouldBe(0);
        after.GetProperty("wish").GetProperty("status").GetString().ShouldBe("Dispatching");
        after.GetProperty("claims")[0].GetProperty("status").GetString().ShouldBe("Withdrawn");
    }

    [Fact]
    public async Task A_dispatched_claim_released_after_the_grace_period_gives_the_donor_back_their_room()
    {
        await DispatchApi.DeactivateAllDonorsAsync(app);
        var wish = await DispatchApi.DispatchingWishAsync(app, "StudySupplies", RegistryApi.Huangchuan, 150m);
        using var worker = await app.ClientAsAsync("worker");
        var donor = await DispatchApi.AddDonorAsync(worker, DispatchApi.Donor("逾期测试商会", budget: 500m, capacity: 2));
        var offer = await DispatchApi.OfferAsync(worker, wish, donor);
        (await worker.PostAsync($"/api/v1/wishes/dispatch/offers/{offer}/accept", null)).StatusCode.ShouldBe(HttpStatusCode.OK);

        // Far past the pledge date (14 days) and the grace period: the upkeep releases it.
        WishHousekeeping.Result result;
        using (var upkeep = app.Scope())
            result = await upkeep.ServiceProvider.GetRequiredService<WishHousekeeping.Handler>().HandleAsync(ChinaTime.Today.AddDays(40));
        result.ClaimsReleased.ShouldBeGreaterThanOrEqualTo(1);
        var d = await worker.GetFromJsonAsync<JsonElement>($"/api/v1/wishes/donors/{donor}");
        (d.GetProperty("budget").GetDecimal(), d.GetProperty("capacity").GetInt32()).ShouldBe((500m, 2));
        (await RegistryApi.QueryAsync(app, db => db.DispatchOffers.IgnoreQueryFilters().Where(o => o.Id == offer).Select(o => o.Status).SingleAsync()))
            .ShouldBe(OfferStatus.Cancelled);
    }

    [Fact]
    public async Task A_volunteer_who_gives_time_only_is_suggested_for_a_companionship_wish()
    {
        await DispatchApi.DeactivateAllDonorsAsync(app);
        var wish = await DispatchApi.DispatchingWishAsync(app, "Companionship", RegistryApi.Huangchuan, 0m);
        using var worker = await app.ClientAsAsync("worker");
        var volunteer = await DispatchApi.AddDonorAsync(worker, DispatchApi.Donor("银龄志愿服务队", ["Companionship"], budget: 0m, capacity: 3, type: "Volunteer"));
        var result = await DispatchApi.SuggestionsAsync(worker);
        result.GetProperty("suggestions").EnumerateArray()
            .ShouldContain(s => s.GetProperty("wishId").GetGuid() == wish && s.GetProperty("donorId").GetGuid() == volunteer);
    }
}
