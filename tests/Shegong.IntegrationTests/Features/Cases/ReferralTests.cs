using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Cases;
using Shegong.Domain.Registry;
using Shegong.IntegrationTests.Features.Registry;
using Shegong.IntegrationTests.Infrastructure;
using Shegong.Web.Features.Cases;
using static Shegong.IntegrationTests.Features.Cases.CaseApi;

namespace Shegong.IntegrationTests.Features.Cases;

/// <summary>Referrals: states, a referral from 长洲 (A) to 五山 (B) with only the shared fields, B's feedback in A's case, overdue in A's list, the closed loop.</summary>
public sealed class ReferralTests(AppFixture app)
{
    private static async Task<Guid> SendAsync(HttpClient c, Guid caseId, CasesApi.ReferralRequest request)
    {
        var r = await PostAsync(c, $"/api/v1/cases/{caseId}/referrals", request);
        var body = await r.Content.ReadAsStringAsync();
        r.StatusCode.ShouldBe(HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
    }

    private static CasesApi.ReferralRequest ToHospital(int days = 5) => new(ReceiverKind.Hospital, "黄埔区人民医院", null, "腹部肿块需检查和手术",
        "安排检查，评估手术及费用减免", SharedField.Name | SharedField.Age | SharedField.Phone, LegalBasis.WrittenConsent, "本人签字同意转介", days);

    private static async Task<GetCase.ReferralItem> ReferralAsync(HttpClient c, Guid caseId, Guid id) => (await GetAsync(c, caseId)).Referrals.Single(r => r.Id == id);

    private async Task<(Guid Case, HttpClient Worker)> CaseInInterventionAsync()
    {
        var (_, id) = await NewCaseAsync(app);
        var worker = await app.ClientAsAsync("worker");
        await ToStageAsync(worker, id, CaseStage.Intervention);
        return (id, worker);
    }

    [Fact]
    public async Task A_referral_to_a_unit_goes_sent_accepted_done_and_the_person_confirms()
    {
        var (caseId, worker) = await CaseInInterventionAsync();
        using var owned = worker;
        var id = await SendAsync(worker, caseId, ToHospital());
        var sent = await ReferralAsync(worker, caseId, id);
        (sent.Status, sent.ReceiverName, sent.Shared).ShouldBe((ReferralStatus.Sent, "黄埔区人民医院", SharedField.Name | SharedField.Age | SharedField.Phone));
        sent.DueOn.ShouldBeGreaterThanOrEqualTo(RegistryApi.Today.AddDays(5)); // five working days: a weekend or more lies between
        // Done before accepted, and a confirmation before done, are refused.
        (await RegistryApi.ErrorsAsync(await PostAsync(worker, $"/api/v1/referrals/{id}/answer", new CasesApi.AnswerRequest(sent.Version, ReferralStatus.Done, "x", null)), "Status"))
            .Single().ShouldContain("不能从");
        (await RegistryApi.ErrorsAsync(await PostAsync(worker, $"/api/v1/referrals/{id}/confirmation",
            new CasesApi.ConfirmRequest(sent.Version, RegistryApi.Today, ConfirmationMethod.Call, ConfirmationAnswer.Received, null)), "Status")).Single().ShouldContain("办结后");
        await OkAsync(PostAsync(worker, $"/api/v1/referrals/{id}/answer", new CasesApi.AnswerRequest(sent.Version, ReferralStatus.Accepted, null, null)));
        var accepted = await ReferralAsync(worker, caseId, id);
        (await RegistryApi.ErrorsAsync(await PostAsync(worker, $"/api/v1/referrals/{id}/answer", new CasesApi.AnswerRequest(accepted.Version, ReferralStatus.Done, " ", null)), "Feedback"))
            .Single().ShouldContain("反馈");
        await OkAsync(PostAsync(worker, $"/api/v1/referrals/{id}/answer", new CasesApi.AnswerRequest(accepted.Version, ReferralStatus.Done, "已完成手术，费用按大病保险减免", null)));
        var done = await ReferralAsync(worker, caseId, id);
        (done.Status, done.Feedback, done.DoneOn).ShouldBe((ReferralStatus.Done, "已完成手术，费用按大病保险减免", (DateOnly?)RegistryApi.Today));
        await OkAsync(PostAsync(worker, $"/api/v1/referrals/{id}/confirmation",
            new CasesApi.ConfirmRequest(done.Version, RegistryApi.Today, ConfirmationMethod.Visit, ConfirmationAnswer.Partly, "手术已做，复查还没约")));
        var confirmed = await ReferralAsync(worker, caseId, id);
        (confirmed.ConfirmedOn, confirmed.ConfirmedBy, confirmed.ConfirmedAnswer).ShouldBe(((DateOnly?)RegistryApi.Today, ConfirmationMethod.Visit, ConfirmationAnswer.Partly));
    }

    [Fact]
    public async Task A_declined_referral_needs_its_reason_and_ends_there()
    {
        var (caseId, worker) = await CaseInInterventionAsync();
        using var owned = worker;
        var id = await SendAsync(worker, caseId, ToHospital());
        var v = (await ReferralAsync(worker, caseId, id)).Version;
        (await RegistryApi.ErrorsAsync(await PostAsync(worker, $"/api/v1/referrals/{id}/answer", new CasesApi.AnswerRequest(v, ReferralStatus.Declined, null, null)), "Feedback"))
            .ShouldNotBeEmpty();
        await OkAsync(PostAsync(worker, $"/api/v1/referrals/{id}/answer", new CasesApi.AnswerRequest(v, ReferralStatus.Declined, "床位已满，建议转市一院", null)));
        var declined = await ReferralAsync(worker, caseId, id);
        declined.Status.ShouldBe(ReferralStatus.Declined);
        (await PostAsync(worker, $"/api/v1/referrals/{id}/answer", new CasesApi.AnswerRequest(declined.Version, ReferralStatus.Done, "x", null))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_referral_needs_receiver_reason_request_basis_and_deadline_named_at_once()
    {
        var (caseId, worker) = await CaseInInterventionAsync();
        using var owned = worker;
        var r = await PostAsync(worker, $"/api/v1/cases/{caseId}/referrals", new CasesApi.ReferralRequest(null, "", null, "", "", SharedField.None, null, null, null));
        var body = await r.Content.ReadAsStringAsync();
        r.StatusCode.ShouldBe(HttpStatusCode.BadRequest, body);
        foreach (var f in new[] { "ReceiverKind", "ReceiverName", "Reason", "Request", "Basis", "FeedbackDays" })
            JsonDocument.Parse(body).RootElement.GetProperty("errors").TryGetProperty(f, out _).ShouldBeTrue(f + ": " + body);
        body.ShouldContain("反馈期限");
    }

    [Fact]
    public async Task A_referral_to_another_station_shows_there_only_the_shared_fields_and_its_feedback_returns_to_the_case()
    {
        await EnsureAccountsAsync(app);
        var (caseId, worker) = await CaseInInterventionAsync();
        using var owned = worker;
        var person = (await GetAsync(worker, caseId)).PersonId;
        var file = await RegistryApi.GetAsync(worker, person, reveal: true);
        var wushan = await StationIdAsync(app, "440106001");
        var id = await SendAsync(worker, caseId, new CasesApi.ReferralRequest(ReceiverKind.Station, null, wushan, "女儿在五山，术后将在女儿家休养",
            "请术后上门探访两次", SharedField.Name | SharedField.Age, LegalBasis.WrittenConsent, "本人同意", 10));
        (await ReferralAsync(worker, caseId, id)).ReceiverName.ShouldContain("五山");

        using var b = await app.ClientAsAsync(WushanWorker);
        var inboxText = await b.GetStringAsync("/api/v1/referrals/inbox");
        var item = JsonSerializer.Deserialize<List<ListReferralInbox.Item>>(inboxText, Json)!.Single(i => i.Id == id);
        (item.Person.Name, item.Person.Age, item.Shared).ShouldBe((file.Name, file.Age, SharedField.Name | SharedField.Age));
        (item.Person.Phone, item.Person.IdNumber, item.Person.Address, item.Person.Gender, item.Person.Types).ShouldBe(("", "", "", (Gender?)null, (PersonTypes?)null));
        item.FromStationName.ShouldContain("长洲");
        // Nothing of A's case is readable at B: the case, its documents and the unshared fields.
        (await b.GetAsync($"/api/v1/cases/{caseId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        inboxText.ShouldNotContain(file.Phone);
        inboxText.ShouldNotContain("肿瘤");
        (await ReadsAsync(app, WushanWorker, nameof(ReferralReceipt), id)).ShouldBe(1);
        // A's worker cannot answer for the station; the other station's inbox is not A's.
        (await PostAsync(worker, $"/api/v1/referrals/{id}/answer", new CasesApi.AnswerRequest(item.Version, ReferralStatus.Accepted, null, null))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        JsonSerializer.Deserialize<List<ListReferralInbox.Item>>(await worker.GetStringAsync("/api/v1/referrals/inbox"), Json)!.ShouldNotContain(i => i.Id == id);

        await OkAsync(PostAsync(b, $"/api/v1/referrals/{id}/answer", new CasesApi.AnswerRequest(item.Version, ReferralStatus.Accepted, "已安排王社工跟进", null)));
        var v = JsonSerializer.Deserialize<List<ListReferralInbox.Item>>(await b.GetStringAsync("/api/v1/referrals/inbox"), Json)!.Single(i => i.Id == id).Version;
        await OkAsync(PostAsync(b, $"/api/v1/referrals/{id}/answer", new CasesApi.AnswerRequest(v, ReferralStatus.Done, "已上门探访两次，伤口愈合良好", null)));

        var inA = await ReferralAsync(worker, caseId, id);
        (inA.Status, inA.Feedback).ShouldBe((ReferralStatus.Done, "已上门探访两次，伤口愈合良好"));
        await OkAsync(PostAsync(worker, $"/api/v1/referrals/{id}/confirmation",
            new CasesApi.ConfirmRequest(inA.Version, RegistryApi.Today, ConfirmationMethod.Call, ConfirmationAnswer.Received, null)));
        (await ReferralAsync(worker, caseId, id)).ConfirmedAnswer.ShouldBe(ConfirmationAnswer.Received);
    }

    [Fact]
    public async Task An_overdue_referral_is_in_its_senders_tasks_and_nobody_elses_at_the_station_and_leaves_when_answered()
    {
        await EnsureAccountsAsync(app);
        var (caseId, worker) = await CaseInInterventionAsync();
        using var owned = worker;
        var id = await SendAsync(worker, caseId, ToHospital(3));
        // Sent three weeks ago: the deadline (and the task's due date, the same) has passed without feedback. Back-dated
        // through a save, so that the case figures (sent in its month, open by deadline) follow as they would for a
        // referral entered then.
        await RegistryApi.QueryAsync(app, async db =>
        {
            var r = await db.Set<Referral>().IgnoreQueryFilters().SingleAsync(x => x.Id == id);
            db.Entry(r).Property(x => x.SentOn).CurrentValue = RegistryApi.Today.AddDays(-21);
            db.Entry(r).Property(x => x.DueOn).CurrentValue = RegistryApi.Today.AddDays(-16);
            return await db.SaveChangesAsync();
        });
        await RegistryApi.QueryAsync(app, db => db.Set<CaseTask>().Where(t => t.SourceId == id).ExecuteUpdateAsync(s => s.SetProperty(t => t.DueOn, RegistryApi.Today.AddDays(-16))));
        var tasks = await MeetingTests.TasksAsync(worker);
        var mine = tasks.Items.Single(o => o.SourceId == id);
        (mine.Kind, mine.CaseId, mine.DaysOverdue, mine.Title, mine.Bucket, mine.CanMarkDone).ShouldBe((TaskKind.ReferralFeedback, caseId, 16, "黄埔区人民医院", TaskBucket.Overdue, false));
        tasks.Overdue.ShouldBeGreaterThanOrEqualTo(1);
        (await ReferralAsync(worker, caseId, id)).Overdue.ShouldBeTrue();
        JsonSerializer.Deserialize<ListCases.Result>(await worker.GetStringAsync("/api/v1/cases?pageSize=100"), Json)!.Items.Single(i => i.Id == caseId).OverdueReferrals.ShouldBe(1);
        using var other = await app.ClientAsAsync(OtherWorker);
        (await MeetingTests.TasksAsync(other)).Items.ShouldNotContain(o => o.SourceId == id);
        // Only its source ends it: marking it done by hand is refused.
        (await RegistryApi.ErrorsAsync(await PostAsync(worker, $"/api/v1/tasks/{mine.Id}/done", new CasesApi.TaskDoneRequest(mine.Version)), "Kind")).Single().ShouldContain("来源完成后自动消失");
        // Accepted, it still waits for the result; done, it leaves.
        var v = (await ReferralAsync(worker, caseId, id)).Version;
        await OkAsync(PostAsync(worker, $"/api/v1/referrals/{id}/answer", new CasesApi.AnswerRequest(v, ReferralStatus.Accepted, null, null)));
        (await MeetingTests.TasksAsync(worker)).Items.ShouldContain(o => o.SourceId == id);
        await OkAsync(PostAsync(worker, $"/api/v1/referrals/{id}/answer", new CasesApi.AnswerRequest(v + 1, ReferralStatus.Done, "已检查", null)));
        (await MeetingTests.TasksAsync(worker)).Items.ShouldNotContain(o => o.SourceId == id);
    }

    [Fact]
    public async Task A_referral_to_another_station_leaves_the_senders_tasks_when_that_station_reports_done()
    {
        await EnsureAccountsAsync(app);
        var (caseId, worker) = await CaseInInterventionAsync();
        using var owned = worker;
        var wushan = await StationIdAsync(app, "440106001");
        var id = await SendAsync(worker, caseId, new CasesApi.ReferralRequest(ReceiverKind.Station, null, wushan, "术后在女儿家休养", "请上门探访",
            SharedField.Name, LegalBasis.WrittenConsent, "本人同意", 1));
        await RegistryApi.QueryAsync(app, db => db.Set<CaseTask>().Where(t => t.SourceId == id).ExecuteUpdateAsync(s => s.SetProperty(t => t.DueOn, RegistryApi.Today.AddDays(-2))));
        (await MeetingTests.TasksAsync(worker)).Items.Single(t => t.SourceId == id).Bucket.ShouldBe(TaskBucket.Overdue);
        using var b = await app.ClientAsAsync(WushanWorker);
        (await MeetingTests.TasksAsync(b)).Items.ShouldNotContain(t => t.SourceId == id);
        var item = JsonSerializer.Deserialize<List<ListReferralInbox.Item>>(await b.GetStringAsync("/api/v1/referrals/inbox"), Json)!.Single(i => i.Id == id);
        await OkAsync(PostAsync(b, $"/api/v1/referrals/{id}/answer", new CasesApi.AnswerRequest(item.Version, ReferralStatus.Accepted, null, null)));
        await OkAsync(PostAsync(b, $"/api/v1/referrals/{id}/answer", new CasesApi.AnswerRequest(item.Version + 1, ReferralStatus.Done, "已探访两次", null)));
        (await MeetingTests.TasksAsync(worker)).Items.ShouldNotContain(t => t.SourceId == id);
    }
}
