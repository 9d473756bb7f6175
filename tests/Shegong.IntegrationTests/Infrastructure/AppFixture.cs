using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shegong.IntegrationTests.Infrastructure;
using Shegong.Web.Infrastructure.Auth;
using Shegong.Web.Infrastructure.Data;
using Shegong.Web.Infrastructure.Seed;

[assembly: AssemblyFixture(typeof(AppFixture))]
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Shegong.IntegrationTests.Infrastructure;

/// <summary>
/// The real host on the provider named by SHEGONG_TEST_PROVIDER (Postgres | Sqlite, default Sqlite), migrated and
/// seeded with the demo area once per run. Tests that write use data of their own (new names, free townships), so
/// the demo data stays as seeded for the others.
/// </summary>
public sealed partial class AppFixture : IAsyncLifetime
{
    public const string DemoPassword = "Demo2026pass";
    public string Provider { get; } = Environment.GetEnvironmentVariable("SHEGONG_TEST_PROVIDER") ?? "Sqlite";
    public string ConnectionString { get; private set; } = "";
    public WebApplicationFactory<Program> Factory { get; private set; } = default!;

    private PostgresCluster? _postgres;
    private string? _folder;
    private string _keys = "";
    private readonly ConcurrentDictionary<string, CachedToken> _tokens = new();

    private sealed record CachedToken(string AccessToken, string RefreshToken, DateTimeOffset ExpiresUtc);

    public bool IsPostgres => Provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase);

    /// <summary>The run's master key file (Keys:File), made by the host on first start: outside the database, as in production.</summary>
    public string KeyFile { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        _keys = Path.Combine(Path.GetTempPath(), "shegong-it-keys-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_keys);
        KeyFile = Path.Combine(_keys, "shegong.key");
        if (IsPostgres)
        {
            _postgres = await PostgresCluster.StartAsync();
            await _postgres.CreateDatabaseAsync("shegong_tests");
            ConnectionString = _postgres.ConnectionString("shegong_tests");
        }
        else
        {
            _folder = Path.Combine(Path.GetTempPath(), "shegong-it-" + Guid.NewGuid().ToString("N")[..8]);
            Directory.CreateDirectory(_folder);
            ConnectionString = $"Data Source={Path.Combine(_folder, "tests.db")}";
        }
        Factory = CreateFactory(new Dictionary<string, string?>());
        using var scope = Factory.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<ShegongDbContext>().Database.MigrateAsync();
        await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedIfEmptyAsync(TextWriter.Null);
    }

    /// <summary>A host over the same database with extra settings (e.g. a low login limit).</summary>
    public WebApplicationFactory<Program> CreateFactory(IDictionary<string, string?> settings, Action<IWebHostBuilder>? configure = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Database:Provider"] = Provider,
            ["ConnectionStrings:Shegong"] = ConnectionString,
            ["Keys:File"] = KeyFile,
            ["Seed:DemoPassword"] = DemoPassword,
            ["Seed:Demo"] = "false",
            ["Seed:DemoWishes"] = "false",
            ["Seed:DemoActivities"] = "false",
            ["Auth:LoginAttemptsPerMinute"] = "100000",
            ["Wishes:BoardPostsPerMinute"] = "100000",
            ["Jobs:Enabled"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (k, v) in settings) all[k] = v;
        return new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Testing");
            foreach (var (k, v) in all) b.UseSetting(k, v);
            configure?.Invoke(b);
        });
    }

    /// <summary>
    /// A DI scope of the host that acts as the system (tests arrange and check data across stations). Outside a
    /// request the host's scope is nothing: <see cref="UnscopedScope"/> is what a job or command that forgot to ask
    /// would get.
    /// </summary>
    public IServiceScope Scope()
    {
        var scope = Factory.Services.CreateScope();
        scope.ServiceProvider.RunAsSystem("integration test: arranging and checking data");
        return scope;
    }

    /// <summary>A DI scope of the host as code outside a request gets it: no scope given, so nothing is seen.</summary>
    public IServiceScope UnscopedScope() => Factory.Services.CreateScope();

    /// <summary>The run's PostgreSQL cluster (null on SQLite).</summary>
    public PostgresCluster? Postgres => _postgres;

    /// <summary>
    /// A connection string to an empty database of the run's provider, apart from the shared one (for a test that
    /// fills a database as a newcomer would, e.g. the national region dataset). SQLite files go with the run's folder.
    /// </summary>
    public async Task<string> ScratchDatabaseAsync(string name)
    {
        if (_postgres is not null)
        {
            await _postgres.CreateDatabaseAsync(name);
            return _postgres.ConnectionString(name);
        }
        return $"Data Source={Path.Combine(_folder!, name + ".db")}";
    }

    /// <summary>
    /// PostgreSQL only: a copy of the run's database as it is now (migrated, seeded, with the Data Protection keys), for
    /// hosts started as processes of their own (the two-node test). A template copy needs the source idle: this process's
    /// pooled connections are closed first.
    /// </summary>
    public async Task<string> CopyDatabaseAsync(string name)
    {
        if (_postgres is null) throw new InvalidOperationException("CopyDatabaseAsync needs the PostgreSQL run.");
        for (var attempt = 1; ; attempt++)
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            try
            {
                await _postgres.CreateDatabaseAsync(name, template: "shegong_tests");
                return _postgres.ConnectionString(name);
            }
            catch (Npgsql.PostgresException e) when (e.SqlState == "55006" && attempt < 20) // source database is being accessed
            {
                await Task.Delay(250);
            }
        }
    }

    public HttpClient AnonymousClient() => Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    /// <summary>
    /// An API client with a bearer token of a demo (or test-made) account. Tokens live minutes (Auth:AccessTokenMinutes):
    /// one kept for the account is used while it has a minute left, then exchanged through the refresh endpoint.
    /// </summary>
    public async Task<HttpClient> ClientAsAsync(string userName, string password = DemoPassword)
    {
        if (!_tokens.TryGetValue(userName, out var token) || token.ExpiresUtc < DateTimeOffset.UtcNow.AddMinutes(1))
        {
            using var anon = AnonymousClient();
            var response = token is null ? null : await anon.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = token.RefreshToken });
            if (response is null || !response.IsSuccessStatusCode)
                response = await anon.PostAsJsonAsync("/api/v1/auth/token", new { userName, password });
            response.EnsureSuccessStatusCode();
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            token = new CachedToken(body.GetProperty("accessToken").GetString()!, body.GetProperty("refreshToken").GetString()!,
                DateTimeOffset.UtcNow.AddSeconds(body.GetProperty("expiresIn").GetInt32()));
            _tokens[userName] = token;
        }
        var client = AnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
        return client;
    }

    /// <summary>A cookie client logged in through the real login page, as a browser would.</summary>
    public async Task<HttpClient> BrowserAsAsync(string userName, string password = DemoPassword)
    {
        var client = Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var response = await PostFormAsync(client, "/account/login", "login", new() { ["Input.UserName"] = userName, ["Input.Password"] = password });
        if ((int)response.StatusCode != 302)
            throw new InvalidOperationException($"login of {userName} failed: {(int)response.StatusCode}");
        return client;
    }

    /// <summary>GETs a page, takes its antiforgery token and posts a form of it as the browser would.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string url, string formName, Dictionary<string, string> fields)
    {
        var page = await client.GetStringAsync(url);
        var token = AntiforgeryToken().Match(page).Groups[1].Value;
        var form = new Dictionary<string, string>(fields) { ["_handler"] = formName, ["__RequestVerificationToken"] = token };
        return await client.PostAsync(url, new FormUrlEncodedContent(form));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        if (_postgres is not null) await _postgres.DisposeAsync();
        try { Directory.Delete(_keys, true); } catch (IOException) { }
        if (_folder is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(_folder, true); } catch (IOException) { }
        }
    }
}
