using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using Shegong.Domain.Registry;
using Shegong.Domain.Statistics;
using Shegong.Domain.Visits;
using Shegong.IntegrationTests.Infrastructure;
using Shegong.Web.Features.Statistics;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Data;
using Shegong.Web.Infrastructure.Seed;

namespace Shegong.IntegrationTests.Features.Statistics;

/// <summary>
/// The Changzhou scenario (seeds/000: 647 people on file, 3,094 phone and 2,282 home visits in half a year) built once
/// in the last half-year that has ended at 鱼珠街道 (a station with no one on its ledger that no other test writes to),
/// read by the district officer for that half-year (2026-H1, 半年报): the API, the page and the Excel export show
/// exactly the seed's figures, the half-year's people visited equal a count of the records, and a new half-year
/// dimension is built from the records of before when it is missing. The 76 cases the station opened in that half-year
/// show in its case statistics (API, page, Excel).
/// </summary>
public sealed class ChangzhouScenarioTests(AppFixture app)
{
    private const string Station = "440112003";
    private static readonly StatPeriod Half = ChangzhouScenario.LastEndedHalf(ChinaTime.Today);
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static ChangzhouScenario.Summary? _scenario;

    private async Task<ChangzhouScenario.Summary> ScenarioAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_scenario is not null) return _scenario;
            using var scope = app.Scope();
            return _scenario = await scope.ServiceProvider.GetRequiredService<ChangzhouScenario>().RunAsync(Station, Half, seed: 3, TextWriter.Null);
        }
        finally { Gate.Release(); }
    }

    private static long N(JsonElement e, params string[] path)
    {
        foreach (var p in path) e = e.GetProperty(p);
        return e.GetInt64();
    }

    [Fact]
    public async Task The_api_shows_647_people_3094_phone_and_2282_home_visits_for_the_half_year()
    {
        var summary = await ScenarioAsync();
        summary.Period.ShouldBe(Half.Code);
        using var officer = await app.ClientAsAsync("officer");
        var stats = await officer.GetFromJsonAsync<JsonElement>($"/api/v1/stats/registry?region={Station}&period={Half.Code}");
        stats.GetProperty("period").GetString().ShouldBe(Half.Code);
        stats.GetProperty("start").GetString().ShouldBe(Half.Start.ToString("yyyy-MM-dd"));
        stats.GetProperty("end").GetString().ShouldBe(Half.End.ToString("yyyy-MM-dd"));
        N(stats, "onFile").ShouldBe(647);
        N(stats, "visitsByMethod", "PhoneVideo").ShouldBe(3094);
        N(stats, "visitsByMethod", "Home").ShouldBe(2282);
        N(stats, "visits").ShouldBe(3094 + 2282);

        // People visited in the half-year (by the tier on the visit) equal a count of the records.
        using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<ShegongDbContext>();
        var visits = db.Visits.IgnoreQueryFilters().Where(v => v.StationId == summary.StationId && v.VisitedOn >= Half.Start && v.VisitedOn <= Half.End);
        var visited = await visits.Select(v => v.PersonId).Distinct().CountAsync();
        N(stats, "visited").ShouldBe(visited);
        foreach (var tier in stats.GetProperty("tiers").EnumerateArray())
        {
            var t = Enum.Parse<FollowUpTier>(tier.GetProperty("tier").GetString()!);
            N(tier, "visited").ShouldBe(await visits.Where(v => v.Tier == t).Select(v => v.PersonId).Distinct().CountAsync());
            N(tier, "onFile").ShouldBe(await db.Persons.IgnoreQueryFilters().CountAsync(p => p.StationId == summary.StationId && p.Tier == t && p.Status == PersonStatus.Active));
        }
        // The half-year before: nothing was visited then.
        stats.GetProperty("previousPeriod").GetString().ShouldBe(Half.Previous.Code);
    }

    [Fact]
    public async Task The_page_names_the_half_year_and_shows_the_figures()
    {
        await ScenarioAsync();
        using var browser = await app.BrowserAsAsync("officer");
        var html = await browser.GetStringAsync($"/stats/registry?region={Station}&period={Half.Code}");
        var text = Regex.Replace(Regex.Replace(WebUtility.HtmlDecode(html), "<[^>]+>", ""), @"\s+", "");
        var name = Half.Half == 1 ? $"{Half.Year}年上半年" : $"{Half.Year}年下半年";
        text.ShouldContain(name);
        html.ShouldContain($"<option value=\"{Half.Code}\" selected");
        text.ShouldContain("647");
        text.ShouldContain("3,094");
        text.ShouldContain("2,282");
        html.ShouldContain($"/api/v1/stats/registry/export?region={Station}&amp;period={Half.Code}");
    }

    [Fact]
    public async Task The_excel_export_holds_the_same_figures()
    {
        await ScenarioAsync();
        using var browser = await app.BrowserAsAsync("officer");
        var response = await browser.GetAsync($"/api/v1/stats/registry/export?region={Station}&period={Half.Code}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentDisposition!.FileNameStar.ShouldBe($"台账与走访统计-{Half.Code}.xlsx");
        using var file = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        var summary = MiniExcel.Query(file, useHeaderRow: true, sheetName: "汇总").Cast<IDictionary<string, object?>>()
            .ToDictionary(r => (string)r["指标"]!, r => r["数值"]);
        summary["区域"].ShouldBe("鱼珠街道");
        summary["统计期间"].ShouldBe($"{Half.Start:yyyy-MM-dd} — {Half.End:yyyy-MM-dd}");
        Convert.ToInt64(summary["在册人数"]).ShouldBe(647);
        Convert.ToInt64(summary["走访次数"]).ShouldBe(3094 + 2282);
        Convert.ToInt64(summary["走访次数·电话/视频"]).ShouldBe(3094);
        Convert.ToInt64(summary["走访次数·上门走访"]).ShouldBe(2282);
    }

    [Fact]
    public async Task The_case_statistics_show_76_cases_opened_in_the_half_year_by_api_page_and_excel()
    {
        var summary = await ScenarioAsync();
        summary.Cases.ShouldBe(76);
        using var officer = await app.ClientAsAsync("officer");
        var stats = await officer.GetFromJsonAsync<JsonElement>($"/api/v1/statistics/cases?region={Station}&period={Half.Code}");
        stats.GetProperty("period").GetString().ShouldBe(Half.Code);
        N(stats, "total", "opened").ShouldBe(76);
        var bySource = stats.GetProperty("total").GetProperty("openedBySource").EnumerateObject().Sum(p => p.Value.GetInt64());
        bySource.ShouldBe(76);
        // Equal to a count of the records: every case of the station was opened in the half-year.
        using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ShegongDbContext>();
            (await db.Set<Shegong.Domain.Cases.Case>().IgnoreQueryFilters().CountAsync(c => c.StationId == summary.StationId && c.OpenedOn >= Half.Start && c.OpenedOn <= Half.End))
                .ShouldBe(76);
            var active = await db.Set<Shegong.Domain.Cases.Case>().IgnoreQueryFilters().CountAsync(c => c.StationId == summary.StationId);
            N(stats, "total", "active").ShouldBe(active);
        }

        using var browser = await app.BrowserAsAsync("officer");
        var html = await browser.GetStringAsync($"/stats/cases?region={Station}&period={Half.Code}");
        var text = Regex.Replace(Regex.Replace(WebUtility.HtmlDecode(html), "<[^>]+>", " "), @"\s+", " ");
        text.ShouldContain("本期新开个案 76 个");
        html.ShouldContain($"<option value=\"{Half.Code}\" selected");

        var response = await browser.GetAsync($"/api/v1/statistics/cases/export?region={Station}&period={Half.Code}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentDisposition!.FileNameStar.ShouldBe($"个案统计-{Half.Code}.xlsx");
        using var file = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        var sheet = MiniExcel.Query(file, useHeaderRow: true, sheetName: "汇总").Cast<IDictionary<string, object?>>()
            .ToDictionary(r => (string)r["指标"]!, r => r["数值"]);
        sheet["区域"].ShouldBe("鱼珠街道");
        Convert.ToInt64(sheet["新开个案"]).ShouldBe(76);
    }

    [Fact]
    public async Task A_dimension_missing_from_the_builds_is_built_from_the_records_at_the_next_start()
    {
        await ScenarioAsync();
        using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<ShegongDbContext>();
        var before = await db.StatFigures.AsNoTracking().Where(f => f.Dimension == StatDimension.VisitedInHalf)
            .OrderBy(f => f.RegionPrefix).ThenBy(f => f.Key).ThenBy(f => f.Period).Select(f => new { f.RegionPrefix, f.Key, f.Period, f.Value }).ToListAsync();
        before.ShouldNotBeEmpty();
        // As after the upgrade that added the half-year: no figure of it, and not registered as built.
        await db.StatFigures.Where(f => f.Dimension == StatDimension.VisitedInHalf).ExecuteDeleteAsync();
        await db.StatPending.Where(f => f.Dimension == StatDimension.VisitedInHalf).ExecuteDeleteAsync();
        await db.StatBuilds.Where(b => b.Dimension == StatDimension.VisitedInHalf).ExecuteDeleteAsync();

        var output = new StringWriter();
        (await RebuildStats.BuildIfMissingAsync(db, output)).ShouldBeTrue();
        output.ToString().ShouldContain("VisitTallies");
        (await RebuildStats.BuildIfMissingAsync(db, TextWriter.Null)).ShouldBeFalse(); // built once
        (await db.StatBuilds.AnyAsync(b => b.Dimension == StatDimension.VisitedInHalf)).ShouldBeTrue();
        var after = await db.StatFigures.AsNoTracking().Where(f => f.Dimension == StatDimension.VisitedInHalf)
            .OrderBy(f => f.RegionPrefix).ThenBy(f => f.Key).ThenBy(f => f.Period).Select(f => new { f.RegionPrefix, f.Key, f.Period, f.Value }).ToListAsync();
        // The communities' rows (written with each visit, before any fold) are rebuilt as they were; every level verifies.
        after.Where(f => f.RegionPrefix.Length == 12).ShouldBe(before.Where(f => f.RegionPrefix.Length == 12));
        (await scope.ServiceProvider.GetRequiredService<RebuildStats.Handler>().HandleAsync(verifyOnly: true)).Differences.ShouldBe(0);
    }
}
