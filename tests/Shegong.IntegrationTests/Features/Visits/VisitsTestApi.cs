using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shegong.Domain.Visits;
using Shegong.Web.Features.Visits;
using static Shegong.IntegrationTests.Features.Registry.RegistryApi;

namespace Shegong.IntegrationTests.Features.Visits;

/// <summary>Test helpers for /api/v1/persons/{id}/visits, the work queue and the visit rules.</summary>
internal static class VisitsTestApi
{
    public static Task<HttpResponseMessage> PostVisitAsync(HttpClient client, Guid personId, DateOnly? on, VisitMethod? method = VisitMethod.Home,
        VisitRecord? record = null, params LogVisit.NeedInput[] needs) =>
        client.PostAsJsonAsync($"/api/v1/persons/{personId}/visits", new VisitsApi.LogVisitRequest(method, on, record, needs), Json);

    /// <summary>Logs a visit and returns its id; fails with the response body otherwise.</summary>
    public static async Task<Guid> LogVisitAsync(HttpClient client, Guid personId, DateOnly on, VisitMethod method = VisitMethod.Home,
        VisitRecord? record = null, params LogVisit.NeedInput[] needs)
    {
        var response = await PostVisitAsync(client, personId, on, method, record, needs);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
    }

    public static async Task<GetWorkQueue.Result> QueueAsync(HttpClient client, bool all = false) =>
        (await client.GetFromJsonAsync<GetWorkQueue.Result>("/api/v1/visits/queue" + (all ? "?all=true" : ""), Json))!;

    public static async Task<GetVisitRules.Result> RulesAsync(HttpClient client, string? region = null)
    {
        var response = await client.GetAsync("/api/v1/visit-rules" + (region is null ? "" : $"?region={region}"));
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        return JsonSerializer.Deserialize<GetVisitRules.Result>(body, Json)!;
    }

    public static Task<HttpResponseMessage> PutRulesAsync(HttpClient client, string? region, int highRisk, int key, int general, int eventDays, int mentalPerYear, int version) =>
        client.PutAsJsonAsync("/api/v1/visit-rules", new UpdateVisitRules.Command(region, highRisk, key, general, eventDays, mentalPerYear, version), Json);
}
