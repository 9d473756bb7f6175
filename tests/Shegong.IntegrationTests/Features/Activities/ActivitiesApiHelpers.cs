using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Shegong.IntegrationTests.Features.Registry;
using Shegong.IntegrationTests.Infrastructure;

namespace Shegong.IntegrationTests.Features.Activities;

/// <summary>Helpers: a group of 长洲 set up by `worker`, its members, sessions and stages through the API.</summary>
internal static class GroupApi
{
    public static Task<Guid> UserIdAsync(AppFixture app, string userName) =>
        RegistryApi.QueryAsync(app, db => db.Users.IgnoreQueryFilters().Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync());

    public static async Task<Guid> CreateAsync(AppFixture app, HttpClient worker, string type = "Support", string name = "长者互助小组")
    {
        var lead = await UserIdAsync(app, "worker");
        var response = await worker.PostAsJsonAsync("/api/v1/groups", new { name, goal = "减少独居长者的孤独感，建立互助关系", type, leadWorkerId = lead, plannedSessions = 6 });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public static async Task<JsonElement> GetAsync(HttpClient client, Guid id)
    {
        var response = await client.GetAsync($"/api/v1/groups/{id}");
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement;
    }

    public static async Task<int> VersionAsync(HttpClient client, Guid id) => (await GetAsync(client, id)).GetProperty("version").GetInt32();

    public static async Task<HttpResponseMessage> MoveAsync(HttpClient client, Guid id, string stage, object? evaluation = null, int? version = null)
    {
        var v = version ?? await VersionAsync(client, id);
        var body = evaluation is null ? (object)new { version = v, stage }
            : new { version = v, stage, attainment = "Partly", membersFeedback = "组员说认识了新朋友", reflection = "转折期冲突处理得偏晚" };
        return await client.PostAsJsonAsync($"/api/v1/groups/{id}/stage", body);
    }

    public static async Task<List<Guid>> AddMembersAsync(HttpClient worker, Guid group, int count)
    {
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++) ids.Add(await RegistryApi.RegisterNewAsync(worker));
        (await worker.PostAsJsonAsync($"/api/v1/groups/{group}/members", new { personIds = ids })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        return ids;
    }

    public static Task<HttpResponseMessage> SessionAsync(HttpClient worker, Guid group, IEnumerable<Guid> present, string topic = "相互认识", string content = "破冰游戏，组员分享独居的日常") =>
        worker.PostAsJsonAsync($"/api/v1/groups/{group}/sessions", new
        {
            heldOn = Shegong.Web.Infrastructure.ChinaTime.Today, startsAt = "09:30:00", durationMinutes = 90, topic, content, presentPersonIds = present,
        });
}
