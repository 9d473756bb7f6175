namespace Shegong.Web.Features.Wishes;

/// <summary>
/// A confirmation code as the claimant types it: with or without the dash, in any case, with spaces, full-width
/// characters from a Chinese keyboard (ＡＢＣＤ－２３４５) — all the same code. Only its keyed hash is kept.
/// </summary>
public static class ClaimCode
{
    /// <summary>The eight characters, upper case, without separators ("ABCD-2345", "abcd2345", "ＡＢＣＤ－２３４５" → "ABCD2345").</summary>
    public static string Normalize(string? code)
    {
        var chars = new List<char>(8);
        foreach (var raw in (code ?? "").Normalize(System.Text.NormalizationForm.FormKC))
            if (char.IsAsciiLetterOrDigit(raw)) chars.Add(char.ToUpperInvariant(raw));
        return new string(chars.ToArray());
    }

    /// <summary>What is hashed: the normalised code, so every way of typing it finds the same claims.</summary>
    public static string HashInput(string? code) => "claim:" + Normalize(code);

    /// <summary>
    /// What a look-up hashes: the normalised code, and the form codes were hashed in before (XXXX-XXXX as shown), so a
    /// code given out before keeps working however it is typed.
    /// </summary>
    public static IReadOnlyList<string> LookupInputs(string? code)
    {
        var n = Normalize(code);
        return n.Length == 8 ? [HashInput(n), $"claim:{n[..4]}-{n[4..]}"] : [HashInput(n)];
    }
}
