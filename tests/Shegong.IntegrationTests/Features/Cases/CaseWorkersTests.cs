using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Cases;
using Shegong.IntegrationTests.Features.Registry;
using Shegong.IntegrationTests.Infrastructure;
using Shegong.Web.Features.Cases;
using static Shegong.IntegrationTests.Features.Cases.CaseApi;

namespace Shegong.IntegrationTests.Features.Cases;

/// <summary>
/// The station manager changes who works a case; who reads it follows at once, for the case and every record of it
/// (notes, stage changes, referrals). Only the manager may, only with the station's own workers, only at the current version.
/// </summary>
public sealed class CaseWorkersTests(AppFixture app)
{
    [Fact]
    public async Task The_manager_hands_a_case_to_another_worker_and_reading_follows_for_every_record_of_it()
    {
        await EnsureAccountsAsync(app);
        var (_, id) = await NewCaseAsync(app);
        using var worker = await app.ClientAsAsync("worker");
        await OkAsync(NoteAsync(worker, id, "交接前的过程记录"), HttpStatusCode.Created);
        await OkAsync(PostAsync(worker, $"/api/v1/cases/{id}/referrals", new CasesApi.ReferralRequest(ReceiverKind.Hospital, "区人民医院", null,
            "需要检查", "请安排检查", Shegong.Domain.Cases.SharedField.Name, Shegong.Domain.Registry.LegalBasis.StatutoryDuty, null, 5)), HttpStatusCode.Created);
        using var other = await app.ClientAsAsync(OtherWorker);
        (await other.GetAsync($"/api/v1/cases/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        using var manager = await app.ClientAsAsync("manager");
        var otherId = await RegistryApi.UserIdAsync(app, OtherWorker);
        await OkAsync(PutAsync(manager, $"/api/v1/cases/{id}/workers", new CasesApi.WorkersRequest(await VersionAsync(manager, id), otherId, [])));

        var handed = await GetAsync(other, id);
        handed.WorkerId.ShouldBe(otherId);
        handed.Notes.Select(n => n.Text).ShouldContain("交接前的过程记录");
        handed.Referrals.Count.ShouldBe(1);
        (await worker.GetAsync($"/api/v1/cases/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        // Every record of the case carries the case's access list (what the scope filter reads).
        (string access, int stale) = await RegistryApi.QueryAsync(app, async db =>
        {
            var list = await db.Set<Shegong.Domain.Cases.Case>().Where(c => c.Id == id).Select(c => c.AccessList).SingleAsync();
            var n = await db.Set<CaseNote>().CountAsync(x => x.CaseId == id && x.AccessList != list)
                + await db.Set<CaseStageChange>().CountAsync(x => x.CaseId == id && x.AccessList != list)
                + await db.Set<Referral>().CountAsync(x => x.CaseId == id && x.AccessList != list);
            return (list, n);
        });
        access.ShouldNotBeEmpty();
        stale.ShouldBe(0);

        // Back, with the first worker as a co-worker: both read it.
        var workerId = await RegistryApi.UserIdAsync(app, "worker");
        await OkAsync(PutAsync(manager, $"/api/v1/cases/{id}/workers", new CasesApi.WorkersRequest(await VersionAsync(manager, id), otherId, [workerId])));
        (await GetAsync(worker, id)).Notes.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Only_the_manager_with_the_stations_own_workers_at_the_current_version_may_change_them()
    {
        await EnsureAccountsAsync(app);
        var (_, id) = await NewCaseAsync(app);
        using var worker = await app.ClientAsAsync("worker");
        using var manager = await app.ClientAsAsync("manager");
        var otherId = await RegistryApi.UserIdAsync(app, OtherWorker);
        var version = await VersionAsync(worker, id);

        var byWorker = await PutAsync(worker, $"/api/v1/cases/{id}/workers", new CasesApi.WorkersRequest(version, otherId, []));
        byWorker.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await byWorker.Content.ReadAsStringAsync()).ShouldContain("只有站长");

        var stranger = await RegistryApi.UserIdAsync(app, WushanWorker);
        var wrong = await PutAsync(manager, $"/api/v1/cases/{id}/workers", new CasesApi.WorkersRequest(version, stranger, []));
        wrong.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await wrong.Content.ReadAsStringAsync()).ShouldContain("负责社工");
        var wrongCo = await PutAsync(manager, $"/api/v1/cases/{id}/workers", new CasesApi.WorkersRequest(version, otherId, [stranger]));
        (await wrongCo.Content.ReadAsStringAsync()).ShouldContain("协作社工");

        (await PutAsync(manager, $"/api/v1/cases/{id}/workers", new CasesApi.WorkersRequest(version + 5, otherId, []))).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        // Nothing of the refused changes landed.
        (await GetAsync(worker, id)).WorkerId.ShouldBe(await RegistryApi.UserIdAsync(app, "worker"));

        using var elsewhere = await app.ClientAsAsync("worker2");
        (await PutAsync(elsewhere, $"/api/v1/cases/{id}/workers", new CasesApi.WorkersRequest(version, otherId, []))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_manager_changes_the_workers_on_the_case_page_and_a_worker_sees_no_such_form()
    {
        await EnsureAccountsAsync(app);
        var (_, id) = await NewCaseAsync(app);
        using var workerPage = await app.BrowserAsAsync("worker");
        (await workerPage.GetStringAsync($"/cases/{id}")).ShouldNotContain("data-testid=\"change-workers\"");
        using var browser = await app.BrowserAsAsync("manager");
        var otherId = await RegistryApi.UserIdAsync(app, OtherWorker);
        var workerId = await RegistryApi.UserIdAsync(app, "worker");
        using var api = await app.ClientAsAsync("manager");
        var r = await AppFixture.PostFormAsync(browser, $"/cases/{id}", "workers", new()
        {
            ["Version"] = (await VersionAsync(api, id)).ToString(), ["WorkerId"] = otherId.ToString(), ["CoWorkers"] = workerId.ToString(),
        });
        var html = await r.Content.ReadAsStringAsync();
        r.StatusCode.ShouldBe(HttpStatusCode.OK);
        html.ShouldContain("已更换负责社工");
        html.ShouldContain("孙社工");
        var c = await GetAsync(api, id);
        c.WorkerId.ShouldBe(otherId);
        c.CoWorkers.ShouldBe([workerId]);
    }

    [Fact]
    public async Task A_supervision_note_about_the_case_keeps_its_own_readers_when_the_workers_change()
    {
        await EnsureAccountsAsync(app);
        var (_, id) = await NewCaseAsync(app);
        var station = await StationIdAsync(app, "440112010");
        var workerId = await RegistryApi.UserIdAsync(app, "worker");
        using var supervisor = await app.ClientAsAsync(AssignedSupervisor);
        var written = await supervisor.PostAsJsonAsync("/api/v1/supervision-notes", new SupervisionApi.WriteRequest(station,
            Shegong.Domain.Cases.SupervisionKind.Individual, [workerId], id, RegistryApi.Today, "交接督导", "先稳定情绪", 60), Json);
        written.StatusCode.ShouldBe(HttpStatusCode.Created, await written.Content.ReadAsStringAsync());
        var note = System.Text.Json.JsonDocument.Parse(await written.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid();

        using var manager = await app.ClientAsAsync("manager");
        var otherId = await RegistryApi.UserIdAsync(app, OtherWorker);
        await OkAsync(PutAsync(manager, $"/api/v1/cases/{id}/workers", new CasesApi.WorkersRequest(await VersionAsync(manager, id), otherId, [])));

        // The worker it concerns and its author still read it; the new worker of the case does not (it is not about them).
        using var worker = await app.ClientAsAsync("worker");
        (await worker.GetAsync($"/api/v1/supervision-notes/{note}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await supervisor.GetAsync($"/api/v1/supervision-notes/{note}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var other = await app.ClientAsAsync(OtherWorker);
        (await other.GetAsync($"/api/v1/supervision-notes/{note}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
