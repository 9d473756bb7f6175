namespace Shegong.Domain.Statistics;

/// <summary>The one rounding rule of every rate: a percentage rounded half up to one decimal (18/32 → 56.3); none when the whole is 0.</summary>
public static class Percent
{
    public static decimal? Of(long part, long whole) => whole == 0 ? null : Math.Round(part * 100m / whole, 1, MidpointRounding.AwayFromZero);

    public static string Text(decimal? rate) => rate is { } r ? r.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "%" : "—";
}
