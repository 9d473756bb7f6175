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
        }
        return 2;
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
