using System.Globalization;
using Shegong.Domain.Common;
using Shegong.Domain.Regions;

namespace Shegong.Domain.Registry;

/// <summary>
/// A second-generation resident identity number (居民身份证号, GB 11643-1999): address code 6 + birth date 8
/// (yyyyMMdd) + sequence 3 + check character 1. The sequence's last digit is odd for men, even for women.
/// Old 15-digit numbers (yyMMdd, no check character; replaced by 2013 but still in many elderly people's records)
/// are recognised and refused with their own code; <see cref="TryUpgrade15"/> turns one into its 18-digit form by
/// the standard rule (insert "19" before the year, compute the check character), for a person to confirm.
/// The first two digits must be a provincial code of GB/T 2260 (<see cref="Provinces"/>), or 81/82/83 of a
/// residence permit for residents of Hong Kong, Macao and Taiwan (<see cref="IsResidencePermit"/>).
/// </summary>
public readonly record struct ResidentId
{
    /// <summary>Weights of ISO 7064 MOD 11-2: 2^(17-i) mod 11 for position i.</summary>
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckCharacters = "10X98765432";

    /// <summary>Nobody registered today was born earlier; a 18xx date is a typing error.</summary>
    public static readonly DateOnly EarliestBirthDate = new(1900, 1, 1);

    /// <summary>18 characters, a final lowercase x normalised to X.</summary>
    public string Value { get; }
    public DateOnly BirthDate { get; }
    public Gender Gender { get; }

    private ResidentId(string value, DateOnly birthDate, Gender gender)
    {
        Value = value;
        BirthDate = birthDate;
        Gender = gender;
    }

    /// <summary>The county (or city) where the number was first issued; not necessarily where the person lives.</summary>
    public string AddressCode => Value[..6];

    /// <summary>A 港澳台居民居住证 number (81 Hong Kong, 82 Macao, 83 Taiwan), which has the ID number's layout.</summary>
    public bool IsResidencePermit => Provinces.IsResidencePermit(Value[..2]);

    /// <summary>For lists and logs: "110105********002X".</summary>
    public string Masked => Mask(Value);

    public override string ToString() => Value;

    /// <summary>Today in China (UTC+8, no daylight saving), so that a baby born this morning in Beijing is not "in the future".</summary>
    private static DateOnly ChinaToday() => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

    public static bool TryParse(string? input, out ResidentId id, out string errorCode) =>
        TryParse(input, ChinaToday(), out id, out errorCode);

    /// <summary>
    /// As <see cref="TryParse(string?, out ResidentId, out string)"/> with an explicit "today", for tests and for
    /// batch imports that should judge every row against the same day. Checks run in the order Required, Length,
    /// Chars, Region, BirthDate, CheckDigit, and only the first fault is reported.
    /// </summary>
    public static bool TryParse(string? input, DateOnly today, out ResidentId id, out string errorCode)
    {
        id = default;
        // Numbers are often pasted from documents as "110105 19491231 002X" or with a full-width space.
        var s = string.Concat((input ?? "").Where(c => !char.IsWhiteSpace(c)));
        if (s.Length == 0) { errorCode = "IdNumber.Required"; return false; }
        if (s.Length == 15 && !s.AsSpan().ContainsAnyExceptInRange('0', '9')) { errorCode = "IdNumber.Legacy15"; return false; }
        if (s.Length != 18) { errorCode = "IdNumber.Length"; return false; }
        if (s.AsSpan(0, 17).ContainsAnyExceptInRange('0', '9') || !(char.IsAsciiDigit(s[17]) || s[17] is 'X' or 'x'))
        { errorCode = "IdNumber.Chars"; return false; }

        if (!Provinces.IsKnown(s[..2])) { errorCode = "IdNumber.Region"; return false; }

        if (!TryReadDate(s.AsSpan(6, 8), out var birthDate) || birthDate < EarliestBirthDate || birthDate > today)
        { errorCode = "IdNumber.BirthDate"; return false; }

        if (char.ToUpperInvariant(s[17]) != CheckDigit(s.AsSpan(0, 17))) { errorCode = "IdNumber.CheckDigit"; return false; }

        var gender = (s[16] - '0') % 2 == 1 ? Gender.Male : Gender.Female;
        id = new ResidentId(s[..17] + char.ToUpperInvariant(s[17]), birthDate, gender);
        errorCode = "";
        return true;
    }

    /// <summary>
    /// An old 15-digit number (address 6 + yyMMdd + sequence 3) as its 18-digit form: "19" inserted before the
    /// year, the check character computed (GB 11643-1999). False with the error code of the upgraded number
    /// (region, birth date) or "IdNumber.Legacy15Invalid" when the input is not 15 digits.
    /// </summary>
    public static bool TryUpgrade15(string? input, DateOnly today, out ResidentId id, out string errorCode)
    {
        id = default;
        var s = string.Concat((input ?? "").Where(c => !char.IsWhiteSpace(c)));
        if (s.Length != 15 || s.AsSpan().ContainsAnyExceptInRange('0', '9')) { errorCode = "IdNumber.Legacy15Invalid"; return false; }
        var first17 = string.Concat(s.AsSpan(0, 6), "19", s.AsSpan(6));
        return TryParse(first17 + CheckDigit(first17), today, out id, out errorCode);
    }

    /// <summary>
    /// Throws <see cref="DomainException"/> with the error code and no arguments: the number is personal data
    /// and must not travel into messages or logs.
    /// </summary>
    public static ResidentId Parse(string? input, string field = "IdNumber")
    {
        if (!TryParse(input, out var id, out var error)) throw new DomainException(field, error);
        return id;
    }

    /// <summary>ISO 7064 MOD 11-2 check character of the first 17 digits.</summary>
    public static char CheckDigit(ReadOnlySpan<char> first17)
    {
        if (first17.Length != 17 || first17.ContainsAnyExceptInRange('0', '9'))
            throw new ArgumentException("Expected 17 ASCII digits.", nameof(first17));
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += (first17[i] - '0') * Weights[i];
        return CheckCharacters[sum % 11];
    }

    /// <summary>
    /// Builds a valid number (check character computed) for generators and test data. The sequence's parity sets
    /// the gender. Throws <see cref="ArgumentException"/> for inputs that could not make a valid number.
    /// </summary>
    public static ResidentId Create(string addressCode6, DateOnly birthDate, int sequence3)
    {
        if (addressCode6 is not { Length: 6 } || addressCode6.AsSpan().ContainsAnyExceptInRange('0', '9'))
            throw new ArgumentException("Expected 6 ASCII digits.", nameof(addressCode6));
        ArgumentOutOfRangeException.ThrowIfNegative(sequence3);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sequence3, 999);
        // Invariant culture: under e.g. th-TH "yyyy" would print the Buddhist-era year.
        var first17 = string.Create(CultureInfo.InvariantCulture, $"{addressCode6}{birthDate:yyyyMMdd}{sequence3:D3}");
        if (!TryParse(first17 + CheckDigit(first17), out var id, out var error))
            throw new ArgumentException($"Cannot build a valid ID number: {error}.");
        return id;
    }

    /// <summary>
    /// Masks any stored value, valid or not: 18 characters show as "110105********002X" (first 6, last 4).
    /// At least 4 characters are always hidden: strings of 14 or more keep the first 6 and last 4, shorter ones
    /// keep only the last 2, and 1–2 characters are hidden entirely.
    /// </summary>
    public static string Mask(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (value.Length >= 14) return string.Concat(value.AsSpan(0, 6), new string('*', value.Length - 10), value.AsSpan(value.Length - 4));
        if (value.Length <= 2) return new string('*', value.Length);
        return string.Concat(new string('*', value.Length - 2), value.AsSpan(value.Length - 2));
    }

    /// <summary>
    /// When a form asks for birth date and gender besides the ID number, they must agree with it; a mismatch
    /// usually means the ID was typed for the wrong person. Returns the error code, or null when they agree
    /// (or were not entered).
    /// </summary>
    public static string? AgreementError(ResidentId id, DateOnly? enteredBirthDate, Gender? enteredGender)
    {
        if (enteredBirthDate is { } d && d != id.BirthDate) return "IdNumber.BirthDateMismatch";
        if (enteredGender is { } g && g != id.Gender) return "IdNumber.GenderMismatch";
        return null;
    }

    private static bool TryReadDate(ReadOnlySpan<char> yyyyMMdd, out DateOnly date)
    {
        date = default;
        var year = int.Parse(yyyyMMdd[..4], CultureInfo.InvariantCulture);
        var month = int.Parse(yyyyMMdd[4..6], CultureInfo.InvariantCulture);
        var day = int.Parse(yyyyMMdd[6..], CultureInfo.InvariantCulture);
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return false;
        date = new DateOnly(year, month, day);
        return true;
    }
}
