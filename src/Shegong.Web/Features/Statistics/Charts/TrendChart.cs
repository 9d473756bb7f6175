using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using ScottPlot;
using SkiaSharp;
using SpBar = ScottPlot.Bar;

namespace Shegong.Web.Features.Statistics.Charts;

/// <summary>One figure of a series: the period's label ("2026-11") and its value, or null for a period without data.</summary>
public sealed record ChartPoint(string Label, decimal? Value);

/// <summary>A named series (its name is shown in the legend); <paramref name="Color"/> a CSS hex colour, or null for the next of the palette.</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<ChartPoint> Points, string? Color = null);

/// <summary>Lines for stocks and rates, grouped bars to compare counts, stacked bars for the parts of a count.</summary>
public enum ChartKind { Line, Bars, StackedBars }

/// <summary>
/// What a trend chart shows: <paramref name="Title"/> is its accessible name; <paramref name="Percent"/> puts the y axis on 0–100 %;
/// <paramref name="YLabel"/> names the unit of a count axis ("人"); <paramref name="NoData"/> is drawn when there is nothing to show.
/// </summary>
public sealed record ChartSpec(string Title, IReadOnlyList<ChartSeries> Series, ChartKind Kind = ChartKind.Line, bool Percent = false,
    string? YLabel = null, string NoData = "暂无数据");

/// <summary>
/// A statistics trend as an inline SVG, drawn on the server by ScottPlot (no JavaScript): the x axis is the periods in
/// order, the y axis starts at 0 (0–100 % for rates), a legend with words sits below. The SVG is sized by its viewBox
/// for a phone (<see cref="Width"/> × <see cref="Height"/>, 16 px text) and scales with the page.
/// ScottPlot measures text with a font found on the server; a CJK one (Debian: fonts-noto-cjk) is needed there for
/// Chinese labels, but the browser draws the text with the page's CJK font stack.
/// </summary>
public static class TrendChart
{
    public const int Width = 400, Height = 260;
    public const string FontStack = "\"PingFang SC\", \"Noto Sans CJK SC\", \"Microsoft YaHei\", system-ui, sans-serif";
    private const float FontSize = 16;
    private const int MaxXTicks = 5;
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    /// <summary>The periods of all series, in the order they first appear.</summary>
    public static IReadOnlyList<string> Labels(IEnumerable<ChartSeries> series) =>
        series.SelectMany(s => s.Points.Select(p => p.Label)).Distinct().ToList();

    /// <summary>The chart as an <c>&lt;svg&gt;</c> element (no XML declaration), ready to be written inline into a page.</summary>
    public static string Render(ChartSpec chart)
    {
        var labels = Labels(chart.Series);
        var plot = new Plot();
        plot.Font.Set(Font.Family);
        var colours = Colours(chart.Series);
        var index = labels.Select((l, i) => (l, i)).ToDictionary(x => x.l, x => x.i);
        // One value per period and series: a series that names a period twice keeps the last value.
        var values = chart.Series.Select(s =>
        {
            var row = new decimal?[labels.Count];
            foreach (var p in s.Points) row[index[p.Label]] = p.Value;
            return row;
        }).ToList();

        var hasData = values.Any(v => v.Any(x => x.HasValue));
        if (chart.Kind == ChartKind.Line) AddLines(plot, chart.Series, values, colours);
        else AddBars(plot, chart.Series, values, colours, chart.Kind == ChartKind.StackedBars);
        if (!hasData)
        {
            var text = plot.Add.Text(chart.NoData, Math.Max(0, labels.Count - 1) / 2.0, chart.Percent ? 50 : 2);
            text.LabelStyle.FontSize = FontSize;
            text.LabelStyle.ForeColor = Color.FromHex("#6b7280");
            text.LabelStyle.Alignment = Alignment.MiddleCenter;
        }

        // Axes: the periods below (a few labels, the latest always), from 0 up the left side.
        var x = new ScottPlot.TickGenerators.NumericManual();
        var step = Math.Max(1, (int)Math.Ceiling(labels.Count / (double)MaxXTicks));
        for (var i = 0; i < labels.Count; i++)
            if ((labels.Count - 1 - i) % step == 0) x.AddMajor(i, labels[i]);
        plot.Axes.Bottom.TickGenerator = x;
        var top = Top(values, chart.Kind == ChartKind.StackedBars, out var tick);
        if (chart.Percent) (top, tick) = (100m, 25m);
        var y = new ScottPlot.TickGenerators.NumericManual();
        for (var v = 0m; v <= top; v += tick)
            y.AddMajor((double)v, chart.Percent ? $"{v:0}%" : v.ToString("N0", CultureInfo.InvariantCulture));
        plot.Axes.Left.TickGenerator = y;
        plot.Axes.SetLimits(-0.5, Math.Max(1, labels.Count) - 0.5, 0, (double)top * 1.04);
        foreach (var axis in new[] { plot.Axes.Bottom.TickLabelStyle, plot.Axes.Left.TickLabelStyle }) axis.FontSize = FontSize;
        if (chart.YLabel is { Length: > 0 } yLabel && !chart.Percent) plot.YLabel(yLabel, FontSize);
        plot.Axes.Top.FrameLineStyle.Width = 0;
        plot.Axes.Right.FrameLineStyle.Width = 0;
        plot.Grid.XAxisStyle.MajorLineStyle.Width = 0;

        if (chart.Series.Count > 0)
        {
            var legend = plot.ShowLegend(Edge.Bottom);
            legend.Legend.Orientation = Orientation.Horizontal;
            legend.Legend.FontSize = FontSize;
            legend.Legend.FontName = Font.Family;
            legend.Padding = new PixelPadding(0, 0, 2, 6);
            legend.Legend.OutlineWidth = 0;
            legend.Legend.ShadowColor = Colors.Transparent;
            legend.Legend.BackgroundColor = Colors.Transparent;
        }

        var known = chart.Series.Select(s => s.Name).Concat(labels).Append(chart.NoData).Append(chart.YLabel ?? "")
            .Concat(x.Ticks.Select(t => t.Label)).Concat(y.Ticks.Select(t => t.Label));
        return Tidy(plot.GetSvgXml(Width, Height), chart, known);
    }

    private static void AddLines(Plot plot, IReadOnlyList<ChartSeries> series, List<decimal?[]> values, string[] colours)
    {
        MarkerShape[] shapes = [MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp, MarkerShape.FilledDiamond];
        for (var s = 0; s < series.Count; s++)
        {
            var colour = Color.FromHex(colours[s]);
            // A period without data breaks the line: each run of values is drawn on its own, named once in the legend.
            var runs = Runs(values[s]);
            var named = false;
            foreach (var run in runs)
            {
                var line = plot.Add.Scatter(run.Select(i => (double)i).ToArray(), run.Select(i => (double)values[s][i]!.Value).ToArray(), colour);
                line.LineWidth = 2.5f;
                line.MarkerSize = 8;
                line.MarkerShape = shapes[s % shapes.Length];
                if (!named) line.LegendText = series[s].Name;
                named = true;
            }
            if (!named) plot.Legend.ManualItems.Add(new LegendItem { LabelText = series[s].Name, LineColor = colour, LineWidth = 2.5f, MarkerShape = shapes[s % shapes.Length], MarkerColor = colour });
        }
    }

    private static void AddBars(Plot plot, IReadOnlyList<ChartSeries> series, List<decimal?[]> values, string[] colours, bool stacked)
    {
        var periods = values.Count == 0 ? 0 : values[0].Length;
        var width = stacked || series.Count == 0 ? 0.7 : 0.8 / series.Count;
        var bases = new decimal[periods];
        for (var s = 0; s < series.Count; s++)
        {
            var colour = Color.FromHex(colours[s]);
            var bars = new List<SpBar>();
            for (var i = 0; i < periods; i++)
            {
                if (values[s][i] is not { } v) continue;
                var position = stacked ? i : i - 0.4 + (s + 0.5) * width;
                bars.Add(new SpBar { Position = position, ValueBase = (double)bases[i], Value = (double)(bases[i] + v), Size = width * (stacked ? 1 : 0.9), FillColor = colour, LineWidth = 0 });
                if (stacked) bases[i] += v;
            }
            if (bars.Count > 0) plot.Add.Bars(bars).LegendText = series[s].Name;
            else plot.Legend.ManualItems.Add(new LegendItem { LabelText = series[s].Name, FillColor = colour });
        }
    }

    private static List<List<int>> Runs(decimal?[] values)
    {
        var runs = new List<List<int>>();
        List<int>? current = null;
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] is null) { current = null; continue; }
            if (current is null) runs.Add(current = []);
            current.Add(i);
        }
        return runs;
    }

    /// <summary>The top of a count axis: the largest value (or stack) rounded up to a step of 1, 2, 2.5 or 5 × 10ⁿ, in about four steps; 0–4 when all is zero.</summary>
    private static decimal Top(List<decimal?[]> values, bool stacked, out decimal step)
    {
        var max = stacked
            ? Enumerable.Range(0, values.Count == 0 ? 0 : values[0].Length).Select(i => values.Sum(v => Math.Max(0, v[i] ?? 0))).DefaultIfEmpty(0).Max()
            : values.SelectMany(v => v).Select(v => v ?? 0).DefaultIfEmpty(0).Max();
        step = 1;
        if (max <= 0) return 4;
        var raw = max / 4;
        if (raw > 1)
        {
            var magnitude = (decimal)Math.Pow(10, Math.Floor(Math.Log10((double)raw)));
            step = new[] { 1m, 2m, 2.5m, 5m, 10m }.Select(f => f * magnitude).Where(s => s == Math.Floor(s)).First(s => s >= raw);
        }
        return Math.Ceiling(max / step) * step;
    }

    private static string[] Colours(IReadOnlyList<ChartSeries> series)
    {
        var next = 0;
        return series.Select(s => s.Color ?? ChartColors.Palette[next++ % ChartColors.Palette.Length]).ToArray();
    }

    /// <summary>
    /// Makes ScottPlot's SVG fit for a page: sized by viewBox, with an accessible name, ids of its own (several charts on a
    /// page), the page's CJK fonts, and the text as written — Skia writes text back from glyphs, and a CJK font's glyph of
    /// 高 is also the Kangxi radical ⾼, so each text is matched by its glyphs to the label it was drawn from.
    /// </summary>
    private static string Tidy(string svgXml, ChartSpec chart, IEnumerable<string> known)
    {
        var doc = XDocument.Parse(svgXml);
        var svg = doc.Root!;
        var id = "c" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(svgXml)))[..8].ToLowerInvariant();
        svg.SetAttributeValue("width", null);
        svg.SetAttributeValue("height", null);
        svg.SetAttributeValue("viewBox", $"0 0 {Width} {Height}");
        svg.SetAttributeValue("class", "chart-svg");
        svg.SetAttributeValue("role", "img");
        svg.SetAttributeValue("aria-labelledby", id + "-title");
        svg.SetAttributeValue("focusable", "false");
        svg.AddFirst(new XElement(Svg + "title", new XAttribute("id", id + "-title"), chart.Title));

        var byGlyphs = known.Where(k => k.Length > 0).Distinct().GroupBy(Font.Glyphs).ToDictionary(g => g.Key, g => g.First());
        foreach (var e in svg.Descendants())
        {
            if (e.Attribute("id") is { } a && e.Name != Svg + "title") a.Value = $"{id}-{a.Value}";
            foreach (var attr in e.Attributes().Where(x => x.Value.Contains("url(#", StringComparison.Ordinal)))
                attr.Value = attr.Value.Replace("url(#", $"url(#{id}-", StringComparison.Ordinal);
            if (e.Name != Svg + "text") continue;
            e.SetAttributeValue("font-family", FontStack);
            // ScottPlot puts a baseline at the bottom of the text's box less the font's lowest glyph extent, which a
            // CJK font makes large (its Chinese labels would float above their ticks): move it to the box less the descent.
            var drop = float.TryParse(e.Attribute("font-size")?.Value, CultureInfo.InvariantCulture, out var size) ? size * Font.BaselineDrop : 0;
            foreach (var name in new[] { "x", "y" })
                if (e.Attribute(name) is { } list)
                {
                    var parts = list.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                        .Select(v => float.Parse(v, CultureInfo.InvariantCulture) + (name == "y" ? drop : 0))
                        .Select(v => v.ToString("0.##", CultureInfo.InvariantCulture)).ToList();
                    list.Value = parts.Count == 0 ? "0" : string.Join(' ', parts);
                }
            var drawn = e.Value.Trim();
            e.Value = byGlyphs.TryGetValue(Font.Glyphs(drawn), out var text) ? text : drawn;
        }
        return svg.ToString(SaveOptions.DisableFormatting);
    }

    /// <summary>The font ScottPlot measures with: a CJK family installed on the server, else its default.</summary>
    private static class Font
    {
        public static readonly string Family = Pick();
        private static readonly SKFont Measure = new(SKTypeface.FromFamilyName(Family), 100);

        /// <summary>How far below ScottPlot's baseline the text belongs, per pixel of font size.</summary>
        public static readonly float BaselineDrop = (Measure.Metrics.Bottom - Measure.Metrics.Descent) / 100;

        public static string Glyphs(string text) => string.Join(',', Measure.GetGlyphs(text));

        private static string Pick()
        {
            string[] preferred = ["Noto Sans CJK SC", "Source Han Sans SC", "Source Han Sans CN", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Microsoft YaHei", "PingFang SC", "Droid Sans Fallback"];
            var installed = SKFontManager.Default.FontFamilies.ToHashSet(StringComparer.OrdinalIgnoreCase);
            if (preferred.FirstOrDefault(installed.Contains) is { } family) return family;
            foreach (var f in installed)
            {
                using var typeface = SKTypeface.FromFamilyName(f);
                if (typeface is not null && typeface.ContainsGlyph('中')) return f;
            }
            return Fonts.Default;
        }
    }
}

/// <summary>Series colours: the tiers keep the app's colours (高风险 red, 重点 orange, 一般 grey); other series take the palette, which avoids them.</summary>
public static class ChartColors
{
    public const string HighRisk = "#c0392b", Key = "#d35400", General = "#6b7280";
    public static readonly string[] Palette = ["#1d4ed8", "#1e8449", "#7c3aed", "#0f766e", "#a16207"];

    public static string Of(Shegong.Domain.Registry.FollowUpTier tier) => tier switch
    {
        Shegong.Domain.Registry.FollowUpTier.HighRisk => HighRisk,
        Shegong.Domain.Registry.FollowUpTier.Key => Key,
        _ => General,
    };
}
