using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Wishes;
using Shegong.IntegrationTests.Features.Registry;
using Shegong.IntegrationTests.Infrastructure;

namespace Shegong.IntegrationTests.Features.Api;

/// <summary>
/// A client generated from the running host's /openapi/v1.json by Kiota (the local tool pinned in
/// .config/dotnet-tools.json) is compiled with the journey in KiotaJourney/Journey.cs and run against the host over
/// HTTP: sign in, register a person, update it with its version, log a visit, record, submit, approve, claim, deliver
/// and close a wish, read the statistics. Generating and compiling take about a minute; the compiled journey is kept in
/// the temp folder under the hash of the document and the sources, so the suite's second run (the other database)
/// reuses it when the document is the same.
/// </summary>
public sealed partial class GeneratedClientTests(AppFixture app)
{
    [Fact]
    public async Task A_client_Kiota_generates_from_the_document_compiles_and_makes_the_round_trip()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var factory = app.CreateFactory(new Dictionary<string, string?>());
        factory.UseKestrel(0); // a free port; the client below is given the address Kestrel took
        factory.StartServer();
        using var http = factory.CreateClient();
        var url = http.BaseAddress!.GetLeftPart(UriPartial.Authority);
        var document = await http.GetStringAsync("/openapi/v1.json", ct);

        var journey = await KiotaJourney.BuildAsync(document, ct);
        var run = await KiotaJourney.RunAsync("dotnet", [journey, url, "worker", "manager", AppFixture.DemoPassword, RegistryApi.Huangchuan], null,
            TimeSpan.FromMinutes(2), ct);
        TestContext.Current.TestOutputHelper?.WriteLine(run.Output);
        run.ExitCode.ShouldBe(0, run.Output);
        run.Output.ShouldContain("journey passed");

        // What the client did is on file: the person, the visit, the wish closed after one delivered claim.
        var personId = Guid.Parse(Registered().Match(run.Output).Groups[1].Value);
        (await RegistryApi.QueryAsync(app, db => db.Visits.CountAsync(v => v.PersonId == personId, ct))).ShouldBe(1);
        var wish = await RegistryApi.QueryAsync(app, db => db.Wishes.AsNoTracking().SingleAsync(w => w.PersonId == personId, ct));
        wish.Status.ShouldBe(WishStatus.Closed);
        wish.PublishedOn.ShouldNotBeNull();
        (await RegistryApi.QueryAsync(app, db => db.Claims.CountAsync(c => c.WishId == wish.Id && c.Status == ClaimStatus.Delivered, ct))).ShouldBe(1);
    }

    [GeneratedRegex(@"registered: ([0-9a-f-]{36})")]
    private static partial Regex Registered();
}

/// <summary>Generates the client with Kiota and builds the journey around it (or finds the build of an earlier run).</summary>
internal static class KiotaJourney
{
    public static async Task<string> BuildAsync(string document, CancellationToken ct)
    {
        // The host's address (a new port each run) is no part of the client: the journey is given the base URL.
        var node = System.Text.Json.Nodes.JsonNode.Parse(document)!.AsObject();
        node.Remove("servers");
        document = node.ToJsonString();
        var sources = Path.Combine(AppContext.BaseDirectory, "Features", "Api", "KiotaJourney");
        var program = await File.ReadAllTextAsync(Path.Combine(sources, "Journey.cs"), ct);
        var project = await File.ReadAllTextAsync(Path.Combine(sources, "KiotaJourney.csproj.template"), ct);
        var manifest = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), ".config", "dotnet-tools.json"), ct);
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(document + "\0" + program + "\0" + project + "\0" + manifest)))[..16];
        var cache = Path.Combine(Path.GetTempPath(), "shegong-kiota");
        var folder = Path.Combine(cache, hash);
        var dll = Path.Combine(folder, "bin", "Release", "net10.0", "KiotaJourney.dll");
        if (File.Exists(dll)) return dll;

        var work = folder + ".building-" + Guid.NewGuid().ToString("N")[..8];
        Directory.CreateDirectory(work);
        await File.WriteAllTextAsync(Path.Combine(work, "openapi.json"), document, ct);
        await File.WriteAllTextAsync(Path.Combine(work, "Journey.cs"), program, ct);
        await File.WriteAllTextAsync(Path.Combine(work, "KiotaJourney.csproj"), project, ct);

        var env = new Dictionary<string, string>
        {
            ["KIOTA_OFFLINE_ENABLED"] = "true", ["KIOTA_TUTORIAL_ENABLED"] = "false", ["KIOTA_CLI_TELEMETRY_OPTOUT"] = "true",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1",
        };
        var root = RepositoryRoot();
        var restore = await RunAsync("dotnet", ["tool", "restore"], root, TimeSpan.FromMinutes(3), ct, env);
        restore.ExitCode.ShouldBe(0, restore.Output);
        var generate = await RunAsync("dotnet", ["kiota", "generate", "-l", "CSharp", "-d", Path.Combine(work, "openapi.json"), "-o", Path.Combine(work, "Client"),
            "-n", "Shegong.Client", "-c", "ShegongClient", "--exclude-backward-compatible", "--clean-output", "--log-level", "Warning"], root, TimeSpan.FromMinutes(3), ct, env);
        TestContext.Current.TestOutputHelper?.WriteLine(generate.Output);
        generate.ExitCode.ShouldBe(0, generate.Output);
        var build = await RunAsync("dotnet", ["build", "-c", "Release", "-nologo", "-clp:ErrorsOnly"], work, TimeSpan.FromMinutes(5), ct, env);
        build.ExitCode.ShouldBe(0, build.Output);

        // Kept for the next run only once complete; another run that got there first wins.
        try { Directory.Move(work, folder); }
        catch (IOException) { Directory.Delete(work, true); }
        foreach (var old in Directory.GetDirectories(cache).Where(d => d != folder && Directory.GetLastWriteTimeUtc(d) < DateTime.UtcNow.AddDays(-1)))
            try { Directory.Delete(old, true); } catch (IOException) { }
        return dll;
    }

    public static async Task<(int ExitCode, string Output)> RunAsync(string file, IEnumerable<string> args, string? directory, TimeSpan limit,
        CancellationToken ct, IReadOnlyDictionary<string, string>? env = null)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        if (directory is not null) start.WorkingDirectory = directory;
        foreach (var (k, v) in env ?? new Dictionary<string, string>()) start.Environment[k] = v;
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(limit);
        try { await process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in {limit}:\n{output}");
        }
        process.WaitForExit(); // the last lines of output
        lock (output) return (process.ExitCode, output.ToString());
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Shegong.slnx"))) return dir.FullName;
        throw new InvalidOperationException("Shegong.slnx not found above " + AppContext.BaseDirectory);
    }
}
