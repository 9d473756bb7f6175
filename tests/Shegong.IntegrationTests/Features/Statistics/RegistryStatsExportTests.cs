using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MiniExcelLibs;
using Shegong.Domain.Statistics;
using Shegong.IntegrationTests.Infrastructure;
using Shegong.Web.Features.Statistics;
using Shegong.Web.Infrastructure;

namespace Shegong.IntegrationTests.Features.Statistics;

/// <summary>
/// The ledger figures' Excel export holds, cell by cell under Chinese headers, exactly what the API answers for the
/// same area and period (whose figures <see cref="RegistryStatsTests"/> check against a recount). Reads only.
/// </summary>
public sealed class RegistryStatsExportTests(AppFixture app)
{
    private static readonly string ThisMonth = ChinaTime.Today.ToString("yyyy-MM");
    private static readonly Dictionary<string, string> Tiers = new() { ["HighRisk"] = "高风险", ["Key"] = "重点", ["General"] = "一般" };

    private static long N(JsonElement e, params string[] path)
    {
        foreach (var p in path) e = e.GetProperty(p);
        return e.GetInt64();
    }

    private static string Rate(JsonElement rate) => Percent.Text(rate.ValueKind == JsonValueKind.Null ? null : rate.GetDecimal());

    [Fact]
    public async Task The_city_officer_downloads_the_summary_and_the_districts_with_the_api_figures()
    {
        using var api = await app.ClientAsAsync("cityofficer");
        var stats = await api.GetFromJsonAsync<JsonElement>($"/api/v1/stats/registry?period={ThisMonth}");
        using var browser = await app.BrowserAsAsync("cityofficer");
        var response = await browser.GetAsync($"/api/v1/stats/registry/export?period={ThisMonth}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe(ExportRegistryStats.ContentType);
        response.Content.Headers.ContentDisposition!.FileNameStar.ShouldBe($"台账与走访统计-{ThisMonth}.xlsx");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        if (Environment.GetEnvironmentVariable("SHEGONG_TEST_OUTPUT") is { Length: > 0 } output)
            await File.WriteAllBytesAsync(Path.Combine(output, "registry-stats.xlsx"), bytes); // for a look in openpyxl or LibreOffice
        using var file = new MemoryStream(bytes);
        MiniExcel.GetSheetNames(file).ShouldBe(["汇总", "分区域"]);

        file.Position = 0;
        var summary = MiniExcel.Query(file, useHeaderRow: true, sheetName: "汇总").Cast<IDictionary<string, object?>>()
            .ToDictionary(r => (string)r["指标"]!, r => r["数值"]);
        long Cell(string label) => Convert.ToInt64(summary[label]);
        summary["区域"].ShouldBe("广州市");
        Cell("在册人数").ShouldBe(N(stats, "onFile"));
        Cell("已走访人数").ShouldBe(N(stats, "visited"));
        summary["走访完成率"].ShouldBe(Rate(stats.GetProperty("rate")));
        summary[$"走访完成率·上期（{stats.GetProperty("previousPeriod").GetString()}）"].ShouldBe(Rate(stats.GetProperty("previousRate")));
        foreach (var tier in stats.GetProperty("tiers").EnumerateArray())
        {
            var name = Tiers[tier.GetProperty("tier").GetString()!];
            Cell($"在册人数·{name}").ShouldBe(N(tier, "onFile"));
            Cell($"已走访人数·{name}").ShouldBe(N(tier, "visited"));
            summary[$"走访完成率·{name}"].ShouldBe(Rate(tier.GetProperty("rate")));
        }
        Cell("走访次数").ShouldBe(N(stats, "visits"));
        Cell("走访次数·上门走访").ShouldBe(N(stats, "visitsByMethod", "Home"));
        Cell("走访次数·电话/视频").ShouldBe(N(stats, "visitsByMethod", "PhoneVideo"));
        Cell("在册人员类型·独居").ShouldBe(N(stats, "byType", "LivingAlone"));
        Cell("在册人员类型·残疾人").ShouldBe(N(stats, "byType", "Disabled"));
        Cell("逾期未访").ShouldBe(N(stats, "overdue"));

        file.Position = 0;
        var areas = MiniExcel.Query(file, useHeaderRow: true, sheetName: "分区域").Cast<IDictionary<string, object?>>().ToList();
        areas.First().Keys.ShouldBe(["区域", "区划代码", "在册人数", "已走访人数", "走访完成率",
            "在册人数·高风险", "已走访人数·高风险", "走访完成率·高风险", "在册人数·重点", "已走访人数·重点", "走访完成率·重点",
            "在册人数·一般", "已走访人数·一般", "走访完成率·一般", "逾期未访"]);
        var children = stats.GetProperty("children").EnumerateArray().ToList();
        areas.Select(r => r["区划代码"]?.ToString()).ShouldBe([.. children.Select(c => c.GetProperty("code").GetString()), null]);
        foreach (var child in children)
        {
            var row = areas.Single(r => r["区划代码"]?.ToString() == child.GetProperty("code").GetString());
            row["区域"].ShouldBe(child.GetProperty("name").GetString());
            Convert.ToInt64(row["在册人数"]).ShouldBe(N(child, "onFile"));
            Convert.ToInt64(row["已走访人数"]).ShouldBe(N(child, "visited"));
            row["走访完成率"].ShouldBe(Rate(child.GetProperty("rate")));
            Convert.ToInt64(row["逾期未访"]).ShouldBe(N(child, "overdue"));
            foreach (var tier in child.GetProperty("tiers").EnumerateArray())
                Convert.ToInt64(row[$"在册人数·{Tiers[tier.GetProperty("tier").GetString()!]}"]).ShouldBe(N(tier, "onFile"));
        }
        var total = areas.Last();
        total["区域"].ShouldBe("合计");
        Convert.ToInt64(total["在册人数"]).ShouldBe(N(stats, "onFile"));
        total["走访完成率"].ShouldBe(Rate(stats.GetProperty("rate")));
    }

    [Fact]
    public async Task The_page_links_to_the_export_of_its_area_and_period_and_nobody_downloads_outside_their_area()
    {
        using var browser = await app.BrowserAsAsync("officer");
        var html = await browser.GetStringAsync("/stats/registry?region=440112010&period=2026-Q1");
        html.ShouldContain("/api/v1/stats/registry/export?region=440112010&amp;period=2026-Q1");
        (await browser.GetAsync("/api/v1/stats/registry/export?region=440112010&period=2026-Q1")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await browser.GetAsync("/api/v1/stats/registry/export?region=440106")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using var token = await app.ClientAsAsync("officer");
        (await token.GetAsync("/api/v1/stats/registry/export")).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var donor = await app.BrowserAsAsync("donor");
        (await donor.GetAsync("/api/v1/stats/registry/export")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using var anonymous = app.AnonymousClient();
        (await anonymous.GetAsync("/api/v1/stats/registry/export")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
