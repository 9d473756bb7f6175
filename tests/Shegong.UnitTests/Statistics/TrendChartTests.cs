using System.Xml.Linq;
using Shegong.Domain.Registry;
using Shegong.Web.Features.Statistics.Charts;

namespace Shegong.UnitTests.Statistics;

public sealed class TrendChartTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private static readonly string[] Months = ["2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11"];

    private static ChartSeries Series(string name, params decimal?[] values) =>
        new(name, values.Select((v, i) => new ChartPoint(Months[i], v)).ToList());

    private static XElement Parse(string svg)
    {
        var root = XElement.Parse(svg); // throws unless well-formed
        root.Name.ShouldBe(Svg + "svg");
        root.Attribute("viewBox")!.Value.ShouldBe($"0 0 {TrendChart.Width} {TrendChart.Height}");
        root.Attribute("width").ShouldBeNull();
        root.Attribute("role")!.Value.ShouldBe("img");
        return root;
    }

    private static List<string> Texts(XElement svg) => svg.Descendants(Svg + "text").Select(t => t.Value).ToList();

    [Fact]
    public void A_rate_line_has_its_title_series_names_in_chinese_and_a_percent_axis_from_0_to_100()
    {
        var svg = Parse(TrendChart.Render(new ChartSpec("走访完成率趋势",
            [Series("高风险", 80, 90.5m, 100, 95, 88, 92) with { Color = ChartColors.Of(FollowUpTier.HighRisk) }, Series("一般", 40, 50, 60, 70, 65, 55)],
            Percent: true)));
        var title = svg.Elements(Svg + "title").Single();
        title.Value.ShouldBe("走访完成率趋势");
        svg.Attribute("aria-labelledby")!.Value.ShouldBe(title.Attribute("id")!.Value);
        var texts = Texts(svg);
        texts.ShouldContain("高风险"); // the ideograph 高, not the Kangxi radical ⾼ Skia reads back from the glyph
        texts.ShouldContain("一般");
        texts.ShouldContain("0%");
        texts.ShouldContain("100%");
        texts.ShouldContain("2026-11"); // the latest period is always labelled
        svg.ToString().ShouldContain("#c0392b", Case.Insensitive);
        svg.Descendants(Svg + "text").ShouldAllBe(t => t.Attribute("font-family")!.Value == TrendChart.FontStack);
    }

    [Fact]
    public void Counts_as_grouped_and_stacked_bars_have_a_count_axis_from_0_and_its_unit()
    {
        foreach (var kind in new[] { ChartKind.Bars, ChartKind.StackedBars })
        {
            var svg = Parse(TrendChart.Render(new ChartSpec("在册人数", [Series("重点", 120, 130, 128, 140, 150, 1_200), Series("一般", 300, 310, 320, 330, 340, 350)],
                kind, YLabel: "人数")));
            var texts = Texts(svg);
            texts.ShouldContain("重点");
            texts.ShouldContain("人数");
            texts.ShouldContain("0");
            texts.ShouldContain(kind == ChartKind.Bars ? "1,500" : "2,000"); // the top of the axis: the tallest bar (1,200) or stack (1,550), rounded up to a step of 500
        }
    }

    [Fact]
    public void Few_period_labels_are_written_however_many_periods_there_are()
    {
        var months = Enumerable.Range(0, 24).Select(i => new DateOnly(2025, 1, 1).AddMonths(i).ToString("yyyy-MM")).ToList();
        var svg = Parse(TrendChart.Render(new ChartSpec("两年", [new ChartSeries("走访", months.Select((m, i) => new ChartPoint(m, i)).ToList())])));
        var periodLabels = Texts(svg).Where(months.Contains).ToList();
        periodLabels.Count.ShouldBeInRange(2, 6);
        periodLabels.ShouldContain("2026-12");
    }

    [Fact]
    public void Empty_data_a_single_point_all_zeros_and_months_without_data_draw_without_throwing()
    {
        Texts(Parse(TrendChart.Render(new ChartSpec("空", [], NoData: "暂无数据")))).ShouldContain("暂无数据");
        Texts(Parse(TrendChart.Render(new ChartSpec("空系列", [new ChartSeries("高风险", [])], ChartKind.Bars)))).ShouldContain("高风险");
        Texts(Parse(TrendChart.Render(new ChartSpec("一个月", [new ChartSeries("高风险", [new ChartPoint("2026-11", 3)])])))).ShouldContain("2026-11");
        Texts(Parse(TrendChart.Render(new ChartSpec("全零", [Series("一般", 0, 0, 0, 0, 0, 0)], ChartKind.StackedBars)))).ShouldContain("0");
        Texts(Parse(TrendChart.Render(new ChartSpec("全无", [Series("一般", null, null, null, null, null, null)], Percent: true)))).ShouldContain("100%");
        var gaps = Parse(TrendChart.Render(new ChartSpec("缺月", [Series("高风险", 10, null, 30, null, null, 60), Series("一般", null, 5, 6, 7, 8, null)])));
        Texts(gaps).ShouldContain("高风险");
        Texts(gaps).Count(t => t == "高风险").ShouldBe(1); // named once in the legend though drawn in three runs
    }

    [Fact]
    public void Two_charts_on_one_page_do_not_share_ids()
    {
        string Ids(string svg) => string.Join(",", Parse(svg).DescendantsAndSelf().Select(e => e.Attribute("id")?.Value).OfType<string>());
        var a = Ids(TrendChart.Render(new ChartSpec("甲", [Series("一般", 1, 2, 3, 4, 5, 6)])));
        var b = Ids(TrendChart.Render(new ChartSpec("乙", [Series("一般", 6, 5, 4, 3, 2, 1)])));
        a.Split(',').Intersect(b.Split(',')).ShouldBeEmpty();
    }

    [Fact]
    public void Series_labels_are_the_periods_in_the_order_they_first_appear() =>
        TrendChart.Labels([Series("甲", 1, 2), new ChartSeries("乙", [new ChartPoint("2026-08", 1), new ChartPoint("2026-06", 2)])])
            .ShouldBe(["2026-06", "2026-07", "2026-08"]);
}
