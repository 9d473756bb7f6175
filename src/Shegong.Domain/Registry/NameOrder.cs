using System.Globalization;

namespace Shegong.Domain.Registry;

/// <summary>
/// Names in pinyin order (任, 何, 余, 刘 sort as He, Liu, Ren, Yu): ICU's Chinese collation, the same one PostgreSQL
/// uses as <c>zh-x-icu</c>. A database without that collation (SQLite) stores <see cref="SortKey"/> with the name and
/// orders by it: ICU sort keys compare byte by byte, which is how SQLite compares BLOBs.
/// </summary>
public static class NameOrder
{
    public const string PostgresCollation = "zh-x-icu";

    private static readonly CompareInfo Chinese = CultureInfo.GetCultureInfo("zh-CN").CompareInfo;

    public static byte[] SortKey(string name) => Chinese.GetSortKey(name, CompareOptions.None).KeyData;

    public static int Compare(string a, string b) => Chinese.Compare(a, b, CompareOptions.None);
}
