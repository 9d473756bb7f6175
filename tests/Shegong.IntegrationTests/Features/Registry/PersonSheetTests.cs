using Shegong.Domain.Registry;
using Shegong.Web.Features.Registry;

namespace Shegong.IntegrationTests.Features.Registry;

/// <summary>How cells of the ledger layout are read (pure functions; no database).</summary>
public sealed class PersonSheetTests
{
    [Theory]
    [InlineData("2026-11-22")]
    [InlineData("2026/11/22")]
    [InlineData("2026/11/22 0:00:00")]
    [InlineData("20261122")]
    [InlineData(" 2026-11-22 ")]
    [InlineData("2026年11月22日")]
    public void Dates_are_read_as_people_write_them(string text)
    {
        PersonSheet.TryReadDate(text, out var date).ShouldBeTrue();
        date.ShouldBe(new DateOnly(2026, 11, 22));
    }

    [Fact]
    public void Excel_date_cells_their_serial_numbers_and_numeric_yyyymmdd_are_dates()
    {
        PersonSheet.TryReadDate(new DateTime(1942, 3, 15), out var a).ShouldBeTrue();
        a.ShouldBe(new DateOnly(1942, 3, 15));
        PersonSheet.TryReadDate(new DateTime(1942, 3, 15).ToOADate(), out var b).ShouldBeTrue();
        b.ShouldBe(new DateOnly(1942, 3, 15));
        PersonSheet.TryReadDate(19420315d, out var c).ShouldBeTrue();
        c.ShouldBe(new DateOnly(1942, 3, 15));
    }

    [Theory]
    [InlineData("2026-13-01")]
    [InlineData("2026-02-30")]
    [InlineData("明年")]
    [InlineData("22/11/2026")]
    public void Impossible_or_foreign_dates_are_refused(string text) => PersonSheet.TryReadDate(text, out _).ShouldBeFalse();

    [Fact]
    public void Person_types_take_any_usual_separator_and_name_the_unknown_ones()
    {
        PersonSheet.ParseTypes("低保、独居,空巢，失能 孤寡", out var unknown)
            .ShouldBe(PersonTypes.MinimumLiving | PersonTypes.LivingAlone | PersonTypes.EmptyNest | PersonTypes.Incapacitated | PersonTypes.Widowed);
        unknown.ShouldBeEmpty();
        PersonSheet.ParseTypes("低保户、独居、五保", out unknown).ShouldBe(PersonTypes.LivingAlone);
        unknown.ShouldBe(["低保户", "五保"]);
    }

    [Fact]
    public void Every_person_type_has_a_name_and_reads_back()
    {
        var all = PersonTypeList.Combine(PersonTypeList.All);
        var text = PersonSheet.FormatTypes(all);
        text.Split('、').Length.ShouldBe(20);
        PersonSheet.ParseTypes(text, out var unknown).ShouldBe(all);
        unknown.ShouldBeEmpty();
    }

    [Fact]
    public void Numbers_read_as_text_without_exponent_and_long_ones_are_flagged_as_altered_by_Excel()
    {
        PersonSheet.Text(13812345678d).ShouldBe("13812345678");
        PersonSheet.Text(440112010001d).ShouldBe("440112010001");
        PersonSheet.IsMangledNumber(440112194203150028d).ShouldBeTrue();
        PersonSheet.IsMangledNumber("440112194203150028").ShouldBeFalse();
        PersonSheet.Tiers.TryParse(" 高 风险 ", out var tier).ShouldBeTrue();
        tier.ShouldBe(FollowUpTier.HighRisk);
    }

    [Theory]
    [InlineData(1d, false, "1900-01-01")]
    [InlineData(59d, false, "1900-02-28")]
    [InlineData(61d, false, "1900-03-01")]
    [InlineData(15415d, false, "1942-03-15")]
    [InlineData(0d, true, "1904-01-01")]
    [InlineData(13953d, true, "1942-03-15")] // 1904 system: 1,462 days fewer
    public void Excel_serials_are_read_in_the_workbooks_date_system(double serial, bool date1904, string expected) =>
        Shegong.Web.Infrastructure.Excel.XlsxGrid.FromSerial(serial, date1904)!.Value.ToString("yyyy-MM-dd").ShouldBe(expected);

    [Fact]
    public void Excels_phantom_1900_02_29_is_no_date() => Shegong.Web.Infrastructure.Excel.XlsxGrid.FromSerial(60, false).ShouldBeNull();

    [Theory]
    [InlineData(1950d, "Import.DateIsYear")]
    [InlineData(76d, "Import.DateIsAge")]
    [InlineData(0d, "Import.DateIsAge")]
    [InlineData(1950.5d, "Import.DateInvalid")]
    [InlineData("1950", "Import.DateIsYear")]
    [InlineData("1950年", "Import.DateIsYear")]
    [InlineData("76", "Import.DateIsAge")]
    [InlineData("76岁", "Import.DateIsAge")]
    [InlineData("1950.03", "Import.DateNoDay")]
    [InlineData("1950年3月", "Import.DateNoDay")]
    public void A_number_or_text_that_looks_like_a_year_or_an_age_is_refused_saying_so(object cell, string key)
    {
        PersonSheet.ReadDate(cell, false, out _)!.Value.Key.ShouldBe(key);
    }

    [Theory]
    [InlineData("身份证号（18位）", PersonSheet.Col.IdNumber)]
    [InlineData("身份证号\n(18位)", PersonSheet.Col.IdNumber)]
    [InlineData("身份证号码", PersonSheet.Col.IdNumber)]
    [InlineData("联系方式", PersonSheet.Col.Phone)]
    [InlineData(" 姓　名 ", PersonSheet.Col.Name)]
    [InlineData("*户籍地址(必填)", PersonSheet.Col.Address)]
    [InlineData("村（社区）代码", PersonSheet.Col.CommunityCode)]
    public void Headers_match_by_alias_ignoring_spaces_line_breaks_markers_and_bracketed_notes(string header, PersonSheet.Col column) =>
        PersonSheet.Match(header)!.Id.ShouldBe(column);

    [Fact]
    public void OOXML_escapes_are_decoded() =>
        Shegong.Web.Infrastructure.Excel.XlsxGrid.Unescape("联系人_xD840__xDC3E_娣_x000D_").ShouldBe("联系人𠀾娣\r");
}
