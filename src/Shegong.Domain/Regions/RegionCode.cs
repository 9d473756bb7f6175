using Shegong.Domain.Common;

namespace Shegong.Domain.Regions;

/// <summary>
/// A division code per GB/T 2260 (6 digits: province 2 + city 2 + county 2) extended by the statistical code
/// (12 digits: + township 3 + community 3). Stored as its short <see cref="Prefix"/> (2, 4, 6, 9 or 12 digits),
/// so that "is under" is "starts with": every scope check is a prefix comparison.
/// </summary>
public readonly record struct RegionCode
{
    private static readonly int[] PrefixLengths = [2, 4, 6, 9, 12];

    public string Prefix { get; }
    public RegionLevel Level { get; }

    private RegionCode(string prefix, RegionLevel level)
    {
        Prefix = prefix;
        Level = level;
    }

    /// <summary>The full code as published: 6 digits up to county level, 12 digits below.</summary>
    public string Full => Level <= RegionLevel.County ? Prefix.PadRight(6, '0') : Prefix.PadRight(12, '0');

    public string? ParentPrefix => Level == RegionLevel.Province ? null : Prefix[..PrefixLengths[(int)Level - 2]];

    public bool Contains(RegionCode other) => other.Prefix.StartsWith(Prefix, StringComparison.Ordinal);

    public override string ToString() => Full;

    public static RegionCode FromPrefix(string prefix)
    {
        var index = Array.IndexOf(PrefixLengths, prefix.Length);
        if (index < 0 || !prefix.All(char.IsAsciiDigit))
            throw new DomainException("Code", "Region.CodeInvalid", prefix);
        return new RegionCode(prefix, (RegionLevel)(index + 1));
    }

    /// <summary>
    /// Accepts the short forms (2/4/6/9/12 digits) and the full forms (6 or 12 digits with trailing zeros).
    /// The level is read from where the trailing zeros begin; each level's segment must not be all zeros.
    /// </summary>
    public static bool TryParse(string? input, out RegionCode code, out string errorCode)
    {
        code = default;
        var s = input?.Trim() ?? "";
        if (s.Length == 0) { errorCode = "Region.CodeRequired"; return false; }
        if (!s.All(char.IsAsciiDigit)) { errorCode = "Region.CodeNotDigits"; return false; }
        if (Array.IndexOf(PrefixLengths, s.Length) < 0) { errorCode = "Region.CodeLength"; return false; }

        // Strip trailing all-zero segments to find the level; a short code keeps every segment it has.
        var prefix = s;
        if (s.Length is 6 or 12)
        {
            while (prefix.Length > 2)
            {
                var cut = PrefixLengths[Array.IndexOf(PrefixLengths, prefix.Length) - 1];
                if (prefix[cut..].All(c => c == '0')) prefix = prefix[..cut];
                else break;
            }
        }

        // Every segment, including the last one, must be non-zero (e.g. 440012 is not a county of 44).
        var start = 0;
        foreach (var len in PrefixLengths)
        {
            if (len > prefix.Length) break;
            if (prefix[start..len].All(c => c == '0')) { errorCode = "Region.CodeZeroSegment"; return false; }
            start = len;
        }
        if (int.Parse(prefix[..2]) < 11 || int.Parse(prefix[..2]) > 82) { errorCode = "Region.CodeProvince"; return false; }

        code = FromPrefix(prefix);
        errorCode = "";
        return true;
    }

    /// <summary>
    /// Parses a code whose level is known (e.g. from the column or file it came from). Real data has county-level
    /// units whose own segment is 00 (东莞市 441900 under city 4419), which inference alone would misread.
    /// </summary>
    public static bool TryParseAtLevel(string? input, RegionLevel level, out RegionCode code, out string errorCode)
    {
        code = default;
        var s = input?.Trim() ?? "";
        var length = PrefixLengths[(int)level - 1];
        if (s.Length == 0) { errorCode = "Region.CodeRequired"; return false; }
        if (!s.All(char.IsAsciiDigit)) { errorCode = "Region.CodeNotDigits"; return false; }
        if (s.Length < length || Array.IndexOf(PrefixLengths, s.Length) < 0) { errorCode = "Region.CodeLength"; return false; }
        if (s[length..].Any(c => c != '0')) { errorCode = "Region.CodeLevelMismatch"; return false; }
        var prefix = s[..length];
        if (int.Parse(prefix[..2]) < 11 || int.Parse(prefix[..2]) > 82) { errorCode = "Region.CodeProvince"; return false; }
        if (level >= RegionLevel.Township && prefix[6..9] == "000") { errorCode = "Region.CodeZeroSegment"; return false; }
        if (level == RegionLevel.Community && prefix[9..] == "000") { errorCode = "Region.CodeZeroSegment"; return false; }
        code = new RegionCode(prefix, level);
        errorCode = "";
        return true;
    }

    public static RegionCode Parse(string? input, string field = "Code")
    {
        if (!TryParse(input, out var code, out var error)) throw new DomainException(field, error, input ?? "");
        return code;
    }
}
