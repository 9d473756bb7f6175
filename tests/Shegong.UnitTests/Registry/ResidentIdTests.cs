using CsCheck;
using Shegong.Domain.Common;
using Shegong.Domain.Registry;
using static System.FormattableString;

namespace Shegong.UnitTests.Registry;

public sealed class ResidentIdTests
{
    /// <summary>The example printed in GB 11643-1999.</summary>
    private const string Example = "11010519491231002X";

    private static readonly DateOnly Today = new(2026, 11, 24);

    /// <summary>
    /// Appends the check character, computed independently of the code under test: ISO 7064 MOD 11-2 in its
    /// weight-free form, weight 2^(17-i) mod 11, check value (12 - sum mod 11) mod 11 with 10 written X.
    /// </summary>
    internal static string WithCheck(string first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += (first17[i] - '0') * (int)(Math.Pow(2, 17 - i) % 11);
        var check = (12 - sum % 11) % 11;
        return first17 + "0123456789X"[check];
    }

    [Fact]
    public void The_standard_example_parses()
    {
        ResidentId.TryParse(Example, out var id, out var error).ShouldBeTrue(error);
        id.Value.ShouldBe(Example);
        id.BirthDate.ShouldBe(new DateOnly(1949, 12, 31));
        id.Gender.ShouldBe(Gender.Female);
        id.AddressCode.ShouldBe("110105");
        id.Masked.ShouldBe("110105********002X");
        id.ToString().ShouldBe(Example);
    }

    [Theory]
    [InlineData("11010519491231002x")]
    [InlineData("  11010519491231002X ")]
    [InlineData("110105 19491231 002X")]
    [InlineData("110105\u300019491231\u3000002x")]
    public void Lowercase_x_and_spaces_are_normalised(string input)
    {
        var id = ResidentId.Parse(input);
        id.Value.ShouldBe(Example);
        id.ShouldBe(ResidentId.Parse(Example));
    }

    [Theory]
    [InlineData("11010519900307001", Gender.Male)]
    [InlineData("11010519900307003", Gender.Male)]
    [InlineData("11010519900307000", Gender.Female)]
    [InlineData("11010519900307998", Gender.Female)]
    public void Gender_is_the_parity_of_the_seventeenth_digit(string first17, Gender gender) =>
        ResidentId.Parse(WithCheck(first17)).Gender.ShouldBe(gender);

    [Theory]
    [InlineData(null, "IdNumber.Required")]
    [InlineData("", "IdNumber.Required")]
    [InlineData("   ", "IdNumber.Required")]
    [InlineData("1101051949123100", "IdNumber.Length")]
    [InlineData("11010519491231002X1", "IdNumber.Length")]
    [InlineData("110105491231002", "IdNumber.Legacy15")]          // first-generation 15-digit number: recognised
    [InlineData("11010549123100X", "IdNumber.Length")]            // 15 characters, not all digits: not an old number
    [InlineData("1101051949123100XX", "IdNumber.Chars")]
    [InlineData("11010519491231002Y", "IdNumber.Chars")]
    [InlineData("11010519491231-02X", "IdNumber.Chars")]
    [InlineData("１１010519491231002X", "IdNumber.Chars")]           // full-width digits
    [InlineData("990105194912310023", "IdNumber.Region")]           // check digit right, province 99
    [InlineData("100105194912310028", "IdNumber.Region")]           // province 10
    [InlineData("160105194912310029", "IdNumber.Region")]           // made-up province codes with right check digits
    [InlineData("190105194912310024", "IdNumber.Region")]
    [InlineData("240105194912310029", "IdNumber.Region")]
    [InlineData("290105194912310028", "IdNumber.Region")]
    [InlineData("38010519491231002X", "IdNumber.Region")]
    [InlineData("390105194912310021", "IdNumber.Region")]
    [InlineData("470105194912310021", "IdNumber.Region")]
    [InlineData("440524188001010014", "IdNumber.BirthDate")]        // GB example born 1880: right check digit
    [InlineData("110105199902290013", "IdNumber.BirthDate")]        // 1999-02-29
    [InlineData("110105190002290017", "IdNumber.BirthDate")]        // 1900 was not a leap year
    [InlineData("110105189912310015", "IdNumber.BirthDate")]        // day before 1900-01-01
    [InlineData("110105194913310023", "IdNumber.BirthDate")]        // month 13
    [InlineData("110105194912000023", "IdNumber.BirthDate")]        // day 0
    [InlineData("110105000001010023", "IdNumber.BirthDate")]        // year 0
    [InlineData("110105194912310021", "IdNumber.CheckDigit")]
    [InlineData("110105194912310020", "IdNumber.CheckDigit")]
    public void Malformed_numbers_are_refused_with_the_reason(string? input, string expected)
    {
        ResidentId.TryParse(input, out var id, out var error).ShouldBeFalse();
        error.ShouldBe(expected);
        id.ShouldBe(default);
    }

    [Fact]
    public void Checks_run_in_order_so_the_first_fault_is_reported()
    {
        // Province 99, 1999-02-29 and a wrong check digit, plus a bad last character in the first case:
        // each time only the earliest fault is reported.
        ResidentId.TryParse("99010519990229001A", out _, out var e1).ShouldBeFalse();
        e1.ShouldBe("IdNumber.Chars");
        ResidentId.TryParse("990105199902290010", out _, out var e2).ShouldBeFalse();
        e2.ShouldBe("IdNumber.Region");
        ResidentId.TryParse("110105199902290010", out _, out var e3).ShouldBeFalse();
        e3.ShouldBe("IdNumber.BirthDate");
    }

    [Fact]
    public void Leap_days_and_the_earliest_date_are_accepted()
    {
        ResidentId.Parse(WithCheck("11010520000229001")).BirthDate.ShouldBe(new DateOnly(2000, 2, 29));
        ResidentId.Parse(WithCheck("11010519000101001")).BirthDate.ShouldBe(ResidentId.EarliestBirthDate);
    }

    [Fact]
    public void A_birth_date_after_today_in_China_is_refused()
    {
        var bornToday = WithCheck(Invariant($"110105{Today:yyyyMMdd}001"));
        var bornTomorrow = WithCheck(Invariant($"110105{Today.AddDays(1):yyyyMMdd}001"));
        ResidentId.TryParse(bornToday, Today, out _, out var error).ShouldBeTrue(error);
        ResidentId.TryParse(bornTomorrow, Today, out _, out error).ShouldBeFalse();
        error.ShouldBe("IdNumber.BirthDate");

        // Without an explicit day the clock is read in China time; the year 2099 is in the future whatever the zone.
        ResidentId.TryParse(WithCheck("11010520990101001"), out _, out error).ShouldBeFalse();
        error.ShouldBe("IdNumber.BirthDate");
    }

    [Fact]
    public void Parse_throws_the_code_for_the_field_without_echoing_the_number()
    {
        var ex = Should.Throw<DomainException>(() => ResidentId.Parse("110105194912310021", "Members[2].IdNumber"));
        ex.Field.ShouldBe("Members[2].IdNumber");
        ex.Code.ShouldBe("IdNumber.CheckDigit");
        ex.Args.ShouldBeEmpty();
        Should.Throw<DomainException>(() => ResidentId.Parse(null)).Field.ShouldBe("IdNumber");
    }

    [Theory]
    [InlineData("11010519491231002", 'X')]
    [InlineData("44052418800101001", '4')]
    [InlineData("11010519900307001", '7')]
    public void Check_digit_follows_ISO_7064_MOD_11_2(string first17, char expected)
    {
        ResidentId.CheckDigit(first17).ShouldBe(expected);
        ResidentId.CheckDigit(first17).ShouldBe(WithCheck(first17)[17]);
    }

    [Theory]
    [InlineData("1101051949123100")]
    [InlineData("110105194912310021")]
    [InlineData("1101051949123100A")]
    public void Check_digit_needs_17_digits(string input) =>
        Should.Throw<ArgumentException>(() => ResidentId.CheckDigit(input));

    [Fact]
    public void Create_builds_a_valid_number_whose_gender_follows_the_sequence()
    {
        var id = ResidentId.Create("110105", new DateOnly(1949, 12, 31), 2);
        id.Value.ShouldBe(Example);
        id.Gender.ShouldBe(Gender.Female);
        ResidentId.Create("440112", new DateOnly(1985, 6, 1), 999).Gender.ShouldBe(Gender.Male);
        ResidentId.Create("440112", new DateOnly(1985, 6, 1), 0).Value.ShouldStartWith("44011219850601000");
    }

    [Fact]
    public void Create_refuses_what_cannot_make_a_valid_number()
    {
        Should.Throw<ArgumentException>(() => ResidentId.Create("11010", new DateOnly(1990, 1, 1), 1));
        Should.Throw<ArgumentException>(() => ResidentId.Create("11010A", new DateOnly(1990, 1, 1), 1));
        Should.Throw<ArgumentException>(() => ResidentId.Create("990105", new DateOnly(1990, 1, 1), 1));
        Should.Throw<ArgumentException>(() => ResidentId.Create("110105", new DateOnly(1899, 12, 31), 1));
        Should.Throw<ArgumentOutOfRangeException>(() => ResidentId.Create("110105", new DateOnly(1990, 1, 1), 1000));
        Should.Throw<ArgumentOutOfRangeException>(() => ResidentId.Create("110105", new DateOnly(1990, 1, 1), -1));
    }

    [Theory]
    [InlineData(null, "")]
    [InlineData("", "")]
    [InlineData("11010519491231002X", "110105********002X")]
    [InlineData("110105491231002", "110105*****1002")]         // a legacy 15-digit value
    [InlineData("1101051949123", "***********23")]
    [InlineData("12345", "***45")]
    [InlineData("12", "**")]
    [InlineData("1", "*")]
    public void Mask_hides_the_middle_of_any_stored_value(string? value, string expected) =>
        ResidentId.Mask(value).ShouldBe(expected);

    [Fact]
    public void Entered_birth_date_and_gender_must_agree_with_the_number()
    {
        var id = ResidentId.Parse(Example);
        ResidentId.AgreementError(id, null, null).ShouldBeNull();
        ResidentId.AgreementError(id, new DateOnly(1949, 12, 31), Gender.Female).ShouldBeNull();
        ResidentId.AgreementError(id, new DateOnly(1949, 12, 30), Gender.Female).ShouldBe("IdNumber.BirthDateMismatch");
        ResidentId.AgreementError(id, null, Gender.Male).ShouldBe("IdNumber.GenderMismatch");
        // Both wrong: the birth date is reported first.
        ResidentId.AgreementError(id, new DateOnly(1950, 1, 1), Gender.Male).ShouldBe("IdNumber.BirthDateMismatch");
    }

    // Province codes in use (GB/T 2260), plus 71 台湾, 81 香港, 82 澳门 which appear on residence permits.
    private static readonly string[] Provinces =
    [
        "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
        "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
        "71", "81", "82", "83",
    ];

    [Fact]
    public void The_province_list_is_GB_T_2260_and_the_three_residence_permit_codes()
    {
        Shegong.Domain.Regions.Provinces.All.Select(p => p.Code).Order().ShouldBe(Provinces.Order());
        Shegong.Domain.Regions.Provinces.All.Where(p => p.ResidencePermit).Select(p => p.Code).ShouldBe(["81", "82", "83"]);
        // Every two-digit code not in the list is refused, with a right check digit.
        foreach (var code in Enumerable.Range(0, 100).Select(n => n.ToString("D2", System.Globalization.CultureInfo.InvariantCulture)).Except(Provinces))
        {
            ResidentId.TryParse(WithCheck(code + "0105194912310" + "02"), new DateOnly(2026, 1, 1), out _, out var error).ShouldBeFalse(code);
            error.ShouldBe("IdNumber.Region", code);
        }
    }

    [Theory]
    [InlineData("810105194912310022")]
    [InlineData("820105194912310022")]
    [InlineData("830105194912310029")]
    public void Residence_permits_of_Hong_Kong_Macao_and_Taiwan_residents_are_accepted_and_recognised(string input)
    {
        var value = WithCheck(input[..17]);
        ResidentId.TryParse(value, new DateOnly(2026, 1, 1), out var id, out var error).ShouldBeTrue(error);
        id.IsResidencePermit.ShouldBeTrue();
        ResidentId.Parse("11010519491231002X").IsResidencePermit.ShouldBeFalse();
    }

    [Theory]
    [InlineData("110105491231002", "11010519491231002X")]
    [InlineData("440103380715123", "440103193807151230")]
    [InlineData(" 440103 380715 123 ", "440103193807151230")]
    public void A_15_digit_number_upgrades_by_inserting_19_and_computing_the_check_digit(string old, string expected)
    {
        ResidentId.TryUpgrade15(old, new DateOnly(2026, 1, 1), out var id, out var error).ShouldBeTrue(error);
        id.Value.ShouldBe(expected);
        id.BirthDate.ShouldBe(new DateOnly(1900 + int.Parse(expected[8..10]), int.Parse(expected[10..12]), int.Parse(expected[12..14])));
    }

    [Theory]
    [InlineData("990105491231002", "IdNumber.Region")]
    [InlineData("110105491331002", "IdNumber.BirthDate")]
    [InlineData("11010519491231002X", "IdNumber.Legacy15Invalid")]
    public void A_15_digit_number_that_cannot_be_upgraded_says_why(string old, string expected)
    {
        ResidentId.TryUpgrade15(old, new DateOnly(2026, 1, 1), out _, out var error).ShouldBeFalse();
        error.ShouldBe(expected);
    }

    private static readonly Gen<(string Value, DateOnly BirthDate, int Sequence)> GenValid =
        Gen.Select(
            Gen.OneOfConst(Provinces),
            Gen.Int[0, 9999],
            Gen.DateOnly[ResidentId.EarliestBirthDate, DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8))],
            Gen.Int[0, 999],
            (province, rest, birthDate, sequence) =>
                (WithCheck(Invariant($"{province}{rest:D4}{birthDate:yyyyMMdd}{sequence:D3}")), birthDate, sequence));

    [Fact]
    public void Every_well_formed_number_parses_to_what_it_was_built_from() =>
        GenValid.Sample(t =>
        {
            ResidentId.TryParse(t.Value, out var id, out var error).ShouldBeTrue(error);
            id.Value.ShouldBe(t.Value);
            id.BirthDate.ShouldBe(t.BirthDate);
            id.Gender.ShouldBe(t.Sequence % 2 == 1 ? Gender.Male : Gender.Female);
            ResidentId.Create(t.Value[..6], t.BirthDate, t.Sequence).ShouldBe(id);
        }, iter: 5_000);

    /// <summary>
    /// MOD 11-2 catches every single substitution: changing digit i by d (0 &lt; |d| &lt; 11) changes the sum by
    /// w_i·d, and as 11 is prime and no weight is a multiple of 11, that is never 0 mod 11. This checks it.
    /// </summary>
    [Fact]
    public void Every_single_character_change_is_refused() =>
        Gen.Select(GenValid, Gen.Int[0, 17], Gen.OneOfConst("0123456789X".ToCharArray()))
            .Where(t => t.Item1.Value[t.Item2] != t.Item3)
            .Sample((valid, position, replacement) =>
            {
                var changed = string.Concat(valid.Value.AsSpan(0, position), [replacement], valid.Value.AsSpan(position + 1));
                ResidentId.TryParse(changed, out _, out var error).ShouldBeFalse(changed);
                error.ShouldBeOneOf("IdNumber.Chars", "IdNumber.Region", "IdNumber.BirthDate", "IdNumber.CheckDigit");
            }, iter: 5_000);
}
