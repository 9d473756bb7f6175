using System.Globalization;

namespace Shegong.Domain.Statistics;

/// <summary>
/// The one rounding rule of every rate (完成率, 实现率, 覆盖率 …): part ÷ whole in percent, rounded half up to one
/// decimal (18/32 → 56.3, 1/8 → 12.5), and no rate at all when the whole is 0 — never 0 % for "nothing to count".
/// </summary>
public static class Percent
{
    public static decimal? Of(long part, long whole) =>
        whole == 0 ? null : Math.Round(part * 100m / whole, 1, MidpointRounding.AwayFromZero);

    /// <summary>"56.3%", "100.0%", or "—" when there is no rate.</summary>
    public static string Text(decimal? rate) =>
        rate is { } r ? r.ToString("0.0", CultureInfo.InvariantCulture) + "%" : "—";
}
