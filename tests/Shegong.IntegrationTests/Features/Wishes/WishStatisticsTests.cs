using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using Shegong.Domain.Statistics;
using Shegong.Domain.Wishes;
using Shegong.IntegrationTests.Features.Registry;
using Shegong.IntegrationTests.Infrastructure;
using Shegong.Web.Features.Statistics;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Data;
using Shegong.Web.Infrastructure.Seed;

namespace Shegong.IntegrationTests.Features.Wishes;

/// <summary>
/// The Tongling scenario (DOMAIN.md §7) built once in a past year at 红山街道 (a station no other test writes to, so that
/// its 600 beneficiaries crowd no worker's queue), read by the district officer `officer` (440112): the page, the
/// Excel export and the API show exactly the seed's figures; the aggregates equal a recount; the district officer's
/// roll-up holds the station; a station of another district sees none of it.
/// </summary>
public sealed class WishStatisticsTests(AppFixture app)
{
    private const string Station = "440112002";
    private static readonly int Year = ChinaTime.Today.Year - 1;
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static WishScenario.Summary? _scenario;

    /// <summary>The test helper: the same scenario as <c>-- generate-wishes --scenario tongling</c>, built once per run.</summary>
    internal static async Task<WishScenario.Summary> ScenarioAsync(AppFixture app)
    {
        await Gate.WaitAsync();
        try
        {
            if (_scenario is not null) return _scenario;
            using var scope = app.Scope();
            return _scenario = await scope.ServiceProvider.GetRequiredService<WishScenario>().RunAsync(Station, Year, seed: 7, TextWriter.Null);
        }
        finally { Gate.Release(); }
    }

    private static async Task<JsonElement> StatsAsync(HttpClient client, string? region = null) =>
        await client.GetFromJsonAsync<JsonElement>($"/api/v1/statistics/wishes?region={region}&period={Year}");

    private static long N(JsonElement e, params string[] path)
    {
        foreach (var p in path) e = e.GetProperty(p);
        return e.GetInt64();
    }

    [Fact]
    public async Task The_api_shows_the_seed_figures()
    {
        var summary = await ScenarioAsync(app);
        summary.Wishes.ShouldBe(2304);
        using var officer = await app.ClientAsAsync("officer");
        var t = (await StatsAsync(officer, Station)).GetProperty("total");
        N(t, "collected").ShouldBe(2304);
        N(t, "byGroup", "Elderly").ShouldBe(606);
        N(t, "byGroup", "Children").ShouldBe(1064);
        N(t, "byGroup", "Women").ShouldBe(212);
        N(t, "byGroup", "Disabled").ShouldBe(422);
        N(t, "byKind", "Material").ShouldBe(1946);
        N(t, "byKind", "Spiritual").ShouldBe(358);
        N(t, "claimedDirectly").ShouldBe(1850);
        N(t, "dispatched").ShouldBe(454);
        N(t, "fulfilled").ShouldBe(2258);
        N(t, "fulfilledByGroup", "DailyAndStudy").ShouldBe(1380);
        N(t, "fulfilledByGroup", "Appliances").ShouldBe(440);
        N(t, "fulfilledByGroup", "MedicalDevices").ShouldBe(80);
        N(t, "fulfilledByGroup", "SpiritualComfort").ShouldBe(358);
        t.GetProperty("rate").GetDecimal().ShouldBe(98.0m);
        t.GetProperty("rateText").GetString().ShouldBe("98.0%");
    }

    [Fact]
    public async Task The_page_shows_the_seed_figures_and_the_rate()
    {
        await ScenarioAsync(app);
        using var browser = await app.BrowserAsAsync("officer");
        var html = await browser.GetStringAsync($"/wishes/stats?region={Station}&period={Year}");
        var text = Regex.Replace(Regex.Replace(WebUtility.HtmlDecode(html), "<[^>]+>", ""), @"\s+", "");
        text.ShouldContain("98.0%");
        foreach (var expected in new[]
        {
            "老年人606", "儿童1,064", "妇女212", "残疾人422", "合计2,304", "物质帮扶1,946", "精神慰藉358", "直接认领1,850", "精准派单454",
            "合计2,304", "生活学习用品1,380", "家用电器440", "医疗康复器具80", "精神慰藉358", "合计2,258",
        })
            text.ShouldContain(expected);
        html.ShouldContain($"/api/v1/statistics/wishes/export?region={Station}&amp;period={Year}");
    }

    [Fact]
    public async Task The_excel_export_holds_the_same_figures_in_chinese()
    {
        await ScenarioAsync(app);
        using var browser = await app.BrowserAsAsync("officer");
        var response = await browser.GetAsync($"/api/v1/statistics/wishes/export?region={Station}&period={Year}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe(ExportWishStats.ContentType);
        using var file = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        MiniExcel.GetSheetNames(file).ShouldBe(["汇总", "分区域"]);
        file.Position = 0;
        var summary = MiniExcel.Query(file, useHeaderRow: true, sheetName: "汇总").Cast<IDictionary<string, object?>>()
            .ToDictionary(r => (string)r["指标"]!, r => r["数值"]);
        long Cell(string label) => Convert.ToInt64(summary[label]);
        Cell("收集心愿").ShouldBe(2304);
        Cell("收集心愿·老年人").ShouldBe(606);
        Cell("收集心愿·儿童").ShouldBe(1064);
        Cell("收集心愿·妇女").ShouldBe(212);
        Cell("收集心愿·残疾人").ShouldBe(422);
        Cell("收集心愿·物质帮扶").ShouldBe(1946);
        Cell("收集心愿·精神慰藉").ShouldBe(358);
        Cell("直接认领").ShouldBe(1850);
        Cell("精准派单").ShouldBe(454);
        Cell("已实现").ShouldBe(2258);
        Cell("已实现·生活学习用品").ShouldBe(1380);
        Cell("已实现·家用电器").ShouldBe(440);
        Cell("已实现·医疗康复器具").ShouldBe(80);
        Cell("已实现·精神慰藉").ShouldBe(358);
        summary["实现率"].ShouldBe("98.0%");
        file.Position = 0;
        var areas = MiniExcel.Query(file, useHeaderRow: true, sheetName: "分区域").Cast<IDictionary<string, object?>>().ToList();
        var total = areas.Single(r => (string)r["区域"]! == "合计");
        Convert.ToInt64(total["收集心愿"]).ShouldBe(2304);
        total["实现率"].ShouldBe("98.0%");
        areas.Where(r => (string)r["区域"]! != "合计").Sum(r => Convert.ToInt64(r["已实现"])).ShouldBe(2258);
    }

    [Fact]
    public async Task The_aggregates_equal_a_recount_and_the_medians_equal_the_raw_records()
    {
        var summary = await ScenarioAsync(app);
        using (var scope = app.Scope())
        {
            var verify = await scope.ServiceProvider.GetRequiredService<RebuildStats.Handler>().HandleAsync(verifyOnly: true);
            verify.Differences.ShouldBe(0, string.Join("\n", verify.Samples));
        }
        var (toClaim, toDelivery) = await RawMediansAsync(summary);
        using var officer = await app.ClientAsAsync("officer");
        var t = (await StatsAsync(officer, Station)).GetProperty("total");
        t.GetProperty("medianDaysToClaim").GetDecimal().ShouldBe(toClaim);
        t.GetProperty("medianDaysToDelivery").GetDecimal().ShouldBe(toDelivery);
    }

    private async Task<(decimal ToClaim, decimal ToDelivery)> RawMediansAsync(WishScenario.Summary s)
    {
        using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<ShegongDbContext>();
        DateOnly start = new(s.Year, 1, 1), end = new(s.Year, 12, 31);
        var wishes = await db.Wishes.IgnoreQueryFilters().AsNoTracking().Where(w => w.StationId == s.StationId)
            .Select(w => new { w.Id, w.PublishedOn, w.DeliveredOn, w.Status }).ToListAsync();
        var claims = await db.Claims.IgnoreQueryFilters().AsNoTracking().Where(c => c.StationId == s.StationId)
            .Select(c => new { c.Id, c.WishId, c.ClaimedOn }).ToListAsync();
        var published = wishes.ToDictionary(w => w.Id, w => w.PublishedOn!.Value);
        var firstClaims = claims.GroupBy(c => c.WishId).Select(g => g.MinBy(c => c.Id)!).Where(c => c.ClaimedOn >= start && c.ClaimedOn <= end)
            .Select(c => c.ClaimedOn.DayNumber - published[c.WishId].DayNumber).ToList();
        var deliveries = wishes.Where(w => WishFigures.IsFulfilled(w.Status) && w.DeliveredOn >= start && w.DeliveredOn <= end)
            .Select(w => w.DeliveredOn!.Value.DayNumber - w.PublishedOn!.Value.DayNumber).ToList();
        firstClaims.Count.ShouldBe(2304);
        deliveries.Count.ShouldBe(2258);
        return (Median(firstClaims), Median(deliveries));

        static decimal Median(List<int> values)
        {
            values.Sort();
            return (values[(values.Count - 1) / 2] + values[values.Count / 2]) / 2m;
        }
    }

    [Fact]
    public async Task The_district_officer_sees_the_station_rolled_up_and_can_drill_down()
    {
        await ScenarioAsync(app);
        using var officer = await app.ClientAsAsync("officer");
        var district = await StatsAsync(officer);
        district.GetProperty("regionPrefix").GetString().ShouldBe("440112");
        var station = district.GetProperty("children").EnumerateArray().Single(c => c.GetProperty("prefix").GetString() == Station).GetProperty("figures");
        N(station, "collected").ShouldBe(2304);
        N(station, "fulfilled").ShouldBe(2258);
        station.GetProperty("rateText").GetString().ShouldBe("98.0%");
        var total = district.GetProperty("total");
        N(total, "collected").ShouldBe(district.GetProperty("children").EnumerateArray().Sum(c => N(c, "figures", "collected")));
        N(total, "collected").ShouldBeGreaterThanOrEqualTo(2304);

        var drilled = (await StatsAsync(officer, Station)).GetProperty("total");
        N(drilled, "collected").ShouldBe(2304);
        N(drilled, "dispatched").ShouldBe(454);
        drilled.GetProperty("rateText").GetString().ShouldBe("98.0%");

        using var city = await app.ClientAsAsync("cityofficer");
        var cityStats = await StatsAsync(city);
        N(cityStats.GetProperty("children").EnumerateArray().Single(c => c.GetProperty("prefix").GetString() == "440112"), "figures", "collected")
            .ShouldBe(N(total, "collected"));

        using var browser = await app.BrowserAsAsync("officer");
        var html = await browser.GetStringAsync($"/wishes/stats?period={Year}");
        html.ShouldContain($"/wishes/stats?region={Station}000&amp;period={Year}");
    }

    [Fact]
    public async Task A_wish_counts_once_by_its_first_claim_then_by_the_claim_whose_delivery_fulfilled_it()
    {
        using var worker = await app.ClientAsAsync("worker");
        var thisMonth = ChinaTime.Today.ToString("yyyy-MM");
        async Task<(long Direct, long Dispatched, long Fulfilled)> FiguresAsync()
        {
            var t = (await worker.GetFromJsonAsync<JsonElement>($"/api/v1/statistics/wishes?period={thisMonth}")).GetProperty("total");
            return (N(t, "claimedDirectly"), N(t, "dispatched"), N(t, "fulfilled"));
        }
        var start = await FiguresAsync();
        var (_, wish) = await WishApi.PublishedAsync(app, quantity: 2, unitValue: 100m);
        using (var anonymous = app.AnonymousClient())
            (await anonymous.PostAsJsonAsync("/api/v1/board/claims", WishApi.Claim(wish, 1))).StatusCode.ShouldBe(HttpStatusCode.OK);
        // The second unit is dispatched to a donor (the dispatch feature's path: the tracked wish and a new claim, one save).
        Guid dispatchClaim;
        using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ShegongDbContext>();
            var w = await db.Wishes.IgnoreQueryFilters().SingleAsync(x => x.Id == wish);
            var claim = Claim.Create(w, "辖区党员先锋队", ClaimantType.PartyMember, "13800138000", false, 1, ChinaTime.Today.AddDays(7), ClaimSource.Dispatch, "x", ChinaTime.Today);
            w.ClaimUnits(1);
            db.Claims.Add(claim);
            await db.SaveChangesAsync();
            dispatchClaim = claim.Id;
        }
        (await FiguresAsync()).ShouldBe((start.Direct + 1, start.Dispatched, start.Fulfilled)); // once, by the first claim

        var boardClaim = await RegistryApi.QueryAsync(app, db => db.Claims.IgnoreQueryFilters()
            .Where(c => c.WishId == wish && c.Source == ClaimSource.Board).Select(c => c.Id).SingleAsync());
        (await worker.PostAsJsonAsync($"/api/v1/wishes/{wish}/deliveries", new { claimId = boardClaim })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await FiguresAsync()).ShouldBe((start.Direct + 1, start.Dispatched, start.Fulfilled));
        (await worker.PostAsJsonAsync($"/api/v1/wishes/{wish}/deliveries", new { claimId = dispatchClaim })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await FiguresAsync()).ShouldBe((start.Direct, start.Dispatched + 1, start.Fulfilled + 1)); // the dispatched delivery fulfilled it

        using var check = app.Scope();
        var verify = await check.ServiceProvider.GetRequiredService<RebuildStats.Handler>().HandleAsync(verifyOnly: true);
        verify.Differences.ShouldBe(0, string.Join("\n", verify.Samples));
    }

    [Fact]
    public async Task A_station_of_another_district_does_not_see_them()
    {
        await ScenarioAsync(app);
        using var worker2 = await app.ClientAsAsync("worker2");
        (await worker2.GetAsync($"/api/v1/statistics/wishes?region=440112&period={Year}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await worker2.GetAsync($"/api/v1/statistics/wishes?region={Station}&period={Year}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await worker2.GetAsync($"/api/v1/statistics/wishes/export?region={Station}&period={Year}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var own = (await StatsAsync(worker2)).GetProperty("total");
        N(own, "collected").ShouldBe(0);
        using var donor = await app.ClientAsAsync("donor");
        (await donor.GetAsync($"/api/v1/statistics/wishes?period={Year}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using var anonymous = app.AnonymousClient();
        (await anonymous.GetAsync($"/api/v1/statistics/wishes?period={Year}")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
