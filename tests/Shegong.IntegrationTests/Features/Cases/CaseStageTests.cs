using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Cases;
using Shegong.Domain.Visits;
using Shegong.IntegrationTests.Features.Registry;
using Shegong.IntegrationTests.Infrastructure;
using Shegong.Web.Features.Cases;
using static Shegong.IntegrationTests.Features.Cases.CaseApi;

namespace Shegong.IntegrationTests.Features.Cases;

/// <summary>Every allowed and refused stage move of a case through the API, on the run's database (both in CI).</summary>
public sealed class CaseStageTests(AppFixture app)
{
    private static async Task<string> RefusedAsync(Task<HttpResponseMessage> call, string field = "Stage")
    {
        var r = await call;
        return string.Join(" ", await RegistryApi.ErrorsAsync(r, field));
    }

    [Fact]
    public async Task A_case_goes_through_every_stage_and_closes_with_the_managers_approval()
    {
        var (_, id) = await NewCaseAsync(app);
        using var worker = await app.ClientAsAsync("worker");
        using var manager = await app.ClientAsAsync("manager");
        (await GetAsync(worker, id)).Stage.ShouldBe(CaseStage.Intake);
        await ToStageAsync(worker, id, CaseStage.Intervention);
        await OkAsync(NoteAsync(worker, id), HttpStatusCode.Created);
        await AdvanceAsync(worker, id, CaseStage.Evaluation);
        await EvaluateAsync(worker, id);
        await OkAsync(PostAsync(worker, $"/api/v1/cases/{id}/closing", new CasesApi.ClosingRequest(await VersionAsync(worker, id), ClosingReason.GoalsAttained, "术后恢复良好")));
        // The worker cannot approve; the manager can.
        (await RefusedAsync(PostAsync(worker, $"/api/v1/cases/{id}/closing/decision", new CasesApi.DecisionRequest(await VersionAsync(worker, id), true, null))))
            .ShouldContain("站长");
        (await GetAsync(worker, id)).Stage.ShouldBe(CaseStage.Evaluation);
        await OkAsync(PostAsync(manager, $"/api/v1/cases/{id}/closing/decision", new CasesApi.DecisionRequest(await VersionAsync(manager, id), true, null)));
        var closed = await GetAsync(worker, id);
        (closed.Stage, closed.ClosedOn, closed.ClosingApprovedByName).ShouldBe((CaseStage.Closed, (DateOnly?)RegistryApi.Today, "陈站长"));
        closed.History.Select(h => h.Action).ShouldBe([CaseAction.Opened, CaseAction.Advanced, CaseAction.Advanced, CaseAction.Advanced,
            CaseAction.Advanced, CaseAction.ClosingRequested, CaseAction.Closed]);
        closed.Notes.Single().Text.ShouldBe("入户探访，陪同去医院做检查");
        System.Text.Json.JsonSerializer.Deserialize<ListCases.Result>(await worker.GetStringAsync("/api/v1/cases?pageSize=100"), Json)!
            .Items.Single(i => i.Id == id).ClosingRequested.ShouldBeFalse();
        closed.Plan.Items.Count.ShouldBe(2);
        closed.Assessment.Items.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Skipping_a_stage_or_leaving_one_without_its_document_is_refused_and_changes_nothing()
    {
        var (_, id) = await NewCaseAsync(app);
        using var worker = await app.ClientAsAsync("worker");
        var v = await VersionAsync(worker, id);
        (await RefusedAsync(PostAsync(worker, $"/api/v1/cases/{id}/advance", new CasesApi.AdvanceRequest(v, CaseStage.Planning)))).ShouldContain("按顺序");
        (await RefusedAsync(PostAsync(worker, $"/api/v1/cases/{id}/advance", new CasesApi.AdvanceRequest(v, CaseStage.Closed)))).ShouldContain("站长审批");
        await AdvanceAsync(worker, id, CaseStage.Assessment);
        (await RefusedAsync(PostAsync(worker, $"/api/v1/cases/{id}/advance", new CasesApi.AdvanceRequest(await VersionAsync(worker, id), CaseStage.Planning))))
            .ShouldContain("请先填写预估");
        (await GetAsync(worker, id)).Stage.ShouldBe(CaseStage.Assessment);
        // A plan in the assessment stage is refused too.
        (await RefusedAsync(PutAsync(worker, $"/api/v1/cases/{id}/plan", new CasesApi.PlanRequest(await VersionAsync(worker, id),
            [new WritePlan.Goal("x", "y", RegistryApi.Today)])))).ShouldContain("不能填写服务计划");
    }

    [Fact]
    public async Task Closing_without_an_evaluation_is_refused()
    {
        var (_, id) = await NewCaseAsync(app);
        using var worker = await app.ClientAsAsync("worker");
        await ToStageAsync(worker, id, CaseStage.Intervention);
        (await RefusedAsync(PostAsync(worker, $"/api/v1/cases/{id}/closing", new CasesApi.ClosingRequest(await VersionAsync(worker, id), ClosingReason.GoalsAttained, "好"))))
            .ShouldContain("评估阶段");
        await AdvanceAsync(worker, id, CaseStage.Evaluation);
        (await RefusedAsync(PostAsync(worker, $"/api/v1/cases/{id}/closing", new CasesApi.ClosingRequest(await VersionAsync(worker, id), ClosingReason.GoalsAttained, "好"))))
            .ShouldContain("须先完成本次的评估");
        // An evaluation that leaves a goal out is refused, naming it.
        (await RefusedAsync(PutAsync(worker, $"/api/v1/cases/{id}/evaluation", new CasesApi.EvaluationRequest(await VersionAsync(worker, id),
            [new GoalAttainment(1, Attainment.Attained)], "x")), "Goals")).ShouldContain("第 2 个");
    }

    [Fact]
    public async Task Closing_without_approval_is_refused_and_a_manager_may_send_it_back()
    {
        var (_, id) = await NewCaseAsync(app);
        using var worker = await app.ClientAsAsync("worker");
        using var manager = await app.ClientAsAsync("manager");
        await ToStageAsync(worker, id, CaseStage.Evaluation);
        (await RefusedAsync(PostAsync(manager, $"/api/v1/cases/{id}/closing/decision", new CasesApi.DecisionRequest(await VersionAsync(manager, id), true, null))))
            .ShouldContain("尚未提交结案申请");
        await EvaluateAsync(worker, id);
        await OkAsync(PostAsync(worker, $"/api/v1/cases/{id}/closing", new CasesApi.ClosingRequest(await VersionAsync(worker, id), ClosingReason.GoalsAttained, "好")));
        (await RefusedAsync(PostAsync(manager, $"/api/v1/cases/{id}/closing/decision", new CasesApi.DecisionRequest(await VersionAsync(manager, id), false, "")), "Reason"))
            .ShouldContain("不能为空");
        await OkAsync(PostAsync(manager, $"/api/v1/cases/{id}/closing/decision", new CasesApi.DecisionRequest(await VersionAsync(manager, id), false, "请补充术后随访安排")));
        var back = await GetAsync(worker, id);
        (back.Stage, back.ClosingRequestedOn).ShouldBe((CaseStage.Evaluation, (DateOnly?)null));
        back.History.Last().Reason.ShouldBe("请补充术后随访安排");
    }

    [Fact]
    public async Task A_closed_case_takes_no_notes_and_reopens_with_a_reason()
    {
        var (_, id) = await NewCaseAsync(app);
        using var worker = await app.ClientAsAsync("worker");
        using var manager = await app.ClientAsAsync("manager");
        await ToStageAsync(worker, id, CaseStage.Evaluation);
        await EvaluateAsync(worker, id);
        await OkAsync(PostAsync(worker, $"/api/v1/cases/{id}/closing", new CasesApi.ClosingRequest(await VersionAsync(worker, id), ClosingReason.GoalsAttained, "好")));
        await OkAsync(PostAsync(manager, $"/api/v1/cases/{id}/closing/decision", new CasesApi.DecisionRequest(await VersionAsync(manager, id), true, null)));
        (await RefusedAsync(NoteAsync(worker, id))).ShouldContain("已结案");
        (await RefusedAsync(PutAsync(worker, $"/api/v1/cases/{id}/assessment", new CasesApi.AssessmentRequest(await VersionAsync(worker, id), "x", null, null, null, null, null))))
            .ShouldContain("已结案");
        (await GetAsync(worker, id)).Notes.ShouldBeEmpty();
        (await RefusedAsync(PostAsync(worker, $"/api/v1/cases/{id}/reopen", new CasesApi.ReopenRequest(await VersionAsync(worker, id), " ")), "Reason")).ShouldContain("不能为空");
        await OkAsync(PostAsync(worker, $"/api/v1/cases/{id}/reopen", new CasesApi.ReopenRequest(await VersionAsync(worker, id), "术后伤口感染，需再次跟进")));
        var reopened = await GetAsync(worker, id);
        (reopened.Stage, reopened.Episode, reopened.ClosedOn).ShouldBe((CaseStage.Intervention, 2, (DateOnly?)null));
        await OkAsync(NoteAsync(worker, id, "电话跟进伤口情况"), HttpStatusCode.Created);
    }

    [Fact]
    public async Task An_intake_may_end_not_taken_referred_elsewhere()
    {
        var (_, id) = await NewCaseAsync(app);
        using var worker = await app.ClientAsAsync("worker");
        (await RefusedAsync(PostAsync(worker, $"/api/v1/cases/{id}/decline", new CasesApi.DeclineRequest(await VersionAsync(worker, id), "不属本站服务范围", null)), "ReferredElsewhereTo"))
            .ShouldContain("转介去向");
        await OkAsync(PostAsync(worker, $"/api/v1/cases/{id}/decline", new CasesApi.DeclineRequest(await VersionAsync(worker, id), "不属本站服务范围", "区残联")));
        var c = await GetAsync(worker, id);
        (c.Stage, c.Intake.ReferredElsewhereTo).ShouldBe((CaseStage.NotTaken, "区残联"));
    }

    [Fact]
    public async Task A_stale_version_is_409_and_If_Match_wins_over_the_body()
    {
        var (_, id) = await NewCaseAsync(app);
        using var worker = await app.ClientAsAsync("worker");
        var v = await VersionAsync(worker, id);
        var r = await PostAsync(worker, $"/api/v1/cases/{id}/advance", new CasesApi.AdvanceRequest(v, CaseStage.Assessment));
        r.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        r.Headers.ETag!.Tag.ShouldBe($"\"{v + 1}\"");
        (await PutAsync(worker, $"/api/v1/cases/{id}/assessment", new CasesApi.AssessmentRequest(v, "x", null, null, null, null, null))).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/cases/{id}/assessment")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new CasesApi.AssessmentRequest(0, "独居", null, null, null, null, null), options: Json),
        };
        request.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue($"\"{v + 1}\""));
        (await worker.SendAsync(request)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task A_visits_need_becomes_a_case_in_one_step_keeping_the_link()
    {
        using var worker = await app.ClientAsAsync("worker");
        var person = await RegistryApi.RegisterNewAsync(worker);
        var need = await RegistryApi.QueryAsync(app, async db =>
        {
            var p = await db.Persons.SingleAsync(x => x.Id == person);
            var n = Need.Found(p, null, NeedCategory.Medical, "腹部肿块，怕花钱不肯就医", RegistryApi.Today);
            db.Needs.Add(n);
            await db.SaveChangesAsync();
            return n.Id;
        });
        var id = await OpenAsync(worker, person, need);
        (await GetAsync(worker, id)).NeedId.ShouldBe(need);
        var taken = await RegistryApi.QueryAsync(app, db => db.Needs.SingleAsync(n => n.Id == need));
        (taken.Status, taken.TakenUpBy).ShouldBe((NeedStatus.TakenUp, "Case:" + id));
        // The same need twice is refused, naming the field.
        var again = await PostAsync(worker, "/api/v1/cases", new CasesApi.OpenRequest(person, CaseSource.Outreach, RiskLevel.High, "x", null, need));
        (await RegistryApi.ErrorsAsync(again, "NeedId")).Single().ShouldContain("已处理");
    }

    [Fact]
    public async Task Opening_a_case_names_every_missing_field_at_once()
    {
        using var worker = await app.ClientAsAsync("worker");
        var person = await RegistryApi.RegisterNewAsync(worker);
        var r = await PostAsync(worker, "/api/v1/cases", new CasesApi.OpenRequest(person, null, null, "", null));
        var body = await r.Content.ReadAsStringAsync();
        r.StatusCode.ShouldBe(HttpStatusCode.BadRequest, body);
        var errors = JsonDocument.Parse(body).RootElement.GetProperty("errors");
        foreach (var f in new[] { "Source", "Risk", "PresentingProblem" }) errors.TryGetProperty(f, out _).ShouldBeTrue(body);
        body.ShouldContain("主要问题");
    }
}
