using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Shegong.Domain.Audit;
using Shegong.IntegrationTests.Infrastructure;
using Shegong.Web.Features.Audit;
using Shegong.Web.Infrastructure.Commands;
using Shegong.Web.Infrastructure.Data;
using static Shegong.IntegrationTests.Features.Registry.RegistryApi;

namespace Shegong.IntegrationTests.Features.Audit;

/// <summary>
/// The audit log people read: records named (a person's masked name, a station's name), what happened said in
/// Chinese, sensitive reads still logged one by one but shown grouped per user, record and day, filters, paging;
/// the hash chains stay verifiable. Uses a person of its own.
/// </summary>
public sealed class AuditReadableTests(AppFixture app)
{
    [Fact]
    public async Task Reads_are_logged_each_time_and_shown_as_one_row_per_user_record_and_day()
    {
        using var worker = await app.ClientAsAsync("worker");
        var name = NewName();
        var personId = await RegisterAsync(worker, Request(Details(NewId(), name: name)));
        for (var i = 0; i < 3; i++) await GetAsync(worker, personId);

        using var manager = await app.ClientAsAsync("manager");
        // Every read is still an entry of its chain (PIPL)…
        var raw = (await manager.GetFromJsonAsync<SearchAudit.Result>($"/api/v1/audit?entityType=Person&entityId={personId}&action=Read", Json))!;
        raw.Total.ShouldBe(3);
        // …and the readable log shows them as one row with its count and times, naming the person masked.
        var grouped = (await manager.GetFromJsonAsync<BrowseAudit.Result>($"/api/v1/audit/browse?entityType=Person&entityId={personId}", Json))!;
        var read = grouped.Items.Single(i => i.Action == AuditAction.Read);
        read.Count.ShouldBe(3);
        read.UserName.ShouldBe("worker");
        read.FirstUtc.ShouldBeLessThanOrEqualTo(read.LastUtc);
        read.RecordName.ShouldBe(name[..1] + "***");
        grouped.Items.Single(i => i.Action == AuditAction.Create).RecordName.ShouldBe(name[..1] + "***");
        grouped.HasMore.ShouldBeFalse();

        // Filters: another user has no reads of it; the action filter keeps only the reads.
        (await manager.GetFromJsonAsync<BrowseAudit.Result>($"/api/v1/audit/browse?entityType=Person&entityId={personId}&user=manager", Json))!.Items.ShouldBeEmpty();
        (await manager.GetFromJsonAsync<BrowseAudit.Result>($"/api/v1/audit/browse?entityType=Person&entityId={personId}&action=Create", Json))!.Items.Single().Action.ShouldBe(AuditAction.Create);
        var today = Today.ToString("yyyy-MM-dd");
        (await manager.GetFromJsonAsync<BrowseAudit.Result>($"/api/v1/audit/browse?entityType=Person&entityId={personId}&action=Read&from={today}&to={today}", Json))!.Items.Single().Count.ShouldBe(3);
        (await manager.GetFromJsonAsync<BrowseAudit.Result>($"/api/v1/audit/browse?entityType=Person&entityId={personId}&action=Read&to={Today.AddDays(-1):yyyy-MM-dd}", Json))!.Items.ShouldBeEmpty();

        // The hash chains are intact (the digest is beside them, not in them).
        using (var scope = app.Scope())
            (await ShegongCommands.VerifyAuditAsync(scope.ServiceProvider.GetRequiredService<ShegongDbContext>())).ShouldBe(0);

        // The page says it in Chinese, with the masked name and no GUID as the record.
        using var browser = await app.BrowserAsAsync("manager");
        var html = await browser.GetStringAsync($"/audit?entity=Person&id={personId}");
        html.ShouldContain($"查看了人员“{name[..1]}***”的敏感信息 3 次");
        html.ShouldContain($"新增了人员“{name[..1]}***”");
        html.ShouldNotContain(name);
        var every = await browser.GetStringAsync($"/audit?every=1&action=Read&user=worker&entity=Person&id={personId}&from={today}&to={today}");
        System.Text.RegularExpressions.Regex.Matches(every, "查看了人员").Count.ShouldBe(3);
    }

    [Fact]
    public async Task A_station_change_names_the_station_and_its_fields_in_Chinese_and_pages_are_disjoint()
    {
        using var manager = await app.ClientAsAsync("manager");
        var list = await manager.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/stations");
        var id = list.GetProperty("items")[0].GetProperty("id").GetGuid();
        var s = await manager.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/stations/{id}");
        var put = await manager.PutAsJsonAsync($"/api/v1/stations/{id}", new
        {
            name = s.GetProperty("name").GetString(), address = s.GetProperty("address").GetString(), status = "Operating", operatingSince = s.GetProperty("operatingSince").GetString(),
            serviceHours = "周一至周六 8:30–17:30", phone = s.GetProperty("phone").GetString(), version = s.GetProperty("version").GetInt32(),
        });
        put.EnsureSuccessStatusCode();

        using var browser = await app.BrowserAsAsync("manager");
        var html = await browser.GetStringAsync($"/audit?entity=Station&id={id}&action=Update");
        html.ShouldContain("修改了社工站“长洲街道社工站”：");
        html.ShouldContain("服务时间");

        using var admin = await app.ClientAsAsync("admin");
        var first = (await admin.GetFromJsonAsync<BrowseAudit.Result>("/api/v1/audit/browse?pageSize=20", Json))!;
        first.HasMore.ShouldBeTrue();
        var second = (await admin.GetFromJsonAsync<BrowseAudit.Result>("/api/v1/audit/browse?pageSize=20&page=2", Json))!;
        var times = first.Items.Concat(second.Items).Select(i => i.LastUtc).ToList();
        times.ShouldBe(times.OrderByDescending(t => t));
        first.Items.Select(Key).Intersect(second.Items.Select(Key)).ShouldBeEmpty();

        static string Key(BrowseAudit.Item i) => $"{i.Chain}/{i.Sequence}/{i.UserName}/{i.EntityType}/{i.EntityId}/{i.LastUtc:O}";
    }
}
