using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shegong.Domain.Registry;
using Shegong.IntegrationTests.Features.Registry;
using Shegong.IntegrationTests.Infrastructure;
using Shegong.Web.Infrastructure;

namespace Shegong.IntegrationTests.Features.Wishes;

/// <summary>Helpers: a person of 长洲街道 with a published wish (recorded by `worker`, approved by `manager`).</summary>
internal static class WishApi
{
    /// <summary>A citizen's claims by confirmation code: the code goes in the body, never in the address.</summary>
    public static Task<HttpResponseMessage> LookupAsync(HttpClient client, string code) =>
        client.PostAsJsonAsync("/api/v1/board/claims/lookup", new { code });

    public static async Task<JsonElement> LookupJsonAsync(HttpClient client, string code)
    {
        var response = await LookupAsync(client, code);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<string> LookupStringAsync(HttpClient client, string code)
    {
        var response = await LookupAsync(client, code);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    public static Task<HttpResponseMessage> WithdrawAsync(HttpClient client, string code) =>
        client.PostAsJsonAsync("/api/v1/board/claims/withdraw", new { code });

    public static object Wish(Guid personId, int quantity = 1, decimal unitValue = 300m, Guid? needId = null, string description = "一台电风扇") => new
    {
        personId, needId, group = "Elderly", kind = "Material", category = "HouseholdAppliance", description, story = "夏天家里很热",
        unitValue, quantity, wantedBy = ChinaTime.Today.AddDays(30),
    };

    public static async Task<Guid> CreateAsync(HttpClient worker, object wish)
    {
        var response = await worker.PostAsJsonAsync("/api/v1/wishes", wish);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public static async Task<int> VersionAsync(HttpClient client, Guid wishId) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/v1/wishes/{wishId}")).GetProperty("wish").GetProperty("version").GetInt32();

    public static async Task<HttpResponseMessage> ReviewAsync(HttpClient client, Guid wishId, string decision, string? reason = null) =>
        await client.PostAsJsonAsync($"/api/v1/wishes/{wishId}/review", new { version = await VersionAsync(client, wishId), decision, reason });

    public static async Task<(Guid PersonId, Guid WishId)> PublishedAsync(AppFixture app, int quantity = 1, decimal unitValue = 300m)
    {
        using var worker = await app.ClientAsAsync("worker");
        using var manager = await app.ClientAsAsync("manager");
        var person = await RegistryApi.RegisterNewAsync(worker);
        var wish = await CreateAsync(worker, Wish(person, quantity, unitValue));
        (await ReviewAsync(worker, wish, "Submit")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await ReviewAsync(manager, wish, "Approve")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        return (person, wish);
    }

    public static object Claim(Guid wishId, int units = 1, string name = "长洲商贸有限公司") => new
    {
        items = new[] { new { wishId, units } }, claimantName = name, claimantType = "Enterprise", phone = "13800138000",
        pledgedBy = ChinaTime.Today.AddDays(7), namedPublicly = true,
    };
}
