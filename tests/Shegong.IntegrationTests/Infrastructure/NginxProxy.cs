using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Shegong.IntegrationTests.Infrastructure;

/// <summary>
/// A real nginx (Debian's, installed by scripts/test.sh) in front of Shegong nodes, as the current user: its own
/// configuration, pid, logs and temp folders in a throwaway folder, in the foreground as a child process, listening on
/// a free loopback port. The configuration is the one docs/security.md recommends, plus a response header naming the
/// node that answered (<c>X-Upstream</c>), for the tests.
/// </summary>
public sealed class NginxProxy : IAsyncDisposable
{
    public const string Binary = "/usr/sbin/nginx";
    private readonly Process _process;
    private readonly string _folder;

    public string BaseUrl { get; }

    private NginxProxy(Process process, string folder, string baseUrl) => (_process, _folder, BaseUrl) = (process, folder, baseUrl);

    public static async Task<NginxProxy> StartAsync(IReadOnlyList<int> upstreamPorts)
    {
        if (!File.Exists(Binary)) throw new InvalidOperationException($"{Binary} not found (scripts/test.sh installs nginx).");
        var folder = Path.Combine(Path.GetTempPath(), "shegong-nginx-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        var port = FreePort();
        var servers = string.Join("\n", upstreamPorts.Select(p => $"        server 127.0.0.1:{p} max_fails=1 fail_timeout=30s;"));
        // As root nginx would hand its workers to nobody, who cannot write the temp folders here: keep them as root.
        var user = Environment.UserName == "root" ? "user root root;" : "";
        var config = $$"""
            {{user}}
            worker_processes 1;
            daemon off;
            pid {{folder}}/nginx.pid;
            error_log {{folder}}/error.log warn;
            events { worker_connections 512; }
            http {
                access_log {{folder}}/access.log;
                client_body_temp_path {{folder}}/client_body;
                proxy_temp_path {{folder}}/proxy;
                fastcgi_temp_path {{folder}}/fastcgi;
                uwsgi_temp_path {{folder}}/uwsgi;
                scgi_temp_path {{folder}}/scgi;
                client_max_body_size 30m;
                upstream shegong {
            {{servers}}
                    keepalive 16;
                }
                server {
                    listen 127.0.0.1:{{port}};
                    location / {
                        proxy_pass http://shegong;
                        proxy_http_version 1.1;
                        proxy_set_header Connection "";
                        proxy_set_header Host $host;
                        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                        proxy_set_header X-Forwarded-Proto $scheme;
                        proxy_set_header X-Forwarded-Host $host;
                        proxy_connect_timeout 2s;
                        proxy_next_upstream error timeout;
                        add_header X-Upstream $upstream_addr always;
                    }
                }
            }
            """;
        var configPath = Path.Combine(folder, "nginx.conf");
        await File.WriteAllTextAsync(configPath, config);
        var psi = new ProcessStartInfo(Binary, ["-p", folder, "-c", configPath, "-e", Path.Combine(folder, "error.log")])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = folder,
        };
        var process = Process.Start(psi)!;
        var proxy = new NginxProxy(process, folder, $"http://127.0.0.1:{port}");
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync(IPAddress.Loopback, port);
                return proxy;
            }
            catch (SocketException) { await Task.Delay(100); }
        }
        var log = File.Exists(Path.Combine(folder, "error.log")) ? await File.ReadAllTextAsync(Path.Combine(folder, "error.log")) : "";
        await proxy.DisposeAsync();
        throw new InvalidOperationException("nginx did not start: " + log);
    }

    public string ErrorLog => File.Exists(Path.Combine(_folder, "error.log")) ? File.ReadAllText(Path.Combine(_folder, "error.log")) : "";

    public async ValueTask DisposeAsync()
    {
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
        try { Directory.Delete(_folder, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    public static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}
