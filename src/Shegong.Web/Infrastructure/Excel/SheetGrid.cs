using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using ExcelDataReader;

namespace Shegong.Web.Infrastructure.Excel;

/// <summary>A formula cell saved without its computed value (openpyxl, scripts): reading it as blank would lose data.</summary>
public sealed class FormulaWithoutValue
{
    public static readonly FormulaWithoutValue Instance = new();
    private FormulaWithoutValue() { }
    public override string ToString() => "";
}

/// <summary>A merged range: rows 1-based as the spreadsheet shows them, columns 0-based (A = 0).</summary>
public readonly record struct CellRange(int FromRow, int FromColumn, int ToRow, int ToColumn)
{
    public bool Covers(int row, int column) => row >= FromRow && row <= ToRow && column >= FromColumn && column <= ToColumn;

    /// <summary>"A3:A5".</summary>
    public override string ToString() => $"{SheetGrid.ColumnName(FromColumn)}{FromRow}:{SheetGrid.ColumnName(ToColumn)}{ToRow}";

    /// <summary>"A3:A5" (or "A3"); false for anything else.</summary>
    public static bool TryParse(string? reference, out CellRange range)
    {
        range = default;
        var parts = (reference ?? "").Split(':');
        if (parts.Length is < 1 or > 2 || !SheetGrid.TryParseCell(parts[0], out var r1, out var c1)) return false;
        var (r2, c2) = (r1, c1);
        if (parts.Length == 2 && !SheetGrid.TryParseCell(parts[1], out r2, out c2)) return false;
        range = new CellRange(Math.Min(r1, r2), Math.Min(c1, c2), Math.Max(r1, r2), Math.Max(c1, c2));
        return true;
    }
}

/// <summary>One row as read: its number as the spreadsheet shows it, and the values of the requested columns only.</summary>
public sealed record GridRow(int Number, object?[] Cells);

public enum SheetFormat { Xlsx, Xls, Csv }

/// <summary>Thrown when a file is damaged, or larger inside than any ledger (a compressed bomb): one Chinese message for the user.</summary>
public sealed class SheetTooLargeException(string message) : IOException(message);

/// <summary>
/// The cells of a spreadsheet file (.xlsx, .xls or .csv) as rows of plain values: string, double, DateTime (the
/// workbook's 1900 or 1904 date system applied to cells formatted as dates), bool, or
/// <see cref="FormulaWithoutValue"/>. Only the columns asked for are ever materialised: a stray cell in column XFD
/// is skipped by its reference without being read, so the cost of a file is that of its XML, not of its width
/// (MiniExcel issues #705 and #892: it builds every row as wide as the widest). <see cref="CellsRead"/> counts the
/// cells materialised, so that tests can show it.
/// </summary>
public abstract class SheetGrid : IDisposable
{
    /// <summary>Upper bound of the uncompressed XML read from one part of an .xlsx.</summary>
    public const long MaxPartBytes = 512L * 1024 * 1024;

    public abstract IReadOnlyList<string> SheetNames { get; }
    public virtual bool Date1904 => false;
    public long CellsRead { get; protected set; }

    /// <summary>Rows of a sheet in order (rows with nothing in the requested columns may be left out or returned empty).</summary>
    public abstract IEnumerable<GridRow> Rows(int sheet, IReadOnlyList<int> columns, CancellationToken ct);

    /// <summary>The sheet's merged ranges (at most <paramref name="max"/>).</summary>
    public abstract IReadOnlyList<CellRange> Merges(int sheet, int max);

    public virtual void Dispose() { }

    public static SheetGrid Open(Stream stream, SheetFormat format, Encoding? csvEncoding = null) => format switch
    {
        SheetFormat.Xlsx => new XlsxGrid(stream),
        SheetFormat.Xls => new XlsGrid(stream),
        _ => new CsvGrid(stream, csvEncoding ?? Encoding.UTF8),
    };

    /// <summary>A = 0, XFD = 16383.</summary>
    public static string ColumnName(int column)
    {
        var name = "";
        for (var n = column + 1; n > 0; n = (n - 1) / 26) name = (char)('A' + (n - 1) % 26) + name;
        return name;
    }

    /// <summary>"B12" as row 12, column 1.</summary>
    public static bool TryParseCell(ReadOnlySpan<char> reference, out int row, out int column)
    {
        row = 0;
        column = -1;
        var i = 0;
        var col = 0;
        while (i < reference.Length && char.IsAsciiLetter(reference[i]))
        {
            col = col * 26 + (char.ToUpperInvariant(reference[i]) - 'A' + 1);
            if (col > 16384) return false;
            i++;
        }
        if (i == 0 || i == reference.Length) return false;
        if (!int.TryParse(reference[i..], NumberStyles.None, CultureInfo.InvariantCulture, out row) || row < 1) return false;
        column = col - 1;
        return true;
    }

    /// <summary>The column letters of a cell reference ("XFD17" → 16383), or -1.</summary>
    internal static int ColumnOf(string? reference)
    {
        if (string.IsNullOrEmpty(reference)) return -1;
        var col = 0;
        foreach (var ch in reference)
        {
            if (!char.IsAsciiLetter(ch)) break;
            col = col * 26 + (char.ToUpperInvariant(ch) - 'A' + 1);
            if (col > 16384) return -1;
        }
        return col - 1;
    }
}


/// <summary>Throws once more than the given number of bytes were read: a few KB of zip can inflate to gigabytes.</summary>
internal sealed class BoundedStream(Stream inner, long max) : Stream
{
    private long _read;
    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));
    public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

    private int Count(int n)
    {
        _read += n;
        if (_read > max) throw new SheetTooLargeException("part too large");
        return n;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _read; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    protected override void Dispose(bool disposing) { if (disposing) inner.Dispose(); base.Dispose(disposing); }
}
