using System.Diagnostics;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shegong.IntegrationTests.Infrastructure;
using Shegong.Web.Infrastructure.Commands;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.IntegrationTests.Features.Audit;

/// <summary>Writes and sensitive reads are chained; editing or deleting any entry is found by verify-audit.</summary>
public sealed class AuditChainTests(AppFixture app)
{
    private async Task<(int Exit, string Error)> VerifyAsync()
    {
        using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<ShegongDbContext>();
        var error = new StringWriter();
        var original = Console.Error;
        Console.SetError(error);
        try { return (await ShegongCommands.VerifyAuditAsync(db), error.ToString()); }
        finally { Console.SetError(original); }
    }

    private async Task<long> LastSequenceAsync()
    {
        using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<ShegongDbContext>().AuditHeads.Select(h => h.LastSequence).SingleAsync();
    }

    private async Task SqlAsync(string sql)
    {
        using var scope = app.Scope();
        await scope.ServiceProvider.GetRequiredService<ShegongDbContext>().Database.ExecuteSqlRawAsync(sql);
    }

    [Fact]
    public async Task A_write_appends_chained_entries_and_the_chain_verifies()
    {
        var before = await LastSequenceAsync();
        using var officer = await app.ClientAsAsync("officer");
        var created = await officer.PostAsJsonAsync("/api/v1/stations", new { townshipCode = "440112012000", name = "萝岗街道社工站" });
        created.EnsureSuccessStatusCode();
        var after = await LastSequenceAsync();
        after.ShouldBeGreaterThan(before);
        using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<ShegongDbContext>();
        var entries = await db.AuditEntries.IgnoreQueryFilters().Where(e => e.Sequence > before).OrderBy(e => e.Sequence).ToListAsync();
        entries.ShouldContain(e => e.EntityType == "Station" && e.UserName == "officer" && e.Action == Shegong.Domain.Audit.AuditAction.Create);
        (await VerifyAsync()).Exit.ShouldBe(0);
    }

    [Fact]
    public async Task Editing_an_entry_is_detected_and_named()
    {
        var target = Math.Max(1, await LastSequenceAsync() / 2);
        await SqlAsync($"UPDATE audit_entries SET details = details || 'x' WHERE sequence = {target}");
        try
        {
            var (exit, error) = await VerifyAsync();
            exit.ShouldBe(1);
            error.ShouldContain($"entry {target}");
        }
        finally
        {
            await SqlAsync($"UPDATE audit_entries SET details = substr(details, 1, length(details) - 1) WHERE sequence = {target}");
        }
        (await VerifyAsync()).Exit.ShouldBe(0);
    }

    [Fact]
    public async Task Deleting_an_entry_or_the_last_entry_is_detected()
    {
        var last = await LastSequenceAsync();
        var middle = Math.Max(1, last / 3);
        await SqlAsync($"CREATE TABLE audit_backup AS SELECT * FROM audit_entries WHERE sequence IN ({middle}, {last})");
        try
        {
            await SqlAsync($"DELETE FROM audit_entries WHERE sequence = {middle}");
            var (exit, error) = await VerifyAsync();
            exit.ShouldBe(1);
            error.ShouldContain($"entry {middle}");
            await SqlAsync($"INSERT INTO audit_entries SELECT * FROM audit_backup WHERE sequence = {middle}");

            await SqlAsync($"DELETE FROM audit_entries WHERE sequence = {last}");
            var (tailExit, tailError) = await VerifyAsync();
            tailExit.ShouldBe(1);
            tailError.ShouldContain($"entry {last}");
        }
        finally
        {
            await SqlAsync($"INSERT INTO audit_entries SELECT * FROM audit_backup WHERE sequence NOT IN (SELECT sequence FROM audit_entries)");
            await SqlAsync("DROP TABLE audit_backup");
        }
        (await VerifyAsync()).Exit.ShouldBe(0);
    }

    [Fact]
    public async Task The_verify_audit_command_runs_as_a_user_would_run_it()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Shegong.Web.dll");
        var psi = new ProcessStartInfo("dotnet", [dll, "verify-audit"]) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        psi.Environment["Database__Provider"] = app.Provider;
        psi.Environment["ConnectionStrings__Shegong"] = app.ConnectionString;
        psi.Environment["Logging__LogLevel__Default"] = "Warning";
        using var process = Process.Start(psi)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.ShouldBe(0);
        output.ShouldContain("Audit chain intact");
    }

    [Fact]
    public async Task Audit_entries_are_seen_only_within_scope()
    {
        using var worker2 = await app.ClientAsAsync("worker2");
        (await worker2.GetAsync("/api/v1/audit")).StatusCode.ShouldBe(System.Net.HttpStatusCode.Forbidden);
        using var manager = await app.ClientAsAsync("manager"); // 长洲
        using var tianhe = await app.ClientAsAsync("worker2");
        _ = await tianhe.GetAsync("/api/v1/me");
        var seen = await manager.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/audit?pageSize=200&user=worker2");
        seen.GetProperty("total").GetInt32().ShouldBe(0);
        using var officer = await app.ClientAsAsync("officer"); // 黄埔区
        var officerView = await officer.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/audit?pageSize=200&user=worker2");
        officerView.GetProperty("total").GetInt32().ShouldBe(0);
    }
}
