using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Shegong.E2E.Infrastructure;

/// <summary>
/// The real host as a child process (`dotnet Shegong.Web.dll`) on a free localhost port, on its own SQLite file,
/// seeded with the demo area and a known demo password.
/// </summary>
public sealed class AppHost : IAsyncDisposable
{
    public const string DemoPassword = "Demo2026pass";
    private readonly Process _process;
    private readonly string _folder;
    private readonly StringBuilder _output = new();

    public string BaseUrl { get; }
    /// <summary>The folder of the host's SQLite database: a host started again on it finds what the first one committed.</summary>
    public string Folder => _folder;
    private bool _keepFolder;

    private AppHost(Process process, string folder, string baseUrl) => (_process, _folder, BaseUrl) = (process, folder, baseUrl);

    public static async Task<AppHost> StartAsync(string? folder = null, int readySeconds = 90)
    {
        folder ??= Path.Combine(Path.GetTempPath(), "shegong-e2e-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        var port = FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        var psi = StartInfo(folder, "--urls", baseUrl);
        psi.Environment["Seed__DemoPassword"] = DemoPassword;
        psi.Environment["Auth__LoginAttemptsPerMinute"] = "1000";
        // Imports always continue on their progress page, so the journeys see it (the refresh brings the result).
        psi.Environment["Import__AnswerWithinSeconds"] = "0";
        psi.Environment["Wishes__BoardPostsPerMinute"] = "1000";
        var process = Process.Start(psi)!;
        var host = new AppHost(process, folder, baseUrl);
        process.OutputDataReceived += (_, e) => { lock (host._output) host._output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (host._output) host._output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(readySeconds);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) break;
            try
            {
                if ((await http.GetAsync(baseUrl + "/health/ready")).StatusCode == HttpStatusCode.OK) return host;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(500);
        }
        string log;
        lock (host._output) log = host._output.ToString();
        await host.DisposeAsync();
        throw new InvalidOperationException($"Shegong did not become ready within {readySeconds} s:\n" + log);
    }

    /// <summary>Runs an administrative command (<c>dotnet Shegong.Web.dll generate-wishes ...</c>) on the host's database.</summary>
    public async Task<(int ExitCode, string Output)> RunCommandAsync(params string[] args)
    {
        using var process = Process.Start(StartInfo(_folder, args))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>Shegong.Web on the SQLite database of <paramref name="folder"/>, as the host and its commands run it.</summary>
    private static ProcessStartInfo StartInfo(string folder, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Shegong.Web.dll"), .. args])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        psi.Environment["Database__Provider"] = "Sqlite";
        psi.Environment["ConnectionStrings__Shegong"] = $"Data Source={Path.Combine(folder, "e2e.db")}";
        // Production never generates a missing key file unless told to (a one-node demo, as here).
        psi.Environment["Keys__File"] = Path.Combine(folder, "shegong.key");
        psi.Environment["Keys__CreateIfMissing"] = "true";
        return psi;
    }

    /// <summary>SIGKILL, as a crash or an OOM kill would end it: no shutdown, no rollback by the host; the folder is kept.</summary>
    public async Task KillAsync()
    {
        _keepFolder = true;
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        // The host's log beside the screenshots, for reading after a failed run.
        try
        {
            var outputFolder = Environment.GetEnvironmentVariable("SHEGONG_TEST_OUTPUT") ?? Path.Combine(AppContext.BaseDirectory, "test-output");
            Directory.CreateDirectory(outputFolder);
            lock (_output) File.WriteAllText(Path.Combine(outputFolder, "e2e-host.log"), _output.ToString());
        }
        catch (IOException) { }
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException) { }
        _process.Dispose();
        if (!_keepFolder) try { Directory.Delete(_folder, true); } catch (IOException) { }
    }

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}
