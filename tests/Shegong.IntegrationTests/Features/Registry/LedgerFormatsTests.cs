using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.DependencyInjection;
using Shegong.IntegrationTests.Infrastructure;
using Shegong.Web;
using Shegong.Web.Features.Registry;
using Shegong.Web.Infrastructure.Excel;
using static Shegong.IntegrationTests.Features.Registry.LedgerFile;

namespace Shegong.IntegrationTests.Features.Registry;

/// <summary>
/// Formats in and out (CSV in UTF-8 with and without BOM and in GB18030; the template, exports and error report
/// opened by openpyxl and LibreOffice; CSV export with ID numbers as text) and hostile files bounded (a stray cell
/// in column XFD is never read; the row limit).
/// </summary>
public sealed class LedgerFormatsTests(AppFixture app, ITestOutputHelper output)
{
    static LedgerFormatsTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static string Csv(IEnumerable<Dictionary<string, object?>> rows)
    {
        var list = rows.ToList();
        var text = new StringBuilder();
        text.AppendLine(string.Join(",", PersonSheet.Columns.Select(c => c.Header)));
        foreach (var r in list)
            text.AppendLine(string.Join(",", PersonSheet.Columns.Select(c => r[c.Header] switch
            {
                DateTime d => d.ToString("yyyy-MM-dd"),
                var v => PersonSheet.Text(v) is var t && t.Contains(',') ? $"\"{t}\"" : PersonSheet.Text(v),
            })));
        return text.ToString();
    }

    [Theory]
    [InlineData("utf-8-bom", "UTF-8")]
    [InlineData("utf-8", "UTF-8")]
    [InlineData("gb18030", "GB18030/GBK")]
    public async Task A_CSV_in_UTF_8_with_or_without_BOM_or_in_GB18030_is_detected_and_imports(string encoding, string label)
    {
        await ImportStation.EnsureAsync(app);
        using var worker = await app.ClientAsAsync(ImportStation.Worker);
        var file = await CreateAsync(app, 12, seed: encoding.Length * 31, surname: encoding switch { "utf-8-bom" => "闫", "utf-8" => "靳", _ => "闵" });
        var text = Csv(file.Copy());
        var bytes = encoding switch
        {
            "utf-8-bom" => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)],
            "utf-8" => Encoding.UTF8.GetBytes(text),
            _ => Encoding.GetEncoding("GB18030").GetBytes(text),
        };
        var check = await worker.PostAsync("/api/v1/persons/import/check", Upload(bytes, "台账.csv"));
        var body = await check.Content.ReadAsStringAsync();
        check.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        var report = JsonDocument.Parse(body).RootElement.GetProperty("report");
        report.GetProperty("errors").GetArrayLength().ShouldBe(0, body);
        report.GetProperty("totalRows").GetInt32().ShouldBe(12);
        report.GetProperty("notices").EnumerateArray().Select(n => n.GetString()).ShouldContain($"按 {label} 编码读取 CSV 文件");
        var before = await ImportStation.CountAsync(worker, file.Lines[0].Cells[H(PersonSheet.Col.Name)]!.ToString()![..1]);
        (await worker.PostAsync("/api/v1/persons/import", Upload(bytes, "台账.csv"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ImportStation.CountAsync(worker, file.Lines[0].Cells[H(PersonSheet.Col.Name)]!.ToString()![..1])).ShouldBe(before + 12);
    }

    [Fact]
    public void A_CSV_that_neither_encoding_reads_cleanly_is_flagged_so_the_page_asks_and_a_choice_is_honoured()
    {
        var gbk = Encoding.GetEncoding("GB18030").GetBytes("姓名,身份证号\n王秀英,1\n");
        CsvEncoding.Detect(gbk, null, out var sure).Label.ShouldBe("GB18030/GBK");
        sure.ShouldBeTrue();
        byte[] broken = [.. Encoding.UTF8.GetBytes("姓名\n"), 0x81, 0x20, 0xFF];
        CsvEncoding.Detect(broken, null, out sure);
        sure.ShouldBeFalse();
        CsvEncoding.Detect(gbk, "utf-8", out sure).Label.ShouldBe("UTF-8");
        sure.ShouldBeTrue();
    }

    /// <summary>The template's ledger sheet with a header, <paramref name="rows"/> data rows and one stray cell in column XFD.</summary>
    private static async Task<(byte[] Bytes, int Cells)> WithStrayCellAsync(AppFixture app, int rows)
    {
        var file = await CreateAsync(app, rows, seed: 4096, surname: "隗");
        var bytes = ToXlsx(file.Copy());
        int cells;
        using var stream = new MemoryStream();
        stream.Write(bytes);
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = zip.GetEntry("xl/worksheets/sheet1.xml")!;
            string xml;
            using (var reader = new StreamReader(entry.Open())) xml = reader.ReadToEnd();
            var end = xml.IndexOf("</x:row>", xml.IndexOf("<x:row r=\"5\"", StringComparison.Ordinal), StringComparison.Ordinal);
            xml = xml.Insert(end, "<x:c r=\"XFD5\" t=\"inlineStr\"><x:is><x:t>stray</x:t></x:is></x:c>");
            entry.Delete();
            using var writer = new StreamWriter(zip.CreateEntry("xl/worksheets/sheet1.xml").Open());
            writer.Write(xml);
            // The cells with content MiniExcel wrote, all in columns A–X, besides the stray one.
            cells = System.Text.RegularExpressions.Regex.Matches(xml, @"<x:c [^>]*[^/]>").Count - 1;
        }
        return (stream.ToArray(), cells);
    }

    [Fact]
    public async Task A_stray_cell_in_column_XFD_is_never_read_only_the_header_columns_are()
    {
        var (bytes, cells) = await WithStrayCellAsync(app, 20);
        using var scope = app.Scope();
        var l = scope.ServiceProvider.GetRequiredService<IStringLocalizer<SharedResource>>();
        using var file = PersonSheetFile.Open(new MemoryStream(bytes), new LedgerReadOptions(SheetFormat.Xlsx), l, out var problem);
        problem.ShouldBeNull();
        var rows = file!.Rows().ToList();
        rows.Count.ShouldBe(20);
        // Exactly the cells of the 24 columns (the header's twice: once to find it, once passing it), never the XFD cell,
        // which is passed over by its reference.
        file.CellsRead.ShouldBe(cells + PersonSheet.Columns.Count);

        using var grid = SheetGrid.Open(new MemoryStream(bytes), SheetFormat.Xlsx);
        var two = grid.Rows(0, [0, 1], default).ToList();
        two.ShouldAllBe(r => r.Cells.Length == 2);
        grid.CellsRead.ShouldBeLessThanOrEqualTo(2 * two.Count);
    }

    /// <summary>Not a timing assertion: prints the figure bench/RESULTS.md quotes ("Issue 11").</summary>
    [Fact]
    public async Task A_4_KB_file_with_a_cell_in_column_XFD_is_answered_and_its_time_printed()
    {
        await ImportStation.EnsureAsync(app);
        using var worker = await app.ClientAsAsync(ImportStation.Worker);
        var (bytes, _) = await WithStrayCellAsync(app, 20);
        var clock = Stopwatch.StartNew();
        var response = await worker.PostAsync("/api/v1/persons/import/check", Upload(bytes));
        clock.Stop();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        output.WriteLine($"XFD file: {bytes.Length} bytes, check answered in {clock.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task More_rows_than_the_limit_is_one_Chinese_message_and_nothing_is_read_further()
    {
        var file = await CreateAsync(app, 30, seed: 77, surname: "郜");
        using var scope = app.Scope();
        var l = scope.ServiceProvider.GetRequiredService<IStringLocalizer<SharedResource>>();
        using var sheet = PersonSheetFile.Open(new MemoryStream(ToXlsx(file.Copy())), new LedgerReadOptions(SheetFormat.Xlsx, MaxRows: 25), l, out _)!;
        var e = Should.Throw<LedgerFileException>(() => sheet.Rows().ToList());
        e.Message.ShouldContain("超过 25 行的上限");
    }

    [Fact]
    public async Task The_template_the_export_and_the_error_report_open_in_openpyxl_and_LibreOffice_and_the_CSV_export_keeps_ID_numbers_as_text()
    {
        await ImportStation.EnsureAsync(app);
        using var manager = await app.ClientAsAsync(ImportStation.Manager);
        var dir = Directory.CreateTempSubdirectory("shegong-ledger-export-").FullName;
        var file = await CreateAsync(app, 6, seed: 606, surname: "厍");
        var bytes = ToXlsx(file.Copy());
        (await manager.PostAsync("/api/v1/persons/import", Upload(bytes))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var broken = file.Copy();
        broken[0][H(PersonSheet.Col.Tier)] = "很高";
        var check = await (await manager.PostAsync("/api/v1/persons/import/check", Upload(ToXlsx(broken)))).Content.ReadFromJsonAsync<JsonElement>();
        var uploadId = check.GetProperty("uploadId").GetString();

        var downloads = new Dictionary<string, string>
        {
            ["template.xlsx"] = "/api/v1/persons/template",
            ["export.xlsx"] = "/api/v1/persons/export?name=厍",
            ["errors.xlsx"] = $"/api/v1/persons/import/{uploadId}/errors",
        };
        var python = File.Exists("/usr/bin/python3") && Run("/usr/bin/python3", "-c \"import openpyxl\"", dir).Code == 0;
        var office = File.Exists("/usr/bin/soffice");
        Assert.SkipUnless(python && office, "python3-openpyxl and LibreOffice are installed by scripts/test.sh");
        foreach (var (name, url) in downloads)
        {
            var response = await manager.GetAsync(url);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, url);
            var path = Path.Combine(dir, name);
            await File.WriteAllBytesAsync(path, await response.Content.ReadAsByteArrayAsync());
            var (code, text) = Run("/usr/bin/python3",
                $"-c \"import openpyxl; wb = openpyxl.load_workbook('{path}'); print(sum(1 for ws in wb for row in ws.iter_rows() for c in row if c.value is not None))\"", dir);
            code.ShouldBe(0, $"{name}: {text}");
            int.Parse(text.Split('\n')[0].Trim()).ShouldBeGreaterThan(3, name);
            (code, text) = Run("/usr/bin/soffice", $"--headless --convert-to csv --outdir {dir} {path}", dir, TimeSpan.FromMinutes(2));
            code.ShouldBe(0, text);
            File.Exists(Path.ChangeExtension(path, ".csv")).ShouldBeTrue($"{name}: {text}");
        }

        foreach (var (encoding, decoder) in new[] { ("gb18030", Encoding.GetEncoding("GB18030")), ("utf-8", Encoding.UTF8) })
        {
            var csv = await manager.GetAsync($"/api/v1/persons/export?name=厍&full=true&format=csv&encoding={encoding}");
            csv.StatusCode.ShouldBe(HttpStatusCode.OK);
            var text = decoder.GetString(await csv.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF');
            text.ShouldStartWith("社区代码,户编号,与户主关系,姓名");
            foreach (var id in file.Lines.Where(x => x.Id is not null).Select(x => x.Id!)) text.ShouldContain("\t" + id);
        }
        output.WriteLine("template, export and error report opened by openpyxl and LibreOffice");
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
