using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Cases;
using Shegong.IntegrationTests.Features.Registry;
using Shegong.IntegrationTests.Infrastructure;
using Shegong.Web.Features.Cases;
using static Shegong.IntegrationTests.Features.Cases.CaseApi;

namespace Shegong.IntegrationTests.Features.Cases;

/// <summary>
/// Who reads a case: its workers, the station manager and the supervisors assigned to the station. Another worker of
/// the same station, an unassigned supervisor, another station's worker and the district officer get 404 by API,
/// list, name search and export (and by page: CasePagesTests); every allowed read is in the audit log; narrative
/// fields are encrypted at rest.
/// </summary>
public sealed class CasePrivacyTests(AppFixture app)
{
    public static readonly TheoryData<string, bool> Matrix = new()
    {
        { "worker", true },              // the worker in charge
        { "manager", true },             // the station manager
        { AssignedSupervisor, true },    // supervisor assigned to 长洲
        { OtherWorker, false },          // another worker of the same station
        { UnassignedSupervisor, false }, // supervisor of the district, not assigned
        { "worker2", false },            // a worker of another station
        { "officer", false },            // the district's civil-affairs officer
        { "admin", false },              // administrators run the system, they do not read case files
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task The_case_file_is_read_only_by_its_workers_the_manager_and_assigned_supervisors(string user, bool reads)
    {
        await EnsureAccountsAsync(app);
        var (person, id) = await NewCaseAsync(app);
        using var worker = await app.ClientAsAsync("worker");
        await OkAsync(NoteAsync(worker, id, "绝密过程记录" + id.ToString("N")[..6]), HttpStatusCode.Created);
        var name = (await RegistryApi.GetAsync(worker, person)).Name;
        using var client = await app.ClientAsAsync(user);

        var get = await client.GetAsync($"/api/v1/cases/{id}");
        get.StatusCode.ShouldBe(reads ? HttpStatusCode.OK : HttpStatusCode.NotFound, await get.Content.ReadAsStringAsync());
        var list = await client.GetAsync("/api/v1/cases?pageSize=100");
        list.StatusCode.ShouldBe(HttpStatusCode.OK);
        var listed = JsonSerializer.Deserialize<ListCases.Result>(await list.Content.ReadAsStringAsync(), Json)!;
        listed.Items.Any(i => i.Id == id).ShouldBe(reads);
        var search = JsonSerializer.Deserialize<ListCases.Result>(await client.GetStringAsync($"/api/v1/cases?name={Uri.EscapeDataString(name)}"), Json)!;
        search.Items.Any(i => i.Id == id).ShouldBe(reads);
        var export = await client.GetAsync($"/api/v1/cases/export?name={Uri.EscapeDataString(name)}");
        var exported = await export.Content.ReadAsStringAsync();
        if (reads) exported.ShouldContain(name);
        else exported.ShouldNotContain(name);
        exported.ShouldNotContain("绝密过程记录");

        (await ReadsAsync(app, user, nameof(Shegong.Domain.Cases.Case), id)).ShouldBe(reads ? 1 : 0);
    }

    [Theory]
    [InlineData(OtherWorker)]
    [InlineData("worker2")]
    public async Task Workers_not_on_the_case_cannot_write_to_it_either(string user)
    {
        await EnsureAccountsAsync(app);
        var (_, id) = await NewCaseAsync(app);
        using var client = await app.ClientAsAsync(user);
        (await NoteAsync(client, id)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await PostAsync(client, $"/api/v1/cases/{id}/advance", new CasesApi.AdvanceRequest(1, CaseStage.Assessment))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await PostAsync(client, $"/api/v1/cases/{id}/referrals", new CasesApi.ReferralRequest(ReceiverKind.Hospital, "医院", null, "r", "q",
            Shegong.Domain.Cases.SharedField.Name, Shegong.Domain.Registry.LegalBasis.StatutoryDuty, null, 5))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_co_worker_named_at_opening_reads_the_case()
    {
        await EnsureAccountsAsync(app);
        using var worker = await app.ClientAsAsync("worker");
        var person = await RegistryApi.RegisterNewAsync(worker);
        var co = await RegistryApi.UserIdAsync(app, OtherWorker);
        var r = await PostAsync(worker, "/api/v1/cases", new CasesApi.OpenRequest(person, CaseSource.OwnRequest, RiskLevel.Low, "想申请临时救助", null, CoWorkers: [co]));
        r.StatusCode.ShouldBe(HttpStatusCode.Created, await r.Content.ReadAsStringAsync());
        var id = JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid();
        using var other = await app.ClientAsAsync(OtherWorker);
        (await GetAsync(other, id)).CoWorkerNames.ShouldBe(["孙社工"]);
        // A worker of another station cannot be named.
        var stranger = await RegistryApi.UserIdAsync(app, "worker2");
        var refused = await PostAsync(worker, "/api/v1/cases", new CasesApi.OpenRequest(person, CaseSource.OwnRequest, RiskLevel.Low, "x", null, CoWorkers: [stranger]));
        (await RegistryApi.ErrorsAsync(refused, "CoWorkers")).Single().ShouldContain("本站");
    }

    [Fact]
    public async Task Case_documents_and_notes_are_encrypted_at_rest()
    {
        var (_, id) = await NewCaseAsync(app);
        using var worker = await app.ClientAsAsync("worker");
        await ToStageAsync(worker, id, CaseStage.Planning);
        await OkAsync(NoteAsync(worker, id, "密文检查用的过程记录"), HttpStatusCode.Created);
        var raw = await RegistryApi.QueryAsync(app, async db =>
        {
            var conn = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync();
            string Read(string sql)
            {
                using var cmd = conn.CreateCommand();
                cmd.CommandText = sql;
                return Convert.ToString(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) ?? "";
            }
            var hex = id.ToString();
            return (Intake: Read($"SELECT intake FROM cases WHERE CAST(id AS TEXT) = '{hex}' OR CAST(id AS TEXT) = '{hex.ToUpperInvariant()}'"),
                Assessment: Read($"SELECT assessment FROM cases WHERE CAST(id AS TEXT) = '{hex}' OR CAST(id AS TEXT) = '{hex.ToUpperInvariant()}'"),
                Note: Read($"SELECT text FROM case_notes WHERE CAST(case_id AS TEXT) = '{hex}' OR CAST(case_id AS TEXT) = '{hex.ToUpperInvariant()}'"));
        });
        raw.Intake.ShouldStartWith("e2.");
        raw.Assessment.ShouldStartWith("e2.");
        raw.Note.ShouldStartWith("e2.");
        raw.Intake.ShouldNotContain("肿瘤");
        raw.Note.ShouldNotContain("密文检查");
    }
}
