using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Shegong.IntegrationTests.Features.Registry;
using Shegong.IntegrationTests.Infrastructure;

namespace Shegong.IntegrationTests.Features.Wishes;

/// <summary>Helpers for dispatch tests: donors of 长洲街道 (by `worker`) and wishes of a chosen category and community in the dispatch queue.</summary>
internal static class DispatchApi
{
    public static object Donor(string name, string[]? categories = null, string[]? areas = null, decimal budget = 1000m, int capacity = 5,
        string type = "Enterprise", string phone = "13900139000", string? email = null, string? userName = null, bool active = true) => new
    {
        name, type, phone, email, categories = categories ?? [], areas = areas ?? [], budget, capacity, active, userName,
    };

    public static async Task<Guid> AddDonorAsync(HttpClient staff, object donor)
    {
        var response = await staff.PostAsJsonAsync("/api/v1/wishes/donors", donor);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>A published wish of a fresh person in <paramref name="community"/>, moved to the dispatch queue.</summary>
    public static async Task<Guid> DispatchingWishAsync(AppFixture app, string category, string community, decimal unitValue, int quantity = 1,
        bool moveToDispatch = true)
    {
        using var worker = await app.ClientAsAsync("worker");
        using var manager = await app.ClientAsAsync("manager");
        var person = await RegistryApi.RegisterNewAsync(worker, community: community);
        var wish = await WishApi.CreateAsync(worker, new
        {
            personId = person, group = "Elderly", kind = "Material", category, description = $"{category} 心愿 {Guid.NewGuid().ToString("N")[..6]}",
            story = "", unitValue, quantity,
        });
        (await WishApi.ReviewAsync(worker, wish, "Submit")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await WishApi.ReviewAsync(manager, wish, "Approve")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        if (moveToDispatch)
            await RegistryApi.QueryAsync(app, async db =>
            {
                var w = await db.Wishes.IgnoreQueryFilters().SingleAsync(x => x.Id == wish);
                w.MoveToDispatch();
                return await db.SaveChangesAsync();
            });
        return wish;
    }

    /// <summary>Only the donors a test adds after this compete for its wishes (tests share one database).</summary>
    public static Task DeactivateAllDonorsAsync(AppFixture app) =>
        RegistryApi.QueryAsync(app, db => db.Donors.IgnoreQueryFilters().ExecuteUpdateAsync(s => s.SetProperty(d => d.Active, false)));

    public static async Task<Guid> OfferAsync(HttpClient staff, Guid wishId, Guid donorId, int units = 1)
    {
        var response = await staff.PostAsJsonAsync("/api/v1/wishes/dispatch/offers", new { wishId, donorId, units });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public static async Task<JsonElement> SuggestionsAsync(HttpClient staff, string query = "") =>
        await staff.GetFromJsonAsync<JsonElement>("/api/v1/wishes/dispatch/suggestions" + query);

    public static async Task<string> FirstErrorAsync(HttpResponseMessage response, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("errors").GetProperty(field)[0].GetString()!;
    }
}
