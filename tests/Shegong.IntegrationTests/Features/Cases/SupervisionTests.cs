using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Cases;
using Shegong.IntegrationTests.Features.Registry;
using Shegong.IntegrationTests.Infrastructure;
using Shegong.Web.Features.Cases;
using static Shegong.IntegrationTests.Features.Cases.CaseApi;

namespace Shegong.IntegrationTests.Features.Cases;

/// <summary>
/// 督导记录: only a supervisor assigned to the station writes one (everyone else is refused with a message naming the
/// station, nothing written); the note is read by its author, the workers it concerns, the station manager and the
/// station's assigned supervisors — everyone else gets 404 by API, page, list and export; every read of the advice is
/// audited; the advice is encrypted at rest; bad input is refused field by field.
/// </summary>
public sealed class SupervisionTests(AppFixture app)
{
    public static readonly TheoryData<string, bool> Matrix = new()
    {
        { AssignedSupervisor, true },    // the author, assigned to 长洲
        { "worker", true },              // the worker it concerns
        { "manager", true },             // the station manager
        { OtherWorker, false },          // another worker of the same station
        { UnassignedSupervisor, false }, // a supervisor of the district, not assigned
        { "worker2", false },            // a worker of another station
        { "officer", false },            // the district's civil-affairs officer
        { "admin", false },              // administrators do not read supervision notes
    };

    private static async Task<Guid> StationAsync(AppFixture app) => await StationIdAsync(app, "440112010");

    private static SupervisionApi.WriteRequest Individual(Guid station, Guid worker, Guid? caseId, string topic, string advice = "建议先稳定情绪，再链接医疗资源") =>
        new(station, SupervisionKind.Individual, [worker], caseId, RegistryApi.Today, topic, advice, 90);

    private static async Task<Guid> WriteAsync(HttpClient client, SupervisionApi.WriteRequest body)
    {
        var r = await client.PostAsJsonAsync("/api/v1/supervision-notes", body, Json);
        var text = await r.Content.ReadAsStringAsync();
        r.StatusCode.ShouldBe(HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetGuid();
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task A_note_is_read_only_by_its_author_the_workers_it_concerns_the_manager_and_assigned_supervisors(string user, bool reads)
    {
        await EnsureAccountsAsync(app);
        var (_, caseId) = await NewCaseAsync(app);
        var station = await StationAsync(app);
        var worker = await RegistryApi.UserIdAsync(app, "worker");
        var topic = "督导主题" + Guid.NewGuid().ToString("N")[..8];
        using var supervisor = await app.ClientAsAsync(AssignedSupervisor);
        var id = await WriteAsync(supervisor, Individual(station, worker, caseId, topic, "绝密督导意见"));

        using var client = await app.ClientAsAsync(user);
        var get = await client.GetAsync($"/api/v1/supervision-notes/{id}");
        var body = await get.Content.ReadAsStringAsync();
        get.StatusCode.ShouldBe(reads ? HttpStatusCode.OK : HttpStatusCode.NotFound, body);
        if (reads) JsonSerializer.Deserialize<GetSupervisionNote.Result>(body, Json)!.Advice.ShouldBe("绝密督导意见");
        else body.ShouldNotContain("绝密督导意见");

        var list = JsonSerializer.Deserialize<ListSupervisionNotes.Result>(await client.GetStringAsync("/api/v1/supervision-notes?pageSize=100"), Json)!;
        list.Items.Any(i => i.Id == id).ShouldBe(reads);
        var export = await (await client.GetAsync("/api/v1/supervision-notes/export")).Content.ReadAsStringAsync();
        export.Contains(topic).ShouldBe(reads);
        export.ShouldNotContain("绝密督导意见");

        using var browser = await app.BrowserAsAsync(user);
        var page = await browser.GetAsync($"/supervision/{id}");
        var html = await page.Content.ReadAsStringAsync();
        if (reads) { page.StatusCode.ShouldBe(HttpStatusCode.OK); html.ShouldContain("绝密督导意见"); }
        else { page.StatusCode.ShouldBeOneOf(HttpStatusCode.NotFound, HttpStatusCode.Forbidden, HttpStatusCode.Redirect); html.ShouldNotContain("绝密督导意见"); }

        // Two reads of the advice (API and page) by each reader, none by anyone else.
        (await ReadsAsync(app, user, nameof(SupervisionNote), id)).ShouldBe(reads ? 2 : 0);
    }

    [Theory]
    [InlineData(UnassignedSupervisor)]
    [InlineData("worker")]
    [InlineData("manager")]
    [InlineData("officer")]
    public async Task Only_a_supervisor_assigned_to_the_station_writes_a_note(string user)
    {
        await EnsureAccountsAsync(app);
        var station = await StationAsync(app);
        var worker = await RegistryApi.UserIdAsync(app, "worker");
        var before = await RegistryApi.QueryAsync(app, db => db.Set<SupervisionNote>().IgnoreQueryFilters().CountAsync());
        using var client = await app.ClientAsAsync(user);
        var r = await client.PostAsJsonAsync("/api/v1/supervision-notes", Individual(station, worker, null, "不应保存"), Json);
        r.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await r.Content.ReadAsStringAsync());
        (await RegistryApi.ErrorsAsync(r, "StationId")).Single().ShouldBe("社工站：您不是该社工站的指派督导，不能为该站写督导记录");
        (await RegistryApi.QueryAsync(app, db => db.Set<SupervisionNote>().IgnoreQueryFilters().CountAsync())).ShouldBe(before);
    }

    [Fact]
    public async Task Bad_input_is_refused_field_by_field_and_nothing_is_written()
    {
        await EnsureAccountsAsync(app);
        var station = await StationAsync(app);
        var worker = await RegistryApi.UserIdAsync(app, "worker");
        var other = await RegistryApi.UserIdAsync(app, OtherWorker);
        var stranger = await RegistryApi.UserIdAsync(app, "worker2");
        var (_, caseId) = await NewCaseAsync(app); // worker's case, not OtherWorker's
        using var supervisor = await app.ClientAsAsync(AssignedSupervisor);
        async Task<string> Refused(SupervisionApi.WriteRequest body, string field)
        {
            var r = await supervisor.PostAsJsonAsync("/api/v1/supervision-notes", body, Json);
            r.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await r.Content.ReadAsStringAsync());
            return (await RegistryApi.ErrorsAsync(r, field)).Single();
        }
        var ok = Individual(station, worker, null, "主题");
        (await Refused(ok with { Workers = [worker, other] }, "Workers")).ShouldContain("个别督导须选择一名社工");
        (await Refused(ok with { Kind = SupervisionKind.Group, Workers = [worker] }, "Workers")).ShouldContain("团体督导须至少选择两名社工");
        (await Refused(ok with { Workers = [stranger] }, "Workers")).ShouldBe("督导对象：须为该社工站的社工或站长");
        (await Refused(ok with { Workers = [other], CaseId = caseId }, "CaseId")).ShouldContain("不是该社工负责或协作的个案");
        (await Refused(ok with { Minutes = 0 }, "Minutes")).ShouldContain("1 至 600 分钟");
        (await Refused(ok with { On = RegistryApi.Today.AddDays(1) }, "On")).ShouldContain("不能晚于今天");
        (await Refused(ok with { Topic = " " }, "Topic")).ShouldContain("督导主题");
        (await Refused(ok with { Advice = null }, "Advice")).ShouldContain("督导意见");
        // A group supervision of two workers is fine.
        await WriteAsync(supervisor, ok with { Kind = SupervisionKind.Group, Workers = [worker, other], Topic = "团体督导：同理心训练" });
    }

    [Fact]
    public async Task The_advice_is_encrypted_at_rest()
    {
        await EnsureAccountsAsync(app);
        var station = await StationAsync(app);
        var worker = await RegistryApi.UserIdAsync(app, "worker");
        using var supervisor = await app.ClientAsAsync(AssignedSupervisor);
        var id = await WriteAsync(supervisor, Individual(station, worker, null, "密文检查", "密文检查用的督导意见"));
        var raw = await RegistryApi.QueryAsync(app, async db =>
        {
            var conn = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync();
            using var cmd = conn.CreateCommand();
            var hex = id.ToString();
            cmd.CommandText = $"SELECT advice FROM supervision_notes WHERE CAST(id AS TEXT) = '{hex}' OR CAST(id AS TEXT) = '{hex.ToUpperInvariant()}'";
            return Convert.ToString(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) ?? "";
        });
        raw.ShouldStartWith("e2.");
        raw.ShouldNotContain("密文检查");
    }

    [Fact]
    public async Task The_supervisor_writes_a_note_through_the_form_and_it_shows_on_the_case()
    {
        await EnsureAccountsAsync(app);
        var (_, caseId) = await NewCaseAsync(app);
        var worker = await RegistryApi.UserIdAsync(app, "worker");
        var station = await StationAsync(app);
        using var browser = await app.BrowserAsAsync(AssignedSupervisor);
        var form = await browser.GetStringAsync($"/supervision/new?station={station}");
        form.ShouldContain("data-testid=\"supervision-form\"");
        var topic = "表单督导" + Guid.NewGuid().ToString("N")[..6];
        var r = await AppFixture.PostFormAsync(browser, $"/supervision/new?station={station}", "supervision", new()
        {
            ["StationId"] = station.ToString(), ["Kind"] = "Individual", ["Workers"] = worker.ToString(), ["CaseId"] = caseId.ToString(),
            ["On"] = RegistryApi.Today.ToString("yyyy-MM-dd"), ["Topic"] = topic, ["Advice"] = "多倾听，少评判", ["Minutes"] = "45",
        });
        (await r.Content.ReadAsStringAsync()).ShouldNotContain("role=\"alert\"");
        // Back on the list, which says so.
        r.Headers.Location!.ToString().ShouldEndWith("/supervision?saved=1");
        (await browser.GetStringAsync("/supervision?saved=1")).ShouldContain("data-testid=\"saved\"");
        var note = await RegistryApi.QueryAsync(app, db => db.Set<SupervisionNote>().IgnoreQueryFilters().SingleAsync(n => n.Topic == topic));
        note.CaseId.ShouldBe(caseId);
        note.Minutes.ShouldBe(45);
        // The case page shows it to the case's worker; the worker's own supervision page lists it.
        using var workerBrowser = await app.BrowserAsAsync("worker");
        (await workerBrowser.GetStringAsync($"/cases/{caseId}")).ShouldContain(topic);
        (await workerBrowser.GetStringAsync("/supervision")).ShouldContain(topic);
        // A worker has no stations to supervise: the form says so and offers nothing to fill.
        var refused = await workerBrowser.GetStringAsync("/supervision/new");
        refused.ShouldContain("data-testid=\"not-assigned\"");
        refused.ShouldNotContain("data-testid=\"supervision-form\"");
    }
}
