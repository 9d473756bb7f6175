using System.Globalization;

namespace Shegong.Web.Infrastructure;

/// <summary>
/// Query-string values are bound as text and parsed here: a typed <c>[SupplyParameterFromQuery]</c> that cannot parse
/// (<c>?page=abc</c>, a cut-off link) throws and becomes a 500, whereas a bad value should read as if it were absent.
/// </summary>
public static class QueryValue
{
    public static int? Int(string? text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;

    public static Guid? Guid(string? text) => System.Guid.TryParse(text, out var g) ? g : null;

    public static bool Bool(string? text) => bool.TryParse(text, out var b) && b;

    /// <summary>The ids that parse; the rest are dropped.</summary>
    public static Guid[]? Guids(string[]? texts) =>
        texts?.Select(Guid).Where(g => g.HasValue).Select(g => g!.Value).ToArray();
}

/// <summary>One clamp for every paged list: a page beyond ~10,000 would overflow <c>(page - 1) * pageSize</c> into a negative OFFSET.</summary>
public static class Paging
{
    public const int MaxPage = 10_000;

    public static int Page(int page) => Math.Clamp(page, 1, MaxPage);
}
