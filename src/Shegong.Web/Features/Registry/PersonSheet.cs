using System.Data;
using System.Globalization;
using Microsoft.Extensions.Localization;
using MiniExcelLibs;
using MiniExcelLibs.Attributes;
using MiniExcelLibs.OpenXml;
using Shegong.Domain.Registry;

namespace Shegong.Web.Features.Registry;

/// <summary>
/// The ledger's Excel layout (一户一档、一人一案), kept in one place so that the template, the import, the export
/// and the error report agree: one row per person; rows with the same 户编号 form one household, whose facts
/// (addresses, living arrangement, income) are written on the head's row. Headers and value names are the file
/// format, so they stay Chinese whatever the UI language; notes and messages come from the resources.
/// </summary>
public static class PersonSheet
{
    public const string SheetName = "人员台账";
    public const string GuideSheetName = "填写说明";
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public enum Col
    {
        CommunityCode, HouseholdNo, Relation, Name, Gender, Ethnicity, BirthDate, IdNumber, Phone, EmergencyContactName,
        EmergencyContactPhone, Types, Tier, LegalBasis, Address, ActualAddress, ResidenceStatus, LivingArrangement,
        EconomicSources, ChronicDiseases, SelfCare, DisabilityCardNumber, SevereMentalDisorder, ResponsibleWorker,
    }

    /// <summary>A column: its header in the file, the resource key that names it in messages, whether Excel must keep it as text.</summary>
    public sealed record Column(Col Id, string Header, string Label, bool Text = false, double Width = 12, bool Household = false, string[]? Aliases = null);

    /// <summary>In file order; indexed by <see cref="Col"/>.</summary>
    public static readonly IReadOnlyList<Column> Columns =
    [
        new(Col.CommunityCode, "社区代码", "Field.CommunityCode", Text: true, Width: 16, Aliases: ["社区(村)代码", "村(社区)代码", "社区编码", "社区", "所属社区", "村(社区)"]),
        new(Col.HouseholdNo, "户编号", "Field.HouseholdNo", Text: true, Width: 8, Aliases: ["户号", "家庭编号", "户序号"]),
        new(Col.Relation, "与户主关系", "Field.Relation", Width: 10, Aliases: ["与户主的关系", "关系", "家庭关系"]),
        new(Col.Name, "姓名", "Field.DisplayName", Width: 10, Aliases: ["名字", "人员姓名"]),
        new(Col.Gender, "性别", "Field.Gender", Width: 6),
        new(Col.Ethnicity, "民族", "Field.Ethnicity", Width: 8),
        new(Col.BirthDate, "出生日期", "Field.BirthDate", Width: 12, Aliases: ["出生年月日", "生日"]),
        new(Col.IdNumber, "身份证号", "Field.IdNumber", Text: true, Width: 21, Aliases: ["身份证号码", "身份证", "公民身份号码", "身份证件号码", "证件号码"]),
        new(Col.Phone, "联系电话", "Field.Phone", Text: true, Width: 14, Aliases: ["联系方式", "电话", "手机", "手机号", "手机号码", "电话号码"]),
        new(Col.EmergencyContactName, "紧急联系人", "Field.EmergencyContactName", Width: 10),
        new(Col.EmergencyContactPhone, "紧急联系人电话", "Field.EmergencyContactPhone", Text: true, Width: 14, Aliases: ["紧急联系电话", "紧急联系人联系方式", "紧急联系方式"]),
        new(Col.Types, "人员类型", "Field.Types", Width: 16, Aliases: ["困难类型", "人员类别", "对象类型"]),
        new(Col.Tier, "跟进分级", "Field.Tier", Width: 9, Aliases: ["分级", "风险等级", "关注等级"]),
        new(Col.LegalBasis, "信息收集依据", "Field.LegalBasis", Width: 14, Aliases: ["收集依据"]),
        new(Col.Address, "户籍地址", "Field.HouseholdAddress", Width: 24, Household: true, Aliases: ["户籍地", "户口所在地", "户籍所在地"]),
        new(Col.ActualAddress, "实际居住地址", "Field.ActualAddress", Width: 24, Household: true, Aliases: ["现居住地址", "居住地址", "现住址", "实际居住地"]),
        new(Col.ResidenceStatus, "人户状态", "Field.ResidenceStatus", Width: 10, Household: true),
        new(Col.LivingArrangement, "居住情况", "Field.LivingArrangement", Width: 12, Household: true),
        new(Col.EconomicSources, "经济来源", "Field.EconomicSources", Width: 12, Household: true),
        new(Col.ChronicDiseases, "慢性病", "Field.ChronicDiseases", Width: 14),
        new(Col.SelfCare, "自理能力", "Field.SelfCare", Width: 9, Aliases: ["生活自理能力"]),
        new(Col.DisabilityCardNumber, "残疾人证号", "Field.DisabilityCardNumber", Text: true, Width: 23, Aliases: ["残疾证号", "残疾人证号码"]),
        new(Col.SevereMentalDisorder, "严重精神障碍", "Field.SevereMentalDisorder", Width: 8, Aliases: ["是否严重精神障碍"]),
        new(Col.ResponsibleWorker, "责任社工", "Field.ResponsibleWorkerId", Width: 10, Aliases: ["负责社工", "跟进社工"]),
    ];

    public static Column Of(Col c) => Columns[(int)c];

    /// <summary>
    /// A header as compared: whitespace and line breaks dropped, full-width brackets and stars made ASCII, required
    /// markers (*) dropped. "身份证号（18位）" becomes "身份证号(18位)"; <see cref="Match"/> also tries it without the bracket.
    /// </summary>
    public static string HeaderKey(string text)
    {
        var chars = new List<char>(text.Length);
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || c is '*' or '＊' or '\u200b') continue;
            chars.Add(c switch { '（' => '(', '）' => ')', '【' => '(', '】' => ')', '[' => '(', ']' => ')', _ => c });
        }
        return new string([.. chars]);
    }

    private static readonly Dictionary<string, Column> ByHeader = Columns
        .SelectMany(c => new[] { c.Header }.Concat(c.Aliases ?? []).Select(h => (Key: HeaderKey(h), Column: c)))
        .ToDictionary(x => x.Key, x => x.Column);

    /// <summary>The column a header names: its own header, one of its aliases, or either with a bracketed note ("（18位）", "(必填)").</summary>
    public static Column? Match(string header)
    {
        var key = HeaderKey(header);
        if (key.Length == 0) return null;
        if (ByHeader.TryGetValue(key, out var column)) return column;
        var bare = System.Text.RegularExpressions.Regex.Replace(key, @"\([^()]*\)", "");
        return bare.Length > 0 && bare != key && ByHeader.TryGetValue(bare, out column) ? column : null;
    }

    /// <summary>The column a domain rule's field is entered in (rules of <see cref="PersonRules"/> and <see cref="Household"/>).</summary>
    public static Col ColumnOfRule(string field) => field switch
    {
        "Name" => Col.Name,
        "Gender" => Col.Gender,
        "Ethnicity" => Col.Ethnicity,
        "BirthDate" => Col.BirthDate,
        "IdNumber" => Col.IdNumber,
        "Phone" => Col.Phone,
        "EmergencyContactName" => Col.EmergencyContactName,
        "EmergencyContactPhone" => Col.EmergencyContactPhone,
        "Types" => Col.Types,
        "Tier" => Col.Tier,
        "LegalBasis" => Col.LegalBasis,
        "ChronicDiseases" => Col.ChronicDiseases,
        "DisabilityCardNumber" or "DisabilityCategory" or "DisabilityGrade" => Col.DisabilityCardNumber,
        "Address" => Col.Address,
        "ActualAddress" => Col.ActualAddress,
        "EconomicSources" => Col.EconomicSources,
        // Sections the sheet does not carry stay empty, so their rules cannot fail; the name column is a safe home.
        _ => Col.Name,
    };

    // The words of the file format. The first name of each value is the one written; the others are accepted.
    public static readonly Vocabulary<Gender> Genders = new((Gender.Male, ["男", "男性"]), (Gender.Female, ["女", "女性"]));
    public static readonly Vocabulary<FollowUpTier> Tiers = new(
        (FollowUpTier.HighRisk, ["高风险"]), (FollowUpTier.Key, ["重点", "重点关注"]), (FollowUpTier.General, ["一般"]));
    public static readonly Vocabulary<LegalBasis> LegalBases = new(
        (LegalBasis.WrittenConsent, ["本人书面同意", "本人同意", "书面同意"]), (LegalBasis.GuardianConsent, ["监护人同意"]),
        (LegalBasis.StatutoryDuty, ["履行法定职责", "法定职责"]), (LegalBasis.VitalInterests, ["保护生命健康"]));
    public static readonly Vocabulary<HouseholdRelation> Relations = new(
        (HouseholdRelation.Head, ["户主", "本人"]), (HouseholdRelation.Spouse, ["配偶", "妻", "夫", "妻子", "丈夫"]),
        (HouseholdRelation.Child, ["子女", "子", "女", "儿子", "女儿"]), (HouseholdRelation.Parent, ["父母", "父亲", "母亲"]),
        (HouseholdRelation.Grandchild, ["孙子女", "孙子", "孙女", "外孙子女"]), (HouseholdRelation.Grandparent, ["祖父母", "祖父", "祖母", "外祖父母"]),
        (HouseholdRelation.Sibling, ["兄弟姐妹"]), (HouseholdRelation.Other, ["其他"]));
    public static readonly Vocabulary<ResidenceStatus> ResidenceStatuses = new(
        (ResidenceStatus.Consistent, ["人户一致"]), (ResidenceStatus.RegisteredOnly, ["户在人不在"]), (ResidenceStatus.ResidentOnly, ["人在户不在"]));
    public static readonly Vocabulary<LivingArrangement> LivingArrangements = new(
        (LivingArrangement.Alone, ["独居"]), (LivingArrangement.WithSpouse, ["与配偶同住"]), (LivingArrangement.WithChildren, ["与子女同住"]),
        (LivingArrangement.WithRelatives, ["与其他亲属同住"]), (LivingArrangement.InstitutionCare, ["机构供养"]), (LivingArrangement.Other, ["其他"]));
    public static readonly Vocabulary<SelfCareAbility> SelfCareAbilities = new(
        (SelfCareAbility.Independent, ["自理", "能自理", "完全自理"]), (SelfCareAbility.Partial, ["半自理"]), (SelfCareAbility.Dependent, ["不能自理", "失能"]));
    public static readonly Vocabulary<bool> YesNo = new((true, ["是", "有", "Y", "y"]), (false, ["否", "无", "N", "n"]));
    public static readonly Vocabulary<PersonTypes> TypeNames = new(
        (PersonTypes.MinimumLiving, ["低保"]), (PersonTypes.NearPoverty, ["低边"]), (PersonTypes.ExtremePoverty, ["特困"]),
        (PersonTypes.ChildInDifficulty, ["困境儿童"]), (PersonTypes.LeftBehindElderly, ["留守老人"]), (PersonTypes.Widowed, ["孤寡"]),
        (PersonTypes.ExtremePovertySevereDisability, ["特困重残"]), (PersonTypes.LivingAlone, ["独居"]), (PersonTypes.ExpenditureHardship, ["支出型困难"]),
        (PersonTypes.Disabled, ["残疾人"]), (PersonTypes.Vagrant, ["流浪乞讨"]), (PersonTypes.LeftBehindChild, ["留守儿童"]),
        (PersonTypes.SingleMotherInPoverty, ["单身特困母亲"]), (PersonTypes.LeftBehindWoman, ["留守妇女"]), (PersonTypes.EmptyNest, ["空巢"]),
        (PersonTypes.Incapacitated, ["失能"]), (PersonTypes.SeverelyDisabledElderly, ["重残老人"]), (PersonTypes.FamilyPlanningSpecial, ["计生特殊家庭"]),
        (PersonTypes.Orphan, ["孤儿"]), (PersonTypes.DeFactoUnsupportedChild, ["事实无人抚养儿童"]));

    private static readonly char[] TypeSeparators = ['、', ',', '，', ';', '；', '/', ' ', '\u3000'];

    /// <summary>"低保、独居": every name known, or the unknown ones listed.</summary>
    public static PersonTypes ParseTypes(string text, out List<string> unknown)
    {
        unknown = [];
        var types = PersonTypes.None;
        foreach (var part in text.Split(TypeSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (TypeNames.TryParse(part, out var t)) types |= t;
            else unknown.Add(part);
        }
        return types;
    }

    public static string FormatTypes(PersonTypes types) => string.Join("、", PersonTypeList.Split(types).Select(TypeNames.NameOf));

    private static readonly string[] DateFormats = ["yyyy-M-d", "yyyy/M/d", "yyyy.M.d", "yyyyMMdd", "yyyy年M月d日", "yyyy-M-d H:mm:ss", "yyyy/M/d H:mm:ss"];

    /// <summary>2026-11-22, 2026/11/22, 20261122, 2026年11月22日, or a real Excel date cell (or its serial number).</summary>
    public static bool TryReadDate(object? cell, out DateOnly date) => ReadDate(cell, false, out date) is null;

    /// <summary>
    /// A date cell, read only when unambiguous: a real date cell (the workbook's date system already applied), a
    /// serial number in the workbook's system, numeric yyyyMMdd, or text as people write it. A number or text that
    /// looks like a year (1950) or an age (76) is refused with a message that says so, never turned into a day of
    /// 1905 or 1900. Returns null when read, or the message's resource key and argument.
    /// </summary>
    public static (string Key, string Arg)? ReadDate(object? cell, bool date1904, out DateOnly date)
    {
        date = default;
        switch (cell)
        {
            case DateTime dt: date = DateOnly.FromDateTime(dt); return null;
            case DateOnly d: date = d; return null;
            case double n when n != Math.Floor(n): return ("Import.DateInvalid", Text(n));
            case double n when n is >= 0 and <= 150: return ("Import.DateIsAge", Text(n));
            case double n when n is >= 1800 and <= 2200: return ("Import.DateIsYear", Text(n));
            case double n when n is >= 18000101 and <= 22001231:
                return DateOnly.TryParseExact(((long)n).ToString(CultureInfo.InvariantCulture), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date)
                    ? null : ("Import.DateInvalid", Text(n));
            case double n when Shegong.Web.Infrastructure.Excel.XlsxGrid.FromSerial(n, date1904) is { } serial:
                // A date cell whose style does not mark it as a date still holds the serial day number.
                date = DateOnly.FromDateTime(serial);
                return null;
            case string s:
                var t = s.Trim();
                if (System.Text.RegularExpressions.Regex.IsMatch(t, @"^\d{1,3}\s*(岁|周岁)?$") && int.Parse(System.Text.RegularExpressions.Regex.Match(t, @"\d+").Value, CultureInfo.InvariantCulture) <= 150)
                    return ("Import.DateIsAge", t);
                if (System.Text.RegularExpressions.Regex.IsMatch(t, @"^(18|19|20|21)\d{2}\s*年?$")) return ("Import.DateIsYear", t);
                if (System.Text.RegularExpressions.Regex.IsMatch(t, @"^(18|19|20|21)\d{2}\s*[-/.年]\s*\d{1,2}\s*月?$")) return ("Import.DateNoDay", t);
                return DateOnly.TryParseExact(t, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out date) ? null : ("Import.DateInvalid", t);
            default: return ("Import.DateInvalid", Text(cell));
        }
    }

    /// <summary>A cell as text: numbers without exponent or ".0" where they are whole, dates as 2026-11-22.</summary>
    public static string Text(object? cell) => cell switch
    {
        null or Shegong.Web.Infrastructure.Excel.FormulaWithoutValue => "",
        string s => s.Trim(),
        double n when n == Math.Floor(n) && Math.Abs(n) < 1e15 => ((long)n).ToString(CultureInfo.InvariantCulture),
        DateTime dt => dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        bool b => b ? "是" : "否",
        _ => Convert.ToString(cell, CultureInfo.InvariantCulture)?.Trim() ?? "",
    };

    /// <summary>Excel stores numbers of more than 15 digits rounded: an ID typed into a number cell has lost its end.</summary>
    public static bool IsMangledNumber(object? cell) => cell is double n && Math.Abs(n) >= 1e15;

    /// <summary>An ID number as a masked export writes it (440103********1234): never a number to import.</summary>
    public static bool IsMaskedId(string text) => text.Length >= 6 && text.Contains("***", StringComparison.Ordinal);

    /// <summary>Column widths, text format for numbers that must stay text (ID, phones), dates as 2026-11-22.</summary>
    private static OpenXmlConfiguration Configuration(bool banner = false) => new()
    {
        TableStyles = TableStyles.None,
        AutoFilter = !banner,
        FreezeRowCount = banner ? 2 : 1,
        DynamicColumns = Columns.Select(c => new DynamicExcelColumn(c.Header)
        {
            Width = c.Width,
            Format = c.Text ? "@" : c.Id == Col.BirthDate ? "yyyy-MM-dd" : null,
        }).ToArray(),
    };

    /// <summary>
    /// Writes rows in the layout under a first row saying what the file is (a masked export: it cannot be imported
    /// again); the import skips it as a title row.
    /// </summary>
    public static Task WriteAsync(Stream output, IAsyncEnumerable<Dictionary<string, object?>> rows, string? banner, CancellationToken ct) =>
        banner is null ? WriteAsync(output, rows, ct)
            : MiniExcel.SaveAsAsync(output, WithBanner(rows, banner), printHeader: false, sheetName: SheetName, configuration: Configuration(banner: true), cancellationToken: ct);

    private static async IAsyncEnumerable<Dictionary<string, object?>> WithBanner(IAsyncEnumerable<Dictionary<string, object?>> rows, string banner)
    {
        var first = NewRow();
        first[Columns[0].Header] = banner;
        yield return first;
        yield return Columns.ToDictionary(c => c.Header, c => (object?)c.Header);
        await foreach (var row in rows) yield return row;
    }

    /// <summary>Writes rows in the layout; the header row is written even when there are no rows.</summary>
    public static async Task WriteAsync(Stream output, IAsyncEnumerable<Dictionary<string, object?>> rows, CancellationToken ct)
    {
        await using var e = rows.GetAsyncEnumerator(ct);
        if (!await e.MoveNextAsync())
        {
            using var empty = new DataTable();
            foreach (var c in Columns) empty.Columns.Add(c.Header);
            await MiniExcel.SaveAsAsync(output, empty, sheetName: SheetName, configuration: Configuration(), cancellationToken: ct);
            return;
        }
        await MiniExcel.SaveAsAsync(output, Continue(e), sheetName: SheetName, configuration: Configuration(), cancellationToken: ct);

        static async IAsyncEnumerable<Dictionary<string, object?>> Continue(IAsyncEnumerator<Dictionary<string, object?>> e)
        {
            do yield return e.Current;
            while (await e.MoveNextAsync());
        }
    }

    /// <summary>
    /// Writes rows as CSV (header first) in the given encoding (UTF-8 with a BOM, so that Excel detects it, or GB18030).
    /// Cells of the text columns (ID and card numbers, phones, codes) start with a tab, the usual way of keeping Excel
    /// from turning an 18-digit number into 4.40112E+17; the import trims it.
    /// </summary>
    public static async Task WriteCsvAsync(Stream output, IAsyncEnumerable<Dictionary<string, object?>> rows, System.Text.Encoding encoding, CancellationToken ct, string? banner = null)
    {
        await using var writer = new StreamWriter(output, encoding, leaveOpen: true);
        if (banner is not null) await writer.WriteLineAsync(Quote(banner));
        await writer.WriteLineAsync(string.Join(",", Columns.Select(c => Quote(c.Header))));
        await foreach (var row in rows.WithCancellation(ct))
            await writer.WriteLineAsync(string.Join(",", Columns.Select(c => Quote(row[c.Header] switch
            {
                DateTime d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                var v when c.Text && Text(v) is { Length: > 0 } t => "\t" + t,
                var v => Text(v),
            }))));

        static string Quote(string value) => value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }

    /// <summary>An empty row in the layout, to be filled by the caller.</summary>
    public static Dictionary<string, object?> NewRow() => Columns.ToDictionary(c => c.Header, _ => (object?)null);

    /// <summary>Blank rows written into the template so that the text columns are already formatted as text when typed into.</summary>
    public const int TemplateBlankRows = 1000;

    public const string ExampleSheetName = "示例";

    /// <summary>
    /// The template: the ledger sheet (headers and pre-formatted blank rows), an example sheet that is never
    /// imported (so examples cannot end up on file by accident), and a sheet explaining every column.
    /// </summary>
    public static void WriteTemplate(Stream output, IStringLocalizer l)
    {
        var examples = new List<Dictionary<string, object?>>
        {
            Example("440112010001", "1", "户主", "王秀英", "女", "汉族", "1942-03-15", ResidentId.Create("440112", new(1942, 3, 15), 2).Value,
                "13912345678", "李明", "13800138000", "独居、低保", "高风险", "本人书面同意", "长洲路 12 号 301", "", "人户一致", "独居",
                "养老金", "高血压", "半自理", "", "否", ""),
            Example("440112010001", "2", "户主", "张德贵", "男", "汉族", "1938-07-01", "", "020-87654321", "", "", "空巢", "重点", "履行法定职责",
                "金洲北路 88 号 502", "", "人户一致", "与配偶同住", "养老金", "糖尿病", "自理", "", "否", ""),
            Example("440112010001", "2", "配偶", "刘桂兰", "女", "汉族", "1940-10-20", "", "", "", "", "空巢", "重点", "履行法定职责",
                "", "", "", "", "", "", "自理", "", "否", ""),
        };
        var blank = Enumerable.Range(0, TemplateBlankRows).Select(_ => Columns.ToDictionary(c => c.Header, _ => (object?)""));
        string column = l["PersonSheet.GuideColumn"], required = l["PersonSheet.GuideRequired"], note = l["PersonSheet.GuideNote"];
        var guide = Columns.Select(c => new Dictionary<string, object?>
        {
            [column] = c.Header,
            [required] = l["PersonSheet.Required." + c.Id].Value,
            [note] = l["PersonSheet.Note." + c.Id].Value,
        }).ToList();
        var sheets = new Dictionary<string, object>
        {
            [SheetName] = blank,
            [ExampleSheetName] = examples,
            [GuideSheetName] = guide,
        };
        var config = Configuration();
        config.AutoFilter = false;
        config.DynamicColumns = [.. config.DynamicColumns, new(column) { Width = 14 }, new(required) { Width = 22 }, new(note) { Width = 90 }];
        MiniExcel.SaveAs(output, sheets, configuration: config);
    }

    private static Dictionary<string, object?> Example(params string[] values)
    {
        var row = NewRow();
        for (var i = 0; i < Columns.Count; i++) row[Columns[i].Header] = values[i];
        return row;
    }
}

/// <summary>The names of an enumeration's values in the file: the first is written, all are read (spaces ignored).</summary>
public sealed class Vocabulary<T>(params (T Value, string[] Names)[] entries) where T : struct
{
    private readonly Dictionary<string, T> _byName = entries.SelectMany(e => e.Names.Select(n => (n, e.Value))).ToDictionary(x => x.n, x => x.Value);

    public bool TryParse(string text, out T value) =>
        _byName.TryGetValue(string.Concat(text.Where(c => !char.IsWhiteSpace(c))), out value);

    public string NameOf(T value) => entries.First(e => EqualityComparer<T>.Default.Equals(e.Value, value)).Names[0];

    /// <summary>"高风险、重点、一般" for messages.</summary>
    public string Allowed => string.Join("、", entries.Select(e => e.Names[0]));
}
