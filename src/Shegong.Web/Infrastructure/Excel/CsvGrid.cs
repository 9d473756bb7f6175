using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using ExcelDataReader;

namespace Shegong.Web.Infrastructure.Excel;


/// <summary>CSV (RFC 4180: quotes, doubled quotes, line breaks inside quotes) in the given encoding; every cell is text.</summary>
internal sealed class CsvGrid(Stream stream, Encoding encoding) : SheetGrid
{
    public override IReadOnlyList<string> SheetNames => ["CSV"];

    public override IEnumerable<GridRow> Rows(int sheet, IReadOnlyList<int> columns, CancellationToken ct)
    {
        stream.Position = 0;
        using var reader = new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        var position = new Dictionary<int, int>();
        for (var i = 0; i < columns.Count; i++) position.TryAdd(columns[i], i);
        var separator = ',';
        var number = 0;
        var field = new StringBuilder();
        var column = 0;
        var cells = new object?[columns.Count];
        var quoted = false;
        var first = true;
        int c;
        void EndField()
        {
            if (position.TryGetValue(column, out var at) && field.Length > 0) { cells[at] = field.ToString(); CellsRead++; }
            field.Clear();
            column++;
        }
        while ((c = reader.Read()) >= 0)
        {
            if (first)
            {
                first = false;
                if (c == '\uFEFF') continue; // a BOM the detection left in
            }
            if (quoted)
            {
                if (c == '"')
                {
                    if (reader.Peek() == '"') { reader.Read(); if (position.ContainsKey(column)) field.Append('"'); }
                    else quoted = false;
                }
                else if (position.ContainsKey(column)) field.Append((char)c);
                continue;
            }
            if (c == '"' && field.Length == 0) { quoted = true; continue; }
            if (number == 0 && column == 0 && field.Length == 0 && c == '\t') separator = '\t';
            if (c == separator) { EndField(); continue; }
            if (c is '\r' or '\n')
            {
                if (c == '\r' && reader.Peek() == '\n') reader.Read();
                EndField();
                ct.ThrowIfCancellationRequested();
                yield return new GridRow(++number, cells);
                cells = new object?[columns.Count];
                column = 0;
                continue;
            }
            if (position.ContainsKey(column)) field.Append((char)c);
        }
        if (column > 0 || field.Length > 0)
        {
            EndField();
            yield return new GridRow(++number, cells);
        }
    }

    public override IReadOnlyList<CellRange> Merges(int sheet, int max) => [];
}
