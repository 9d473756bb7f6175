using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Shegong.E2E.Infrastructure;

/// <summary>Set-up through the API, so a journey starts where it means to (a published wish) without clicking there.</summary>
public static class E2EApi
{
    /// <summary>An API client signed in with a demo account's bearer token.</summary>
    public static async Task<HttpClient> ApiAsAsync(this E2EFixture e2e, string user)
    {
        var http = new HttpClient { BaseAddress = new Uri(e2e.App.BaseUrl) };
        var token = await http.PostAsJsonAsync("/api/v1/auth/token", new { userName = user, password = AppHost.DemoPassword });
        var accessToken = (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return http;
    }

    /// <summary>
    /// A wish recorded by `worker` for a person of the demo ledger whose household has no open wish yet, and approved
    /// by `manager`. <paramref name="fromEnd"/> takes people from the other end of the list (so two journeys do not compete).
    /// </summary>
    public static async Task<Guid> PublishedWishAsync(this E2EFixture e2e, string description, string group = "Elderly",
        string category = "HouseholdAppliance", decimal unitValue = 260m, bool fromEnd = false)
    {
        using var worker = await e2e.ApiAsAsync("worker");
        using var manager = await e2e.ApiAsAsync("manager");
        var persons = (await worker.GetFromJsonAsync<JsonElement>("/api/v1/persons?pageSize=100")).GetProperty("items").EnumerateArray().ToList();
        if (fromEnd) persons.Reverse();
        foreach (var p in persons)
        {
            var created = await worker.PostAsJsonAsync("/api/v1/wishes", new
            {
                personId = p.GetProperty("id").GetGuid(), group, kind = "Material", category, description, unitValue, quantity = 1,
            });
            if (!created.IsSuccessStatusCode) continue; // that household already has an open wish
            var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            foreach (var (client, decision) in new[] { (worker, "Submit"), (manager, "Approve") })
            {
                var version = (await client.GetFromJsonAsync<JsonElement>($"/api/v1/wishes/{id}")).GetProperty("wish").GetProperty("version").GetInt32();
                (await client.PostAsJsonAsync($"/api/v1/wishes/{id}/review", new { version, decision })).EnsureSuccessStatusCode();
            }
            return id;
        }
        throw new InvalidOperationException("no person could take a wish");
    }
}
