using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Shegong.IntegrationTests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL cluster from the machine's own binaries (no Docker here): initdb into a temp folder,
/// start on a free port, remove everything on dispose. initdb and postgres refuse to run as root, so as root they
/// run as the postgres user.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _folder;
    private readonly int _port;

    private PostgresCluster(string bin, string folder, int port) => (_bin, _folder, _port) = (bin, folder, port);

    public static async Task<PostgresCluster> StartAsync()
    {
        var bin = Directory.GetDirectories("/usr/lib/postgresql")
            .Select(d => Path.Combine(d, "bin"))
            .Where(d => File.Exists(Path.Combine(d, "initdb")))
            .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
            .FirstOrDefault() ?? throw new InvalidOperationException("PostgreSQL binaries not found under /usr/lib/postgresql (scripts/test.sh installs them).");
        // Under /tmp rather than $TMPDIR: the postgres user must reach it, and the socket path must stay short.
        var folder = Path.Combine("/tmp", "shegong-pg-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        var data = Path.Combine(folder, "data");
        var log = Path.Combine(folder, "log.txt");
        var cluster = new PostgresCluster(bin, folder, FreePort());
        try
        {
            if (IsRoot) await RunAsync("chown", $"-R postgres:postgres {folder}");
            await cluster.AsPostgresAsync(Path.Combine(bin, "initdb"), $"-D {data} -A trust -U postgres -E UTF8 --no-locale");
            await cluster.AsPostgresAsync(Path.Combine(bin, "pg_ctl"),
                $"-D {data} -l {log} -w -t 60 start -o \"-p {cluster._port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300\"");
        }
        catch (InvalidOperationException e)
        {
            var serverLog = File.Exists(log) ? await File.ReadAllTextAsync(log) : "";
            await cluster.DisposeAsync();
            throw new InvalidOperationException(e.Message + (serverLog.Length > 0 ? "\nServer log:\n" + serverLog : ""), e);
        }
        return cluster;
    }

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={_port};Username=postgres;Database={database};Pooling=true;Maximum Pool Size=200;Timeout=30;Command Timeout=120";

    public async Task CreateDatabaseAsync(string name, string? template = null)
    {
        await using var conn = new NpgsqlConnection(ConnectionString("postgres"));
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\"" + (template is null ? "" : $" TEMPLATE \"{template}\""), conn);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>A plain-text <c>pg_dump</c> of one database, made by the machine's own pg_dump (what an attacker with a dump holds).</summary>
    public async Task<string> DumpAsync(string database)
    {
        var file = Path.Combine("/tmp", "shegong-dump-" + Guid.NewGuid().ToString("N")[..8] + ".sql");
        await RunAsync(Path.Combine(_bin, "pg_dump"), $"-h 127.0.0.1 -p {_port} -U postgres -d {database} -f {file}");
        try { return await File.ReadAllTextAsync(file); }
        finally { File.Delete(file); }
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try { await AsPostgresAsync(Path.Combine(_bin, "pg_ctl"), $"-D {Path.Combine(_folder, "data")} -m immediate -w stop"); }
        catch (InvalidOperationException) { /* already stopped */ }
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static bool IsRoot => Environment.UserName == "root";

    private Task AsPostgresAsync(string file, string args) =>
        IsRoot ? RunAsync("runuser", $"-u postgres -- {file} {args}") : RunAsync(file, args);

    private static async Task RunAsync(string file, string args)
    {
        var psi = new ProcessStartInfo("bash", ["-c", $"{file} {args}"]) { RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = "/tmp" };
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"`{file} {args}` failed ({p.ExitCode}): {await stderr} {await stdout}");
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
