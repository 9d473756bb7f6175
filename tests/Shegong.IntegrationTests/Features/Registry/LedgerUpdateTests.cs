using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using Shegong.Domain.Registry;
using Shegong.IntegrationTests.Infrastructure;
using Shegong.Web.Features.Statistics;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Data;
using Shegong.Web.Infrastructure.Privacy;
using static Shegong.IntegrationTests.Features.Registry.LedgerFile;
using Col = Shegong.Web.Features.Registry.PersonSheet.Col;

namespace Shegong.IntegrationTests.Features.Registry;

/// <summary>
/// Issue 11, item 6: a ledger already on file imported as an update by ID number — the preview's diff (masked for a
/// worker, full for the manager), people absent from the file listed and kept, a colleague's edit after the preview
/// refusing the whole update, the apply in one transaction with the figures still right (verify-stats); a masked
/// export refused with one message; a filtered export carrying whole households.
/// </summary>
public sealed class LedgerUpdateTests(AppFixture app)
{
    private static List<Dictionary<string, object?>> Read(byte[] xlsx) =>
        MiniExcel.Query(new MemoryStream(xlsx), useHeaderRow: true).Cast<IDictionary<string, object?>>()
            .Select(r => r.ToDictionary(kv => kv.Key, kv => kv.Value)).ToList();

    private static string T(Dictionary<string, object?> row, Col c) => Convert.ToString(row[H(c)], CultureInfo.InvariantCulture) ?? "";

    /// <summary>Imports a fresh ledger of households whose people all have ID numbers; returns the manager's full export of it.</summary>
    private async Task<List<Dictionary<string, object?>>> ImportAsync(HttpClient worker, HttpClient manager, string surname, int seed, bool samePreviewsNothing = false)
    {
        var file = await LedgerFile.CreateAsync(app, 40, seed, surname);
        var complete = file.Lines.GroupBy(l => l.Household).Where(g => g.All(l => l.Id is not null)).SelectMany(g => g).Select(l => l.Cells).ToList();
        var imported = await worker.PostAsync("/api/v1/persons/import", Upload(ToXlsx(complete)));
        imported.StatusCode.ShouldBe(HttpStatusCode.OK, await imported.Content.ReadAsStringAsync());
        var export = Read(await manager.GetByteArrayAsync($"/api/v1/persons/export?name={Uri.EscapeDataString(surname)}&full=true"));
        export.Count.ShouldBe(complete.Count);
        if (samePreviewsNothing)
        {
            // The very file just imported (blank actual addresses, blank head relations, dates written four ways) changes nothing.
            var (_, same) = await PreviewAsync(worker, complete);
            same.GetProperty("personsChanged").GetInt32().ShouldBe(0, same.ToString());
            same.GetProperty("householdsChanged").GetInt32().ShouldBe(0, same.ToString());
            same.GetProperty("unchanged").GetInt32().ShouldBe(complete.Count);
        }
        return export;
    }

    private static async Task<(string UploadId, JsonElement Preview)> PreviewAsync(HttpClient client, List<Dictionary<string, object?>> rows)
    {
        var response = await client.PostAsync("/api/v1/persons/import/update/check", Upload(ToXlsx(rows)));
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        var json = JsonDocument.Parse(body).RootElement;
        return (json.GetProperty("uploadId").GetString()!, json.GetProperty("preview"));
    }

    private async Task<Person> PersonAsync(string id)
    {
        using var scope = app.Scope();
        var hash = await scope.ServiceProvider.GetRequiredService<LookupHasher>().HashAsync(id);
        return await scope.ServiceProvider.GetRequiredService<ShegongDbContext>().Persons.IgnoreQueryFilters().AsNoTracking().SingleAsync(p => p.IdHash == hash);
    }

    private async Task<Household> HouseholdAsync(Guid id)
    {
        using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<ShegongDbContext>().Households.IgnoreQueryFilters().AsNoTracking().SingleAsync(h => h.Id == id);
    }

    [Fact]
    public async Task An_update_by_ID_number_shows_its_diff_lists_the_absent_is_refused_after_a_colleagues_edit_and_applies_in_one_transaction()
    {
        await ImportStation.EnsureAsync(app);
        using var worker = await app.ClientAsAsync(ImportStation.Worker);
        using var manager = await app.ClientAsAsync(ImportStation.Manager);
        var rows = await ImportAsync(worker, manager, "钟离", 611, samePreviewsNothing: true);

        var byHousehold = rows.GroupBy(r => T(r, Col.HouseholdNo)).ToList();
        var singles = byHousehold.Where(g => g.Count() == 1).Select(g => g.Single()).ToList();
        var pair = byHousehold.First(g => g.Count() >= 2).ToList();
        // 1. A person's tier and phone; 2. a household's address (written on each of its rows); 3. a household moved to
        // the other community; 4. a member left out of the file; 5. a person a colleague edits after the preview.
        var retiered = singles[0];
        var oldTier = T(retiered, Col.Tier);
        var newTier = oldTier == "高风险" ? "一般" : "高风险";
        retiered[H(Col.Tier)] = newTier;
        var oldPhone = T(retiered, Col.Phone);
        retiered[H(Col.Phone)] = "13700001111";
        foreach (var r in pair) r[H(Col.Address)] = "长洲路 1 号 101（已更新）";
        var moved = singles[1];
        var fromCommunity = T(moved, Col.CommunityCode);
        moved[H(Col.CommunityCode)] = fromCommunity == ImportStation.CommunityA ? ImportStation.CommunityB : ImportStation.CommunityA;
        var leftOut = pair.First(r => T(r, Col.Relation) != "户主");
        var edited = singles[2];
        edited[H(Col.ChronicDiseases)] = "冠心病";
        var file = rows.Where(r => !ReferenceEquals(r, leftOut)).ToList();
        file.IndexOf(retiered).ShouldBeGreaterThanOrEqualTo(0);

        var (uploadId, preview) = await PreviewAsync(worker, file);
        preview.GetProperty("canApply").GetBoolean().ShouldBeTrue(preview.ToString());
        var persons = preview.GetProperty("persons").EnumerateArray().ToList();
        var tierChange = persons.Single(p => p.GetProperty("name").GetString() == T(retiered, Col.Name) && p.GetProperty("row").GetInt32() == file.IndexOf(retiered) + 2)
            .GetProperty("changes").EnumerateArray().ToDictionary(c => c.GetProperty("field").GetString()!, c => (Old: c.GetProperty("old").GetString(), New: c.GetProperty("new").GetString()));
        tierChange["跟进分级"].ShouldBe((oldTier, newTier));
        // A worker sees phones masked, in the old and the new value.
        tierChange["联系电话"].New.ShouldBe(PhoneNumber.Mask("13700001111"));
        tierChange["联系电话"].Old.ShouldBe(PhoneNumber.Mask(oldPhone));
        persons.Count.ShouldBe(2); // the tier/phone row and the colleague's row; the move and the address are household changes
        var households = preview.GetProperty("households").EnumerateArray().SelectMany(h => h.GetProperty("changes").EnumerateArray())
            .Select(c => (c.GetProperty("field").GetString(), c.GetProperty("new").GetString())).ToList();
        households.ShouldContain(("户籍地址", "长洲路 1 号 101（已更新）"));
        households.ShouldContain(("社区代码", fromCommunity == ImportStation.CommunityA ? "前进测试乙社区" : "前进测试甲社区"));
        preview.GetProperty("absent").EnumerateArray().Select(a => a.GetProperty("name").GetString()).ShouldContain(T(leftOut, Col.Name));

        // The manager may see full values.
        var (_, full) = await PreviewAsync(manager, file);
        full.GetProperty("persons").EnumerateArray().SelectMany(p => p.GetProperty("changes").EnumerateArray())
            .Select(c => c.GetProperty("new").GetString()).ShouldContain("13700001111");

        // A colleague edits one of the file's people after the preview: the whole update is refused, naming the row.
        var colleague = await PersonAsync(T(edited, Col.IdNumber));
        using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ShegongDbContext>();
            var p = await db.Persons.IgnoreQueryFilters().SingleAsync(x => x.Id == colleague.Id);
            p.ReportEvent(ChinaTime.Today, "同事登记的事件", await Shegong.Web.Features.Visits.Contracts.VisitRuleQueries.RulesForAsync(db, p.RegionPrefix, default));
            await db.SaveChangesAsync();
        }
        var stale = await worker.PostAsync($"/api/v1/persons/import/update/{uploadId}/apply", null);
        var staleBody = (await stale.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
        stale.StatusCode.ShouldBe(HttpStatusCode.Conflict, staleBody);
        staleBody.ShouldContain($"第 {file.IndexOf(edited) + 2} 行");
        staleBody.ShouldContain("未做任何修改");
        (await PersonAsync(T(retiered, Col.IdNumber))).Tier.ShouldBe(PersonSheetTier(oldTier));

        // A fresh preview, then the apply.
        var (again, _) = await PreviewAsync(worker, file);
        var applied = await worker.PostAsync($"/api/v1/persons/import/update/{again}/apply", null);
        applied.StatusCode.ShouldBe(HttpStatusCode.OK, await applied.Content.ReadAsStringAsync());
        var after = await PersonAsync(T(retiered, Col.IdNumber));
        after.Tier.ShouldBe(PersonSheetTier(newTier));
        after.Phone.ShouldBe("13700001111");
        (await PersonAsync(T(edited, Col.IdNumber))).Health.ChronicDiseases.ShouldBe("冠心病");
        (await PersonAsync(T(edited, Col.IdNumber))).EventNote.ShouldBe("同事登记的事件"); // the colleague's edit is kept
        var movedPerson = await PersonAsync(T(moved, Col.IdNumber));
        movedPerson.RegionPrefix.ShouldBe(T(moved, Col.CommunityCode));
        (await HouseholdAsync(movedPerson.HouseholdId)).RegionPrefix.ShouldBe(T(moved, Col.CommunityCode));
        var head = await PersonAsync(T(pair[0], Col.IdNumber));
        (await HouseholdAsync(head.HouseholdId)).Address.ShouldBe("长洲路 1 号 101（已更新）");
        var absent = await PersonAsync(T(leftOut, Col.IdNumber));
        absent.Status.ShouldBe(PersonStatus.Active); // never deleted

        // The figures (tier, community) are right after the update: a recount from the records finds no difference.
        using (var scope = app.Scope())
        {
            var verify = await scope.ServiceProvider.GetRequiredService<RebuildStats.Handler>().HandleAsync(verifyOnly: true);
            verify.Differences.ShouldBe(0, string.Join("\n", verify.Samples));
        }
        // The same file again: nothing left to change.
        var (_, nothing) = await PreviewAsync(worker, file);
        nothing.GetProperty("personsChanged").GetInt32().ShouldBe(0);
        nothing.GetProperty("householdsChanged").GetInt32().ShouldBe(0);
        nothing.GetProperty("canApply").GetBoolean().ShouldBeFalse();
    }

    private static FollowUpTier PersonSheetTier(string name) => Shegong.Web.Features.Registry.PersonSheet.Tiers.TryParse(name, out var tier) ? tier : throw new ArgumentException(name);

    [Fact]
    public async Task A_row_not_on_file_is_named_and_a_masked_export_is_refused_with_one_message()
    {
        await ImportStation.EnsureAsync(app);
        using var worker = await app.ClientAsAsync(ImportStation.Worker);
        using var manager = await app.ClientAsAsync(ImportStation.Manager);
        var rows = await ImportAsync(worker, manager, "闾丘", 612);

        // A masked export says so in its first row and its name, and re-importing it gives one message, not one per row.
        var masked = await worker.GetAsync($"/api/v1/persons/export?name={Uri.EscapeDataString("闾丘")}");
        masked.Content.Headers.ContentDisposition!.FileNameStar!.ShouldContain("不可重新导入");
        var bytes = await masked.Content.ReadAsByteArrayAsync();
        var first = MiniExcel.Query(new MemoryStream(bytes)).Cast<IDictionary<string, object?>>().First();
        ((string)first["A"]!).ShouldContain("不能重新导入");
        foreach (var url in new[] { "/api/v1/persons/import/check", "/api/v1/persons/import/update/check" })
        {
            var check = await worker.PostAsync(url, Upload(bytes));
            check.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            var body = await check.Content.ReadFromJsonAsync<JsonElement>();
            body.GetProperty("errors").GetProperty("file").EnumerateArray().Single().GetString()!.ShouldContain("脱敏导出的文件");
        }

        // A row whose ID number is not on file is named; nothing can be applied.
        var fresh = await LedgerFile.CreateAsync(app, 3, 613, "闾丘");
        var stranger = fresh.Lines.First(l => l.Id is not null && !l.Member).Cells;
        stranger[H(Col.HouseholdNo)] = "";
        var file = rows.Append(stranger).ToList();
        var (_, preview) = await PreviewAsync(worker, file);
        preview.GetProperty("canApply").GetBoolean().ShouldBeFalse();
        var error = preview.GetProperty("report").GetProperty("errors").EnumerateArray().Single();
        error.GetProperty("row").GetInt32().ShouldBe(file.Count + 1);
        error.GetProperty("message").GetString()!.ShouldContain("本站没有这个身份证号");
    }

    [Fact]
    public async Task A_filtered_export_carries_whole_households()
    {
        await ImportStation.EnsureAsync(app);
        using var worker = await app.ClientAsAsync(ImportStation.Worker);
        using var manager = await app.ClientAsAsync(ImportStation.Manager);
        var rows = await ImportAsync(worker, manager, "濮阳", 614);
        var sizes = rows.GroupBy(r => T(r, Col.HouseholdNo)).ToDictionary(g => T(g.First(), Col.IdNumber), g => g.Count());
        var membersById = rows.GroupBy(r => T(r, Col.HouseholdNo)).SelectMany(g => g.Select(r => (Id: T(r, Col.IdNumber), Household: g.Select(x => T(x, Col.IdNumber)).ToHashSet()))).ToDictionary(x => x.Id, x => x.Household);
        var highRisk = rows.Where(r => T(r, Col.Tier) == "高风险").Select(r => T(r, Col.IdNumber)).ToList();
        highRisk.ShouldNotBeEmpty();

        var filtered = Read(await manager.GetByteArrayAsync($"/api/v1/persons/export?name={Uri.EscapeDataString("濮阳")}&tier=HighRisk&full=true"));
        var expected = highRisk.SelectMany(id => membersById[id]).ToHashSet();
        filtered.Select(r => T(r, Col.IdNumber)).ToHashSet().SetEquals(expected).ShouldBeTrue();
        filtered.Count.ShouldBe(expected.Count);
        // And it imports back as an update without a household problem.
        var (_, preview) = await PreviewAsync(worker, filtered);
        preview.GetProperty("report").GetProperty("errorCount").GetInt32().ShouldBe(0, preview.ToString());
        sizes.ShouldNotBeEmpty();
    }
}
