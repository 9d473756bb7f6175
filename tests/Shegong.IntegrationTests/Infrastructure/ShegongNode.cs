using System.Diagnostics;
using System.Net;
using System.Text;

namespace Shegong.IntegrationTests.Infrastructure;

/// <summary>
/// One Shegong node: the built host as a process of its own (<c>dotnet Shegong.Web.dll</c>) on a loopback port, with
/// the settings it is given (database, keys, known proxies). Its console output is kept for the assertions.
/// </summary>
public sealed class ShegongNode : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    public string Name { get; }
    public int Port { get; }
    public string BaseUrl => $"http://127.0.0.1:{Port}";
    public bool HasExited => _process.HasExited;

    private ShegongNode(string name, int port, Process process) => (Name, Port, _process) = (name, port, process);

    /// <summary>Starts the node; <see cref="WaitReadyAsync"/> waits for its readiness check.</summary>
    public static ShegongNode Start(string name, int port, IReadOnlyDictionary<string, string> settings)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"shegong-node-{name}-{Guid.NewGuid().ToString("N")[..6]}");
        Directory.CreateDirectory(folder);
        var psi = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Shegong.Web.dll"), "--urls", $"http://127.0.0.1:{port}"])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (k, v) in settings) psi.Environment[k.Replace(":", "__")] = v;
        var process = Process.Start(psi)!;
        var node = new ShegongNode(name, port, process);
        process.OutputDataReceived += (_, e) => { lock (node._output) node._output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (node._output) node._output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return node;
    }

    public async Task WaitReadyAsync(TimeSpan within)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            try
            {
                if ((await http.GetAsync(BaseUrl + "/health/ready")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(250);
        }
        throw new InvalidOperationException($"node {Name} did not become ready within {within.TotalSeconds} s:\n{Output}");
    }

    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>SIGKILL: no shutdown, no rollback by the host, connections cut as a crash would cut them.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            var outputFolder = Environment.GetEnvironmentVariable("SHEGONG_TEST_OUTPUT");
            if (outputFolder is not null)
            {
                Directory.CreateDirectory(outputFolder);
                await File.WriteAllTextAsync(Path.Combine(outputFolder, $"node-{Name}.log"), Output);
            }
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
    }
}
