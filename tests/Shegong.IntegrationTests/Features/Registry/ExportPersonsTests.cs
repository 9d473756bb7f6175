using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using Shegong.Domain.Audit;
using Shegong.IntegrationTests.Infrastructure;
using Shegong.Web.Features.Registry;
using Shegong.Web.Infrastructure.Data;
using static Shegong.IntegrationTests.Features.Registry.LedgerFile;
using Col = Shegong.Web.Features.Registry.PersonSheet.Col;

namespace Shegong.IntegrationTests.Features.Registry;

public sealed partial class ExportPersonsTests(AppFixture app)
{
    [GeneratedRegex(@"^\d{6}\*{8}\d{3}[\dX]$")]
    private static partial Regex MaskedId();

    private async Task<LedgerFile> ImportAsync(string surname, int seed)
    {
        await ImportStation.EnsureAsync(app);
        var file = await CreateAsync(app, 30, seed, surname);
        using var worker = await app.ClientAsAsync(ImportStation.Worker);
        (await worker.PostAsync("/api/v1/persons/import", Upload(ToXlsx(file.Copy())))).StatusCode.ShouldBe(HttpStatusCode.OK);
        return file;
    }

    private static async Task<byte[]> DownloadAsync(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe(PersonSheet.ContentType);
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>The rows under the header; a masked export has a first row saying that it cannot be imported again.</summary>
    private static List<IDictionary<string, object?>> Read(byte[] bytes)
    {
        var first = (IDictionary<string, object?>)MiniExcel.Query(new MemoryStream(bytes), useHeaderRow: false).First();
        var masked = first.Values.First() is string banner && banner.StartsWith("脱敏导出", StringComparison.Ordinal);
        var header = (IDictionary<string, object?>)MiniExcel.Query(new MemoryStream(bytes), useHeaderRow: false).Skip(masked ? 1 : 0).First();
        header.Values.Cast<string>().ShouldBe(PersonSheet.Columns.Select(c => c.Header));
        return MiniExcel.Query(new MemoryStream(bytes), useHeaderRow: true, startCell: masked ? "A2" : "A1").Cast<IDictionary<string, object?>>().ToList();
    }

    private static async Task<List<IDictionary<string, object?>>> ReadAsync(HttpResponseMessage response) => Read(await DownloadAsync(response));

    [Fact]
    public async Task An_export_holds_exactly_the_filtered_list_in_the_template_layout_with_numbers_masked()
    {
        var file = await ImportAsync("邝", 31);
        using var worker = await app.ClientAsAsync(ImportStation.Worker);

        var rows = await ReadAsync(await worker.GetAsync("/api/v1/persons/export?name=邝"));
        rows.Count.ShouldBe(30);
        rows.Count.ShouldBe(await ImportStation.CountAsync(worker, "邝"));
        var ids = rows.Select(r => r[H(Col.IdNumber)]?.ToString()).Where(v => !string.IsNullOrEmpty(v)).ToList();
        ids.Count.ShouldBe(file.Lines.Count(l => l.Id is not null));
        ids.ShouldAllBe(v => MaskedId().IsMatch(v!));
        rows.Select(r => r[H(Col.Phone)]?.ToString()).Where(v => !string.IsNullOrEmpty(v)).ShouldAllBe(v => v!.Contains("****"));
        // Household facts come with every member, and members share their household's number.
        rows.GroupBy(r => r[H(Col.HouseholdNo)]).ShouldAllBe(g => g.Select(r => r[H(Col.Address)]).Distinct().Count() == 1);
        rows.Count(r => (string?)r[H(Col.Relation)] == "户主").ShouldBe(rows.Select(r => r[H(Col.HouseholdNo)]).Distinct().Count());

        // The same filter as the list: the high-risk ones, with the rest of their households (whole households).
        var high = await ReadAsync(await worker.GetAsync("/api/v1/persons/export?name=邝&tier=HighRisk"));
        var listed = await worker.GetFromJsonAsync<JsonElement>("/api/v1/persons?name=邝&tier=HighRisk&pageSize=100");
        high.Count(r => (string?)r[H(Col.Tier)] == "高风险").ShouldBe(listed.GetProperty("total").GetInt32());
        high.Count(r => (string?)r[H(Col.Relation)] == "户主").ShouldBe(high.Select(r => r[H(Col.HouseholdNo)]).Distinct().Count());

        // Another station exports none of them.
        using var other = await app.ClientAsAsync("worker");
        (await ReadAsync(await other.GetAsync("/api/v1/persons/export?name=邝"))).ShouldBeEmpty();
    }

    [Fact]
    public async Task Full_numbers_only_for_a_station_manager_who_asks_and_that_export_is_audited()
    {
        var file = await ImportAsync("邴", 41);
        using var worker = await app.ClientAsAsync(ImportStation.Worker);
        var refused = await worker.GetAsync("/api/v1/persons/export?name=邴&full=true");
        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("只有站长可以导出完整的身份证号");

        using var manager = await app.ClientAsAsync(ImportStation.Manager);
        (await ReadAsync(await manager.GetAsync("/api/v1/persons/export?name=邴")))
            .Select(r => r[H(Col.IdNumber)]?.ToString()).Where(v => !string.IsNullOrEmpty(v)).ShouldAllBe(v => MaskedId().IsMatch(v!));
        var bytes = await DownloadAsync(await manager.GetAsync("/api/v1/persons/export?name=邴&full=true"));
        var full = Read(bytes);
        full.Select(r => r[H(Col.IdNumber)]?.ToString()).Where(v => !string.IsNullOrEmpty(v)).ShouldBe(file.Lines.Where(l => l.Id is not null).Select(l => l.Id), ignoreOrder: true);

        using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ShegongDbContext>();
            var entries = await db.AuditEntries.IgnoreQueryFilters()
                .Where(e => e.UserName == ImportStation.Manager && e.Action == AuditAction.Read && e.EntityId == "export").Select(e => e.Details).ToListAsync();
            entries.ShouldContain(d => d.StartsWith("export full") && d.EndsWith("rows=30"));
            entries.ShouldContain(d => d.StartsWith("export masked"));
        }

        // The full export is in the import layout: read back, its only complaint is that everyone is already on file.
        var recheck = await worker.PostAsync("/api/v1/persons/import/check", Upload(bytes));
        var errors = (await recheck.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("report").GetProperty("errors").EnumerateArray().ToList();
        errors.Count.ShouldBe(file.Lines.Count(l => l.Id is not null));
        errors.ShouldAllBe(e => e.GetProperty("message").GetString()!.StartsWith("身份证号：该身份证号已登记"));
    }

    [Fact]
    public async Task The_ledger_pages_export_link_downloads_with_the_sign_in_cookie_and_empty_filters()
    {
        using var browser = await app.BrowserAsAsync("worker");
        var page = await browser.GetStringAsync("/persons");
        var href = System.Text.RegularExpressions.Regex.Match(page, "href=\"(/api/v1/persons/export[^\"]*)\" data-testid=\"export-link\"").Groups[1].Value;
        href.ShouldNotBeEmpty();
        var response = await browser.GetAsync(System.Net.WebUtility.HtmlDecode(href));
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.MediaType.ShouldBe(PersonSheet.ContentType);
        // Masked by default: no full 18-character ID number in the file.
        var rows = Read(await response.Content.ReadAsByteArrayAsync());
        rows.Count.ShouldBeGreaterThan(0);
        rows.Select(r => r["身份证号"]?.ToString() ?? "").Where(v => v.Length > 0).ShouldAllBe(v => v.Contains("********"));
    }
}
