namespace Shegong.Domain.Cases;

/// <summary>
/// Working days for referral deadlines: Monday to Friday, minus the configured public holidays, plus the configured
/// make-up working days (调休 weekends). The project had no calendar; the lists come from settings (Cases:Holidays,
/// Cases:MakeUpWorkdays).
/// </summary>
public sealed class WorkingCalendar(IEnumerable<DateOnly> holidays, IEnumerable<DateOnly> makeUpWorkdays)
{
    private readonly HashSet<DateOnly> _holidays = [.. holidays];
    private readonly HashSet<DateOnly> _makeUp = [.. makeUpWorkdays];

    public static readonly WorkingCalendar MondayToFriday = new([], []);

    public bool IsWorkingDay(DateOnly d) =>
        _makeUp.Contains(d) || (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !_holidays.Contains(d));

    /// <summary>The day <paramref name="days"/> working days after <paramref name="from"/> (the day itself not counted).</summary>
    public DateOnly AddWorkingDays(DateOnly from, int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        var d = from;
        for (var left = days; left > 0;)
        {
            d = d.AddDays(1);
            if (IsWorkingDay(d)) left--;
        }
        return d;
    }
}
