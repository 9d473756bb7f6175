using Shegong.Domain.Common;
using Shegong.Domain.Registry;

namespace Shegong.UnitTests.Registry;

public sealed class PhoneNumberTests
{
    [Theory]
    [InlineData("13812345678", "13812345678")]
    [InlineData(" 138 1234 5678 ", "13812345678")]
    [InlineData("138-1234-5678", "13812345678")]
    [InlineData("+86 138 1234 5678", "13812345678")]
    [InlineData("+8613812345678", "13812345678")]
    [InlineData("＋86 13812345678", "13812345678")]
    [InlineData("(+86)13812345678", "13812345678")]
    [InlineData("0086-138-1234-5678", "13812345678")]
    [InlineData("8613812345678", "13812345678")]
    [InlineData("86 138 1234 5678", "13812345678")]
    [InlineData("19912345678", "19912345678")]
    public void Mobiles_normalise_to_eleven_digits(string input, string expected)
    {
        PhoneNumber.TryNormalize(input, out var normalized, out var error).ShouldBeTrue(error);
        normalized.ShouldBe(expected);
    }

    [Theory]
    [InlineData("010-87654321", "010-87654321")]
    [InlineData("01087654321", "010-87654321")]
    [InlineData("(010)87654321", "010-87654321")]
    [InlineData("（010）8765 4321", "010-87654321")]
    [InlineData("020 - 8765 4321", "020-87654321")]
    [InlineData("029-2345678", "029-2345678")]
    [InlineData("0755-23456789", "0755-23456789")]
    [InlineData("075523456789", "0755-23456789")]
    [InlineData("0755－2345678", "0755-2345678")]
    [InlineData("0931-8765432", "0931-8765432")]
    [InlineData("020-87654321-123", "020-87654321-123")]
    [InlineData("020-87654321转123", "020-87654321-123")]
    [InlineData("02087654321 转 123456", "020-87654321-123456")]
    [InlineData("0755-2345678-9", "0755-2345678-9")]                 // hyphen marks the extension: 7-digit local
    [InlineData("+86 20 8765 4321", "020-87654321")]
    [InlineData("+86 10 8765 4321", "010-87654321")]
    [InlineData("0086-755-23456789", "0755-23456789")]
    public void Landlines_normalise_to_area_code_hyphen_local_number(string input, string expected)
    {
        PhoneNumber.TryNormalize(input, out var normalized, out var error).ShouldBeTrue(error);
        normalized.ShouldBe(expected);
        normalized.Length.ShouldBeLessThanOrEqualTo(PhoneNumber.MaxLength);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("\u3000")]
    public void Empty_is_valid_because_a_phone_is_optional(string? input)
    {
        PhoneNumber.TryNormalize(input, out var normalized, out var error).ShouldBeTrue();
        normalized.ShouldBe("");
        error.ShouldBe("");
        PhoneNumber.Normalize(input).ShouldBe("");
    }

    [Theory]
    [InlineData("1381234567", "Phone.MobileLength")]
    [InlineData("138123456789", "Phone.MobileLength")]
    [InlineData("12345", "Phone.MobileLength")]                     // service number
    [InlineData("+86 1381234567", "Phone.MobileLength")]
    [InlineData("12812345678", "Phone.Invalid")]                    // no mobile prefix 12
    [InlineData("10012345678", "Phone.Invalid")]
    [InlineData("95588", "Phone.Invalid")]
    [InlineData("87654321", "Phone.NoAreaCode")]                        // no area code
    [InlineData("010-07654321", "Phone.LocalStart")]                    // local number starts with 0
    [InlineData("010-17654321", "Phone.LocalStart")]                    // local number starts with 1
    [InlineData("010-876543", "Phone.LocalLength")]                      // 6-digit local number
    [InlineData("010-876543210", "Phone.LocalLength")]                   // 9-digit local number
    [InlineData("0755234567891", "Phone.Extension")]                   // extension without a separator
    [InlineData("020-87654321-1234567", "Phone.Extension")]            // 7-digit extension
    [InlineData("0201-2345678", "Phone.AreaCode")]                    // 020 is a 3-digit area code
    [InlineData("075-523456789", "Phone.AreaCode")]                   // 075x is a 4-digit area code
    [InlineData("020-12345678", "Phone.LocalStart")]                 // the area code is there: the local number is wrong
    [InlineData("02012345678", "Phone.LocalStart")]
    [InlineData("2345678", "Phone.NoAreaCode")]
    [InlineData("0123-2345678", "Phone.AreaCode")]                   // no area code starts 01 but 010
    [InlineData("+1 415 555 0100", "Phone.Invalid")]
    [InlineData("138abc45678", "Phone.Invalid")]
    [InlineData("－", "Phone.Invalid")]                              // separators only: not "no phone"
    public void Other_input_is_refused(string input, string expected)
    {
        PhoneNumber.TryNormalize(input, out var normalized, out var error).ShouldBeFalse();
        error.ShouldBe(expected);
        normalized.ShouldBe("");
    }

    [Fact]
    public void Normalize_throws_the_code_for_the_field_without_echoing_the_number()
    {
        var ex = Should.Throw<DomainException>(() => PhoneNumber.Normalize("1381234567", "Contacts[0].Phone"));
        ex.Field.ShouldBe("Contacts[0].Phone");
        ex.Code.ShouldBe("Phone.MobileLength");
        ex.Args.ShouldBeEmpty();
        PhoneNumber.Normalize(" 138 1234 5678").ShouldBe("13812345678");
    }

    [Theory]
    [InlineData(null, "")]
    [InlineData("", "")]
    [InlineData("13812345678", "138****5678")]
    [InlineData("+86 138 1234 5678", "138****5678")]
    [InlineData("020-87654321", "020-****4321")]
    [InlineData("0755-2345678", "0755-****678")]
    [InlineData("020-87654321-123", "020-****4321")]
    [InlineData("not a phone", "*********ne")]
    [InlineData("x", "*")]
    public void Mask_hides_four_digits_of_either_kind(string? value, string expected) =>
        PhoneNumber.Mask(value).ShouldBe(expected);
}
