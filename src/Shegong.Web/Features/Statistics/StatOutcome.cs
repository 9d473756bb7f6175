using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Shegong.Web.Infrastructure;

namespace Shegong.Web.Features.Statistics;

/// <summary>
/// What a statistics query answers: its figures, or why there are none — the area is not the caller's (not found), or
/// the period asked for does not parse (a bad request: figures are never shown for a period nobody asked for).
/// </summary>
public sealed record StatOutcome<T>(T? Figures, bool BadPeriod = false) where T : class
{
    public static readonly StatOutcome<T> NotFound = new(Figures: null);
    public static readonly StatOutcome<T> InvalidPeriod = new(null, true);
}

/// <summary>The period of a statistics request: absent or empty means this month; anything else must be one of the accepted forms.</summary>
public static class StatPeriodInput
{
    public const string Field = "period";

    public static bool TryResolve(string? text, out StatPeriod period, bool allowYear = false)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            period = StatPeriod.CurrentMonth(ChinaTime.Today);
            return true;
        }
        return StatPeriod.TryParse(text, out period, allowYear);
    }

    /// <summary>A period's name on a page: 2026 年 11 月, 2026 年第 4 季度, 2026 年上半年, 2026 年.</summary>
    public static string Label(IStringLocalizer l, string code) => code.Length == 4 ? l["WishStats.YearLabel", code]
        : code.Contains('Q') ? l["Stats.QuarterLabel", code[..4], code[^1..]]
        : code.Contains('H') ? l[code[^1] == '1' ? "Stats.FirstHalfLabel" : "Stats.SecondHalfLabel", code[..4]]
        : l["Stats.MonthLabel", code[..4], int.Parse(code[5..], System.Globalization.CultureInfo.InvariantCulture)];

    /// <summary>"统计期间：格式不正确，应为 2026-11（月）、2026-Q4（季度）、2026-H1（半年）或 2026（年）" — the field, what is wrong and the accepted forms.</summary>
    public static string Message(IStringLocalizer l, bool allowYear) =>
        $"{l["Stats.Period"]}：{l[allowYear ? "Stats.PeriodInvalidOrYear" : "Stats.PeriodInvalid"]}";

    public static ValidationProblem Problem(IStringLocalizer l, bool allowYear) =>
        ErrorHandling.Validation(l, [(Field, Message(l, allowYear))]);
}
