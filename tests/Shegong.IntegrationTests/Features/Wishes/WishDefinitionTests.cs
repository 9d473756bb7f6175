using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using Shegong.Domain.Wishes;
using Shegong.IntegrationTests.Features.Registry;
using Shegong.IntegrationTests.Infrastructure;
using Shegong.Web.Features.Statistics;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.IntegrationTests.Features.Wishes;

/// <summary>
/// The definitions a bureau questions (DOMAIN.md §7, README "微心愿统计"): a withdrawn claim matches nothing and the wish
/// counts again when claimed again; a withdrawn dispatch claim is no longer "dispatched"; a return visit that finds the
/// wish not met takes it out of "fulfilled". One scenario at 长洲街道 this month, read by the district officer in the
/// API, on the page and in the Excel export (as changes from the figures before it: tests of other classes write here
/// too, one at a time), and equal to a recount.
/// </summary>
public sealed class WishDefinitionTests(AppFixture app)
{
    private const string Station = "440112010";
    private static readonly string Month = ChinaTime.Today.ToString("yyyy-MM");

    private sealed record Figures(long Collected, long Direct, long Dispatched, long Fulfilled);

    private async Task<(Figures Api, Figures Page, Figures Excel)> ReadAsync()
    {
        using var officer = await app.ClientAsAsync("officer");
        var t = (await officer.GetFromJsonAsync<JsonElement>($"/api/v1/statistics/wishes?region={Station}&period={Month}")).GetProperty("total");
        var api = new Figures(t.GetProperty("collected").GetInt64(), t.GetProperty("claimedDirectly").GetInt64(), t.GetProperty("dispatched").GetInt64(),
            t.GetProperty("fulfilled").GetInt64());

        using var browser = await app.BrowserAsAsync("officer");
        var html = await browser.GetStringAsync($"/wishes/stats?region={Station}&period={Month}");
        var text = Regex.Replace(Regex.Replace(WebUtility.HtmlDecode(html), "<[^>]+>", " "), @"\s+", " ");
        long After(string pattern) => long.Parse(Regex.Match(text, pattern).Groups[1].Value.Replace(",", ""));
        var sentence = Regex.Match(text, @"已实现 ([\d,]+) 个，收集 ([\d,]+) 个");
        sentence.Success.ShouldBeTrue(text);
        var page = new Figures(long.Parse(sentence.Groups[2].Value.Replace(",", "")), After(@"直接认领 ([\d,]+)"), After(@"精准派单 ([\d,]+)"),
            long.Parse(sentence.Groups[1].Value.Replace(",", "")));

        var response = await browser.GetAsync($"/api/v1/statistics/wishes/export?region={Station}&period={Month}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var file = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        var summary = MiniExcel.Query(file, useHeaderRow: true, sheetName: "汇总").Cast<IDictionary<string, object?>>()
            .ToDictionary(r => (string)r["指标"]!, r => r["数值"]);
        long Cell(string label) => Convert.ToInt64(summary[label]);
        var excel = new Figures(Cell("收集心愿"), Cell("直接认领"), Cell("精准派单"), Cell("已实现"));
        return (api, page, excel);
    }

    private static void ShouldChangeBy((Figures Api, Figures Page, Figures Excel) now, (Figures Api, Figures Page, Figures Excel) start, Figures by, string when)
    {
        foreach (var (name, n, s) in new[] { ("api", now.Api, start.Api), ("page", now.Page, start.Page), ("excel", now.Excel, start.Excel) })
            new Figures(n.Collected - s.Collected, n.Direct - s.Direct, n.Dispatched - s.Dispatched, n.Fulfilled - s.Fulfilled)
                .ShouldBe(by, $"{name}, {when}");
    }

    private async Task<int> DisclosedAsync()
    {
        using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<ShegongDbContext>();
        var station = await db.Stations.IgnoreQueryFilters().Where(s => s.RegionPrefix == Station).Select(s => s.Id).SingleAsync();
        return (await scope.ServiceProvider.GetRequiredService<Shegong.Web.Features.Wishes.GetDisclosure.Handler>()
            .HandleAsync(new Shegong.Web.Features.Wishes.GetDisclosure.Query(station, Month))).Fulfilled;
    }

    [Fact]
    public async Task Withdrawals_reclaims_and_an_unfulfilled_return_visit_count_by_the_definitions_in_the_api_the_page_and_the_export()
    {
        var start = await ReadAsync();
        var disclosedBefore = await DisclosedAsync();
        using var worker = await app.ClientAsAsync("worker");
        using var citizen = app.AnonymousClient();

        // Wish A: claimed on the board, withdrawn by its code (typed without the dash, in lower case), claimed again.
        var (_, a) = await WishApi.PublishedAsync(app);
        var first = await citizen.PostAsJsonAsync("/api/v1/board/claims", WishApi.Claim(a, 1, "陈先生"));
        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        var code = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        ShouldChangeBy(await ReadAsync(), start, new Figures(1, 1, 0, 0), "A claimed");
        (await WishApi.WithdrawAsync(citizen, code.Replace("-", "").ToLowerInvariant())).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        ShouldChangeBy(await ReadAsync(), start, new Figures(1, 0, 0, 0), "A's claim withdrawn: it matches nothing");
        (await citizen.PostAsJsonAsync("/api/v1/board/claims", WishApi.Claim(a, 1, "李女士"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        ShouldChangeBy(await ReadAsync(), start, new Figures(1, 1, 0, 0), "A claimed again");

        // Wish B: dispatched to a donor, withdrawn by staff for the donor, then claimed on the board.
        var (_, b) = await WishApi.PublishedAsync(app);
        Guid dispatchClaim;
        using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ShegongDbContext>();
            var w = await db.Wishes.IgnoreQueryFilters().SingleAsync(x => x.Id == b);
            var claim = Claim.Create(w, "辖区党员先锋队", ClaimantType.PartyMember, "13800138000", false, 1, ChinaTime.Today.AddDays(7), ClaimSource.Dispatch, "x", ChinaTime.Today);
            w.ClaimUnits(1);
            db.Claims.Add(claim);
            await db.SaveChangesAsync();
            dispatchClaim = claim.Id;
        }
        ShouldChangeBy(await ReadAsync(), start, new Figures(2, 1, 1, 0), "B dispatched");
        (await worker.PostAsJsonAsync($"/api/v1/wishes/{b}/claims/{dispatchClaim}/withdraw", new { reason = "先锋队本月无法送达" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        ShouldChangeBy(await ReadAsync(), start, new Figures(2, 1, 0, 0), "B's dispatch withdrawn: no longer dispatched");
        (await citizen.PostAsJsonAsync("/api/v1/board/claims", WishApi.Claim(b, 1, "王先生"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        ShouldChangeBy(await ReadAsync(), start, new Figures(2, 2, 0, 0), "B claimed on the board");

        // Both delivered: fulfilled. A's return visit finds it not met: it no longer counts; B's finds it met.
        foreach (var wish in new[] { a, b })
        {
            var live = (await worker.GetFromJsonAsync<JsonElement>($"/api/v1/wishes/{wish}")).GetProperty("claims").EnumerateArray()
                .Single(c => c.GetProperty("status").GetString() == "Active").GetProperty("id").GetGuid();
            (await worker.PostAsJsonAsync($"/api/v1/wishes/{wish}/deliveries", new { claimId = live, note = "已送到家中" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        }
        ShouldChangeBy(await ReadAsync(), start, new Figures(2, 2, 0, 2), "both delivered");
        var unmet = await worker.PostAsJsonAsync($"/api/v1/wishes/{a}/return-visit",
            new { version = await WishApi.VersionAsync(worker, a), fulfilled = false, quality = 2, satisfaction = 2, beneficiaryRating = 1, note = "电风扇不能用" });
        unmet.StatusCode.ShouldBe(HttpStatusCode.NoContent, await unmet.Content.ReadAsStringAsync());
        (await worker.PostAsJsonAsync($"/api/v1/wishes/{b}/return-visit",
            new { version = await WishApi.VersionAsync(worker, b), fulfilled = true, quality = 5, satisfaction = 4, beneficiaryRating = 5 })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        ShouldChangeBy(await ReadAsync(), start, new Figures(2, 2, 0, 1), "A not fulfilled at the return visit");

        var detail = await worker.GetFromJsonAsync<JsonElement>($"/api/v1/wishes/{a}");
        detail.GetProperty("wish").GetProperty("status").GetString().ShouldBe("Unfulfilled");
        detail.GetProperty("returnVisit").GetProperty("fulfilled").GetBoolean().ShouldBeFalse();
        var claims = detail.GetProperty("claims").EnumerateArray().ToList();
        claims.Select(c => c.GetProperty("status").GetString()).ShouldBe(["Withdrawn", "Delivered"]);
        claims[0].GetProperty("deliveries").GetArrayLength().ShouldBe(0);
        claims[1].GetProperty("deliveries")[0].GetProperty("note").GetString().ShouldBe("已送到家中");

        // The household may record a new wish for the need: the unfulfilled one is no longer open.
        var person = detail.GetProperty("wish").GetProperty("personId").GetGuid();
        (await worker.PostAsJsonAsync("/api/v1/wishes", WishApi.Wish(person, description: "一台能用的电风扇"))).StatusCode.ShouldBe(HttpStatusCode.Created);
        // The public results (公示) count B and not A.
        (await DisclosedAsync() - disclosedBefore).ShouldBe(1);
        using (var anonymous = app.AnonymousClient())
        {
            var stationId = detail.GetProperty("stationId").GetGuid();
            (await anonymous.GetStringAsync($"/board/disclosure?station={stationId}&period={Month}")).ShouldContain("联系社工站");
        }

        using var check = app.Scope();
        var verify = await check.ServiceProvider.GetRequiredService<RebuildStats.Handler>().HandleAsync(verifyOnly: true);
        verify.Differences.ShouldBe(0, string.Join("\n", verify.Samples));
    }
}
