using System.Text;
using System.Xml;
using Shegong.Web.Infrastructure.Excel;
using Microsoft.Extensions.Localization;
using Shegong.Domain.Regions;
using Shegong.Domain.Registry;
using Col = Shegong.Web.Features.Registry.PersonSheet.Col;

namespace Shegong.Web.Features.Registry;

/// <summary>A data row as read: its number as the spreadsheet shows it and its cells in layout order.</summary>
public sealed class SheetRow(int number, object?[] cells, bool date1904 = false)
{
    public int Number { get; } = number;
    /// <summary>The workbook's date system, for serial numbers in cells not formatted as dates.</summary>
    public bool Date1904 { get; } = date1904;
    public object? Raw(Col c) => cells[(int)c];
    public string Text(Col c) => PersonSheet.Text(cells[(int)c]);
}

/// <summary>How an uploaded ledger is to be read: its format, the encoding of a CSV (null: detected), the row limit.</summary>
public sealed record LedgerReadOptions(SheetFormat Format, string? Encoding = null, int MaxRows = LedgerReadOptions.DefaultMaxRows)
{
    public const int DefaultMaxRows = 200_000;

    /// <summary>The format by the file's first bytes (a zip is .xlsx, an OLE compound file .xls), else by its name.</summary>
    public static SheetFormat? Sniff(ReadOnlySpan<byte> head, string fileName)
    {
        if (head.Length >= 4 && head[0] == 0x50 && head[1] == 0x4B && head[2] == 0x03 && head[3] == 0x04) return SheetFormat.Xlsx;
        if (head.Length >= 8 && head[..8].SequenceEqual(new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 })) return SheetFormat.Xls;
        return Path.GetExtension(fileName).ToLowerInvariant() switch
        {
            ".csv" or ".txt" => SheetFormat.Csv,
            ".xlsx" => SheetFormat.Xlsx,
            ".xls" => SheetFormat.Xls,
            _ => null,
        };
    }
}

/// <summary>A problem with the file as a whole, in Chinese, for the user.</summary>
internal sealed class LedgerFileException(string message) : Exception(message);

/// <summary>
/// Opens an uploaded ledger (.xlsx, .xls or .csv) and streams its rows. The table is found as people make it: the
/// sheet named 人员台账, or else the first sheet holding the header; the header row among the first
/// <see cref="HeaderSearchRows"/> rows (title and blank rows above it skipped), its columns matched by header or
/// alias (<see cref="PersonSheet.Match"/>). Only the header's columns are read. Merged cells below the header are
/// read as their range's value for every cell they cover. What was done is told in <see cref="Notices"/>.
/// A problem with the file as a whole (not readable, no header, wrong columns, too many rows) is one message.
/// </summary>
internal sealed class PersonSheetFile : IDisposable
{
    public const int HeaderSearchRows = 20;
    private const int HeaderSearchColumns = 256;
    private const int MaxMerges = 20_000;

    private readonly SheetGrid _grid;
    private readonly int _sheet;
    private readonly int _headerRow;
    private readonly int[] _columns; // the file column of each layout column
    private readonly List<CellRange> _merges;
    private readonly int _maxRows;
    private readonly IStringLocalizer _l;

    public List<string> Notices { get; } = [];
    public string SheetName { get; }
    public int HeaderRow => _headerRow;
    public long CellsRead => _grid.CellsRead;

    private PersonSheetFile(SheetGrid grid, int sheet, int headerRow, int[] columns, List<CellRange> merges, int maxRows, IStringLocalizer l)
    {
        (_grid, _sheet, _headerRow, _columns, _merges, _maxRows, _l) = (grid, sheet, headerRow, columns, merges, maxRows, l);
        SheetName = grid.SheetNames[sheet];
    }

    public static PersonSheetFile? Open(Stream stream, IStringLocalizer l, out string? problem) =>
        Open(stream, new LedgerReadOptions(SheetFormat.Xlsx), l, out problem);

    public static PersonSheetFile? Open(Stream stream, LedgerReadOptions options, IStringLocalizer l, out string? problem, CancellationToken ct = default)
    {
        problem = null;
        SheetGrid? grid = null;
        try
        {
            if (stream.Length == 0) { problem = l["Import.EmptyFile"]; return null; }
            var notices = new List<string>();
            var head = new byte[8];
            stream.Position = 0;
            var read = stream.Read(head);
            stream.Position = 0;
            var format = options.Format;
            // A zip or OLE file is read as what it is, whatever its name says (WPS saves .xls that are .xlsx).
            if (head.AsSpan(0, read) is var h && LedgerReadOptions.Sniff(h, "") is { } sniffed) format = sniffed;
            else if (format != SheetFormat.Csv) { problem = l["Import.NotExcel"]; return null; }
            Encoding? encoding = null;
            if (format == SheetFormat.Csv)
            {
                var bytes = new byte[stream.Length];
                stream.ReadExactly(bytes);
                stream.Position = 0;
                var detected = CsvEncoding.Detect(bytes, options.Encoding, out var sure);
                encoding = detected.Encoding;
                notices.Add(l[sure ? "Import.EncodingUsed" : "Import.EncodingUnsure", detected.Label]);
            }
            grid = SheetGrid.Open(stream, format, encoding);

            var names = grid.SheetNames;
            var order = Enumerable.Range(0, names.Count)
                .Where(i => names[i] is not (PersonSheet.ExampleSheetName or PersonSheet.GuideSheetName))
                .OrderBy(i => names[i] == PersonSheet.SheetName ? 0 : 1).ThenBy(i => i).ToList();
            var wide = Enumerable.Range(0, HeaderSearchColumns).ToArray();
            foreach (var sheet in order)
            {
                foreach (var row in grid.Rows(sheet, wide, ct).TakeWhile(r => r.Number <= HeaderSearchRows))
                {
                    var letters = new int[PersonSheet.Columns.Count];
                    Array.Fill(letters, -1);
                    var matched = 0;
                    for (var c = 0; c < row.Cells.Length; c++)
                    {
                        if (PersonSheet.Text(row.Cells[c]) is not { Length: > 0 } text || PersonSheet.Match(text) is not { } column) continue;
                        if (letters[(int)column.Id] >= 0)
                        {
                            problem = l["Import.DuplicateColumn", PersonSheet.Text(row.Cells[letters[(int)column.Id]]), text, names[sheet], row.Number];
                            grid.Dispose();
                            return null;
                        }
                        letters[(int)column.Id] = c;
                        matched++;
                    }
                    if (matched < 3) continue; // a title or a note, not the header
                    var missing = PersonSheet.Columns.Where(c => letters[(int)c.Id] < 0).Select(c => c.Header).ToList();
                    if (missing.Count > 0)
                    {
                        problem = l["Import.MissingColumns", string.Join("、", missing), names[sheet], row.Number];
                        grid.Dispose();
                        return null;
                    }
                    notices.Insert(0, format == SheetFormat.Csv ? l["Import.ReadCsv", row.Number] : l["Import.ReadSheet", names[sheet], row.Number]);
                    if (row.Number > 1) notices.Insert(1, l["Import.RowsAbove", row.Number - 1]);
                    var merges = grid.Merges(sheet, MaxMerges)
                        .Where(m => m.FromRow > row.Number && (m.FromRow != m.ToRow || m.FromColumn != m.ToColumn) && letters.Any(m.FromColumn.Equals))
                        .OrderBy(m => m.FromRow).ToList();
                    var file = new PersonSheetFile(grid, sheet, row.Number, letters, merges, options.MaxRows, l);
                    file.Notices.AddRange(notices);
                    if (merges.Count > 0)
                        file.Notices.Add(l["Import.MergedCells", string.Join("、", merges.Take(10)) + (merges.Count > 10 ? l["Import.AndMore", merges.Count] : "")]);
                    return file;
                }
            }
            problem = format == SheetFormat.Csv ? l["Import.NotTemplateCsv", HeaderSearchRows] : l["Import.NotTemplate", HeaderSearchRows, string.Join("、", order.Select(i => names[i]))];
            grid.Dispose();
            return null;
        }
        catch (Exception e) when (IsUnreadable(e))
        {
            grid?.Dispose();
            problem = e is SheetTooLargeException ? l["Import.TooLargeInside"] : l["Import.NotExcel"];
            return null;
        }
    }

    /// <summary>Rows with something of their own in a layout column (blank rows, the template's pre-formatted ones too, are skipped).</summary>
    public IEnumerable<SheetRow> Rows(CancellationToken ct = default)
    {
        var count = 0;
        var pending = 0; // next merge to become active
        var active = new List<(CellRange Range, int Position, object? Value)>();
        var positionOf = new Dictionary<int, int>();
        for (var i = 0; i < _columns.Length; i++) positionOf[_columns[i]] = i;
        foreach (var grid in _grid.Rows(_sheet, _columns, ct))
        {
            if (grid.Number <= _headerRow) continue;
            var cells = grid.Cells;
            var any = false;
            for (var i = 0; i < cells.Length; i++)
            {
                if (cells[i] is null || cells[i] is string s && string.IsNullOrWhiteSpace(s)) { cells[i] = null; continue; }
                any = true;
            }
            // Merged ranges starting at or above this row: their top-left value fills every cell they cover.
            active.RemoveAll(a => a.Range.ToRow < grid.Number);
            while (pending < _merges.Count && _merges[pending].FromRow <= grid.Number)
            {
                var m = _merges[pending++];
                if (m.ToRow < grid.Number) continue;
                var position = positionOf[m.FromColumn];
                active.Add((m, position, m.FromRow == grid.Number ? cells[position] : null));
            }
            if (!any) continue;
            foreach (var (range, _, value) in active)
                if (value is not null)
                    for (var c = range.FromColumn; c <= range.ToColumn; c++)
                        if (positionOf.TryGetValue(c, out var p) && cells[p] is null) cells[p] = value;
            if (++count > _maxRows) throw new LedgerFileException(_l["Import.TooManyRows", _maxRows.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)]);
            yield return new SheetRow(grid.Number, cells, _grid.Date1904);
        }
    }

    /// <summary>What a damaged or foreign file makes the reader throw (never a 500).</summary>
    public static bool IsUnreadable(Exception e) => e is InvalidDataException or IOException or FormatException or InvalidOperationException
        or XmlException or ArgumentException or KeyNotFoundException or NotSupportedException or InvalidCastException or IndexOutOfRangeException
        or ExcelDataReader.Exceptions.ExcelReaderException;

    public void Dispose() => _grid.Dispose();
}

/// <summary>Which encoding a CSV is in: a BOM, else strict UTF-8, else GB18030 (which includes GBK and GB2312).</summary>
internal static class CsvEncoding
{
    static CsvEncoding() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public sealed record Choice(Encoding Encoding, string Label);

    public static Choice Utf8 => new(new UTF8Encoding(false), "UTF-8");
    public static Choice Gb18030 => new(Encoding.GetEncoding("GB18030"), "GB18030/GBK");

    /// <param name="chosen">"utf-8" or "gb18030" when the user chose; null to detect.</param>
    /// <param name="sure">False when neither encoding reads the file cleanly: the page then asks the user.</param>
    public static Choice Detect(byte[] bytes, string? chosen, out bool sure)
    {
        sure = true;
        if (chosen == "utf-8") return Utf8;
        if (chosen == "gb18030") return Gb18030;
        if (bytes.AsSpan().StartsWith(new byte[] { 0xEF, 0xBB, 0xBF })) return Utf8;
        if (bytes.AsSpan().StartsWith(new byte[] { 0xFF, 0xFE })) return new(Encoding.Unicode, "UTF-16");
        if (bytes.AsSpan().StartsWith(new byte[] { 0xFE, 0xFF })) return new(Encoding.BigEndianUnicode, "UTF-16");
        if (Decodes(new UTF8Encoding(false, throwOnInvalidBytes: true), bytes)) return Utf8;
        if (Decodes(Encoding.GetEncoding("GB18030", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback), bytes)) return Gb18030;
        sure = false;
        return Gb18030;
    }

    private static bool Decodes(Encoding encoding, byte[] bytes)
    {
        try { encoding.GetCharCount(bytes); return true; }
        catch (DecoderFallbackException) { return false; }
    }
}

internal sealed record StationCommunity(Guid Id, string Prefix, string Name);

/// <summary>The household columns of a row (户籍地址 … 经济来源).</summary>
internal sealed record HouseholdFields(string Address, string ActualAddress, ResidenceStatus? Status, LivingArrangement? Living, string Economic)
{
    public bool Any => Address.Length > 0 || ActualAddress.Length > 0 || Status is not null || Living is not null || Economic.Length > 0;
    public HouseholdDetails ToDetails() => new(Address, ActualAddress, Status, Living, Economic, AssistanceKinds.None);

    /// <summary>The columns filled on both rows with different values.</summary>
    public IEnumerable<Col> DifferencesFrom(HouseholdFields first)
    {
        if (Address.Length > 0 && Address != first.Address) yield return Col.Address;
        if (ActualAddress.Length > 0 && ActualAddress != first.ActualAddress) yield return Col.ActualAddress;
        if (Status is not null && Status != first.Status) yield return Col.ResidenceStatus;
        if (Living is not null && Living != first.Living) yield return Col.LivingArrangement;
        if (Economic.Length > 0 && Economic != first.Economic) yield return Col.EconomicSources;
    }
}

/// <summary>
/// A row read and checked on its own; household and duplicate checks need the whole file and come later.
/// <see cref="Id"/> is the ID number whenever it is valid, even if other cells of the row are not, so that
/// duplicates are found at the first check. <see cref="RelationUnreadable"/>: a relation was written but not understood.
/// </summary>
internal sealed record ParsedRow(int Row, string HouseholdKey, HouseholdRelation? Relation, bool RelationUnreadable, StationCommunity? Community,
    ResidentId? Id, ValidPersonDetails? Person, HouseholdFields Household, bool HouseholdValid, Guid? WorkerId);

/// <summary>
/// Turns a row's cells into the domain's inputs and checks them with the domain's rules, reporting every problem
/// of the row with its column. A column that could not be read is reported once (not again by the rules).
/// </summary>
internal sealed class PersonRowReader(IStringLocalizer l, IReadOnlyDictionary<string, StationCommunity> communities,
    ILookup<string, Guid> workersByName, DateOnly today)
{
    public ParsedRow Read(SheetRow row, List<ImportPersons.RowError> errors, List<ImportPersons.RowError>? warnings = null)
    {
        var unreadable = new HashSet<Col>();
        void Add(Col c, string message, bool reading = true)
        {
            var column = PersonSheet.Of(c);
            errors.Add(new ImportPersons.RowError(row.Number, column.Header, $"{l[column.Label]}：{message}"));
            if (reading) unreadable.Add(c);
        }
        T? Pick<T>(Col c, Vocabulary<T> words) where T : struct
        {
            var text = row.Text(c);
            if (text.Length == 0) return null;
            if (words.TryParse(text, out var v)) return v;
            Add(c, l["Import.UnknownValue", text, words.Allowed]);
            return null;
        }

        // A formula saved without its result (openpyxl, scripts) would read as blank: say so instead.
        foreach (var c in PersonSheet.Columns)
            if (row.Raw(c.Id) is FormulaWithoutValue) Add(c.Id, l["Import.FormulaNoValue"]);
        void Warn(Col c, string message)
        {
            var column = PersonSheet.Of(c);
            warnings?.Add(new ImportPersons.RowError(row.Number, column.Header, $"{l[column.Label]}：{message}"));
        }

        var community = unreadable.Contains(Col.CommunityCode) ? null : ReadCommunity(row.Text(Col.CommunityCode), m => Add(Col.CommunityCode, m));
        var relation = Pick(Col.Relation, PersonSheet.Relations);
        var gender = Pick(Col.Gender, PersonSheet.Genders);
        DateOnly? birthDate = null;
        if (row.Raw(Col.BirthDate) is { } rawDate and not FormulaWithoutValue)
        {
            if (PersonSheet.ReadDate(rawDate, row.Date1904, out var d) is { } dateError) Add(Col.BirthDate, l[dateError.Key, dateError.Arg]);
            else birthDate = d;
        }
        string? idNumber = row.Text(Col.IdNumber);
        if (PersonSheet.IsMangledNumber(row.Raw(Col.IdNumber))) { Add(Col.IdNumber, l["Import.NumberMangled"]); idNumber = null; }
        else if (idNumber.Length > 0 && row.Raw(Col.IdNumber) is double) { Add(Col.IdNumber, l["Import.IdAsNumber"]); idNumber = null; }
        else if (ResidentId.TryUpgrade15(idNumber, today, out var upgraded, out _))
        {
            // An old 15-digit number: upgraded by the standard rule and shown, so that the worker can compare it with the card.
            Warn(Col.IdNumber, l["Import.IdUpgraded", upgraded.Value]);
            idNumber = upgraded.Value;
        }
        var types = PersonSheet.ParseTypes(row.Text(Col.Types), out var unknownTypes);
        if (unknownTypes.Count > 0) Add(Col.Types, l["Import.UnknownTypes", string.Join("、", unknownTypes.Select(t => $"“{t}”"))]);
        var tier = Pick(Col.Tier, PersonSheet.Tiers);
        var legalBasis = Pick(Col.LegalBasis, PersonSheet.LegalBases);
        var household = new HouseholdFields(row.Text(Col.Address), row.Text(Col.ActualAddress), Pick(Col.ResidenceStatus, PersonSheet.ResidenceStatuses),
            Pick(Col.LivingArrangement, PersonSheet.LivingArrangements), row.Text(Col.EconomicSources));
        var selfCare = Pick(Col.SelfCare, PersonSheet.SelfCareAbilities);
        string? card = row.Text(Col.DisabilityCardNumber);
        if (PersonSheet.IsMangledNumber(row.Raw(Col.DisabilityCardNumber))) { Add(Col.DisabilityCardNumber, l["Import.NumberMangled"]); card = null; }
        var severeMental = Pick(Col.SevereMentalDisorder, PersonSheet.YesNo) ?? false;
        Guid? worker = null;
        var workerName = row.Text(Col.ResponsibleWorker);
        if (workerName.Length > 0)
        {
            var matches = workersByName[workerName].ToList();
            if (matches.Count == 1) worker = matches[0];
            else Add(Col.ResponsibleWorker, l[matches.Count == 0 ? "Import.WorkerUnknown" : "Import.WorkerAmbiguous", workerName]);
        }

        var details = new PersonDetails(row.Text(Col.Name), gender, row.Text(Col.Ethnicity), birthDate, idNumber, row.Text(Col.Phone),
            row.Text(Col.EmergencyContactName), row.Text(Col.EmergencyContactPhone), types, tier, legalBasis, null, severeMental,
            new HealthSection(ChronicDiseases: row.Text(Col.ChronicDiseases), SelfCare: selfCare, DisabilityCardNumber: card));
        var (valid, ruleErrors) = PersonRules.Validate(details, today);
        // Birth date and gender may be left to a correct ID number; while the ID is wrong, their absence is not a second mistake.
        var idWritten = !string.IsNullOrEmpty(idNumber) || unreadable.Contains(Col.IdNumber);
        foreach (var e in ruleErrors)
            if (!(idWritten && e is { Code: "Error.Required", Field: "BirthDate" or "Gender" })) Rule(e);

        var householdValid = !PersonSheet.Columns.Any(c => c.Household && unreadable.Contains(c.Id));
        if (household.Any)
        {
            var (_, householdErrors) = Household.Create(Guid.Empty, "", Guid.Empty, household.ToDetails());
            foreach (var e in householdErrors) Rule(e);
            householdValid &= householdErrors.Count == 0;
        }

        var number = row.Text(Col.HouseholdNo);
        var key = number.Length > 0 ? "n:" + number : "r:" + row.Number;
        ResidentId? id = ResidentId.TryParse(idNumber, today, out var parsedId, out _) ? parsedId : null;
        if (id is { IsResidencePermit: true } permit)
            Warn(Col.IdNumber, l["Import.ResidencePermit", Shegong.Domain.Regions.Provinces.Of(permit.Value[..2])!.Name]);
        return new ParsedRow(row.Number, key, relation, unreadable.Contains(Col.Relation), community, id,
            unreadable.Count == 0 ? valid : null, household, householdValid, worker);

        void Rule(RuleError e)
        {
            var c = PersonSheet.ColumnOfRule(e.Field);
            if (!unreadable.Contains(c)) Add(c, l[e.Code, e.Args], reading: false);
        }
    }

    /// <summary>A 12-digit community code of the station (or the community's exact name).</summary>
    private StationCommunity? ReadCommunity(string text, Action<string> error)
    {
        if (text.Length == 0) { error(l["Error.Required"]); return null; }
        if (communities.TryGetValue(text, out var byName)) return byName;
        if (!RegionCode.TryParse(text, out var code, out var codeError)) { error(l[codeError, text]); return null; }
        if (communities.TryGetValue(code.Prefix, out var byCode)) return byCode;
        error(l["Registry.CommunityNotOurs", text]);
        return null;
    }
}
