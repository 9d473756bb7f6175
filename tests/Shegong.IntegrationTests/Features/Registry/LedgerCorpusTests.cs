using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using Shegong.Domain.Registry;
using Shegong.IntegrationTests.Infrastructure;
using Shegong.Web.Features.Registry;
using Shegong.Web.Infrastructure.Data;
using Shegong.Web.Infrastructure.Privacy;
using Col = Shegong.Web.Features.Registry.PersonSheet.Col;

namespace Shegong.IntegrationTests.Features.Registry;

/// <summary>
/// The ledger files stations really make (issue 11, "Why"), each written by several producers — MiniExcel in-process,
/// openpyxl (Debian's python3-openpyxl, as scripts write them), and LibreOffice re-saving the openpyxl file as .xls and
/// as .xlsx — and each with its expected outcome: imported with every checked value right, or refused with a Chinese
/// message naming row, column and problem. None may store a wrong value. Runs on the suite's database (both, by
/// scripts/test.sh).
/// </summary>
public sealed class LedgerCorpusTests(AppFixture app, ITestOutputHelper output)
{
    private const string Python = "/usr/bin/python3";

    private static readonly string[] Surnames =
        ["禤", "亓", "覃", "檀", "逄", "笪", "郗", "宓", "蒯", "隗", "郜", "厍", "訾", "甯", "麴", "晁", "钭", "邬", "毋", "璩",
         "阙", "鄢", "昝", "仉", "郏", "眭", "暨", "佘", "佴", "缑", "蔺", "鞠", "乜", "庹", "桓", "羿", "濮", "扈", "戚", "綦",
         "谯", "闾", "郇", "嵇", "苌", "酆", "皇甫", "东方", "令狐", "上官", "欧阳", "司马", "尉迟", "公孙", "轩辕", "慕容"];

    /// <summary>A spreadsheet as the producers write it: sheets of rows of cells (null, string, number, Date, Formula, Text).</summary>
    private sealed record Sheet(string Name, List<object?[]> Rows, List<string> Merges);
    private sealed record Date(string Value);
    private sealed record Formula(string Value);
    private sealed record Spec(List<Sheet> Sheets, bool Epoch1904 = false);

    /// <summary>What a case must give: its problems (row, column header, words of the message) or, when none, what is stored.</summary>
    private sealed record Expected(List<(int Row, Col Column, string Says)> Errors, string? Warning = null, string? Notice = null, int? Households = null);

    private sealed record Case(string Name, Spec Spec, Expected Expected, List<ResidentId> Ids, bool MiniExcel = true, Expected? AfterLibreOffice = null);


    public static TheoryData<string> Producers => new() { "miniexcel", "openpyxl", "libreoffice-xls", "libreoffice-xlsx" };

    [Theory]
    [MemberData(nameof(Producers))]
    public async Task Every_case_imports_right_or_is_refused_with_row_column_and_problem(string producer)
    {
        if (producer != "miniexcel")
            Assert.SkipUnless(File.Exists(Python) && Run(Python, "-c \"import openpyxl\"", Path.GetTempPath()).Code == 0, "python3-openpyxl is not installed (scripts/test.sh installs it)");
        if (producer.StartsWith("libreoffice", StringComparison.Ordinal))
            Assert.SkipUnless(File.Exists("/usr/bin/soffice"), "LibreOffice is not installed (scripts/test.sh installs it)");
        await ImportStation.EnsureAsync(app);
        using var worker = await app.ClientAsAsync(ImportStation.Worker);
        var producerIndex = Producers.Select(p => (string)p.Data).ToList().IndexOf(producer);
        var cases = await CasesAsync(seed: 1100 + producerIndex * 37);
        var dir = Directory.CreateTempSubdirectory("shegong-corpus-").FullName;
        var files = Produce(producer, cases.Where(c => producer != "miniexcel" || c.MiniExcel).ToList(), dir);
        var failures = new List<string>();
        var surname = 0;
        foreach (var (c, path) in files)
        {
            var expected = producer.StartsWith("libreoffice", StringComparison.Ordinal) && c.AfterLibreOffice is { } lo ? lo : c.Expected;
            try { await CheckCaseAsync(worker, c, path, expected); }
            catch (Exception e) { failures.Add($"{c.Name} ({producer}): {e.Message}"); }
            surname++;
        }
        output.WriteLine($"{files.Count} cases by {producer}");
        failures.ShouldBeEmpty(string.Join("\n", failures));
    }

    private async Task CheckCaseAsync(HttpClient worker, Case c, string path, Expected expected)
    {
        var bytes = await File.ReadAllBytesAsync(path);
        var name = Path.GetFileName(path);
        var response = await worker.PostAsync("/api/v1/persons/import/check", LedgerFile.Upload(bytes, name));
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        var report = JsonDocument.Parse(body).RootElement.GetProperty("report");
        var errors = report.GetProperty("errors").EnumerateArray()
            .Select(e => (Row: e.GetProperty("row").GetInt32(), Column: e.GetProperty("column").GetString()!, Message: e.GetProperty("message").GetString()!)).ToList();
        var notices = report.GetProperty("notices").EnumerateArray().Select(n => n.GetString()!).ToList();
        var warnings = report.GetProperty("warnings").EnumerateArray().Select(w => w.GetProperty("message").GetString()!).ToList();
        output.WriteLine($"{c.Name} {name}: errors [{string.Join(" | ", errors.Select(e => $"{e.Row} {e.Column} {e.Message}"))}] notices [{string.Join(" | ", notices)}] warnings [{string.Join(" | ", warnings)}]");
        errors.Select(e => (e.Row, e.Column)).ShouldBe(expected.Errors.Select(e => (e.Row, PersonSheet.Of(e.Column).Header)), ignoreOrder: true, body);
        foreach (var e in expected.Errors)
            errors.Single(x => x.Row == e.Row && x.Column == PersonSheet.Of(e.Column).Header).Message.ShouldContain(e.Says);
        if (expected.Notice is { } notice) notices.ShouldContain(n => n.Contains(notice), string.Join("\n", notices));
        if (expected.Warning is { } warning) warnings.ShouldContain(w => w.Contains(warning), string.Join("\n", warnings));

        var ids = await HashesAsync(c.Ids);
        var import = await worker.PostAsync("/api/v1/persons/import", LedgerFile.Upload(bytes, name));
        using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<ShegongDbContext>();
        var stored = await db.Persons.IgnoreQueryFilters().Where(p => ids.Contains(p.IdHash!))
            .Select(p => new { p.Id, p.IdNumber, p.BirthDate, p.Gender, p.HouseholdId }).ToListAsync();
        if (expected.Errors.Count > 0)
        {
            import.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            stored.ShouldBeEmpty();
            return;
        }
        import.StatusCode.ShouldBe(HttpStatusCode.OK, await import.Content.ReadAsStringAsync());
        // Every ID number of the file is on file, with the birth date and gender it carries: no date shifted, no ID lost.
        stored.Select(p => p.IdNumber).ShouldBe(c.Ids.Select(i => i.Value), ignoreOrder: true);
        foreach (var p in stored)
        {
            var id = ResidentId.Parse(p.IdNumber);
            p.BirthDate.ShouldBe(id.BirthDate);
            p.Gender.ShouldBe(id.Gender);
        }
        if (expected.Households is { } households) stored.Select(p => p.HouseholdId).Distinct().Count().ShouldBe(households);
        // A residence permit is labelled on the person's page (masked, the first digits still say it).
        foreach (var permit in stored.Where(p => ResidentId.Parse(p.IdNumber).IsResidencePermit))
        {
            using var browser = await app.BrowserAsAsync(ImportStation.Worker);
            (await browser.GetStringAsync($"/persons/{permit.Id}")).ShouldContain("港澳台居民居住证（台湾地区）");
        }
    }

    private async Task<List<string>> HashesAsync(IEnumerable<ResidentId> ids)
    {
        using var scope = app.Scope();
        var hash = await scope.ServiceProvider.GetRequiredService<LookupHasher>().HashFunctionAsync();
        return ids.Select(i => hash(i.Value)).ToList();
    }

    // ---- the cases -------------------------------------------------------------------------------------------------

    private static readonly string[] Header = PersonSheet.Columns.Select(c => c.Header).ToArray();

    /// <summary>Three people: a household of two (head and spouse, facts on the head's row) and one person alone.</summary>
    private static List<object?[]> Base(IReadOnlyList<ResidentId> ids, string surname)
    {
        object?[] Row(ResidentId id, string household, string relation, string given, bool facts, string living)
        {
            var r = new object?[Header.Length];
            void Set(Col c, object? v) => r[(int)c] = v;
            Set(Col.CommunityCode, ImportStation.CommunityA);
            Set(Col.HouseholdNo, household);
            Set(Col.Relation, relation);
            Set(Col.Name, surname + given);
            Set(Col.Gender, id.Gender == Gender.Male ? "男" : "女");
            Set(Col.Ethnicity, "汉族");
            Set(Col.BirthDate, new Date(id.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
            Set(Col.IdNumber, id.Value);
            Set(Col.Phone, "13912345678");
            Set(Col.EmergencyContactName, "李明");
            Set(Col.EmergencyContactPhone, "13800138000");
            Set(Col.Types, "空巢");
            Set(Col.Tier, "一般");
            Set(Col.LegalBasis, "本人书面同意");
            if (facts)
            {
                Set(Col.Address, "长洲路 12 号");
                Set(Col.ResidenceStatus, "人户一致");
                Set(Col.LivingArrangement, living);
                Set(Col.EconomicSources, "养老金");
            }
            Set(Col.SevereMentalDisorder, "否");
            return r;
        }
        return
        [
            [.. Header],
            Row(ids[0], "1", "户主", "秀英", true, "与配偶同住"),
            Row(ids[1], "1", "配偶", "德贵", false, ""),
            Row(ids[2], "", "", "玉珍", true, "独居"),
        ];
    }

    /// <summary>The same number under another province code, check digit recomputed (valid or not).</summary>
    private static string WithProvince(ResidentId id, string province)
    {
        var first17 = province + id.Value[2..17];
        return first17 + ResidentId.CheckDigit(first17);
    }

    private async Task<List<Case>> CasesAsync(int seed)
    {
        var random = new Random(seed);
        using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<ShegongDbContext>();
        var taken = (await db.Persons.IgnoreQueryFilters().Where(p => p.IdHash != null).Select(p => p.IdHash!).ToListAsync()).ToHashSet();
        var hash = await scope.ServiceProvider.GetRequiredService<LookupHasher>().HashFunctionAsync();
        var surnames = new Queue<string>(Surnames.OrderBy(_ => random.Next()));
        List<ResidentId> Ids()
        {
            var result = new List<ResidentId>();
            while (result.Count < 3)
            {
                var id = ResidentId.Create("440103", new DateOnly(random.Next(1931, 1960), random.Next(1, 13), random.Next(1, 29)), random.Next(1000));
                if (taken.Add(hash(id.Value)) && taken.Add(hash(WithProvince(id, "83")))) result.Add(id);
            }
            return result;
        }
        Case Make(string name, Func<List<object?[]>, List<ResidentId>, Spec> build, Expected expected, bool miniExcel = true, Expected? afterLibreOffice = null,
            Func<List<ResidentId>, List<ResidentId>>? stored = null)
        {
            var ids = Ids();
            var spec = build(Base(ids, surnames.Dequeue()), ids);
            return new Case(name, spec, expected, stored?.Invoke(ids) ?? ids, miniExcel, afterLibreOffice);
        }
        static Spec One(List<object?[]> rows, params string[] merges) => new([new Sheet(PersonSheet.SheetName, rows, [.. merges])]);
        var none = new List<(int, Col, string)>();

        return
        [
            Make("year typed as a number", (rows, _) => { rows[1][(int)Col.BirthDate] = 1950d; return One(rows); },
                new([(2, Col.BirthDate, "只有年份")])),
            Make("age typed as a number", (rows, _) => { rows[3][(int)Col.BirthDate] = 76d; return One(rows); },
                new([(4, Col.BirthDate, "像是年龄")])),
            Make("1904 date system", (rows, _) => One(rows) with { Epoch1904 = true }, new(none), miniExcel: false),
            Make("ID number as a formula without its value", (rows, ids) => { rows[2][(int)Col.IdNumber] = new Formula($"=\"{ids[1].Value}\""); return One(rows); },
                new([(3, Col.IdNumber, "公式没有计算结果，请在 Excel 中重新计算后保存")]), miniExcel: false,
                // LibreOffice computes the formula when it re-saves the file: the value is there and right.
                afterLibreOffice: new(none)),
            Make("merged 户编号 with blank member relations", (rows, _) =>
                {
                    rows[3][(int)Col.HouseholdNo] = null;
                    rows[2][(int)Col.HouseholdNo] = null;
                    rows[2][(int)Col.Relation] = "";
                    foreach (var c in new[] { Col.Address, Col.ResidenceStatus, Col.LivingArrangement, Col.EconomicSources }) rows[3][(int)c] = null;
                    return One(rows, "B2:B4");
                },
                new([(3, Col.Relation, "须填写与户主的关系"), (4, Col.Relation, "须填写与户主的关系")], Notice: "B2:B4"), miniExcel: false),
            Make("merged 户编号 with relations: one household of three", (rows, _) =>
                {
                    rows[3][(int)Col.HouseholdNo] = null;
                    rows[2][(int)Col.HouseholdNo] = null;
                    rows[3][(int)Col.Relation] = "子女";
                    foreach (var c in new[] { Col.Address, Col.ResidenceStatus, Col.LivingArrangement, Col.EconomicSources }) rows[3][(int)c] = null;
                    return One(rows, "B2:B4");
                },
                new(none, Notice: "B2:B4", Households: 1), miniExcel: false),
            Make("title row, blank row, ledger on the second sheet", (rows, _) =>
                {
                    var sheet = new List<object?[]> { new object?[] { "长洲街道困难群众台账" }, new object?[Header.Length] };
                    sheet.AddRange(rows);
                    return new Spec([new Sheet("说明", [new object?[] { "本表由社区填写，每月更新" }], []), new Sheet("台账", sheet, ["A1:X1"])]);
                },
                new(none, Notice: "读取的是工作表“台账”，表头在第 3 行")),
            Make("headers real ledgers use", (rows, _) =>
                {
                    rows[0][(int)Col.IdNumber] = "身份证号\n（18位）";
                    rows[0][(int)Col.Phone] = "联系方式";
                    rows[0][(int)Col.Name] = " 姓 名 ";
                    rows[0][(int)Col.Address] = "户籍地址(必填)";
                    return One(rows);
                }, new(none)),
            Make("身份证号码 header", (rows, _) => { rows[0][(int)Col.IdNumber] = "身份证号码"; return One(rows); }, new(none)),
            Make("15-digit old ID number", (rows, ids) => { rows[3][(int)Col.IdNumber] = ids[2].Value[..6] + ids[2].Value[8..17]; return One(rows); },
                new(none, Warning: "15 位旧号码")),
            Make("made-up province code 16", (rows, ids) => { rows[3][(int)Col.IdNumber] = WithProvince(ids[2], "16"); return One(rows); },
                new([(4, Col.IdNumber, "前两位不是有效的省级代码")])),
            Make("residence permit 83", (rows, ids) => { rows[3][(int)Col.IdNumber] = WithProvince(ids[2], "83"); return One(rows); },
                new(none, Warning: "港澳台居民居住证"), stored: ids => [ids[0], ids[1], ResidentId.Parse(WithProvince(ids[2], "83"))]),
            Make("landline with area code, local number wrong", (rows, _) => { rows[1][(int)Col.Phone] = "020-12345678"; return One(rows); },
                new([(2, Col.Phone, "本地号码不能以 0 或 1 开头")])),
            Make("ID number typed into a number cell", (rows, ids) => { rows[3][(int)Col.IdNumber] = double.Parse(ids[2].Value[..17], CultureInfo.InvariantCulture) * 10; return One(rows); },
                new([(4, Col.IdNumber, "数字")])),
        ];
    }

    // ---- the producers ---------------------------------------------------------------------------------------------

    private List<(Case Case, string Path)> Produce(string producer, List<Case> cases, string dir)
    {
        var files = new List<(Case, string)>();
        for (var i = 0; i < cases.Count; i++)
        {
            var path = Path.Combine(dir, $"case{i:D2}.xlsx");
            if (producer == "miniexcel") WriteMiniExcel(cases[i].Spec, path);
            else WriteOpenpyxl(cases[i].Spec, path, dir);
            files.Add((cases[i], path));
        }
        if (!producer.StartsWith("libreoffice", StringComparison.Ordinal)) return files;
        var target = producer == "libreoffice-xls" ? "xls" : "xlsx";
        var outDir = Path.Combine(dir, "lo");
        Directory.CreateDirectory(outDir);
        var (code, text) = Run("/usr/bin/soffice", $"--headless --calc --convert-to {target} --outdir {outDir} {string.Join(' ', files.Select(f => f.Item2))}", dir, TimeSpan.FromMinutes(4));
        code.ShouldBe(0, text);
        return files.Select(f => (f.Item1, Path.Combine(outDir, Path.GetFileNameWithoutExtension(f.Item2) + "." + target))).ToList();
    }

    private static void WriteMiniExcel(Spec spec, string path)
    {
        var sheets = new Dictionary<string, object>();
        foreach (var sheet in spec.Sheets)
        {
            var width = sheet.Rows.Max(r => r.Length);
            sheets[sheet.Name] = sheet.Rows.Select(r => Enumerable.Range(0, width).ToDictionary(i => $"c{i:D2}", i => i < r.Length ? r[i] switch
            {
                Date d => DateTime.ParseExact(d.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture),
                Formula => throw new NotSupportedException("MiniExcel writes no formulas"),
                var v => v,
            } : null)).ToList();
        }
        using var stream = File.Create(path);
        MiniExcel.SaveAs(stream, sheets, printHeader: false);
    }

    private static void WriteOpenpyxl(Spec spec, string path, string dir)
    {
        var json = new
        {
            file = path,
            epoch1904 = spec.Epoch1904,
            sheets = spec.Sheets.Select(s => new
            {
                name = s.Name,
                rows = s.Rows.Select(r => r.Select(v => v switch
                {
                    Date d => (object?)new Dictionary<string, string> { ["date"] = d.Value },
                    Formula f => new Dictionary<string, string> { ["f"] = f.Value },
                    double n when n == Math.Floor(n) => (long)n,
                    var other => other,
                }).ToArray()),
                merges = s.Merges,
            }),
        };
        var specPath = Path.ChangeExtension(path, ".json");
        File.WriteAllText(specPath, JsonSerializer.Serialize(json));
        var script = Path.Combine(AppContext.BaseDirectory, "Features", "Registry", "Corpus", "write_ledger.py");
        var (code, text) = Run(Python, $"{script} {specPath}", dir);
        code.ShouldBe(0, text);
    }

    private static (int Code, string Output) Run(string exe, string args, string dir, TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo(exe, args) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dir };
        psi.Environment["HOME"] = dir;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout ?? TimeSpan.FromSeconds(60))) { p.Kill(true); return (-1, "timed out"); }
        return (p.ExitCode, stdout.Result + stderr.Result);
    }
}
