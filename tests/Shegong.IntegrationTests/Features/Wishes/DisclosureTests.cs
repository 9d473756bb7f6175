using System.Net.Http.Json;
using System.Text.Json;
using Shegong.IntegrationTests.Features.Registry;
using Shegong.IntegrationTests.Infrastructure;
using Shegong.Web.Infrastructure;

namespace Shegong.IntegrationTests.Features.Wishes;

/// <summary>公示: fulfilled wishes of a station and period, anonymised, naming only the donors who agreed.</summary>
public sealed class DisclosureTests(AppFixture app)
{
    [Fact]
    public async Task The_disclosure_shows_the_fulfilled_wish_and_named_donors_and_nobodys_personal_data()
    {
        var (person, wish) = await WishApi.PublishedAsync(app, quantity: 2, unitValue: 120m);
        using var worker = await app.ClientAsAsync("worker");
        var beneficiary = await RegistryApi.GetAsync(worker, person, reveal: true);
        using var citizen = app.AnonymousClient();
        (await citizen.PostAsJsonAsync("/api/v1/board/claims", WishApi.Claim(wish, 1, "长洲爱心超市"))).EnsureSuccessStatusCode();
        (await citizen.PostAsJsonAsync("/api/v1/board/claims", new
        {
            items = new[] { new { wishId = wish, units = 1 } }, claimantName = "不愿署名的王先生", claimantType = "Individual", phone = "13600001111",
            pledgedBy = ChinaTime.Today.AddDays(3), namedPublicly = false,
        })).EnsureSuccessStatusCode();
        foreach (var claim in (await worker.GetFromJsonAsync<JsonElement>($"/api/v1/wishes/{wish}")).GetProperty("claims").EnumerateArray())
            (await worker.PostAsJsonAsync($"/api/v1/wishes/{wish}/deliveries", new { claimId = claim.GetProperty("id").GetGuid() })).EnsureSuccessStatusCode();
        (await worker.PostAsJsonAsync($"/api/v1/wishes/{wish}/return-visit", new
        {
            version = await WishApi.VersionAsync(worker, wish), fulfilled = true, quality = 5, satisfaction = 5, beneficiaryRating = 4,
        })).EnsureSuccessStatusCode();

        using var admin = await app.ClientAsAsync("admin");
        var station = (await admin.GetFromJsonAsync<JsonElement>("/api/v1/stations?region=440112010")).GetProperty("items")[0].GetProperty("id").GetGuid();
        var page = await citizen.GetStringAsync($"/board/disclosure?station={station}&period={ChinaTime.Today:yyyy-MM}");
        page.ShouldContain("长洲街道社工站");
        page.ShouldContain("一台电风扇");
        page.ShouldContain("长洲爱心超市");
        page.ShouldContain("爱心人士");
        page.ShouldContain("★★★★☆");
        page.ShouldNotContain("不愿署名的王先生");
        page.ShouldNotContain(beneficiary.Name);
        page.ShouldNotContain(beneficiary.IdNumber);
        page.ShouldNotContain(beneficiary.Household.Address);
        page.ShouldNotContain("13600001111");
    }
}
