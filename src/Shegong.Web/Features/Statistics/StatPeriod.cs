using System.Globalization;
using Shegong.Domain.Statistics;

namespace Shegong.Web.Features.Statistics;

/// <summary>A statistics period: a month ("2026-11"), a quarter ("2026-Q4"), a half-year ("2026-H1", 半年报) or, where a
/// figure allows it, a year ("2026": month, quarter and half 0).</summary>
public sealed record StatPeriod(int Year, int Month, int Quarter, int Half = 0)
{
    public bool IsQuarter => Quarter > 0;
    public bool IsHalf => Half > 0;
    public bool IsYear => Quarter == 0 && Month == 0 && Half == 0;
    public DateOnly Start => IsYear ? new DateOnly(Year, 1, 1) : IsHalf ? new DateOnly(Year, Half == 1 ? 1 : 7, 1)
        : IsQuarter ? new DateOnly(Year, (Quarter - 1) * 3 + 1, 1) : new DateOnly(Year, Month, 1);
    private int MonthCount => IsYear ? 12 : IsHalf ? 6 : IsQuarter ? 3 : 1;
    public DateOnly End => Start.AddMonths(MonthCount).AddDays(-1);
    /// <summary>The month whose end closes the period (for on-file counts).</summary>
    public int LastMonth => StatFigure.MonthOf(End);
    public int VisitedPeriod => IsYear ? Year : IsHalf ? Year * 10 + Half : IsQuarter ? Year * 10 + Quarter : Year * 100 + Month;
    public StatDimension VisitedDimension => IsYear ? StatDimension.VisitedInYear : IsHalf ? StatDimension.VisitedInHalf
        : IsQuarter ? StatDimension.VisitedInQuarter : StatDimension.VisitedInMonth;
    public IEnumerable<int> Months => Enumerable.Range(0, MonthCount).Select(i => StatFigure.MonthOf(Start.AddMonths(i)));
    public string Code => IsYear ? $"{Year}" : IsHalf ? $"{Year}-H{Half}" : IsQuarter ? $"{Year}-Q{Quarter}" : $"{Year}-{Month:00}";

    public static StatPeriod CurrentMonth(DateOnly today) => new(today.Year, today.Month, 0);

    /// <summary>Parses a month, a quarter or a half-year; a year ("2026") only with <paramref name="allowYear"/> (figures that have no yearly form refuse it).</summary>
    public static bool TryParse(string? text, out StatPeriod period, bool allowYear = false)
    {
        period = default!;
        var s = text?.Trim().ToUpperInvariant() ?? "";
        if (allowYear && s.Length == 4 && int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is >= 2000 and <= 2100)
        {
            period = new StatPeriod(year, 0, 0);
            return true;
        }
        if (s.Length == 7 && s[4] == '-' && s[5] == 'Q' && int.TryParse(s[..4], out var y) && s[6] is >= '1' and <= '4' && y is >= 2000 and <= 2100)
        {
            period = new StatPeriod(y, 0, s[6] - '0');
            return true;
        }
        if (s.Length == 7 && s[4] == '-' && s[5] == 'H' && int.TryParse(s[..4], NumberStyles.None, CultureInfo.InvariantCulture, out var hy)
            && s[6] is '1' or '2' && hy is >= 2000 and <= 2100)
        {
            period = new StatPeriod(hy, 0, 0, s[6] - '0');
            return true;
        }
        if (DateOnly.TryParseExact(s + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) && d.Year is >= 2000 and <= 2100)
        {
            period = new StatPeriod(d.Year, d.Month, 0);
            return true;
        }
        return false;
    }

    public StatPeriod Previous => IsYear ? new StatPeriod(Year - 1, 0, 0)
        : IsHalf ? (Half == 1 ? new StatPeriod(Year - 1, 0, 0, 2) : new StatPeriod(Year, 0, 0, 1))
        : IsQuarter
        ? (Quarter == 1 ? new StatPeriod(Year - 1, 0, 4) : new StatPeriod(Year, 0, Quarter - 1))
        : new StatPeriod(Start.AddMonths(-1).Year, Start.AddMonths(-1).Month, 0);
}
