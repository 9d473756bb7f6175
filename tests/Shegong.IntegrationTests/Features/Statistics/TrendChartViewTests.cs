using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Shegong.IntegrationTests.Infrastructure;
using Shegong.Web.Features.Statistics.Charts;

namespace Shegong.IntegrationTests.Features.Statistics;

/// <summary>The chart component as the server renders it: an inline SVG with an accessible name, and the same numbers in a table. No data.</summary>
public sealed partial class TrendChartViewTests(AppFixture app)
{
    public static async Task<string> RenderAsync(AppFixture app, ChartSpec chart)
    {
        using var scope = app.Scope();
        await using var renderer = new HtmlRenderer(scope.ServiceProvider, scope.ServiceProvider.GetRequiredService<ILoggerFactory>());
        return await renderer.Dispatcher.InvokeAsync(async () =>
            (await renderer.RenderComponentAsync<TrendChartView>(ParameterView.FromDictionary(new Dictionary<string, object?>
            {
                [nameof(TrendChartView.Chart)] = chart,
                [nameof(TrendChartView.TestId)] = "trend",
            }))).ToHtmlString());
    }

    [Fact]
    public async Task The_chart_has_a_name_and_its_numbers_are_a_table()
    {
        var html = await RenderAsync(app, new ChartSpec("走访完成率", [
            new ChartSeries("高风险", [new ChartPoint("2026-10", 56.3m), new ChartPoint("2026-11", null)], ChartColors.HighRisk),
            new ChartSeries("一般", [new ChartPoint("2026-10", 12.5m), new ChartPoint("2026-11", 100m)], ChartColors.General),
        ], Percent: true));
        html.ShouldNotContain("<script");
        var svg = XElement.Parse(SvgElement().Match(html).Value);
        svg.Attribute("role")!.Value.ShouldBe("img");
        svg.Elements().First().Value.ShouldBe("走访完成率");

        var table = XElement.Parse(TableElement().Match(html).Value);
        table.Element("caption")!.Value.ShouldBe("走访完成率");
        table.Descendants("th").Where(t => (string?)t.Attribute("scope") == "col").Select(t => t.Value).ShouldBe(["期间", "高风险", "一般"]);
        var rows = table.Element("tbody")!.Elements("tr").Select(r => r.Elements().Select(c => c.Value).ToList()).ToList();
        rows.ShouldBe([["2026-10", "56.3%", "12.5%"], ["2026-11", "—", "100.0%"]]);
        table.Element("tbody")!.Elements("tr").ShouldAllBe(r => (string?)r.Element("th")!.Attribute("scope") == "row");
        html.ShouldContain("<details class=\"chart-data\"><summary>查看数据表</summary>");
    }

    [Fact]
    public async Task An_empty_chart_says_so_in_the_page_language()
    {
        var html = await RenderAsync(app, new ChartSpec("走访次数", [], ChartKind.Bars));
        html.ShouldContain("暂无数据");
        XElement.Parse(SvgElement().Match(html).Value).Attribute("viewBox").ShouldNotBeNull();
    }

    [GeneratedRegex("<svg.*?</svg>", RegexOptions.Singleline)]
    private static partial Regex SvgElement();

    [GeneratedRegex("<table.*?</table>", RegexOptions.Singleline)]
    private static partial Regex TableElement();
}
