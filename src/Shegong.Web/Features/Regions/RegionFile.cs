using System.IO.Compression;
using System.Text;
using MiniExcel = MiniExcelLibs.MiniExcel;

namespace Shegong.Web.Features.Regions;

/// <summary>Reads region lists: our template (CSV or Excel with 代码/名称/级别) and the national dataset folder.</summary>
public static class RegionFile
{
    private static readonly string[] CodeHeaders = [ImportRegions.ColumnCode, "code", "Code", "区划代码"];
    private static readonly string[] NameHeaders = [ImportRegions.ColumnName, "name", "Name"];
    private static readonly string[] LevelHeaders = [ImportRegions.ColumnLevel, "level", "Level"];

    /// <summary>Row numbers are as a spreadsheet shows them: the header is row 1, the first data row is row 2.</summary>
    public static List<ImportRegions.Row> Read(Stream stream, string fileName)
    {
        var records = fileName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) ? ReadExcel(stream) : ReadCsv(stream);
        return ToRows(records);
    }

    private static List<ImportRegions.Row> ToRows(IEnumerable<IReadOnlyDictionary<string, string>> records)
    {
        var rows = new List<ImportRegions.Row>();
        var number = 1;
        foreach (var r in records)
        {
            number++;
            if (r.Values.All(string.IsNullOrWhiteSpace)) continue;
            rows.Add(new ImportRegions.Row(number, Pick(r, CodeHeaders), Pick(r, NameHeaders), Pick(r, LevelHeaders)));
        }
        return rows;
    }

    private static string? Pick(IReadOnlyDictionary<string, string> record, string[] headers)
    {
        foreach (var h in headers) if (record.TryGetValue(h, out var v)) return v;
        return null;
    }

    private static IEnumerable<IReadOnlyDictionary<string, string>> ReadExcel(Stream stream)
    {
        foreach (IDictionary<string, object?> row in MiniExcel.Query(stream, useHeaderRow: true, excelType: MiniExcelLibs.ExcelType.XLSX))
            yield return row.ToDictionary(kv => kv.Key.Trim(), kv => Convert.ToString(kv.Value, System.Globalization.CultureInfo.InvariantCulture)?.Trim() ?? "");
    }

    public static IEnumerable<IReadOnlyDictionary<string, string>> ReadCsv(Stream stream)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var header = reader.ReadLine();
        if (header is null) yield break;
        var columns = SplitCsvLine(header).Select(c => c.Trim()).ToArray();
        while (reader.ReadLine() is { } line)
        {
            var cells = SplitCsvLine(line);
            var record = new Dictionary<string, string>();
            for (var i = 0; i < columns.Length; i++) record[columns[i]] = i < cells.Count ? cells[i].Trim() : "";
            yield return record;
        }
    }

    /// <summary>RFC 4180 fields on one line: quoted fields may hold commas and doubled quotes.</summary>
    public static List<string> SplitCsvLine(string line)
    {
        var cells = new List<string>();
        var sb = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { sb.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else sb.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { cells.Add(sb.ToString()); sb.Clear(); }
            else sb.Append(c);
        }
        cells.Add(sb.ToString());
        return cells;
    }

    /// <summary>
    /// The national dataset (provinces.csv, cities.csv, areas.csv, streets.csv, villages.csv[.gz]) in one folder;
    /// each file's level is known, so codes are read at that level. <paramref name="maxLevel"/> stops early.
    /// </summary>
    public static List<ImportRegions.Row> ReadDatasetFolder(string folder, int maxLevel = 5)
    {
        var files = new[] { "provinces.csv", "cities.csv", "areas.csv", "streets.csv", "villages.csv" };
        var rows = new List<ImportRegions.Row>();
        for (var level = 1; level <= Math.Min(maxLevel, 5); level++)
        {
            var path = Path.Combine(folder, files[level - 1]);
            Stream? stream = File.Exists(path) ? File.OpenRead(path)
                : File.Exists(path + ".gz") ? new GZipStream(File.OpenRead(path + ".gz"), CompressionMode.Decompress) : null;
            if (stream is null) continue;
            using (stream)
            {
                var number = 1;
                foreach (var r in ReadCsv(stream))
                {
                    number++;
                    // A county with no subdivisions in the statistics (金门县 350527) is repeated as its own township
                    // 350527000 and village 350527000000: placeholders whose own segment is all zeros, not regions.
                    if (level >= 4 && r.GetValueOrDefault("code") is { } code && IsPlaceholder(code, level)) continue;
                    rows.Add(new ImportRegions.Row(number, r.GetValueOrDefault("code"), r.GetValueOrDefault("name"), level.ToString()));
                }
            }
        }
        return rows;
    }

    private static bool IsPlaceholder(string code, int level)
    {
        var (start, length) = level == 4 ? (6, 3) : (9, 3);
        return code.Length >= start + length && code.AsSpan(start, length).SequenceEqual("000");
    }
}
