using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Cases;
using Shegong.IntegrationTests.Features.Registry;
using Shegong.IntegrationTests.Infrastructure;
using Shegong.Web.Features.Cases;
using Shegong.Web.Features.Cases.Contracts;
using static Shegong.IntegrationTests.Features.Cases.CaseApi;

namespace Shegong.IntegrationTests.Features.Cases;

/// <summary>
/// Linkage meetings (联动会议): a meeting about 细叔's case with the street office and the hospital, its decisions as
/// tasks of their owners; who reads the minutes (page, API, export; every allowed read audited); what bad input is
/// told; the minutes encrypted at rest.
/// </summary>
public sealed class MeetingTests(AppFixture app)
{
    public static async Task<Guid> RecordAsync(HttpClient c, CasesApi.MeetingRequest request)
    {
        var r = await PostAsync(c, "/api/v1/meetings", request);
        var body = await r.Content.ReadAsStringAsync();
        r.StatusCode.ShouldBe(HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
    }

    public static CasesApi.MeetingRequest About(Guid caseId, Guid? colleague = null, string minutes = "细叔腹部肿瘤未治疗，担心费用；街道可申请大病救助，医院安排检查") => new(
        RegistryApi.Today,
        [new("长洲街道办事处", "李主任", "主任"), new("黄埔区人民医院", "王医生", "外科")],
        [caseId], minutes,
        [
            new("陪同细叔到医院做检查", colleague, colleague is null ? "黄埔区人民医院" : null, RegistryApi.Today.AddDays(2), caseId),
            new("办理大病医疗救助申请", null, "长洲街道办事处", RegistryApi.Today.AddDays(5), caseId),
        ]);

    public static async Task<WorkerTasks.Result> TasksAsync(HttpClient c)
    {
        var r = await c.GetAsync("/api/v1/tasks");
        var body = await r.Content.ReadAsStringAsync();
        r.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        return JsonSerializer.Deserialize<WorkerTasks.Result>(body, Json)!;
    }

    [Fact]
    public async Task A_meeting_with_two_parties_and_decisions_makes_tasks_for_their_owners()
    {
        await EnsureAccountsAsync(app);
        var (_, caseId) = await NewCaseAsync(app);
        using var worker = await app.ClientAsAsync("worker");
        using var colleague = await app.ClientAsAsync(OtherWorker);
        var colleagueId = await RegistryApi.UserIdAsync(app, OtherWorker);
        var id = await RecordAsync(worker, About(caseId, colleagueId));

        var m = JsonSerializer.Deserialize<GetMeeting.Result>(await worker.GetStringAsync($"/api/v1/meetings/{id}"), Json)!;
        m.Parties.Select(p => p.Unit).ShouldBe(["长洲街道办事处", "黄埔区人民医院"]);
        m.Cases.Single().Id.ShouldBe(caseId);
        m.Decisions.Count.ShouldBe(2);
        m.Decisions.Single(d => d.OwnerUnit == "").OwnerName.ShouldBe("孙社工");
        (await GetAsync(worker, caseId)).Meetings.Single().Id.ShouldBe(id);

        // The colleague's decision is on the colleague's list, the unit's on the case worker's (who follows it up).
        var theirs = (await TasksAsync(colleague)).Items.Single(t => t.SourceId == id);
        (theirs.Kind, theirs.Title, theirs.CaseId, theirs.Bucket, theirs.CanMarkDone).ShouldBe((TaskKind.Decision, "陪同细叔到医院做检查", caseId, TaskBucket.Week, true));
        var mine = (await TasksAsync(worker)).Items.Where(t => t.SourceId == id).ToList();
        mine.Single().OwnerUnit.ShouldBe("长洲街道办事处");
        mine.Single().Bucket.ShouldBe(TaskBucket.Week);
        // The colleague owns a decision, not the case: the minutes stay closed to them.
        (await colleague.GetAsync($"/api/v1/meetings/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // The owner marks it done: it leaves the list; a second time is refused in Chinese.
        await OkAsync(PostAsync(colleague, $"/api/v1/tasks/{theirs.Id}/done", new CasesApi.TaskDoneRequest(theirs.Version)));
        (await TasksAsync(colleague)).Items.ShouldNotContain(t => t.Id == theirs.Id);
        (await RegistryApi.ErrorsAsync(await PostAsync(colleague, $"/api/v1/tasks/{theirs.Id}/done", new CasesApi.TaskDoneRequest(theirs.Version + 1)), "Kind"))
            .Single().ShouldContain("已完成");
        var after = JsonSerializer.Deserialize<GetMeeting.Result>(await worker.GetStringAsync($"/api/v1/meetings/{id}"), Json)!;
        after.Decisions.Single(d => d.TaskId == theirs.Id).Open.ShouldBeFalse();
    }

    [Fact]
    public async Task A_meeting_about_two_workers_cases_shows_each_only_their_own_case_and_decisions()
    {
        await EnsureAccountsAsync(app);
        var (_, mineId) = await NewCaseAsync(app);
        using var colleague = await app.ClientAsAsync(OtherWorker);
        var theirsId = await OpenAsync(colleague, await RegistryApi.RegisterNewAsync(colleague));
        using var manager = await app.ClientAsAsync("manager");
        var id = await RecordAsync(manager, new CasesApi.MeetingRequest(RegistryApi.Today, [new("长洲街道办事处"), new("江南居委会")], [mineId, theirsId], "两个独居老人的就医问题",
            [new("陪同就医", null, "江南居委会", RegistryApi.Today.AddDays(1), mineId), new("申请救助", null, "长洲街道办事处", RegistryApi.Today.AddDays(1), theirsId)]));
        using var worker = await app.ClientAsAsync("worker");
        var seen = JsonSerializer.Deserialize<GetMeeting.Result>(await worker.GetStringAsync($"/api/v1/meetings/{id}"), Json)!;
        (seen.Cases.Single().Id, seen.OtherCases, seen.Decisions.Single().CaseId).ShouldBe((mineId, 1, mineId));
        seen.Minutes.ShouldBe("两个独居老人的就医问题");
        var theirs = JsonSerializer.Deserialize<GetMeeting.Result>(await colleague.GetStringAsync($"/api/v1/meetings/{id}"), Json)!;
        (theirs.Cases.Single().Id, theirs.Decisions.Single().CaseId).ShouldBe((theirsId, theirsId));
        JsonSerializer.Deserialize<GetMeeting.Result>(await manager.GetStringAsync($"/api/v1/meetings/{id}"), Json)!.Cases.Count.ShouldBe(2);
    }

    public static readonly TheoryData<string, bool> Matrix = CasePrivacyTests.Matrix;

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task The_minutes_are_read_only_by_the_cases_workers_the_manager_and_assigned_supervisors(string user, bool reads)
    {
        await EnsureAccountsAsync(app);
        var (_, caseId) = await NewCaseAsync(app);
        using var worker = await app.ClientAsAsync("worker");
        var secret = "绝密纪要" + caseId.ToString("N")[..8];
        var id = await RecordAsync(worker, About(caseId, minutes: secret));
        using var client = await app.ClientAsAsync(user);
        using var browser = await app.BrowserAsAsync(user);

        var api = await client.GetAsync($"/api/v1/meetings/{id}");
        var apiBody = await api.Content.ReadAsStringAsync();
        api.StatusCode.ShouldBe(reads ? HttpStatusCode.OK : HttpStatusCode.NotFound, apiBody);
        apiBody.Contains(secret).ShouldBe(reads);
        var export = await client.GetAsync($"/api/v1/meetings/{id}/export");
        var exported = await export.Content.ReadAsStringAsync();
        if (reads) { export.StatusCode.ShouldBe(HttpStatusCode.OK); exported.ShouldContain(secret); }
        else { export.StatusCode.ShouldBeOneOf(HttpStatusCode.NotFound, HttpStatusCode.Forbidden); exported.ShouldNotContain(secret); }
        var page = await browser.GetAsync($"/meetings/{id}");
        var html = await page.Content.ReadAsStringAsync();
        if (reads) { page.StatusCode.ShouldBe(HttpStatusCode.OK); html.ShouldContain(secret); }
        else { page.StatusCode.ShouldBeOneOf(HttpStatusCode.NotFound, HttpStatusCode.Forbidden, HttpStatusCode.Redirect); html.ShouldNotContain(secret); }
        // The meeting form is reached from a case the caller works on, and no one else.
        var form = await browser.GetAsync($"/cases/{caseId}/meetings/new");
        if (!reads || user == AssignedSupervisor) form.StatusCode.ShouldNotBe(HttpStatusCode.OK);

        // API, export and page: three audited reads for those who read, none for the others.
        (await ReadsAsync(app, user, nameof(LinkageMeeting), id)).ShouldBe(reads ? 3 : 0);
    }

    [Fact]
    public async Task Bad_input_is_told_in_Chinese_naming_the_field_and_nothing_is_written()
    {
        await EnsureAccountsAsync(app);
        var (_, caseId) = await NewCaseAsync(app);
        using var worker = await app.ClientAsAsync("worker");
        using var wushan = await app.ClientAsAsync(WushanWorker);
        var otherStationCase = await OpenAsync(wushan, await RegistryApi.RegisterNewAsync(wushan, community: RegistryApi.Yuezhou, address6: "440106"));
        var before = await RegistryApi.QueryAsync(app, db => db.Set<LinkageMeeting>().CountAsync());

        var r = await PostAsync(worker, "/api/v1/meetings", new CasesApi.MeetingRequest(RegistryApi.Today, [], [caseId, otherStationCase], "纪要",
            [new("陪同就医", null, null, RegistryApi.Today.AddDays(1), caseId), new("申请救助", null, "街道办", null, caseId)]));
        (await RegistryApi.ErrorsAsync(r, "Parties")).Single().ShouldBe("与会方：至少要填写一个与会单位");
        (await RegistryApi.ErrorsAsync(r, "CaseIds[1]")).Single().ShouldBe("第 2 个个案不是本站的个案，或你无权查看");
        (await RegistryApi.ErrorsAsync(r, "Decisions[0].Owner")).Single().ShouldBe("第 1 项决定的负责人：不能为空");
        (await RegistryApi.ErrorsAsync(r, "Decisions[1].DueOn")).Single().ShouldBe("第 2 项决定的完成期限：不能为空");
        // A party row without its unit is named by its row.
        var r2 = await PostAsync(worker, "/api/v1/meetings", new CasesApi.MeetingRequest(RegistryApi.Today, [new("街道办"), new(" ", "王医生", "外科")], [caseId], " ", []));
        (await RegistryApi.ErrorsAsync(r2, "Parties[1].PartyUnit")).Single().ShouldBe("第 2 个与会方的单位：不能为空");
        (await RegistryApi.ErrorsAsync(r2, "MeetingMinutes")).Single().ShouldBe("会议纪要：不能为空");
        (await RegistryApi.QueryAsync(app, db => db.Set<LinkageMeeting>().CountAsync())).ShouldBe(before);
    }

    [Fact]
    public async Task The_meeting_form_records_a_meeting_and_keeps_what_was_typed_on_an_error()
    {
        var (_, caseId) = await NewCaseAsync(app);
        using var browser = await app.BrowserAsAsync("worker");
        var url = $"/cases/{caseId}/meetings/new";
        (await browser.GetStringAsync($"/cases/{caseId}")).ShouldContain(url);
        var fields = new Dictionary<string, string>
        {
            ["PartyRows"] = "2", ["DecisionRows"] = "2", ["HeldOn"] = RegistryApi.Today.ToString("yyyy-MM-dd"),
            ["PartyUnit0"] = "长洲街道办事处", ["PartyPerson0"] = "李主任", ["PartyUnit1"] = "黄埔区人民医院",
            ["CaseIds"] = caseId.ToString(), ["Minutes"] = "商议细叔就医和费用",
            ["DecisionText0"] = "陪同到医院检查", ["OwnerWorker0"] = "", ["OwnerUnit0"] = "", ["DueOn0"] = RegistryApi.Today.AddDays(2).ToString("yyyy-MM-dd"),
            ["DecisionCase0"] = caseId.ToString(),
        };
        var refused = await AppFixture.PostFormAsync(browser, url, "meeting", fields);
        var html = await refused.Content.ReadAsStringAsync();
        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        html.ShouldContain("第 1 项决定的负责人：不能为空");
        html.ShouldContain("商议细叔就医和费用");
        html.ShouldContain("陪同到医院检查");
        // "再加一行" brings a third party row back, nothing saved.
        var more = await (await AppFixture.PostFormAsync(browser, url, "meeting", new(fields) { ["Add"] = "party" })).Content.ReadAsStringAsync();
        more.ShouldContain("name=\"PartyUnit2\"");
        var worker = await RegistryApi.UserIdAsync(app, "worker");
        var saved = await AppFixture.PostFormAsync(browser, url, "meeting", new(fields) { ["OwnerWorker0"] = worker.ToString() });
        saved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var location = saved.Headers.Location!;
        var meeting = (location.IsAbsoluteUri ? location.AbsolutePath : location.ToString()).Split('?')[0];
        var page = await browser.GetStringAsync(meeting);
        page.ShouldContain("长洲街道办事处");
        page.ShouldContain("陪同到医院检查");
        var tasks = await browser.GetStringAsync("/tasks");
        tasks.ShouldContain("陪同到医院检查");
        tasks.ShouldContain(meeting);
    }

    [Fact]
    public async Task The_minutes_and_parties_are_encrypted_at_rest()
    {
        var (_, caseId) = await NewCaseAsync(app);
        using var worker = await app.ClientAsAsync("worker");
        var id = await RecordAsync(worker, About(caseId, minutes: "密文检查用的会议纪要"));
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
            var where = $"WHERE CAST(id AS TEXT) = '{hex}' OR CAST(id AS TEXT) = '{hex.ToUpperInvariant()}'";
            var src = $"WHERE CAST(source_id AS TEXT) = '{hex}' OR CAST(source_id AS TEXT) = '{hex.ToUpperInvariant()}'";
            return (Minutes: Read($"SELECT minutes FROM linkage_meetings {where}"), Parties: Read($"SELECT parties FROM linkage_meetings {where}"),
                Decision: Read($"SELECT title FROM case_tasks {src} ORDER BY due_on LIMIT 1"));
        });
        raw.Minutes.ShouldStartWith("e2.");
        raw.Parties.ShouldStartWith("e2.");
        raw.Decision.ShouldStartWith("e2.");
        raw.Minutes.ShouldNotContain("密文检查");
        raw.Parties.ShouldNotContain("李主任");
    }
}
