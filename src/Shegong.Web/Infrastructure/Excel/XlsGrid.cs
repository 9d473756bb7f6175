using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using ExcelDataReader;

namespace Shegong.Web.Infrastructure.Excel;


/// <summary>.xls (BIFF, as WPS and older Excel save it) through ExcelDataReader; the format's own limits (65,536 × 256) bound it.</summary>
internal sealed class XlsGrid : SheetGrid
{
    static XlsGrid() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private readonly IExcelDataReader _reader;
    private readonly List<string> _names = [];
    private readonly Dictionary<int, List<CellRange>> _merges = [];

    public XlsGrid(Stream stream)
    {
        _reader = ExcelReaderFactory.CreateBinaryReader(stream, new ExcelReaderConfiguration { LeaveOpen = true });
        do _names.Add(_reader.Name); while (_reader.NextResult());
    }

    public override IReadOnlyList<string> SheetNames => _names;

    private void MoveTo(int sheet)
    {
        _reader.Reset();
        for (var i = 0; i < sheet; i++) _reader.NextResult();
    }

    public override IEnumerable<GridRow> Rows(int sheet, IReadOnlyList<int> columns, CancellationToken ct)
    {
        MoveTo(sheet);
        var number = 0;
        while (_reader.Read())
        {
            ct.ThrowIfCancellationRequested();
            number++;
            var cells = new object?[columns.Count];
            for (var i = 0; i < columns.Count; i++)
            {
                if (columns[i] >= _reader.FieldCount) continue;
                var v = _reader.GetValue(columns[i]);
                if (v is null) continue;
                cells[i] = v switch { int n => (double)n, float f => (double)f, decimal m => (double)m, _ => v };
                CellsRead++;
            }
            yield return new GridRow(number, cells);
        }
        RememberMerges(sheet);
    }

    private void RememberMerges(int sheet)
    {
        if (_merges.ContainsKey(sheet)) return;
        _merges[sheet] = (_reader.MergeCells ?? []).Select(m => new CellRange(m.FromRow + 1, m.FromColumn, m.ToRow + 1, m.ToColumn)).ToList();
    }

    public override IReadOnlyList<CellRange> Merges(int sheet, int max)
    {
        if (!_merges.ContainsKey(sheet))
        {
            MoveTo(sheet);
            while (_reader.Read()) { }
            RememberMerges(sheet);
        }
        return _merges[sheet].Take(max).ToList();
    }

    public override void Dispose() => _reader.Dispose();
}
