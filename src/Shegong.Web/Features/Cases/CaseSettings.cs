using System.Globalization;
using Shegong.Domain.Cases;

namespace Shegong.Web.Features.Cases;

/// <summary>
/// The module's settings: <c>Cases:Holidays</c> and <c>Cases:MakeUpWorkdays</c> (lists of yyyy-MM-dd) make the
/// working-day calendar of referral deadlines (Monday–Friday otherwise); <c>Cases:DefaultFeedbackDays</c> the
/// deadline a referral form proposes.
/// </summary>
public static class CaseSettings
{
    public static WorkingCalendar Calendar(IConfiguration config) =>
        new(Dates(config.GetSection("Cases:Holidays")), Dates(config.GetSection("Cases:MakeUpWorkdays")));

    public static int DefaultFeedbackDays(IConfiguration config) => config.GetValue("Cases:DefaultFeedbackDays", 5);

    private static IEnumerable<DateOnly> Dates(IConfigurationSection section) =>
        section.GetChildren().Select(c => c.Value).Concat(section.Value?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [])
            .Where(v => !string.IsNullOrWhiteSpace(v))
            .Select(v => DateOnly.TryParseExact(v!.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
                : throw new InvalidOperationException($"{section.Path}: '{v}' is not a date (yyyy-MM-dd)"));
}
