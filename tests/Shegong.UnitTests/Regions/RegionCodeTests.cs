using Shegong.Domain.Regions;

namespace Shegong.UnitTests.Regions;

public sealed class RegionCodeTests
{
    [Theory]
    [InlineData("440000", "44", RegionLevel.Province)]
    [InlineData("440100", "4401", RegionLevel.City)]
    [InlineData("440112", "440112", RegionLevel.County)]
    [InlineData("440112010000", "440112010", RegionLevel.Township)]
    [InlineData("440112010001", "440112010001", RegionLevel.Community)]
    [InlineData("440112010", "440112010", RegionLevel.Township)]
    public void Full_and_short_forms_parse_to_the_level_where_the_zeros_begin(string input, string prefix, RegionLevel level)
    {
        RegionCode.TryParse(input, out var code, out var error).ShouldBeTrue(error);
        code.Prefix.ShouldBe(prefix);
        code.Level.ShouldBe(level);
    }

    [Theory]
    [InlineData("", "Region.CodeRequired")]
    [InlineData("44a100", "Region.CodeNotDigits")]
    [InlineData("4401001", "Region.CodeLength")]
    [InlineData("440012", "Region.CodeZeroSegment")]
    [InlineData("990000", "Region.CodeProvince")]
    [InlineData("100000", "Region.CodeProvince")]
    public void Malformed_codes_are_refused_with_the_reason(string input, string expected)
    {
        RegionCode.TryParse(input, out _, out var error).ShouldBeFalse();
        error.ShouldBe(expected);
    }

    [Fact]
    public void A_county_whose_own_segment_is_zero_parses_when_its_level_is_known()
    {
        // 东莞市 441900 is a county-level unit directly under city 4419.
        RegionCode.TryParseAtLevel("441900", RegionLevel.County, out var code, out _).ShouldBeTrue();
        code.Prefix.ShouldBe("441900");
        RegionCode.TryParseAtLevel("441900001000", RegionLevel.County, out _, out var error).ShouldBeFalse();
        error.ShouldBe("Region.CodeLevelMismatch");
    }

    [Fact]
    public void Containment_and_parents_follow_the_prefix()
    {
        var district = RegionCode.Parse("440112");
        var community = RegionCode.Parse("440112010001");
        district.Contains(community).ShouldBeTrue();
        community.Contains(district).ShouldBeFalse();
        community.ParentPrefix.ShouldBe("440112010");
        community.Full.ShouldBe("440112010001");
        RegionCode.Parse("44").ParentPrefix.ShouldBeNull();
    }
}
