using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shegong.Domain.Access;
using Shegong.Domain.Cases;
using Shegong.Domain.Registry;
using Shegong.IntegrationTests.Features.Registry;
using Shegong.IntegrationTests.Infrastructure;
using Shegong.Web.Features.Cases;
using Shegong.Web.Infrastructure.Auth;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.IntegrationTests.Features.Cases;

/// <summary>
/// Test helpers for cases: accounts of each role of the privacy matrix (made once, idempotent), a fresh case of 长洲
/// (worker's station) moved to a stage through the API, typed reads.
/// </summary>
internal static class CaseApi
{
    public static JsonSerializerOptions Json => RegistryApi.Json;

    /// <summary>Another social worker of 长洲街道 (not on the cases), and supervisors of 黄埔区: one assigned to 长洲, one not.</summary>
    public const string OtherWorker = "case-worker-b", AssignedSupervisor = "case-supervisor-a", UnassignedSupervisor = "case-supervisor-b";

    /// <summary>A worker of 五山街道 who answers referrals there (not the demo worker2, whose audit trail other tests read).</summary>
    public const string WushanWorker = "case-wushan-worker";

    private static readonly SemaphoreSlim Once = new(1, 1);
    private static bool _made;

    public static async Task EnsureAccountsAsync(AppFixture app)
    {
        await Once.WaitAsync();
        try
        {
            if (_made) return;
            using var scope = app.Scope();
            var db = scope.ServiceProvider.GetRequiredService<ShegongDbContext>();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var station = await db.Stations.SingleAsync(s => s.RegionPrefix == "440112010");
            var wushan = await db.Stations.SingleAsync(s => s.RegionPrefix == "440106001");
            var district = await db.Regions.SingleAsync(r => r.Prefix == "440112");
            async Task<AppUser> Make(string name, string display, string role, bool atStation, Shegong.Domain.Stations.Station? at = null)
            {
                if (await users.FindByNameAsync(name) is { } found) return found;
                var u = new AppUser { UserName = name, DisplayName = display };
                if (atStation) { u.StationId = (at ?? station).Id; u.RegionPrefix = (at ?? station).RegionPrefix; }
                else { u.RegionId = district.Id; u.RegionPrefix = district.Prefix; }
                (await users.CreateAsync(u, AppFixture.DemoPassword)).Succeeded.ShouldBeTrue();
                (await users.AddToRoleAsync(u, role)).Succeeded.ShouldBeTrue();
                return u;
            }
            await Make(OtherWorker, "孙社工", Roles.SocialWorker, true);
            await Make(AssignedSupervisor, "吴督导", Roles.Supervisor, false);
            await Make(UnassignedSupervisor, "郑督导", Roles.Supervisor, false);
            await Make(WushanWorker, "冯社工", Roles.SocialWorker, true, wushan);
            _made = true;
        }
        finally { Once.Release(); }
        // The assignment goes through the API, as an officer makes it.
        using var officer = await app.ClientAsAsync("officer");
        var supervisor = await RegistryApi.UserIdAsync(app, AssignedSupervisor);
        var stationId = await RegistryApi.QueryAsync(app, db => db.Stations.Where(s => s.RegionPrefix == "440112010").Select(s => s.Id).SingleAsync());
        var r = await officer.PostAsJsonAsync("/api/v1/supervisor-assignments", new CasesApi.AssignRequest(supervisor, stationId), Json);
        r.StatusCode.ShouldBe(HttpStatusCode.NoContent, await r.Content.ReadAsStringAsync());
    }

    public static async Task<Guid> OpenAsync(HttpClient client, Guid person, Guid? need = null, CaseSource source = CaseSource.Outreach, Guid? receipt = null)
    {
        var r = await client.PostAsJsonAsync("/api/v1/cases", new CasesApi.OpenRequest(person, source, RiskLevel.High,
            "肿瘤未治疗，担心费用不敢去医院", "希望有人陪同就医", need, receipt), Json);
        var body = await r.Content.ReadAsStringAsync();
        r.StatusCode.ShouldBe(HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
    }

    /// <summary>A fresh person of 长洲 and a case for them opened by <c>worker</c>.</summary>
    public static async Task<(Guid Person, Guid Case)> NewCaseAsync(AppFixture app)
    {
        using var worker = await app.ClientAsAsync("worker");
        var person = await RegistryApi.RegisterNewAsync(worker);
        return (person, await OpenAsync(worker, person));
    }

    public static async Task<GetCase.Result> GetAsync(HttpClient client, Guid id)
    {
        var r = await client.GetAsync($"/api/v1/cases/{id}");
        var body = await r.Content.ReadAsStringAsync();
        r.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        return JsonSerializer.Deserialize<GetCase.Result>(body, Json)!;
    }

    public static async Task<int> VersionAsync(HttpClient client, Guid id) => (await GetAsync(client, id)).Version;

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, object body) => client.PostAsJsonAsync(path, body, Json);
    public static Task<HttpResponseMessage> PutAsync(HttpClient client, string path, object body) => client.PutAsJsonAsync(path, body, Json);

    public static async Task OkAsync(Task<HttpResponseMessage> call, HttpStatusCode expected = HttpStatusCode.NoContent)
    {
        var r = await call;
        r.StatusCode.ShouldBe(expected, await r.Content.ReadAsStringAsync());
    }

    public static async Task AdvanceAsync(HttpClient c, Guid id, CaseStage to) =>
        await OkAsync(PostAsync(c, $"/api/v1/cases/{id}/advance", new CasesApi.AdvanceRequest(await VersionAsync(c, id), to)));

    public static async Task AssessAsync(HttpClient c, Guid id) =>
        await OkAsync(PutAsync(c, $"/api/v1/cases/{id}/assessment", new CasesApi.AssessmentRequest(await VersionAsync(c, id),
            "独居，腹部肿瘤未治疗", "愿意配合，邻里关系好", RiskLevel.High, "病情可能恶化", "女儿在外地，每月来电",
            [new ChecklistItem("有无照顾者", ChecklistAnswer.No), new ChecklistItem("是否了解医保政策", ChecklistAnswer.No, "不知道大病保险")])));

    public static async Task PlanAsync(HttpClient c, Guid id) =>
        await OkAsync(PutAsync(c, $"/api/v1/cases/{id}/plan", new CasesApi.PlanRequest(await VersionAsync(c, id),
            [new WritePlan.Goal("完成检查和手术", "联动街道、居委会、医院；陪同就医", RegistryApi.Today.AddDays(30)),
             new WritePlan.Goal("术后有人照料", "居委会每周探访，志愿者送餐", RegistryApi.Today.AddDays(60))])));

    public static async Task EvaluateAsync(HttpClient c, Guid id) =>
        await OkAsync(PutAsync(c, $"/api/v1/cases/{id}/evaluation", new CasesApi.EvaluationRequest(await VersionAsync(c, id),
            [new GoalAttainment(1, Attainment.Attained), new GoalAttainment(2, Attainment.Partly, "送餐已落实")], "手术成功，恢复良好")));

    /// <summary>Moves a fresh case through the stages up to <paramref name="stage"/> (documents written on the way).</summary>
    public static async Task ToStageAsync(HttpClient c, Guid id, CaseStage stage)
    {
        if (stage == CaseStage.Intake) return;
        await AdvanceAsync(c, id, CaseStage.Assessment);
        if (stage == CaseStage.Assessment) return;
        await AssessAsync(c, id);
        await AdvanceAsync(c, id, CaseStage.Planning);
        if (stage == CaseStage.Planning) return;
        await PlanAsync(c, id);
        await AdvanceAsync(c, id, CaseStage.Intervention);
        if (stage == CaseStage.Intervention) return;
        await AdvanceAsync(c, id, CaseStage.Evaluation);
    }

    public static Task<HttpResponseMessage> NoteAsync(HttpClient c, Guid id, string text = "入户探访，陪同去医院做检查") =>
        PostAsync(c, $"/api/v1/cases/{id}/notes", new CasesApi.NoteRequest(RegistryApi.Today, ContactMethod.HomeVisit, 45, text));

    public static async Task<Guid> StationIdAsync(AppFixture app, string prefix) =>
        await RegistryApi.QueryAsync(app, db => db.Stations.Where(s => s.RegionPrefix == prefix).Select(s => s.Id).SingleAsync());

    public static async Task<int> ReadsAsync(AppFixture app, string userName, string entityType, Guid id) =>
        await RegistryApi.QueryAsync(app, db => db.AuditEntries.CountAsync(e => e.UserName == userName && e.Action == Shegong.Domain.Audit.AuditAction.Read
            && e.EntityType == entityType && e.EntityId == id.ToString()));
}
