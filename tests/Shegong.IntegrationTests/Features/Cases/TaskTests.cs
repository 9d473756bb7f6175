using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shegong.Domain.Access;
using Shegong.Domain.Cases;
using Shegong.IntegrationTests.Features.Registry;
using Shegong.IntegrationTests.Infrastructure;
using Shegong.Web.Features.Cases;
using Shegong.Web.Infrastructure.Auth;
using Shegong.Web.Infrastructure.Data;
using static Shegong.IntegrationTests.Features.Cases.CaseApi;

namespace Shegong.IntegrationTests.Features.Cases;

/// <summary>
/// A worker's tasks: next contacts, plan goals, referral deadlines and meeting decisions in the buckets overdue / today
/// / this week (the six days after today; later ones are not listed), each leaving when its source is satisfied; the
/// counts on the home page. A worker of their own, so that other tests' tasks do not change the counts.
/// </summary>
public sealed class TaskTests(AppFixture app)
{
    private static async Task<string> FreshWorkerAsync(AppFixture app)
    {
        var name = "case-tasks-" + Guid.NewGuid().ToString("N")[..8];
        using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<ShegongDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var station = await db.Stations.SingleAsync(s => s.RegionPrefix == "440112010");
        var u = new AppUser { UserName = name, DisplayName = "钱社工", StationId = station.Id, RegionPrefix = station.RegionPrefix };
        (await users.CreateAsync(u, AppFixture.DemoPassword)).Succeeded.ShouldBeTrue();
        (await users.AddToRoleAsync(u, Roles.SocialWorker)).Succeeded.ShouldBeTrue();
        return name;
    }

    private Task MoveDueAsync(Guid caseId, TaskKind kind, DateOnly due, int? goal = null) =>
        RegistryApi.QueryAsync(app, db => db.Set<CaseTask>().Where(t => t.CaseId == caseId && t.Kind == kind && (goal == null || t.GoalNumber == goal))
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.DueOn, due)));

    [Fact]
    public async Task Tasks_fall_in_overdue_today_and_this_week_and_leave_when_their_source_is_satisfied()
    {
        var name = await FreshWorkerAsync(app);
        using var w = await app.ClientAsAsync(name);
        var today = RegistryApi.Today;
        var caseId = await OpenAsync(w, await RegistryApi.RegisterNewAsync(w));
        await ToStageAsync(w, caseId, CaseStage.Intervention); // goals due in 30 and 60 days: later, not listed
        var empty = await MeetingTests.TasksAsync(w);
        (empty.Overdue, empty.DueToday, empty.DueThisWeek, empty.Items.Count).ShouldBe((0, 0, 0, 0));

        // A note sets the next contact in three days; a meeting's decision is due today; goal 1 is moved to yesterday.
        await OkAsync(PostAsync(w, $"/api/v1/cases/{caseId}/notes", new CasesApi.NoteRequest(today, Shegong.Domain.Cases.ContactMethod.Phone, 15, "电话约定周五再去", today.AddDays(3))), HttpStatusCode.Created);
        var me = await RegistryApi.UserIdAsync(app, name);
        var meeting = await MeetingTests.RecordAsync(w, new CasesApi.MeetingRequest(today, [new("长洲街道办事处"), new("黄埔区人民医院")], [caseId], "商议就医",
            [new("联系医院安排床位", me, null, today, caseId), new("下月复查", me, null, today.AddDays(20), caseId)]));
        await MoveDueAsync(caseId, TaskKind.GoalTarget, today.AddDays(-1), goal: 1);

        var r = await MeetingTests.TasksAsync(w);
        (r.Overdue, r.DueToday, r.DueThisWeek).ShouldBe((1, 1, 1));
        r.Items.Select(i => (i.Kind, i.Bucket)).ShouldBe([(TaskKind.GoalTarget, TaskBucket.Overdue), (TaskKind.Decision, TaskBucket.Today), (TaskKind.NextContact, TaskBucket.Week)]);
        r.Items[0].Title.ShouldBe("完成检查和手术");
        r.Items[0].DaysOverdue.ShouldBe(1);
        r.Items[1].SourceId.ShouldBe(meeting);

        // The home page shows the counts beside the visits; the task page groups them.
        using var browser = await app.BrowserAsAsync(name);
        var home = await browser.GetStringAsync("/");
        home.ShouldContain("data-testid=\"home-tasks\"");
        home.ShouldContain("data-testid=\"home-tasks-overdue\">1<");
        var page = await browser.GetStringAsync("/tasks");
        page.ShouldContain("data-testid=\"bucket-overdue\"");
        page.ShouldContain("data-testid=\"bucket-today\"");
        page.ShouldContain("data-testid=\"bucket-week\"");
        page.ShouldContain("联系医院安排床位");

        // The next contact recorded: that task leaves (a note without a next date sets none).
        await OkAsync(NoteAsync(w, caseId, "周五入户"), HttpStatusCode.Created);
        (await MeetingTests.TasksAsync(w)).Items.ShouldNotContain(i => i.Kind == TaskKind.NextContact);
        // The goals evaluated: both goal tasks end.
        await AdvanceAsync(w, caseId, CaseStage.Evaluation);
        await EvaluateAsync(w, caseId);
        (await RegistryApi.QueryAsync(app, db => db.Set<CaseTask>().CountAsync(t => t.CaseId == caseId && t.Kind == TaskKind.GoalTarget && t.IsOpen))).ShouldBe(0);
        var after = await MeetingTests.TasksAsync(w);
        (after.Overdue, after.DueToday, after.DueThisWeek).ShouldBe((0, 1, 0));
    }

    [Fact]
    public async Task A_revised_plan_replaces_the_goal_tasks_and_a_closed_case_ends_all_of_its_tasks()
    {
        var name = await FreshWorkerAsync(app);
        using var w = await app.ClientAsAsync(name);
        var today = RegistryApi.Today;
        var caseId = await OpenAsync(w, await RegistryApi.RegisterNewAsync(w));
        await ToStageAsync(w, caseId, CaseStage.Intervention);
        await OkAsync(PutAsync(w, $"/api/v1/cases/{caseId}/plan", new CasesApi.PlanRequest(await VersionAsync(w, caseId),
            [new WritePlan.Goal("本周完成检查", "陪同就医", today.AddDays(2))])));
        var r = await MeetingTests.TasksAsync(w);
        r.Items.Single().Title.ShouldBe("本周完成检查");
        (await RegistryApi.QueryAsync(app, db => db.Set<CaseTask>().CountAsync(t => t.CaseId == caseId && t.IsOpen))).ShouldBe(1);
        // Declined at intake or closed: a case of another test is closed by the manager; here the case ends with a refused intake on a new case.
        var second = await OpenAsync(w, await RegistryApi.RegisterNewAsync(w));
        await OkAsync(PostAsync(w, $"/api/v1/cases/{second}/notes", new CasesApi.NoteRequest(today, Shegong.Domain.Cases.ContactMethod.Phone, 10, "约定明天再谈", today.AddDays(1))), HttpStatusCode.Created);
        (await MeetingTests.TasksAsync(w)).Items.Count(i => i.CaseId == second).ShouldBe(1);
        await OkAsync(PostAsync(w, $"/api/v1/cases/{second}/decline", new CasesApi.DeclineRequest(await VersionAsync(w, second), "不在服务范围", "五山街道社工站")));
        (await MeetingTests.TasksAsync(w)).Items.ShouldNotContain(i => i.CaseId == second);
    }

    [Fact]
    public async Task Bad_next_contact_dates_are_named()
    {
        var (_, caseId) = await NewCaseAsync(app);
        using var worker = await app.ClientAsAsync("worker");
        var r = await PostAsync(worker, $"/api/v1/cases/{caseId}/notes", new CasesApi.NoteRequest(RegistryApi.Today, Shegong.Domain.Cases.ContactMethod.Phone, 10, "电话", RegistryApi.Today.AddDays(-1)));
        (await RegistryApi.ErrorsAsync(r, "NextContactOn")).Single().ShouldBe("下次联系日期：不能早于今天");
    }

    [Fact]
    public async Task When_the_manager_changes_the_worker_the_tasks_and_the_meetings_follow()
    {
        await EnsureAccountsAsync(app);
        var name = await FreshWorkerAsync(app);
        using var w = await app.ClientAsAsync(name);
        var today = RegistryApi.Today;
        var caseId = await OpenAsync(w, await RegistryApi.RegisterNewAsync(w));
        await OkAsync(PostAsync(w, $"/api/v1/cases/{caseId}/notes", new CasesApi.NoteRequest(today, Shegong.Domain.Cases.ContactMethod.Phone, 10, "约定后天再谈", today.AddDays(2))), HttpStatusCode.Created);
        var colleague = await RegistryApi.UserIdAsync(app, OtherWorker);
        var meeting = await MeetingTests.RecordAsync(w, new CasesApi.MeetingRequest(today, [new("江南居委会")], [caseId], "交接前的会议",
            [new("居委会每周探访", null, "江南居委会", today.AddDays(3), caseId), new("联系家属", colleague, null, today.AddDays(4), caseId)]));
        using var other = await app.ClientAsAsync(OtherWorker);
        (await other.GetAsync($"/api/v1/meetings/{meeting}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // The manager hands the case to the colleague.
        using var manager = await app.ClientAsAsync("manager");
        await OkAsync(PutAsync(manager, $"/api/v1/cases/{caseId}/workers", new CasesApi.WorkersRequest(await VersionAsync(manager, caseId), colleague, [])));
        var theirs = (await MeetingTests.TasksAsync(other)).Items.Where(t => t.CaseId == caseId).Select(t => t.Kind).Order().ToList();
        theirs.ShouldBe([TaskKind.NextContact, TaskKind.Decision, TaskKind.Decision]);
        (await other.GetAsync($"/api/v1/meetings/{meeting}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await MeetingTests.TasksAsync(w)).Items.ShouldNotContain(t => t.CaseId == caseId);
        (await w.GetAsync($"/api/v1/meetings/{meeting}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
