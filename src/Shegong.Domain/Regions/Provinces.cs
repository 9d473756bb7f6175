namespace Shegong.Domain.Regions;

/// <summary>
/// The provincial codes of GB/T 2260 (the first two digits of every division code and of every resident ID number),
/// read from <c>gb2260-provinces.csv</c> shipped with this assembly, plus 81/82/83: the codes that begin the
/// residence permit numbers of residents from Hong Kong, Macao and Taiwan (港澳台居民居住证, since 2018), which have
/// the ID number's layout. 81 and 82 are also the GB/T 2260 codes of the two SARs; 83 exists only on permits.
/// </summary>
public static class Provinces
{
    public sealed record Province(string Code, string Name, bool ResidencePermit);

    private static readonly Dictionary<string, Province> ByCode = Load();

    public static IReadOnlyCollection<Province> All => ByCode.Values;

    public static Province? Of(string code2) => ByCode.GetValueOrDefault(code2);

    public static bool IsKnown(string code2) => ByCode.ContainsKey(code2);

    /// <summary>81, 82, 83: a residence permit of a resident of Hong Kong, Macao or Taiwan.</summary>
    public static bool IsResidencePermit(string code2) => ByCode.TryGetValue(code2, out var p) && p.ResidencePermit;

    private static Dictionary<string, Province> Load()
    {
        using var stream = typeof(Provinces).Assembly.GetManifestResourceStream("Shegong.Domain.Regions.gb2260-provinces.csv")
            ?? throw new InvalidOperationException("gb2260-provinces.csv is not embedded.");
        using var reader = new StreamReader(stream);
        var result = new Dictionary<string, Province>();
        reader.ReadLine();
        while (reader.ReadLine() is { } line)
        {
            var parts = line.Split(',');
            if (parts.Length < 3) continue;
            result[parts[0]] = new Province(parts[0], parts[1], parts[2] == "permit");
        }
        return result;
    }
}
