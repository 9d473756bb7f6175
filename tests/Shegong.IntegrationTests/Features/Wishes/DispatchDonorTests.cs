using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Shegong.IntegrationTests.Features.Registry;
using Shegong.IntegrationTests.Infrastructure;

namespace Shegong.IntegrationTests.Features.Wishes;

/// <summary>The donor pool: validation in Chinese naming the field, masked contacts, adding a past claimant, station isolation.</summary>
public sealed class DispatchDonorTests(AppFixture app)
{
    [Fact]
    public async Task Invalid_donors_are_refused_with_a_message_naming_the_field()
    {
        using var worker = await app.ClientAsAsync("worker");
        (await DispatchApi.FirstErrorAsync(await worker.PostAsJsonAsync("/api/v1/wishes/donors", DispatchApi.Donor("")), "Name"))
            .ShouldBe("名称：不能为空");
        (await DispatchApi.FirstErrorAsync(await worker.PostAsJsonAsync("/api/v1/wishes/donors", DispatchApi.Donor("测试企业", phone: "")), "Phone"))
            .ShouldBe("电话：不能为空");
        (await DispatchApi.FirstErrorAsync(await worker.PostAsJsonAsync("/api/v1/wishes/donors", DispatchApi.Donor("测试企业", email: "not-an-address")), "Email"))
            .ShouldStartWith("电子邮箱：格式不正确");
        (await DispatchApi.FirstErrorAsync(await worker.PostAsJsonAsync("/api/v1/wishes/donors", DispatchApi.Donor("测试企业", budget: -1m)), "Budget"))
            .ShouldStartWith("本轮预算（元）：");
        (await DispatchApi.FirstErrorAsync(await worker.PostAsJsonAsync("/api/v1/wishes/donors", DispatchApi.Donor("测试企业", capacity: 501)), "Capacity"))
            .ShouldStartWith("可认领份数：");
        // A community of another station is not a preference this station may set.
        (await DispatchApi.FirstErrorAsync(await worker.PostAsJsonAsync("/api/v1/wishes/donors",
            DispatchApi.Donor("测试企业", areas: [RegistryApi.Yuezhou])), "Areas")).ShouldContain(RegistryApi.Yuezhou);
        (await DispatchApi.FirstErrorAsync(await worker.PostAsJsonAsync("/api/v1/wishes/donors", DispatchApi.Donor("测试企业", userName: "worker2")), "UserName"))
            .ShouldStartWith("用户名：");
    }

    [Fact]
    public async Task The_pool_lists_donors_with_masked_contacts_and_a_linked_account()
    {
        using var worker = await app.ClientAsAsync("worker");
        var id = await DispatchApi.AddDonorAsync(worker, DispatchApi.Donor("长洲物业服务中心", ["DailyNecessities"], [RegistryApi.Meiyuan],
            type: "PropertyManager", phone: "13912345678", email: "lianluo@example.com", userName: "donor"));
        var list = await worker.GetFromJsonAsync<JsonElement>("/api/v1/wishes/donors");
        var donor = list.EnumerateArray().Single(d => d.GetProperty("id").GetGuid() == id);
        donor.GetProperty("phoneMasked").GetString()!.ShouldNotContain("12345678");
        donor.GetProperty("emailMasked").GetString().ShouldBe("l***@example.com");
        donor.GetProperty("userName").GetString().ShouldBe("donor");
        donor.GetProperty("type").GetString().ShouldBe("PropertyManager");
        var raw = await worker.GetStringAsync("/api/v1/wishes/donors");
        raw.ShouldNotContain("13912345678");
        raw.ShouldNotContain("lianluo@");
        // Stored encrypted.
        var stored = await RegistryApi.QueryAsync(app, db => db.Database.SqlQueryRaw<string>("SELECT phone AS \"Value\" FROM donors").ToListAsync());
        stored.ShouldNotContain("13912345678");

        // Editing with a blank phone keeps the stored one.
        var version = donor.GetProperty("version").GetInt32();
        var edit = await worker.PutAsJsonAsync($"/api/v1/wishes/donors/{id}", new
        {
            version, name = "长洲物业服务中心", type = "PropertyManager", phone = "", categories = Array.Empty<string>(), areas = Array.Empty<string>(),
            budget = 2000m, capacity = 3, active = true,
        });
        edit.StatusCode.ShouldBe(HttpStatusCode.NoContent, await edit.Content.ReadAsStringAsync());
        var after = await RegistryApi.QueryAsync(app, db => db.Donors.IgnoreQueryFilters().SingleAsync(d => d.Id == id));
        after.Phone.ShouldBe("13912345678");
        after.Budget.ShouldBe(2000m);
        after.UserId.ShouldBeNull();
    }

    [Fact]
    public async Task A_past_claimant_becomes_a_donor_in_one_step()
    {
        var (_, wish) = await WishApi.PublishedAsync(app);
        using var citizen = app.AnonymousClient();
        (await citizen.PostAsJsonAsync("/api/v1/board/claims", WishApi.Claim(wish, 1, "黄埔爱心车队"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var claimId = await RegistryApi.QueryAsync(app, db => db.Claims.IgnoreQueryFilters().Where(c => c.WishId == wish).Select(c => c.Id).SingleAsync());

        using var worker = await app.ClientAsAsync("worker");
        var id = await DispatchApi.AddDonorAsync(worker, new { fromClaimId = claimId, budget = 800m, capacity = 2, active = true });
        var donor = await RegistryApi.QueryAsync(app, db => db.Donors.IgnoreQueryFilters().SingleAsync(d => d.Id == id));
        donor.Name.ShouldBe("黄埔爱心车队");
        donor.Type.ShouldBe(Shegong.Domain.Wishes.ClaimantType.Enterprise);
        donor.Phone.ShouldBe("13800138000");
    }

    [Fact]
    public async Task Another_station_sees_neither_the_donor_nor_its_offers()
    {
        using var worker = await app.ClientAsAsync("worker");
        using var other = await app.ClientAsAsync("worker2");
        var donor = await DispatchApi.AddDonorAsync(worker, DispatchApi.Donor("只属于长洲的企业", areas: [RegistryApi.Changzhou]));
        var wish = await DispatchApi.DispatchingWishAsync(app, "StudySupplies", RegistryApi.Changzhou, 120m);
        var offer = await DispatchApi.OfferAsync(worker, wish, donor);

        (await other.GetAsync($"/api/v1/wishes/donors/{donor}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.GetFromJsonAsync<JsonElement>("/api/v1/wishes/donors")).EnumerateArray().ShouldNotContain(d => d.GetProperty("id").GetGuid() == donor);
        (await other.GetFromJsonAsync<JsonElement>("/api/v1/wishes/dispatch/offers")).EnumerateArray().ShouldNotContain(o => o.GetProperty("id").GetGuid() == offer);
        (await other.PostAsJsonAsync("/api/v1/wishes/dispatch/offers", new { wishId = wish, donorId = donor, units = 1 })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.PostAsync($"/api/v1/wishes/dispatch/offers/{offer}/accept", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.PostAsync($"/api/v1/wishes/dispatch/offers/{offer}/decline", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var suggestions = await DispatchApi.SuggestionsAsync(other);
        suggestions.GetProperty("suggestions").EnumerateArray().ShouldNotContain(s => s.GetProperty("donorId").GetGuid() == donor);
        // A donor account not linked to the offer's donor cannot answer it either.
        using var org = await app.ClientAsAsync("org");
        (await org.PostAsync($"/api/v1/wishes/dispatch/offers/{offer}/accept", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await RegistryApi.QueryAsync(app, db => db.DispatchOffers.IgnoreQueryFilters().SingleAsync(o => o.Id == offer))).Status
            .ShouldBe(Shegong.Domain.Wishes.OfferStatus.Offered);
    }
}
