using System.Diagnostics;
using Shegong.IntegrationTests.Infrastructure;
using Shegong.Web.Infrastructure;

namespace Shegong.IntegrationTests.Features.Statistics;

/// <summary>
/// The statistics exports open in the tools officers and analysts really use: Debian's python3-openpyxl (so pandas)
/// reads every sheet and cell, and LibreOffice converts them (each when installed; scripts/test.sh installs both).
/// </summary>
public sealed class ExportCompatibilityTests(AppFixture app)
{
    [Theory]
    [InlineData("/api/v1/stats/registry/export?region=440112&period=")]
    [InlineData("/api/v1/statistics/wishes/export?region=440112&period=")]
    public async Task A_statistics_export_opens_in_openpyxl_and_libreoffice(string url)
    {
        using var officer = await app.ClientAsAsync("officer");
        var bytes = await officer.GetByteArrayAsync(url + ChinaTime.Today.ToString("yyyy-MM"));
        var dir = Directory.CreateTempSubdirectory("shegong-export-");
        var file = Path.Combine(dir.FullName, "export.xlsx");
        await File.WriteAllBytesAsync(file, bytes);

        if (File.Exists("/usr/bin/python3") && Run("/usr/bin/python3", "-c \"import openpyxl\"", dir.FullName).Code == 0)
        {
            var (code, output) = Run("/usr/bin/python3",
                $"-c \"import openpyxl; wb = openpyxl.load_workbook('{file}'); print(sum(1 for ws in wb for row in ws.iter_rows() for c in row if c.value is not None))\"", dir.FullName);
            code.ShouldBe(0, output);
            int.Parse(output.Split('\n')[0].Trim()).ShouldBeGreaterThan(10);
        }
        var office = new[] { "/usr/bin/libreoffice", "/usr/bin/soffice" }.FirstOrDefault(File.Exists);
        if (office is not null)
        {
            var (code, output) = Run(office, $"--headless --convert-to csv --outdir {dir.FullName} {file}", dir.FullName, TimeSpan.FromMinutes(2));
            code.ShouldBe(0, output);
            File.Exists(Path.Combine(dir.FullName, "export.csv")).ShouldBeTrue(output);
        }
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
