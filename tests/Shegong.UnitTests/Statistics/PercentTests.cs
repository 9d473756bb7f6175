using Shegong.Domain.Statistics;

namespace Shegong.UnitTests.Statistics;

public sealed class PercentTests
{
    [Theory]
    [InlineData(18, 32, "56.3")] // 56.25: half up, where banker's rounding gave 56.2
    [InlineData(1, 8, "12.5")]
    [InlineData(2, 3, "66.7")]
    [InlineData(1, 3, "33.3")]
    [InlineData(1, 16, "6.3")] // 6.25
    [InlineData(2258, 2304, "98.0")]
    [InlineData(5, 5, "100.0")]
    [InlineData(0, 7, "0.0")]
    public void A_rate_is_rounded_half_up_to_one_decimal(long part, long whole, string expected) =>
        Percent.Of(part, whole).ShouldBe(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void Nothing_to_count_is_no_rate_not_zero()
    {
        Percent.Of(0, 0).ShouldBeNull();
        Percent.Text(null).ShouldBe("—");
    }

    [Fact]
    public void The_text_form_always_has_one_decimal() =>
        (Percent.Text(Percent.Of(18, 32)), Percent.Text(Percent.Of(5, 5)), Percent.Text(Percent.Of(0, 7))).ShouldBe(("56.3%", "100.0%", "0.0%"));
}
