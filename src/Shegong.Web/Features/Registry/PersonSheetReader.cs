using System.Xml;
using Microsoft.Extensions.Localization;
using MiniExcelLibs;
using Shegong.Domain.Regions;
using Shegong.Domain.Registry;
using Col = Shegong.Web.Features.Registry.PersonSheet.Col;

namespace Shegong.Web.Features.Registry;

/// <summary>A data row as read: its number as the spreadsheet shows it (the header is row 1) and its cells in layout order.</summary>
public sealed class SheetRow(int number, object?[] cells)
{
    public int Number { get; } = number;
    public object? Raw(Col c) => cells[(int)c];
    public string Text(Col c) => PersonSheet.Text(cells[(int)c]);
}

/// <summary>
/// Opens an uploaded ledger file and streams its rows (MiniExcel reads the sheet row by row, so a large file is
/// never held whole). A problem with the file as a whole (not Excel, no header, wrong columns) is one message.
/// </summary>
internal sealed class PersonSheetFile : IDisposable
{
    private readonly IEnumerator<object> _rows;
    private readonly string[] _letters;

    private PersonSheetFile(IEnumerator<object> rows, string[] letters)
    {
        _rows = rows;
        _letters = letters;
    }

    public static PersonSheetFile? Open(Stream stream, IStringLocalizer l, out string? problem)
    {
        problem = null;
        IEnumerator<object>? rows = null;
        try
        {
            if (stream.Length == 0) { problem = l["Import.EmptyFile"]; return null; }
            var sheets = MiniExcel.GetSheetNames(stream);
            stream.Position = 0;
            var sheet = sheets.Contains(PersonSheet.SheetName) ? PersonSheet.SheetName : sheets.FirstOrDefault();
            rows = MiniExcel.Query(stream, useHeaderRow: false, sheetName: sheet, excelType: ExcelType.XLSX).GetEnumerator();
            if (!rows.MoveNext()) { problem = l["Import.NoRows"]; rows.Dispose(); return null; }

            var letters = new string?[PersonSheet.Columns.Count];
            foreach (var (letter, value) in (IDictionary<string, object?>)rows.Current)
            {
                var header = string.Concat(PersonSheet.Text(value).Where(c => !char.IsWhiteSpace(c)));
                var column = PersonSheet.Columns.FirstOrDefault(c => c.Header == header);
                if (column is null) continue; // a column of the user's own (备注…) is allowed and ignored
                if (letters[(int)column.Id] is not null) { problem = l["Import.DuplicateColumn", header]; rows.Dispose(); return null; }
                letters[(int)column.Id] = letter;
            }
            var missing = PersonSheet.Columns.Where(c => letters[(int)c.Id] is null).Select(c => c.Header).ToList();
            if (missing.Count == PersonSheet.Columns.Count) { problem = l["Import.NotTemplate"]; rows.Dispose(); return null; }
            if (missing.Count > 0) { problem = l["Import.MissingColumns", string.Join("、", missing)]; rows.Dispose(); return null; }
            return new PersonSheetFile(rows, letters!);
        }
        catch (Exception e) when (IsUnreadable(e))
        {
            rows?.Dispose();
            problem = l["Import.NotExcel"];
            return null;
        }
    }

    /// <summary>Rows with something in a template column; blank rows (the template's pre-formatted ones too) are skipped.</summary>
    public IEnumerable<SheetRow> Rows()
    {
        var number = 1;
        while (_rows.MoveNext())
        {
            number++;
            var record = (IDictionary<string, object?>)_rows.Current;
            var cells = new object?[_letters.Length];
            var any = false;
            for (var i = 0; i < _letters.Length; i++)
            {
                if (!record.TryGetValue(_letters[i], out var v) || v is null || v is string s && string.IsNullOrWhiteSpace(s)) continue;
                cells[i] = v;
                any = true;
            }
            if (any) yield return new SheetRow(number, cells);
        }
    }

    /// <summary>What a damaged or foreign file makes the reader throw (never a 500).</summary>
    public static bool IsUnreadable(Exception e) => e is InvalidDataException or IOException or FormatException or InvalidOperationException
        or XmlException or ArgumentException or KeyNotFoundException or NotSupportedException or InvalidCastException or IndexOutOfRangeException;

    public void Dispose() => _rows.Dispose();
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
    public ParsedRow Read(SheetRow row, List<ImportPersons.RowError> errors)
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

        var community = ReadCommunity(row.Text(Col.CommunityCode), m => Add(Col.CommunityCode, m));
        var relation = Pick(Col.Relation, PersonSheet.Relations);
        var gender = Pick(Col.Gender, PersonSheet.Genders);
        DateOnly? birthDate = null;
        if (row.Raw(Col.BirthDate) is { } rawDate)
        {
            if (PersonSheet.TryReadDate(rawDate, out var d)) birthDate = d;
            else Add(Col.BirthDate, l["Import.DateInvalid", row.Text(Col.BirthDate)]);
        }
        string? idNumber = row.Text(Col.IdNumber);
        if (PersonSheet.IsMangledNumber(row.Raw(Col.IdNumber))) { Add(Col.IdNumber, l["Import.NumberMangled"]); idNumber = null; }
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
