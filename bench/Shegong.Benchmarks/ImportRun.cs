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
///   import-file N PATH [CODES]  the same with the given community codes (comma-separated), e.g. 440112010001 for SQLite's demo station
///   import-run PATH [sqlite]    end to end as the page does it (upload stored, check, import) into 五山街道社工站 on the
///                               benchmark database (SHEGONG_BENCH_CS), or into the demo station of a fresh SQLite database;
///                               then raw COPY (SQLite: INSERT … SELECT) of the same rows in a rolled-back transaction
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
    private const string SqliteTownship = "440112010"; // the demo station (黄埔区长洲街道) of a freshly seeded database

    /// <summary>
    /// The same rows written by the database's own bulk path, in the same run: the imported households, persons and
    /// ledger history are read back, deleted, and written again (PostgreSQL: binary COPY; SQLite: INSERT … SELECT from
    /// a copy), the writes timed, inside a transaction that is rolled back. Then the imported rows are deleted (the next
    /// run imports the same ID numbers again).
    /// </summary>
    private static async Task RawBaselineAsync(ShegongDbContext db, Guid stationId, bool sqlite, bool run = true)
    {
        string[] tables = ["households", "persons", "person_ledger_changes"];
        var where = new Dictionary<string, string>
        {
            ["households"] = "id IN (SELECT household_id FROM bench_imported)",
            ["persons"] = "id IN (SELECT id FROM bench_imported)",
            ["person_ledger_changes"] = "person_id IN (SELECT id FROM bench_imported)",
        };
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open) await connection.OpenAsync();
        async Task Exec(string sql) { using var c = connection.CreateCommand(); c.CommandText = sql; c.CommandTimeout = 600; await c.ExecuteNonQueryAsync(); }
        await Exec($"DROP TABLE IF EXISTS bench_imported; CREATE TEMP TABLE bench_imported AS SELECT id, household_id FROM persons WHERE station_id = '{(sqlite ? stationId.ToString().ToUpperInvariant() : stationId)}' AND name LIKE '导%'");
        if (!run) { await DeleteAsync(); return; }
        async Task DeleteAsync() { foreach (var t in tables.Reverse()) await Exec($"DELETE FROM {t} WHERE {where[t]}"); }
        var clock = new Stopwatch();
        if (sqlite)
        {
            foreach (var t in tables) await Exec($"DROP TABLE IF EXISTS temp.raw_{t}; CREATE TEMP TABLE raw_{t} AS SELECT * FROM {t} WHERE {where[t]}");
            await Exec("BEGIN");
            await DeleteAsync();
            clock.Start();
            foreach (var t in tables) await Exec($"INSERT INTO {t} SELECT * FROM raw_{t}");
            clock.Stop();
            await Exec("ROLLBACK");
        }
        else
        {
            var npgsql = (Npgsql.NpgsqlConnection)connection;
            var dumps = new Dictionary<string, byte[]>();
            foreach (var t in tables)
            {
                using var buffer = new MemoryStream();
                await using (var raw = await npgsql.BeginRawBinaryCopyAsync($"COPY (SELECT * FROM {t} WHERE {where[t]}) TO STDOUT (FORMAT BINARY)"))
                {
                    raw.ReadTimeout = 600_000;
                    await raw.CopyToAsync(buffer);
                }
                dumps[t] = buffer.ToArray();
            }
            await Exec("BEGIN");
            await DeleteAsync();
            clock.Start();
            foreach (var t in tables)
                await using (var raw = await npgsql.BeginRawBinaryCopyAsync($"COPY {t} FROM STDIN (FORMAT BINARY)"))
                {
                    raw.WriteTimeout = 600_000; // a loaded machine takes more than the default 30 s
                    await raw.WriteAsync(dumps[t]);
                }
            clock.Stop();
            await Exec("ROLLBACK");
        }
        Console.WriteLine($"raw {(sqlite ? "INSERT … SELECT" : "binary COPY")} of the same rows (households, persons, ledger history): {clock.Elapsed.TotalSeconds:0.00} s");
        await DeleteAsync();
        if (!sqlite) foreach (var t in tables) await Exec($"VACUUM ANALYZE {t}");
    }

    public static async Task<int> RunAsync(string[] args)
    {
        switch (args[0])
        {
            case "import-file": Write(int.Parse(args[1]), args[2], args.Length > 3 ? args[3].Split(',') : null); return 0;
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
                // End to end as the page does it: the upload stored, the check, then the import (which checks again).
                var sqlite = args.Length > 2 && args[2] == "sqlite";
                var folder = sqlite ? Directory.CreateTempSubdirectory("shegong-bench-import-").FullName : null;
                var cs = Environment.GetEnvironmentVariable("SHEGONG_BENCH_CS") ?? "Host=127.0.0.1;Port=55432;Database=shegong_bench;Username=postgres";
                await using var app = ShegongHost.Build(sqlite
                    ? ["--Database:Provider=Sqlite", $"--ConnectionStrings:Shegong=Data Source={folder}/bench.db", "--Logging:LogLevel:Default=Warning"]
                    : ["--Database:Provider=Postgres", $"--ConnectionStrings:Shegong={cs}", "--Logging:LogLevel:Default=Warning"]);
                if (sqlite)
                {
                    using var setup = app.Services.CreateScope();
                    await setup.ServiceProvider.GetRequiredService<ShegongDbContext>().Database.MigrateAsync();
                    await setup.ServiceProvider.GetRequiredService<Shegong.Web.Infrastructure.Seed.DemoSeeder>().SeedIfEmptyAsync(TextWriter.Null);
                }
                using var scope = app.Services.CreateScope();
                var db = scope.ServiceProvider.GetRequiredService<ShegongDbContext>();
                var township = sqlite ? SqliteTownship : Township;
                var station = await db.Stations.IgnoreQueryFilters().SingleAsync(s => s.RegionPrefix == township);
                scope.ServiceProvider.GetRequiredService<ScopeProvider>().Override = DataScope.ForStation(station.Id, station.RegionPrefix);
                await RawBaselineAsync(db, station.Id, sqlite, run: false); // what an interrupted earlier run left
                var options = new LedgerReadOptions(Shegong.Web.Infrastructure.Excel.SheetFormat.Xlsx);
                var uploads = scope.ServiceProvider.GetRequiredService<PersonImportUploads.Handler>();
                var import = scope.ServiceProvider.GetRequiredService<ImportPersons.Handler>();
                var server = sqlite ? null : await ServerCpu.OfAsync(db);
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                string id;
                await using (var file = File.OpenRead(args[1])) id = await uploads.SaveAsync(file, options);
                ImportPersons.Report check;
                await using (var stored = (await uploads.OpenAsync(id))!) check = await import.ValidateAsync(stored, options);
                var checkSeconds = clock.Elapsed.TotalSeconds;
                var checkPeak = Peak();
                // The check and the import are two jobs (the worker clicks 导入 in between): the import's own peak is
                // measured from here (VmHWM reset to the current RSS through /proc/self/clear_refs).
                clock.Stop();
                GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                File.WriteAllText("/proc/self/clear_refs", "5");
                var importStart = Peak();
                clock.Start();
                ImportPersons.Result r;
                await using (var stored = (await uploads.OpenAsync(id))!) r = await import.ImportAsync(stored, options, onlyValid: false);
                Console.WriteLine($"  peak working set: upload and check {checkPeak}; the import from {importStart} (after a full GC) to {Peak()}");
                var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
                var serverUsed = server?.Used();
                Report($"ImportPersons end to end ({(sqlite ? "SQLite" : "PostgreSQL")})", clock, r.Imported
                    ? $"{r.Persons:N0} persons in {r.Households:N0} households imported; upload + check {checkSeconds:0.00} s, import {r.ElapsedMs / 1000.0:0.00} s; CPU: this process {used.TotalSeconds:0.0} s{(serverUsed is { } su ? $", the PostgreSQL backend {su.TotalSeconds:0.0} s" : "")}"
                    : $"refused: {r.Refusal} — {string.Join("; ", r.Report.Errors.Take(3).Select(e => $"{e.Row} {e.Column} {e.Message}"))}");
                if (!r.Imported) return 1;
                Console.WriteLine("  import phases: " + string.Join(", ", r.Phases.Select(p => $"{p.Key} {p.Value / 1000.0:0.00} s")));
                await RawBaselineAsync(db, station.Id, sqlite);
                if (folder is not null) { await app.DisposeAsync(); Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools(); Directory.Delete(folder, true); }
                return 0;
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

    /// <summary>CPU time of the PostgreSQL backend serving the context's connection (same machine: /proc), the part of the work the server does.</summary>
    private sealed class ServerCpu(int pid, TimeSpan start)
    {
        public static async Task<ServerCpu?> OfAsync(ShegongDbContext db)
        {
            var connection = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync(); // held for the run, so the import uses this backend
            using var c = connection.CreateCommand();
            c.CommandText = "SELECT pg_backend_pid()";
            var pid = Convert.ToInt32(await c.ExecuteScalarAsync());
            return File.Exists($"/proc/{pid}/stat") ? new ServerCpu(pid, Read(pid)) : null;
        }

        public TimeSpan Used() => Read(pid) - start;

        private static TimeSpan Read(int pid)
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return TimeSpan.FromSeconds((long.Parse(fields[11]) + long.Parse(fields[12])) / 100.0); // utime + stime, in clock ticks (100 Hz)
        }
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

    private static string Peak() => File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM")).Split(':')[1].Trim();

    private static void Report(string what, Stopwatch clock, string detail)
    {
        var peak = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM")).Split(':')[1].Trim();
        Console.WriteLine($"{what}: {clock.Elapsed.TotalSeconds:0.00} s, peak working set {peak}; {detail}");
    }

    private static void Write(int count, string path, string[]? communities = null)
    {
        var random = new Random(42);
        communities ??= ["440106001001", "440106001002", "440106001003"];
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
