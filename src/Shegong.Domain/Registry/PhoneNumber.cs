using System.Text.RegularExpressions;
using Shegong.Domain.Common;

namespace Shegong.Domain.Registry;

/// <summary>
/// Mainland phone numbers as people type them. Two kinds are accepted and stored in one canonical form:
/// mobile (手机) "13812345678"; landline (固话) "010-87654321", "0755-2345678", with an extension "-123".
/// Service numbers (12345, 95xxx) are not a person's phone and are refused.
/// </summary>
public static partial class PhoneNumber
{
    /// <summary>Longest normalized form: "0XXX-XXXXXXXX-XXXXXX"; fits the existing 20-character columns.</summary>
    public const int MaxLength = 20;

    // Area codes: 010 and 02x are three digits including the 0; all others (03xx–09xx) four.
    // Local numbers are 7 or 8 digits and never start with 0 or 1 (those would be trunk or service prefixes).
    [GeneratedRegex(@"^(?<area>010|02[0-9]|0[3-9][0-9]{2})-?(?<local>[2-9][0-9]{6,7})(?:[-转](?<ext>[0-9]{1,6}))?$")]
    private static partial Regex Landline();

    [GeneratedRegex("^1[3-9][0-9]{9}$")]
    private static partial Regex Mobile();

    /// <summary>
    /// Empty input is valid and gives "" (a phone is optional wherever it is asked for). Spaces, brackets around
    /// the area code and the country code +86 / 0086 (or a bare 86 before a mobile) are dropped; hyphens may
    /// separate a mobile's groups. An extension needs "-" or "转" before it.
    /// </summary>
    public static bool TryNormalize(string? input, out string normalized, out string errorCode)
    {
        normalized = "";
        errorCode = "";
        if (string.IsNullOrWhiteSpace(input)) return true;
        var s = Clean(input);
        if (s.Length == 0) { errorCode = "Phone.Invalid"; return false; }

        // Country code. A landline written internationally drops its trunk 0 ("+86 20 …", "+86 10 …" for Beijing),
        // so put it back; no mobile starts with 10.
        var international = false;
        if (s.StartsWith('+'))
        {
            if (!s.StartsWith("+86", StringComparison.Ordinal)) { errorCode = "Phone.Invalid"; return false; }
            s = s[3..].TrimStart('-');
            international = true;
        }
        else if (s.StartsWith("0086", StringComparison.Ordinal))
        {
            s = s[4..].TrimStart('-');
            international = true;
        }
        if (international && (s.StartsWith("10", StringComparison.Ordinal) || s.Length > 0 && s[0] is >= '2' and <= '9')) s = "0" + s;

        var digits = s.Replace("-", "", StringComparison.Ordinal);
        // A bare 86 is only recognisable before a mobile: 13 digits starting 861 cannot be anything else.
        if (!international && digits.Length == 13 && digits.StartsWith("861", StringComparison.Ordinal)) digits = digits[2..];

        if (digits.Length > 0 && digits[0] == '1' && digits.All(char.IsAsciiDigit))
        {
            if (digits.Length != 11) { errorCode = "Phone.MobileLength"; return false; }
            if (!Mobile().IsMatch(digits)) { errorCode = "Phone.Invalid"; return false; }
            normalized = digits;
            return true;
        }

        var m = Landline().Match(s);
        if (!m.Success) { errorCode = LandlineError(s); return false; }
        normalized = m.Groups["area"].Value + "-" + m.Groups["local"].Value
            + (m.Groups["ext"].Success ? "-" + m.Groups["ext"].Value : "");
        return true;
    }

    [GeneratedRegex(@"^(010|02[0-9]|0[3-9][0-9]{2})")]
    private static partial Regex AreaCode();

    /// <summary>
    /// Why a number that is neither a mobile nor a valid landline fails, so that the message names the real problem:
    /// no area code (7–8 digits), a wrong area code, a local number starting with 0 or 1 or of the wrong length, a
    /// bad extension. Anything else is <c>Phone.Invalid</c>.
    /// </summary>
    private static string LandlineError(string s)
    {
        if (s.Any(c => !char.IsAsciiDigit(c) && c is not '-' and not '转')) return "Phone.Invalid";
        var parts = s.Split('-', '转');
        var digits = string.Concat(parts);
        if (digits.Length == 0) return "Phone.Invalid";
        if (digits[0] != '0')
            return digits.Length is 7 or 8 && digits[0] is >= '2' and <= '9' ? "Phone.NoAreaCode" : "Phone.Invalid";
        string area, local;
        string? ext = null;
        if (parts.Length > 1)
        {
            // The writer's own separator says where the area code ends.
            (area, local) = (parts[0], parts[1]);
            if (parts.Length > 2) ext = string.Concat(parts[2..]);
            if (!AreaCode().IsMatch(area) || AreaCode().Match(area).Length != area.Length) return "Phone.AreaCode";
        }
        else
        {
            var a = AreaCode().Match(digits);
            if (!a.Success) return "Phone.AreaCode";
            (area, local) = (a.Value, digits[a.Length..]);
        }
        if (local.Length == 0) return "Phone.LocalLength";
        if (local[0] is '0' or '1') return "Phone.LocalStart";
        if (local.Length is < 7 or > 8) return ext is null && parts.Length == 1 && local.Length > 8 ? "Phone.Extension" : "Phone.LocalLength";
        if (ext is not null && ext.Length is 0 or > 6) return "Phone.Extension";
        return "Phone.Invalid";
    }

    /// <summary>Throws <see cref="DomainException"/> with the error code only: the number is personal data.</summary>
    public static string Normalize(string? input, string field = "Phone")
    {
        if (!TryNormalize(input, out var normalized, out var error)) throw new DomainException(field, error);
        return normalized;
    }

    /// <summary>
    /// For lists: mobile "138****5678"; landline "020-****5678" / "0755-****678": the area code and the local
    /// number with its first 4 digits hidden, so both kinds hide 4 digits. The extension is left out: it does not
    /// help recognise the number. A value that is not a phone number keeps only its last 2 characters.
    /// </summary>
    public static string Mask(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (TryNormalize(value, out var n, out _) && n.Length > 0)
        {
            if (n[0] == '1') return string.Concat(n.AsSpan(0, 3), "****", n.AsSpan(7));
            var parts = n.Split('-');
            return parts[0] + "-****" + parts[1][4..];
        }
        if (value.Length <= 2) return new string('*', value.Length);
        return string.Concat(new string('*', value.Length - 2), value.AsSpan(value.Length - 2));
    }

    /// <summary>
    /// Drops whitespace (incl. the full-width space of Chinese input methods) and brackets; a closing bracket
    /// after an area code acts as a separator, full-width hyphens and pluses count as ASCII ones, and a run of
    /// separators ("020 - 8765…" becomes "020-8765…") counts as one.
    /// </summary>
    private static string Clean(string input)
    {
        var chars = new List<char>(input.Length);
        foreach (var c in input)
        {
            switch (c)
            {
                case var _ when char.IsWhiteSpace(c):
                case '(' or '（':
                    break;
                case '-' or ')' or '）' or '－' or '—' or '–':
                    if (chars.Count == 0 || chars[^1] != '-') chars.Add('-');
                    break;
                case '＋':
                    chars.Add('+');
                    break;
                default:
                    chars.Add(c);
                    break;
            }
        }
        return new string([.. chars]).Trim('-');
    }
}
