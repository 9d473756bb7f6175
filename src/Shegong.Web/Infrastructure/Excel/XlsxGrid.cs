using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using ExcelDataReader;

namespace Shegong.Web.Infrastructure.Excel;


/// <summary>
/// .xlsx read straight from its XML with <see cref="XmlReader"/>: shared strings, the date formats of the styles,
/// the workbook's date system, formulas without cached values and merged ranges. Rows stream; memory is the
/// shared string table plus one row.
/// </summary>
internal sealed partial class XlsxGrid : SheetGrid
{
    private const string RelationshipsNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private const long MaxSharedChars = 64L * 1024 * 1024;
    private readonly ZipArchive _zip;
    private readonly List<(string Name, string Path)> _sheets = [];
    private readonly List<string> _shared = [];
    private readonly HashSet<int> _dateStyles = [];
    private bool _date1904;

    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit, IgnoreComments = true, IgnoreProcessingInstructions = true, IgnoreWhitespace = false,
        XmlResolver = null, CloseInput = true,
    };

    public XlsxGrid(Stream stream)
    {
        _zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        var targets = new Dictionary<string, string>();
        if (_zip.GetEntry("xl/_rels/workbook.xml.rels") is { } rels)
            using (var r = Reader(rels))
                while (r.Read())
                    if (r.NodeType == XmlNodeType.Element && r.LocalName == "Relationship" && r.GetAttribute("Id") is { } id && r.GetAttribute("Target") is { } target)
                        targets[id] = target.StartsWith('/') ? target.TrimStart('/') : "xl/" + target;
        var workbook = _zip.GetEntry("xl/workbook.xml") ?? throw new InvalidDataException("no workbook part");
        using (var r = Reader(workbook))
            while (r.Read())
            {
                if (r.NodeType != XmlNodeType.Element) continue;
                if (r.LocalName == "workbookPr") _date1904 = r.GetAttribute("date1904") is "1" or "true";
                else if (r.LocalName == "sheet" && r.GetAttribute("name") is { } name
                         && (r.GetAttribute("id", RelationshipsNs) ?? r.GetAttribute("r:id")) is { } rid && targets.TryGetValue(rid, out var path))
                    _sheets.Add((name, path));
            }
        if (_zip.GetEntry("xl/sharedStrings.xml") is { } sst) ReadSharedStrings(sst);
        if (_zip.GetEntry("xl/styles.xml") is { } styles) ReadStyles(styles);
    }

    public override IReadOnlyList<string> SheetNames => _sheets.Select(s => s.Name).ToList();
    public override bool Date1904 => _date1904;

    private XmlReader Reader(ZipArchiveEntry entry) => XmlReader.Create(new BoundedStream(entry.Open(), MaxPartBytes), Settings);

    private void ReadSharedStrings(ZipArchiveEntry entry)
    {
        using var r = Reader(entry);
        long chars = 0;
        r.Read();
        while (!r.EOF)
        {
            if (r.NodeType == XmlNodeType.Element && r.LocalName == "si")
            {
                var text = ReadRichText(r);
                chars += text.Length;
                if (chars > MaxSharedChars) throw new SheetTooLargeException("shared strings");
                _shared.Add(text);
                continue;
            }
            r.Read();
        }
    }

    /// <summary>The text of an &lt;si&gt; or &lt;is&gt; (runs joined, phonetic guides left out); leaves the reader after its end.</summary>
    private static string ReadRichText(XmlReader r)
    {
        if (r.IsEmptyElement) { r.Read(); return ""; }
        var depth = r.Depth;
        var text = new StringBuilder();
        r.Read();
        while (!r.EOF && !(r.NodeType == XmlNodeType.EndElement && r.Depth == depth))
        {
            if (r.NodeType == XmlNodeType.Element && r.LocalName == "rPh") { r.Skip(); continue; }
            if (r.NodeType == XmlNodeType.Element && r.LocalName == "t") { text.Append(r.ReadElementContentAsString()); continue; }
            r.Read();
        }
        r.Read();
        return Unescape(text.ToString());
    }

    /// <summary>
    /// OOXML's escape of characters XML cannot carry or a writer chose to escape (ST_Xstring): "_xHHHH_" is the UTF-16
    /// unit HHHH (MiniExcel writes characters beyond the BMP so, Excel writes _x000D_), "_x005F_" a literal underscore.
    /// </summary>
    internal static string Unescape(string text)
    {
        if (!text.Contains("_x", StringComparison.Ordinal)) return text;
        return EscapedUnit().Replace(text, m => ((char)Convert.ToInt32(m.Groups[1].Value, 16)).ToString());
    }

    [System.Text.RegularExpressions.GeneratedRegex("_x([0-9A-Fa-f]{4})_")]
    private static partial System.Text.RegularExpressions.Regex EscapedUnit();

    private void ReadStyles(ZipArchiveEntry entry)
    {
        var formats = new Dictionary<int, string>();
        var xfFormats = new List<int>();
        using (var r = Reader(entry))
        {
            var inCellXfs = false;
            while (r.Read())
            {
                if (r.NodeType == XmlNodeType.Element)
                {
                    if (r.LocalName == "numFmt" && int.TryParse(r.GetAttribute("numFmtId"), CultureInfo.InvariantCulture, out var id))
                        formats[id] = r.GetAttribute("formatCode") ?? "";
                    else if (r.LocalName == "cellXfs") inCellXfs = !r.IsEmptyElement;
                    else if (r.LocalName == "xf" && inCellXfs)
                        xfFormats.Add(int.TryParse(r.GetAttribute("numFmtId"), CultureInfo.InvariantCulture, out var f) ? f : 0);
                }
                else if (r.NodeType == XmlNodeType.EndElement && r.LocalName == "cellXfs") inCellXfs = false;
            }
        }
        for (var i = 0; i < xfFormats.Count; i++)
            if (IsDateFormat(xfFormats[i], formats.GetValueOrDefault(xfFormats[i]))) _dateStyles.Add(i);
    }

    /// <summary>Built-in date formats (14–22, 27–36, 45–47, 50–58: the CJK ones) or a format code with date or time parts.</summary>
    internal static bool IsDateFormat(int id, string? code)
    {
        if (code is null) return id is >= 14 and <= 22 or >= 27 and <= 36 or >= 45 and <= 47 or >= 50 and <= 58;
        var plain = new StringBuilder();
        var quoted = false;
        var bracket = false;
        for (var i = 0; i < code.Length; i++)
        {
            var c = code[i];
            if (c == '"') quoted = !quoted;
            else if (quoted) continue;
            else if (c == '\\' || c == '_' || c == '*') i++;
            else if (c == '[') bracket = true;
            else if (c == ']') bracket = false;
            else if (!bracket) plain.Append(char.ToLowerInvariant(c));
        }
        return plain.ToString().IndexOfAny(['y', 'm', 'd', 'h', 's']) >= 0;
    }

    public override IEnumerable<GridRow> Rows(int sheet, IReadOnlyList<int> columns, CancellationToken ct)
    {
        var entry = _zip.GetEntry(_sheets[sheet].Path) ?? throw new InvalidDataException("sheet part missing");
        var position = new Dictionary<int, int>();
        for (var i = 0; i < columns.Count; i++) position.TryAdd(columns[i], i);
        using var r = Reader(entry);
        var rowNumber = 0;
        r.Read();
        while (!r.EOF)
        {
            if (r.NodeType != XmlNodeType.Element || r.LocalName is not ("row" or "worksheet" or "sheetData"))
            {
                if (r.NodeType == XmlNodeType.Element) r.Skip(); // sheetViews, cols, mergeCells…: not needed here
                else r.Read();
                continue;
            }
            if (r.LocalName != "row") { r.Read(); continue; }
            ct.ThrowIfCancellationRequested();
            rowNumber = int.TryParse(r.GetAttribute("r"), CultureInfo.InvariantCulture, out var n) && n > rowNumber ? n : rowNumber + 1;
            var cells = new object?[columns.Count];
            if (r.IsEmptyElement) { r.Read(); yield return new GridRow(rowNumber, cells); continue; }
            var column = -1;
            var depth = r.Depth;
            r.Read();
            while (!r.EOF && !(r.NodeType == XmlNodeType.EndElement && r.Depth == depth))
            {
                if (r.NodeType != XmlNodeType.Element) { r.Read(); continue; }
                if (r.LocalName != "c") { r.Skip(); continue; }
                var reference = r.GetAttribute("r");
                column = reference is null ? column + 1 : ColumnOf(reference);
                // A cell outside the requested columns is passed over by its reference, never read.
                if (r.IsEmptyElement || !position.TryGetValue(column, out var at)) { r.Skip(); continue; }
                cells[at] = ReadCell(r);
                CellsRead++;
            }
            r.Read();
            yield return new GridRow(rowNumber, cells);
        }
    }

    /// <summary>Reads the current &lt;c&gt; element (not empty); leaves the reader after its end.</summary>
    private object? ReadCell(XmlReader r)
    {
        var type = r.GetAttribute("t");
        var style = int.TryParse(r.GetAttribute("s"), CultureInfo.InvariantCulture, out var s) ? s : 0;
        string? value = null, inline = null;
        var formula = false;
        var depth = r.Depth;
        r.Read();
        while (!r.EOF && !(r.NodeType == XmlNodeType.EndElement && r.Depth == depth))
        {
            if (r.NodeType != XmlNodeType.Element) { r.Read(); continue; }
            switch (r.LocalName)
            {
                case "f": formula = true; r.Skip(); break;
                case "v": value = r.ReadElementContentAsString(); break;
                case "is": inline = ReadRichText(r); break;
                default: r.Skip(); break;
            }
        }
        r.Read();
        if (type == "inlineStr") return inline;
        if (string.IsNullOrEmpty(value)) return formula ? FormulaWithoutValue.Instance : inline;
        switch (type)
        {
            case "s":
                return int.TryParse(value, CultureInfo.InvariantCulture, out var i) && i >= 0 && i < _shared.Count ? _shared[i] : throw new InvalidDataException("shared string index");
            case "str": return Unescape(value);
            case "b": return value == "1" || value == "true";
            case "e": return value;
            case "d": return DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : value;
            default:
                if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)) return value;
                if (_dateStyles.Contains(style) && FromSerial(number, _date1904) is { } date) return date;
                return number;
        }
    }

    /// <summary>
    /// A date serial in the workbook's system, or null out of range. 1904: day 0 is 1904-01-01. 1900: day 1 is
    /// 1900-01-01 and day 60 the 1900-02-29 that never was (Lotus' leap-year bug, kept by Excel), so before day 61
    /// Excel's serials are one less than OLE automation dates; day 60 is no date.
    /// </summary>
    public static DateTime? FromSerial(double serial, bool date1904)
    {
        var oa = serial + (date1904 ? 1462 : 0);
        if (!date1904 && serial < 61)
        {
            if (serial < 1 || Math.Floor(serial) == 60) return null;
            oa = serial + 1;
        }
        return oa is >= 1 and < 2958466 ? DateTime.FromOADate(oa) : null;
    }

    public override IReadOnlyList<CellRange> Merges(int sheet, int max)
    {
        var entry = _zip.GetEntry(_sheets[sheet].Path) ?? throw new InvalidDataException("sheet part missing");
        var result = new List<CellRange>();
        using var r = Reader(entry);
        r.Read();
        while (!r.EOF && result.Count < max)
        {
            if (r.NodeType == XmlNodeType.Element && r.LocalName == "sheetData") { r.Skip(); continue; }
            if (r.NodeType == XmlNodeType.Element && r.LocalName == "mergeCell" && CellRange.TryParse(r.GetAttribute("ref"), out var range)) result.Add(range);
            r.Read();
        }
        return result;
    }

    public override void Dispose() => _zip.Dispose();
}
