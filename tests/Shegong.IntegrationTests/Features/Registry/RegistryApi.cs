using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shegong.Domain.Registry;
using Shegong.IntegrationTests.Infrastructure;
using Shegong.Web.Features.Registry;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.IntegrationTests.Features.Registry;

/// <summary>
/// Test helpers for the registry API: fresh persons that collide with nothing (random ID numbers born 1930–1950,
/// random five-character names that are never "similar" to a demo name), typed requests and reads.
/// </summary>
internal static class RegistryApi
{
    /// <summary>长洲街道 (黄埔区) communities: the station of <c>worker</c> and <c>manager</c>.</summary>
    public const string Huangchuan = "440112010001", Meiyuan = "440112010002", Changzhou = "440112010003", Shenjing = "440112010004";

    /// <summary>五山街道 (天河区) communities: the station of <c>worker2</c>.</summary>
    public const string Yuezhou = "440106001001", Chashan = "440106001002";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static DateOnly Today => ChinaTime.Today;

    private const string NameChars = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥";

    /// <summary>Five characters after 测: edit distance ≥ 3 from any demo name, and practically from any other test name.</summary>
    public static string NewName() => "测" + new string(Enumerable.Range(0, 4).Select(_ => NameChars[Random.Shared.Next(NameChars.Length)]).ToArray());

    public static DateOnly RandomBirthDate() => new DateOnly(1930, 1, 1).AddDays(Random.Shared.Next(0, 365 * 20));

    /// <summary>A valid ID number nobody else uses (1 in ~7 million per pair of draws).</summary>
    public static ResidentId NewId(string address6 = "440112", Gender? gender = null, DateOnly? birthDate = null)
    {
        var sequence = Random.Shared.Next(0, 500) * 2 + (gender switch { Gender.Male => 1, Gender.Female => 0, _ => Random.Shared.Next(2) });
        return ResidentId.Create(address6, birthDate ?? RandomBirthDate(), sequence);
    }

    /// <summary>An elderly person living alone; birth date and gender come from the ID number when one is given.</summary>
    public static PersonDetails Details(ResidentId? id, FollowUpTier tier = FollowUpTier.General, string? name = null) =>
        new(name ?? NewName(), id is null ? Gender.Female : null, "汉族", id is null ? RandomBirthDate() : null, id?.Value,
            "13812345678", "张紧急", "020-87654321", PersonTypes.LivingAlone | PersonTypes.EmptyNest, tier, LegalBasis.WrittenConsent, "本人书面同意");

    public static PersonsApi.RegisterRequest Request(PersonDetails person, string community = Huangchuan, Guid? worker = null, bool confirm = false) =>
        new(community, null, HouseholdRelation.Head,
            new HouseholdDetails("长洲路 18 号 301", null, null, LivingArrangement.Alone, "养老金", AssistanceKinds.MinimumLiving),
            person, worker, confirm);

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, PersonsApi.RegisterRequest request) =>
        client.PostAsJsonAsync("/api/v1/persons", request, Json);

    /// <summary>Registers and returns the new id; fails with the response body otherwise.</summary>
    public static async Task<Guid> RegisterAsync(HttpClient client, PersonsApi.RegisterRequest request)
    {
        var response = await PostAsync(client, request);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Created, body);
        var id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
        response.Headers.Location!.ToString().ShouldBe($"/api/v1/persons/{id}");
        return id;
    }

    /// <summary>A fresh person of 长洲 registered by <c>worker</c> (or the given client).</summary>
    public static async Task<Guid> RegisterNewAsync(HttpClient client, FollowUpTier tier = FollowUpTier.General, string community = Huangchuan,
        Guid? worker = null, string address6 = "440112") =>
        await RegisterAsync(client, Request(Details(NewId(address6), tier), community, worker));

    public static async Task<GetPerson.Result> GetAsync(HttpClient client, Guid id, bool reveal = false)
    {
        var response = await client.GetAsync($"/api/v1/persons/{id}" + (reveal ? "?reveal=true" : ""));
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        return JsonSerializer.Deserialize<GetPerson.Result>(body, Json)!;
    }

    /// <summary>The exact ID-number search: the number goes in the body, never in the address.</summary>
    public static async Task<ListPersons.Result> SearchAsync(HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync("/api/v1/persons/search", body);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        return JsonSerializer.Deserialize<ListPersons.Result>(text, Json)!;
    }

    public static async Task<ListPersons.Result> ListAsync(HttpClient client, string query = "")
    {
        var response = await client.GetAsync("/api/v1/persons" + query);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        return JsonSerializer.Deserialize<ListPersons.Result>(body, Json)!;
    }

    /// <summary>Every item of a paged list endpoint (e.g. /api/v1/visits/overdue), page by page.</summary>
    public static async Task<List<ListPersons.Item>> ListAllAsync(HttpClient client, string path)
    {
        var all = new List<ListPersons.Item>();
        for (var page = 1; ; page++)
        {
            var separator = path.Contains('?') ? '&' : '?';
            var result = (await client.GetFromJsonAsync<ListPersons.Result>($"{path}{separator}page={page}&pageSize=100", Json))!;
            all.AddRange(result.Items);
            if (result.Items.Count == 0 || all.Count >= result.Total) return all;
        }
    }

    public static Task<HttpResponseMessage> UpdateAsync(HttpClient client, Guid id, int version, PersonDetails person, Guid? worker = null) =>
        client.PutAsJsonAsync($"/api/v1/persons/{id}", new PersonsApi.UpdateRequest(version, person, worker), Json);

    public static Task<HttpResponseMessage> ChangeStatusAsync(HttpClient client, Guid id, int version, PersonStatus status, DateOnly? on, string? note = "测试") =>
        client.PostAsJsonAsync($"/api/v1/persons/{id}/status", new PersonsApi.StatusRequest(version, status, on, note), Json);

    public static Task<HttpResponseMessage> ReportEventAsync(HttpClient client, Guid id, DateOnly? on, string? note = "在家摔倒，住院三天") =>
        client.PostAsJsonAsync($"/api/v1/persons/{id}/events", new PersonsApi.EventRequest(on, note), Json);

    /// <summary>The ValidationProblem's messages for one field (fails when the response is not a 400 naming it).</summary>
    public static async Task<string[]> ErrorsAsync(HttpResponseMessage response, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, body);
        var errors = JsonDocument.Parse(body).RootElement.GetProperty("errors");
        errors.TryGetProperty(field, out var messages).ShouldBeTrue($"no error on {field}: {body}");
        return messages.EnumerateArray().Select(m => m.GetString()!).ToArray();
    }

    /// <summary>The id of a demo account (GET /api/v1/me).</summary>
    public static async Task<Guid> UserIdAsync(AppFixture app, string userName)
    {
        using var client = await app.ClientAsAsync(userName);
        return (await client.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("id").GetGuid();
    }

    /// <summary>Counts straight from the database (system scope: every station).</summary>
    public static async Task<T> QueryAsync<T>(AppFixture app, Func<ShegongDbContext, Task<T>> query)
    {
        using var scope = app.Scope();
        return await query(scope.ServiceProvider.GetRequiredService<ShegongDbContext>());
    }

    public static Task<int> PersonCountAsync(AppFixture app) => QueryAsync(app, db => db.Persons.CountAsync());
}
