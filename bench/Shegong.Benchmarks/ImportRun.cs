using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using Shegong.Domain.Access;
using Shegong.Domain.Registry;
using Shegong.Web;
using Shegong.Web.Features.Registry;
using Shegong.Web.Infrastructure.Auth;
using Shegong.Web.Infrastructure.Data;
using Col = Shegong.Web.Features.Registry.PersonSheet.Col;

namespace Shegong.Benchmarks;

/// <summary>
/// One timed run per process, so that the peak working set (VmHWM) belongs to that run alone:
///   import-file N PATH          write a valid N-row ledger (households of 1–3, 五山街道's communities)
///   import-raw PATH             baseline: MiniExcel streaming read of every cell, nothing else
///   import-run PATH             ImportPersons (check + import in one transaction) into 五山街道社工站 on the benchmark database
///   import-raw-letters PATH     the reader before issue 11: MiniExcel rows keyed by column letter, every cell
///   import-read PATH            the import's own reader (SheetGrid): every cell of the 24 columns, nothing else
///   import-hostile xfd N PATH   a valid N-row ledger with one stray cell in column XFD (MiniExcel issues #705, #892)
///   import-hostile junk N PATH  N rows of junk: one character in column A and one in column XFD per row
///   import-check PATH           the check alone (ImportPersons.ValidateAsync) at 黄埔区's demo station on a fresh SQLite
///                               database (migrated and seeded first, not timed); prints wall time, CPU time, peak memory
/// </summary>
public static class ImportRun
{
    private const string Township = "440106001";

    public static async Task<int> RunAsync(string[] args)
    {
        switch (args[0])
        {
            case "import-file": Write(int.Parse(args[1]), args[2]); return 0;
            case "import-raw":
            {
                var clock = Stopwatch.StartNew();
                long cells = 0;
                await using var file = File.OpenRead(args[1]);
                foreach (IDictionary<string, object?> row in MiniExcel.Query(file, useHeaderRow: true, sheetName: PersonSheet.SheetName))
                    foreach (var v in row.Values) if (v is not null) cells++;
                Report("raw MiniExcel read", clock, $"{cells:N0} cells");
                return 0;
            }
            case "import-run":
            {
                var cs = Environment.GetEnvironmentVariable("SHEGONG_BENCH_CS") ?? "Host=127.0.0.1;Port=55432;Database=shegong_bench;Username=postgres";
                await using var app = ShegongHost.Build(["--Database:Provider=Postgres", $"--ConnectionStrings:Shegong={cs}", "--Logging:LogLevel:Default=Warning"]);
                using var scope = app.Services.CreateScope();
                var db = scope.ServiceProvider.GetRequiredService<ShegongDbContext>();
                var station = await db.Stations.IgnoreQueryFilters().SingleAsync(s => s.RegionPrefix == Township);
                scope.ServiceProvider.GetRequiredService<ScopeProvider>().Override = DataScope.ForStation(station.Id, station.RegionPrefix);
                var clock = Stopwatch.StartNew();
                await using var file = File.OpenRead(args[1]);
                var r = await scope.ServiceProvider.GetRequiredService<ImportPersons.Handler>().ImportAsync(file, onlyValid: false);
                Report("ImportPersons", clock, r.Imported
                    ? $"{r.Persons:N0} persons in {r.Households:N0} households imported (check {r.Report.ElapsedMs / 1000.0:0.0} s)"
                    : $"refused: {r.Refusal} — {string.Join("; ", r.Report.Errors.Take(3).Select(e => $"{e.Row} {e.Column} {e.Message}"))}");
                return r.Imported ? 0 : 1;
            }
            case "import-raw-letters":
            {
                // The reader before issue 11: MiniExcel rows keyed by column letter (useHeaderRow: false), every cell.
                var clock = Stopwatch.StartNew();
                long cells = 0;
                await using var file = File.OpenRead(args[1]);
                foreach (IDictionary<string, object?> row in MiniExcel.Query(file, useHeaderRow: false, sheetName: PersonSheet.SheetName))
                    foreach (var v in row.Values) if (v is not null) cells++;
                Report("MiniExcel read by column letter", clock, $"{cells:N0} cells");
                return 0;
            }
            case "import-read":
            {
                var clock = Stopwatch.StartNew();
                await using var file = File.OpenRead(args[1]);
                using var grid = Shegong.Web.Infrastructure.Excel.SheetGrid.Open(file, Shegong.Web.Infrastructure.Excel.SheetFormat.Xlsx);
                long rows = 0;
                foreach (var _ in grid.Rows(0, Enumerable.Range(0, PersonSheet.Columns.Count).ToArray(), default)) rows++;
                Report("SheetGrid read", clock, $"{rows:N0} rows, {grid.CellsRead:N0} cells");
                return 0;
            }
            case "import-hostile": WriteHostile(args[1], int.Parse(args[2]), args[3]); return 0;
            case "import-check":
            {
                var folder = Directory.CreateTempSubdirectory("shegong-bench-check-").FullName;
                await using var app = ShegongHost.Build(["--Database:Provider=Sqlite", $"--ConnectionStrings:Shegong=Data Source={folder}/bench.db", "--Logging:LogLevel:Default=Warning"]);
                using (var setup = app.Services.CreateScope())
                {
                    await setup.ServiceProvider.GetRequiredService<ShegongDbContext>().Database.MigrateAsync();
                    await setup.ServiceProvider.GetRequiredService<Shegong.Web.Infrastructure.Seed.DemoSeeder>().SeedIfEmptyAsync(TextWriter.Null);
                }
                using var scope = app.Services.CreateScope();
                var db = scope.ServiceProvider.GetRequiredService<ShegongDbContext>();
                var station = await db.Stations.IgnoreQueryFilters().FirstAsync(s => s.RegionPrefix == "440112010");
                scope.ServiceProvider.GetRequiredService<ScopeProvider>().Override = DataScope.ForStation(station.Id, station.RegionPrefix);
                var bytes = await File.ReadAllBytesAsync(args[1]);
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var allocated = GC.GetTotalAllocatedBytes();
                var before = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM")).Split(':')[1].Trim();
                var clock = Stopwatch.StartNew();
                var report = await scope.ServiceProvider.GetRequiredService<ImportPersons.Handler>()
                    .ValidateAsync(new MemoryStream(bytes), new LedgerReadOptions(Shegong.Web.Infrastructure.Excel.SheetFormat.Xlsx));
                var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
                Report("ImportPersons check", clock, $"CPU {used.TotalSeconds:0.00} s; peak before the check (host, migration, seed) {before}; allocated during the check {(GC.GetTotalAllocatedBytes() - allocated) / 1048576.0:0} MB; {bytes.Length:N0} bytes; {report.TotalRows:N0} rows, {report.ErrorCount:N0} problems ({report.Errors.Count:N0} kept){(report.FileError is { } e ? "; file: " + e : "")}");
                Directory.Delete(folder, true);
                return 0;
            }
        }
        return 2;
    }

    private static void WriteHostile(string kind, int count, string path)
    {
        using var stream = new MemoryStream();
        if (kind == "xfd")
        {
            var rows = new List<Dictionary<string, object?>>();
            var random = new Random(7);
            for (var i = 0; i < count; i++)
            {
                var id = ResidentId.Create("440199", new DateOnly(1925, 1, 1).AddDays(random.Next(0, 3000)), random.Next(0, 1000));
                var row = PersonSheet.Columns.ToDictionary(c => c.Header, _ => (object?)null);
                void Set(Col c, object? v) => row[PersonSheet.Of(c).Header] = v;
                Set(Col.CommunityCode, "440112010001");
                Set(Col.Name, "测" + (char)('甲' + i));
                Set(Col.IdNumber, id.Value);
                Set(Col.Tier, "一般");
                Set(Col.LegalBasis, "本人书面同意");
                Set(Col.Address, $"长洲路 {i + 1} 号");
                rows.Add(row);
            }
            MiniExcel.SaveAs(stream, rows, sheetName: PersonSheet.SheetName);
        }
        else
        {
            var header = PersonSheet.Columns.Select(c => c.Header).ToArray();
            var rows = new List<Dictionary<string, object?>> { Enumerable.Range(0, header.Length).ToDictionary(i => $"c{i:D2}", i => (object?)header[i]) };
            for (var i = 0; i < count; i++) rows.Add(Enumerable.Range(0, header.Length).ToDictionary(c => $"c{c:D2}", c => c == 0 ? (object?)"x" : null));
            MiniExcel.SaveAs(stream, new Dictionary<string, object> { [PersonSheet.SheetName] = rows }, printHeader: false);
        }
        // Add the stray cells to the sheet's XML: in row 5 (xfd) or in every data row (junk).
        stream.Position = 0;
        using (var zip = new System.IO.Compression.ZipArchive(stream, System.IO.Compression.ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = zip.GetEntry("xl/worksheets/sheet1.xml")!;
            string xml;
            using (var reader = new StreamReader(entry.Open())) xml = reader.ReadToEnd();
            xml = System.Text.RegularExpressions.Regex.Replace(xml, "<x:row r=\"(\\d+)\"(.*?)</x:row>", m =>
            {
                var r = int.Parse(m.Groups[1].Value);
                var stray = kind == "xfd" ? r == 5 : r > 1;
                return stray ? m.Value.Replace("</x:row>", $"<x:c r=\"XFD{r}\" t=\"inlineStr\"><x:is><x:t>x</x:t></x:is></x:c></x:row>") : m.Value;
            }, System.Text.RegularExpressions.RegexOptions.Singleline);
            // The used range then reaches column XFD, as Excel and openpyxl write it.
            xml = System.Text.RegularExpressions.Regex.Replace(xml, "<x:dimension ref=\"A1:[A-Z]+(\\d+)\"", "<x:dimension ref=\"A1:XFD$1\"");
            entry.Delete();
            using var writer = new StreamWriter(zip.CreateEntry("xl/worksheets/sheet1.xml", System.IO.Compression.CompressionLevel.SmallestSize).Open());
            writer.Write(xml);
        }
        File.WriteAllBytes(path, stream.ToArray());
        Console.WriteLine($"{kind}: {count:N0} rows written to {path} ({new FileInfo(path).Length:N0} bytes)");
    }

    private static void Report(string what, Stopwatch clock, string detail)
    {
        var peak = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM")).Split(':')[1].Trim();
        Console.WriteLine($"{what}: {clock.Elapsed.TotalSeconds:0.00} s, peak working set {peak}; {detail}");
    }

    private static void Write(int count, string path)
    {
        var random = new Random(42);
        string[] communities = ["440106001001", "440106001002", "440106001003"];
        var rows = new List<Dictionary<string, object?>>(count);
        var issued = new HashSet<string>();
        var household = 0;
        while (rows.Count < count)
        {
            household++;
            var size = Math.Min(count - rows.Count, random.Next(1, 4));
            var community = communities[random.Next(communities.Length)];
            for (var m = 0; m < size; m++)
            {
                // Address code 440199 and births before 1930 keep clear of the generated ledgers' numbers.
                ResidentId id;
                do id = ResidentId.Create("440199", new DateOnly(1900, 1, 1).AddDays(random.Next(0, 365 * 29)), random.Next(0, 1000));
                while (!issued.Add(id.Value));
                var row = PersonSheet.Columns.ToDictionary(c => c.Header, _ => (object?)null);
                void Set(Col c, object? v) => row[PersonSheet.Of(c).Header] = v;
                Set(Col.CommunityCode, community);
                Set(Col.HouseholdNo, household.ToString());
                Set(Col.Relation, m == 0 ? "户主" : "配偶");
                Set(Col.Name, "导" + (char)random.Next(0x4E00, 0x9FA5) + (char)random.Next(0x4E00, 0x9FA5));
                Set(Col.Gender, id.Gender == Gender.Male ? "男" : "女");
                Set(Col.BirthDate, id.BirthDate.ToString("yyyy-MM-dd"));
                Set(Col.IdNumber, id.Value);
                Set(Col.Phone, "139" + random.Next(10000000, 99999999));
                Set(Col.Types, m == 0 ? "独居、低保" : "空巢");
                Set(Col.Tier, random.Next(5) == 0 ? "高风险" : "一般");
                Set(Col.LegalBasis, "本人书面同意");
                if (m == 0) Set(Col.Address, $"五山路 {random.Next(1, 500)} 号");
                Set(Col.ChronicDiseases, random.Next(3) == 0 ? "高血压" : null);
                rows.Add(row);
            }
        }
        MiniExcel.SaveAs(path, rows, sheetName: PersonSheet.SheetName, overwriteFile: true);
        Console.WriteLine($"{count:N0} rows in {household:N0} households written to {path} ({new FileInfo(path).Length / 1024:N0} KB)");
    }
}
