using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Activities;
using Shegong.Domain.Audit;
using Shegong.IntegrationTests.Features.Registry;
using Shegong.IntegrationTests.Infrastructure;
using Shegong.Web.Features.Statistics;

namespace Shegong.IntegrationTests.Features.Activities;

/// <summary>Groups through the API: every stage transition allowed and refused, sessions with attendance, scope and privacy.</summary>
public sealed class GroupTests(AppFixture app)
{
    [Fact]
    public async Task A_group_moves_forward_one_stage_at_a_time_and_ends_only_with_its_evaluation()
    {
        using var worker = await app.ClientAsAsync("worker");
        var group = await GroupApi.CreateAsync(app, worker);
        var g = await GroupApi.GetAsync(worker, group);
        g.GetProperty("stage").GetString().ShouldBe("Preparing");

        // Skipping a stage is refused with a Chinese message naming the field and the stage that may follow.
        var skip = await GroupApi.MoveAsync(worker, group, "Transition");
        skip.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await skip.Content.ReadAsStringAsync()).ShouldContain("阶段：只能逐级向前进入下一阶段（形成期）");

        (await GroupApi.MoveAsync(worker, group, "Forming")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        // Going back is refused.
        (await GroupApi.MoveAsync(worker, group, "Preparing")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        // A stale version is 409, through the body or If-Match; the answer's ETag is the new version.
        (await GroupApi.MoveAsync(worker, group, "Transition", version: 1)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        using (var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/groups/{group}/stage") { Content = JsonContent.Create(new { version = 0, stage = "Transition" }) })
        {
            request.Headers.TryAddWithoutValidation("If-Match", "\"2\"");
            var moved = await worker.SendAsync(request);
            moved.StatusCode.ShouldBe(HttpStatusCode.NoContent, await moved.Content.ReadAsStringAsync());
            moved.Headers.ETag!.Tag.ShouldBe("\"3\"");
        }
        (await GroupApi.MoveAsync(worker, group, "Mature")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        // 结束 without the evaluation: each missing part is named.
        var bare = await GroupApi.MoveAsync(worker, group, "Ended");
        bare.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await bare.Content.ReadAsStringAsync();
        problem.ShouldContain("目标达成情况：结束小组需要填写此项");
        problem.ShouldContain("组员反馈：结束小组需要填写此项");
        problem.ShouldContain("社工反思：结束小组需要填写此项");
        (await GroupApi.GetAsync(worker, group)).GetProperty("stage").GetString().ShouldBe("Mature");

        (await GroupApi.MoveAsync(worker, group, "Ended", evaluation: true)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        g = await GroupApi.GetAsync(worker, group);
        g.GetProperty("stage").GetString().ShouldBe("Ended");
        g.GetProperty("dates").GetProperty("endedOn").GetString().ShouldNotBeNull();
        g.GetProperty("people").GetProperty("evaluation").GetProperty("reflection").GetString().ShouldBe("转折期冲突处理得偏晚");

        // Ended: no further stage, session or member.
        (await GroupApi.MoveAsync(worker, group, "Ended", evaluation: true)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var late = await GroupApi.SessionAsync(worker, group, []);
        late.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await late.Content.ReadAsStringAsync()).ShouldContain("小组已结束，不能再记录活动");
        var person = await RegistryApi.RegisterNewAsync(worker);
        (await worker.PostAsJsonAsync($"/api/v1/groups/{group}/members", new { personIds = new[] { person } })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        // The evaluation is encrypted at rest.
        var stored = await RegistryApi.QueryAsync(app, db => db.Database.SqlQueryRaw<string>($"SELECT evaluation AS \"Value\" FROM activity_groups WHERE id = {{0}}", group).SingleAsync());
        stored.ShouldStartWith("e2.");
    }

    [Fact]
    public async Task A_session_records_who_came_and_bad_input_gets_chinese_messages()
    {
        using var worker = await app.ClientAsAsync("worker");
        var group = await GroupApi.CreateAsync(app, worker, type: "Therapy");
        var members = await GroupApi.AddMembersAsync(worker, group, 3);
        // Adding someone twice is harmless; someone of no station's file in scope is refused.
        (await worker.PostAsJsonAsync($"/api/v1/groups/{group}/members", new { personIds = members.Take(1) })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var stranger = await worker.PostAsJsonAsync($"/api/v1/groups/{group}/members", new { personIds = new[] { Guid.NewGuid() } });
        stranger.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await stranger.Content.ReadAsStringAsync()).ShouldContain("成员：有人不在本站在册人员中");

        var created = await GroupApi.SessionAsync(worker, group, members.Take(2));
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var session = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var g = await GroupApi.GetAsync(worker, group);
        var s = g.GetProperty("sessions").EnumerateArray().Single();
        s.GetProperty("number").GetInt32().ShouldBe(1);
        s.GetProperty("present").GetInt32().ShouldBe(2);
        s.GetProperty("content").GetString().ShouldBe("破冰游戏，组员分享独居的日常");
        var attendance = g.GetProperty("people").GetProperty("attendance").GetProperty(session.ToString()).EnumerateArray()
            .ToDictionary(a => a.GetProperty("personId").GetGuid(), a => a.GetProperty("present").GetBoolean());
        attendance.Count.ShouldBe(3);
        attendance[members[2]].ShouldBeFalse();
        attendance[members[0]].ShouldBeTrue();

        // Correcting the attendance: versioned.
        var put = await worker.PutAsJsonAsync($"/api/v1/groups/{group}/sessions/{session}/attendance", new { version = 1, presentPersonIds = members });
        put.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await worker.PutAsJsonAsync($"/api/v1/groups/{group}/sessions/{session}/attendance", new { version = 1, presentPersonIds = members }))
            .StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await GroupApi.GetAsync(worker, group)).GetProperty("sessions")[0].GetProperty("present").GetInt32().ShouldBe(3);

        // Someone present who is not a member; a missing topic; a date in the future; a duration out of range.
        var outsider = await RegistryApi.RegisterNewAsync(worker);
        var notMember = await GroupApi.SessionAsync(worker, group, [outsider]);
        (await notMember.Content.ReadAsStringAsync()).ShouldContain("出席成员：出席的人必须是小组成员");
        var bad = await worker.PostAsJsonAsync($"/api/v1/groups/{group}/sessions", new
        {
            heldOn = Shegong.Web.Infrastructure.ChinaTime.Today.AddDays(3), durationMinutes = 0, topic = " ", presentPersonIds = Array.Empty<Guid>(),
        });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var text = await bad.Content.ReadAsStringAsync();
        text.ShouldContain("本节主题：不能为空");
        text.ShouldContain("日期：不能晚于今天");
        text.ShouldContain("时长（分钟）：请填写 1 到 1440 之间的整数");
        var badGroup = await worker.PostAsJsonAsync("/api/v1/groups", new { name = "", goal = "x", type = "Support", plannedSessions = 500 });
        var groupText = await badGroup.Content.ReadAsStringAsync();
        badGroup.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        groupText.ShouldContain("小组名称：不能为空");
        groupText.ShouldContain("负责社工：不能为空");
        groupText.ShouldContain("计划节数：请填写 1 到 100 之间的整数");

        // A therapy group's notes are encrypted at rest, and every read of them is audited.
        var stored = await RegistryApi.QueryAsync(app, db => db.Database.SqlQueryRaw<string>("SELECT content AS \"Value\" FROM activities WHERE id = {0}", session).SingleAsync());
        stored.ShouldStartWith("e2.");
        Task<int> ReadsAsync() => RegistryApi.QueryAsync(app, db => db.AuditEntries.IgnoreQueryFilters()
            .CountAsync(e => e.Action == AuditAction.Read && e.EntityType == "Group" && e.EntityId == group.ToString()));
        (await ReadsAsync()).ShouldBe(2); // the two reads above since the session's notes exist
        await GroupApi.GetAsync(worker, group);
        (await ReadsAsync()).ShouldBe(3);
        // An officer's read shows no notes, so it reads none.
        using var officer = await app.ClientAsAsync("officer");
        (await GroupApi.GetAsync(officer, group)).GetProperty("sessions")[0].GetProperty("content").GetString().ShouldBe("");
        (await ReadsAsync()).ShouldBe(3);
    }

    [Fact]
    public async Task Another_station_gets_404_and_an_officer_sees_counts_but_no_members()
    {
        using var worker = await app.ClientAsAsync("worker");
        var group = await GroupApi.CreateAsync(app, worker, name: "青少年成长小组", type: "Growth");
        var members = await GroupApi.AddMembersAsync(worker, group, 2);
        (await GroupApi.SessionAsync(worker, group, members)).EnsureSuccessStatusCode();

        using var other = await app.ClientAsAsync("worker2");
        (await other.GetAsync($"/api/v1/groups/{group}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.PostAsJsonAsync($"/api/v1/groups/{group}/members", new { personIds = members })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await GroupApi.SessionAsync(other, group, [])).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await GroupApi.MoveAsync(other, group, "Forming", version: 1)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var list = await other.GetFromJsonAsync<JsonElement>("/api/v1/groups");
        list.GetProperty("items").EnumerateArray().ShouldNotContain(i => i.GetProperty("id").GetGuid() == group);
        // Nor can a worker of another station put this station's people in a group of theirs.
        var theirs = await other.PostAsJsonAsync("/api/v1/groups", new
        {
            name = "五山兴趣小组", goal = "书法", type = "Interest", leadWorkerId = await GroupApi.UserIdAsync(app, "worker2"), plannedSessions = 4,
        });
        var theirGroup = (await theirs.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        (await other.PostAsJsonAsync($"/api/v1/groups/{theirGroup}/members", new { personIds = members })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        using var officer = await app.ClientAsAsync("officer");
        var seen = await GroupApi.GetAsync(officer, group);
        seen.GetProperty("memberCount").GetInt32().ShouldBe(2);
        seen.GetProperty("sessions")[0].GetProperty("present").GetInt32().ShouldBe(2);
        seen.GetProperty("sessions")[0].GetProperty("content").GetString().ShouldBe("");
        seen.GetProperty("people").ValueKind.ShouldBe(JsonValueKind.Null);
        var raw = await (await officer.GetAsync($"/api/v1/groups/{group}")).Content.ReadAsStringAsync();
        foreach (var m in members) raw.ShouldNotContain(m.ToString());
        // An officer writes nothing.
        (await GroupApi.MoveAsync(officer, group, "Forming", version: 1)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await officer.GetFromJsonAsync<JsonElement>("/api/v1/groups")).GetProperty("items").EnumerateArray()
            .ShouldContain(i => i.GetProperty("id").GetGuid() == group && i.GetProperty("members").GetInt32() == 2);
    }

    [Fact]
    public async Task Group_and_activity_figures_count_stages_sessions_attendance_and_participants_and_match_a_recount()
    {
        using var worker = await app.ClientAsAsync("worker");
        using var officer = await app.ClientAsAsync("officer");
        var before = await StatsAsync(officer);
        var group = await GroupApi.CreateAsync(app, worker, name: "figures-" + Guid.NewGuid().ToString("N")[..6]);
        var members = await GroupApi.AddMembersAsync(worker, group, 3);
        (await GroupApi.SessionAsync(worker, group, members.Take(2))).EnsureSuccessStatusCode();
        (await GroupApi.MoveAsync(worker, group, "Forming")).EnsureSuccessStatusCode();
        var organiser = await GroupApi.UserIdAsync(app, "worker");
        var activity = await worker.PostAsJsonAsync("/api/v1/activities", new
        {
            kind = "Talk", title = "防诈骗讲座", heldOn = Shegong.Web.Infrastructure.ChinaTime.Today, startsAt = "14:00:00", durationMinutes = 60, place = "长洲社区活动室",
            organiserId = organiser, participantsCount = 35, summary = "讲解常见电信诈骗手法", personIds = members.Take(1),
        });
        activity.StatusCode.ShouldBe(HttpStatusCode.Created, await activity.Content.ReadAsStringAsync());

        var after = await StatsAsync(officer);
        Delta(before, after, "groupsByStage", "Forming").ShouldBe(1);
        Delta(before, after, "sessionsHeld").ShouldBe(1);
        Delta(before, after, "attendance").ShouldBe(2);
        Delta(before, after, "communityActivities").ShouldBe(1);
        Delta(before, after, "communityParticipants").ShouldBe(35);

        // The stored figures of every level equal a recount from the records (verify-stats).
        await RegistryApi.QueryAsync(app, async db =>
        {
            var differences = await RebuildStats.DifferencesAsync(db, await RebuildStats.ExpectedAsync(db, default), default);
            differences.ShouldBeEmpty(string.Join("\n", differences.Take(10)));
            return 0;
        });

        // The Excel export carries them.
        var xlsx = await officer.GetAsync("/api/v1/statistics/activities/export");
        xlsx.StatusCode.ShouldBe(HttpStatusCode.OK);
        xlsx.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    }

    private static async Task<JsonElement> StatsAsync(HttpClient client)
    {
        var response = await client.GetAsync("/api/v1/statistics/activities");
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("total");
    }

    private static long Delta(JsonElement before, JsonElement after, string name, string? key = null)
    {
        long Of(JsonElement e) => key is null ? e.GetProperty(name).GetInt64() : e.GetProperty(name).GetProperty(key).GetInt64();
        return Of(after) - Of(before);
    }
}
