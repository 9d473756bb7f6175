using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using Shegong.Domain.Cases;
using Case = Shegong.Domain.Cases.Case;
using Shegong.Domain.Registry;
using Shegong.Domain.Statistics;
using Shegong.IntegrationTests.Features.Cases;
using Shegong.IntegrationTests.Features.Registry;
using Shegong.IntegrationTests.Infrastructure;
using Shegong.Web.Features.Cases;
using Shegong.Web.Features.Statistics;
using Shegong.Web.Infrastructure.Data;
using Shegong.Web.Infrastructure.Statistics;
using static Shegong.IntegrationTests.Features.Cases.CaseApi;

namespace Shegong.IntegrationTests.Features.Statistics;

/// <summary>
/// Case statistics (dimensions 50–59) at 长洲街道: after cases are opened and moved, referrals sent, answered and
/// confirmed, and supervision written, the station's figures equal a count of the rows and verify-stats finds nothing;
/// a rebuild (and the build of a missing dimension at start) gives the same figures; a station reads its own, a district
/// its stations, and nobody an area outside their scope.
/// </summary>
public sealed class CaseStatsTests(AppFixture app)
{
    private const string Station = "440112010", District = "440112", OtherStation = "440106001";

    private static async Task<GetCaseStats.Result> StatsAsync(HttpClient c, string region, string? period = null)
    {
        var r = await c.GetAsync($"/api/v1/statistics/cases?region={region}" + (period is null ? "" : $"&period={period}"));
        var body = await r.Content.ReadAsStringAsync();
        r.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        return JsonSerializer.Deserialize<GetCaseStats.Result>(body, Json)!;
    }

    private static async Task<Guid> SendAsync(HttpClient c, Guid caseId)
    {
        var r = await PostAsync(c, $"/api/v1/cases/{caseId}/referrals", new CasesApi.ReferralRequest(ReceiverKind.Hospital, "黄埔区人民医院", null, "需检查",
            "安排检查", SharedField.Name, LegalBasis.WrittenConsent, "本人签字同意", 5));
        var body = await r.Content.ReadAsStringAsync();
        r.StatusCode.ShouldBe(HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
    }

    private async Task ChangeEverythingAsync()
    {
        await EnsureAccountsAsync(app);
        using var worker = await app.ClientAsAsync("worker");
        var (_, first) = await NewCaseAsync(app);
        var (_, second) = await NewCaseAsync(app);
        await ToStageAsync(worker, second, CaseStage.Intervention);
        var referral = await SendAsync(worker, second);
        var v = (await GetAsync(worker, second)).Referrals.Single(r => r.Id == referral).Version;
        await OkAsync(PostAsync(worker, $"/api/v1/referrals/{referral}/answer", new CasesApi.AnswerRequest(v, ReferralStatus.Accepted, null, null)));
        v = (await GetAsync(worker, second)).Referrals.Single(r => r.Id == referral).Version;
        await OkAsync(PostAsync(worker, $"/api/v1/referrals/{referral}/answer", new CasesApi.AnswerRequest(v, ReferralStatus.Done, "检查已完成", null)));
        v = (await GetAsync(worker, second)).Referrals.Single(r => r.Id == referral).Version;
        await OkAsync(PostAsync(worker, $"/api/v1/referrals/{referral}/confirmation",
            new CasesApi.ConfirmRequest(v, RegistryApi.Today, ConfirmationMethod.Call, ConfirmationAnswer.Received, null)));
        await SendAsync(worker, second); // still open
        await SendAsync(worker, first);
        var station = await StationIdAsync(app, Station);
        var w = await RegistryApi.UserIdAsync(app, "worker");
        var other = await RegistryApi.UserIdAsync(app, OtherWorker);
        using var supervisor = await app.ClientAsAsync(AssignedSupervisor);
        foreach (var body in new[]
                 {
                     new SupervisionApi.WriteRequest(station, SupervisionKind.Individual, [w], second, RegistryApi.Today, "个别督导", "意见", 90),
                     new SupervisionApi.WriteRequest(station, SupervisionKind.Group, [w, other], null, RegistryApi.Today, "团体督导", "意见", 120),
                 })
            (await supervisor.PostAsJsonAsync("/api/v1/supervision-notes", body, Json)).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task The_station_s_figures_equal_a_count_of_the_rows_after_case_referral_and_supervision_changes()
    {
        using var manager = await app.ClientAsAsync("manager");
        var before = (await StatsAsync(manager, Station)).Total;
        await ChangeEverythingAsync();
        var s = await StatsAsync(manager, Station);
        var f = s.Total;
        (f.Opened - before.Opened).ShouldBe(2);
        (f.ReferralsSent - before.ReferralsSent).ShouldBe(3);
        (f.ReferralsDone - before.ReferralsDone).ShouldBe(1);
        (f.ReferralsConfirmed - before.ReferralsConfirmed).ShouldBe(1);
        (f.SupervisionNotes - before.SupervisionNotes).ShouldBe(2);
        (f.GroupSupervisions - before.GroupSupervisions).ShouldBe(1);

        var (start, end) = (s.Start, s.End);
        using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<ShegongDbContext>();
        var stationId = await db.Stations.IgnoreQueryFilters().Where(x => x.RegionPrefix == Station).Select(x => x.Id).SingleAsync();
        var cases = db.Set<Case>().IgnoreQueryFilters().Where(c => c.StationId == stationId);
        f.Opened.ShouldBe(await cases.CountAsync(c => c.OpenedOn >= start && c.OpenedOn <= end));
        foreach (var source in Enum.GetValues<CaseSource>())
            f.OpenedBySource[source].ShouldBe(await cases.CountAsync(c => c.OpenedOn >= start && c.OpenedOn <= end && c.Source == source));
        foreach (var risk in Enum.GetValues<RiskLevel>())
            f.OpenedByRisk[risk].ShouldBe(await cases.CountAsync(c => c.OpenedOn >= start && c.OpenedOn <= end && c.OpenedRisk == risk));
        // Open cases at the end of this month are the cases open now.
        foreach (var (stage, n) in f.ActiveByStage) n.ShouldBe(await cases.CountAsync(c => c.Stage == stage), stage.ToString());
        var referrals = db.Set<Referral>().IgnoreQueryFilters().Where(r => r.StationId == stationId && r.SentOn >= start && r.SentOn <= end);
        f.ReferralsSent.ShouldBe(await referrals.CountAsync());
        f.ReferralsDone.ShouldBe(await referrals.CountAsync(r => r.Status == ReferralStatus.Done));
        f.ReferralsConfirmed.ShouldBe(await referrals.CountAsync(r => r.ConfirmedAnswer == ConfirmationAnswer.Received));
        f.DoneRate.ShouldBe(Percent.Of(f.ReferralsDone, f.ReferralsSent));
        var today = RegistryApi.Today;
        f.ReferralsOverdue.ShouldBe(await db.Set<Referral>().IgnoreQueryFilters().CountAsync(r => r.StationId == stationId
            && (r.Status == ReferralStatus.Sent || r.Status == ReferralStatus.Accepted) && r.DueOn < today));
        var notes = await db.Set<SupervisionNote>().IgnoreQueryFilters().Where(n => n.StationId == stationId && n.On >= start && n.On <= end).ToListAsync();
        f.SupervisionNotes.ShouldBe(notes.Count);
        f.SupervisionHours.ShouldBe(Math.Round(notes.Sum(n => n.Minutes) / 60m, 1, MidpointRounding.AwayFromZero));
        f.Supervisors.ShouldBe(await db.Set<SupervisorAssignment>().IgnoreQueryFilters().CountAsync(a => a.StationId == stationId));
        var workerRole = await db.Roles.Where(r => r.Name == Shegong.Domain.Access.Roles.SocialWorker).Select(r => r.Id).SingleAsync();
        var workers = await db.Users.IgnoreQueryFilters().CountAsync(u => u.StationId == stationId && db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == workerRole));
        f.Workers.ShouldBe(workers);
        f.HoursPerWorker.ShouldBe(Math.Round(notes.Sum(n => n.Minutes * (long)n.Workers.Count) / 60m / workers, 1, MidpointRounding.AwayFromZero));
        f.WorkersPerSupervisor.ShouldBe(Math.Round(workers / (decimal)f.Supervisors, 1, MidpointRounding.AwayFromZero));
        // The days per stage: every case moved today after opening today spent 0 days in each stage it left.
        f.MedianDays[CaseStage.Intake].ShouldNotBeNull();

        (await scope.ServiceProvider.GetRequiredService<RebuildStats.Handler>().HandleAsync(verifyOnly: true)).Differences.ShouldBe(0);
    }

    [Fact]
    public async Task A_rebuild_and_the_build_of_a_missing_dimension_give_the_same_figures()
    {
        await ChangeEverythingAsync();
        using var officer = await app.ClientAsAsync("officer");
        var before = JsonSerializer.Serialize(await StatsAsync(officer, District), Json);
        using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ShegongDbContext>();
            await StatFolder.FoldAllAsync(db);
            await scope.ServiceProvider.GetRequiredService<RebuildStats.Handler>().HandleAsync(verifyOnly: false);
        }
        JsonSerializer.Serialize(await StatsAsync(officer, District), Json).ShouldBe(before);
        using (var scope = app.Scope())
        {
            // As after the upgrade that brought the case figures: none of them, not registered as built.
            var db = scope.ServiceProvider.GetRequiredService<ShegongDbContext>();
            var dims = new CaseTallies().Dimensions.ToList();
            await db.StatFigures.Where(x => dims.Contains(x.Dimension)).ExecuteDeleteAsync();
            await db.StatPending.Where(x => dims.Contains(x.Dimension)).ExecuteDeleteAsync();
            await db.StatBuilds.Where(b => dims.Contains(b.Dimension)).ExecuteDeleteAsync();
            var output = new StringWriter();
            (await RebuildStats.BuildIfMissingAsync(db, output)).ShouldBeTrue();
            output.ToString().ShouldContain("CaseTallies");
        }
        JsonSerializer.Serialize(await StatsAsync(officer, District), Json).ShouldBe(before);
    }

    [Fact]
    public async Task A_station_reads_its_own_figures_and_a_district_its_stations()
    {
        await ChangeEverythingAsync();
        using var worker = await app.ClientAsAsync("worker");
        var own = await StatsAsync(worker, Station);
        own.Total.Opened.ShouldBeGreaterThan(0);
        (await worker.GetAsync($"/api/v1/statistics/cases?region={OtherStation}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await worker.GetAsync($"/api/v1/statistics/cases?region={District}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await worker.GetAsync($"/api/v1/statistics/cases?region={Station}&period=2026-13")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        using var officer = await app.ClientAsAsync("officer");
        var district = await StatsAsync(officer, District);
        var child = district.Children.Single(c => c.Prefix == Station);
        JsonSerializer.Serialize(child.Figures with { MedianDays = own.Total.MedianDays, OpenedByType = own.Total.OpenedByType }, Json)
            .ShouldBe(JsonSerializer.Serialize(own.Total, Json));
        district.Total.Opened.ShouldBe(district.Children.Sum(c => c.Figures.Opened));
        district.Total.Supervisors.ShouldBe(district.Children.Sum(c => c.Figures.Supervisors));
        // 天河区 is another district: the officer of 黄埔区 does not read it.
        (await officer.GetAsync($"/api/v1/statistics/cases?region={OtherStation}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_page_and_the_excel_export_show_the_same_figures()
    {
        await ChangeEverythingAsync();
        using var manager = await app.ClientAsAsync("manager");
        var f = (await StatsAsync(manager, Station)).Total;
        using var browser = await app.BrowserAsAsync("manager");
        var html = await browser.GetStringAsync($"/stats/cases?region={Station}");
        html.ShouldContain("data-testid=\"case-headline\"");
        html.ShouldContain("督导比");
        var response = await browser.GetAsync($"/api/v1/statistics/cases/export?region={Station}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var file = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        var summary = MiniExcel.Query(file, useHeaderRow: true, sheetName: "汇总").Cast<IDictionary<string, object?>>()
            .ToDictionary(r => (string)r["指标"]!, r => r["数值"]);
        Convert.ToInt64(summary["新开个案"]).ShouldBe(f.Opened);
        Convert.ToInt64(summary["期末在案"]).ShouldBe(f.Active);
        Convert.ToInt64(summary["发出转介"]).ShouldBe(f.ReferralsSent);
        Convert.ToInt64(summary["接收方办结"]).ShouldBe(f.ReferralsDone);
        Convert.ToInt64(summary["本人确认得到服务"]).ShouldBe(f.ReferralsConfirmed);
        Convert.ToInt64(summary["督导次数"]).ShouldBe(f.SupervisionNotes);
    }
}
