using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shegong.Domain.Registry;
using Shegong.IntegrationTests.Infrastructure;
using static Shegong.IntegrationTests.Features.Registry.RegistryApi;

namespace Shegong.IntegrationTests.Features.Registry;

/// <summary>Editing a person: a change made meanwhile is never overwritten; status changes keep the record and follow their rules.</summary>
public sealed class PersonEditTests(AppFixture app)
{
    [Fact]
    public async Task An_update_replans_at_once_and_is_audited_by_field_name_only()
    {
        using var worker = await app.ClientAsAsync("worker");
        var id = NewId();
        var details = Details(id);
        var personId = await RegisterAsync(worker, Request(details));

        var response = await UpdateAsync(worker, personId, 0, details with { Tier = FollowUpTier.HighRisk, Phone = "020-22334455" });
        response.StatusCode.ShouldBe(HttpStatusCode.NoContent, await response.Content.ReadAsStringAsync());
        var person = await GetAsync(worker, personId, reveal: true);
        person.Tier.ShouldBe(FollowUpTier.HighRisk);
        person.NextVisitDue.ShouldBe(Today.AddDays(7));
        person.Phone.ShouldBe("020-22334455");
        person.IdNumber.ShouldBe(id.Value);
        person.Version.ShouldBe(1);

        using var manager = await app.ClientAsAsync("manager");
        var updates = await manager.GetFromJsonAsync<JsonElement>($"/api/v1/audit?entityType=Person&entityId={personId}&action=Update");
        var entry = updates.GetProperty("items").EnumerateArray().ShouldHaveSingleItem();
        var changed = entry.GetProperty("details").GetString()!;
        changed.ShouldContain("Tier");
        changed.ShouldNotContain("22334455");
    }

    [Fact]
    public async Task Two_updates_from_the_same_version_the_second_is_refused_and_the_first_stays()
    {
        using var worker = await app.ClientAsAsync("worker");
        using var manager = await app.ClientAsAsync("manager");
        var details = Details(NewId());
        var personId = await RegisterAsync(worker, Request(details));
        var loaded = await GetAsync(worker, personId);

        var first = await UpdateAsync(worker, personId, loaded.Version, details with { Name = details.Name + "甲", Ethnicity = "壮族" });
        first.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var second = await UpdateAsync(manager, personId, loaded.Version, details with { Name = details.Name + "乙", Tier = FollowUpTier.Key });
        second.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var problem = await second.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("title").GetString().ShouldBe("修改冲突");
        problem.GetProperty("detail").GetString()!.ShouldContain("已被他人修改");

        var person = await GetAsync(worker, personId);
        person.Name.ShouldBe(details.Name + "甲");
        person.Ethnicity.ShouldBe("壮族");
        person.Tier.ShouldBe(FollowUpTier.General);
        person.Version.ShouldBe(loaded.Version + 1);

        // A status change from the stale version is refused too.
        (await ChangeStatusAsync(manager, personId, loaded.Version, PersonStatus.MovedAway, Today)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await GetAsync(worker, personId)).Status.ShouldBe(PersonStatus.Active);
    }

    [Fact]
    public async Task An_update_to_an_ID_number_already_on_file_is_refused()
    {
        using var worker = await app.ClientAsAsync("worker");
        var taken = NewId();
        await RegisterAsync(worker, Request(Details(taken)));
        var details = Details(NewId());
        var personId = await RegisterAsync(worker, Request(details));

        var response = await UpdateAsync(worker, personId, 0, details with { IdNumber = taken.Value });
        (await ErrorsAsync(response, "IdNumber")).Single().ShouldContain("已登记");
        (await GetAsync(worker, personId, reveal: true)).IdNumber.ShouldBe(details.IdNumber);

        var invalid = await UpdateAsync(worker, personId, 0, details with { Types = PersonTypes.LeftBehindChild });
        (await ErrorsAsync(invalid, "Types")).ShouldBe(["人员类型：儿童类人员类型只适用于未满 18 周岁的人"]);
    }

    [Fact]
    public async Task Deceased_is_final()
    {
        using var worker = await app.ClientAsAsync("worker");
        var personId = await RegisterNewAsync(worker);
        (await ChangeStatusAsync(worker, personId, 0, PersonStatus.Deceased, Today, "病故")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var deceased = await GetAsync(worker, personId);
        deceased.Status.ShouldBe(PersonStatus.Deceased);
        deceased.StatusChangedOn.ShouldBe(Today);
        deceased.StatusNote.ShouldBe("病故");
        deceased.NextVisitDue.ShouldBeNull();

        (await ErrorsAsync(await ChangeStatusAsync(worker, personId, deceased.Version, PersonStatus.MovedAway, Today), "Status"))
            .ShouldBe(["状态：已故人员不能再改变状态"]);
        (await ErrorsAsync(await ChangeStatusAsync(worker, personId, deceased.Version, PersonStatus.Active, Today), "Status"))
            .ShouldBe(["状态：已故人员不能再改变状态"]);
        (await ErrorsAsync(await ReportEventAsync(worker, personId, Today), "Status")).ShouldBe(["状态：此人已不在册（迁出或已故）"]);

        var after = await GetAsync(worker, personId);
        after.Status.ShouldBe(PersonStatus.Deceased);
        after.Version.ShouldBe(deceased.Version);
        // Still on the ledger, under its status.
        (await ListAsync(worker, "?status=Deceased&pageSize=100&name=" + Uri.EscapeDataString(after.Name))).Items.ShouldContain(i => i.Id == personId);
        (await ListAsync(worker, "?name=" + Uri.EscapeDataString(after.Name))).Total.ShouldBe(0);
    }

    [Fact]
    public async Task A_status_change_needs_a_date_not_before_registration_and_a_real_change()
    {
        using var worker = await app.ClientAsAsync("worker");
        var personId = await RegisterNewAsync(worker);

        (await ErrorsAsync(await ChangeStatusAsync(worker, personId, 0, PersonStatus.MovedAway, Today.AddDays(-1)), "StatusChangedOn"))
            .ShouldBe(["变更日期：不能早于登记日期"]);
        (await ErrorsAsync(await ChangeStatusAsync(worker, personId, 0, PersonStatus.MovedAway, null), "StatusChangedOn"))
            .ShouldBe(["变更日期：不能为空"]);
        (await ErrorsAsync(await ChangeStatusAsync(worker, personId, 0, PersonStatus.Active, Today), "Status"))
            .ShouldBe(["状态：状态没有变化"]);
        (await ErrorsAsync(await ChangeStatusAsync(worker, personId, 0, PersonStatus.MovedAway, Today, new string('迁', 201)), "StatusNote"))
            .ShouldBe(["变更说明：不能超过 200 个字"]);
        var person = await GetAsync(worker, personId);
        person.Status.ShouldBe(PersonStatus.Active);
        person.Version.ShouldBe(0);

        // Moved away and back on file: planned again from the registration.
        (await ChangeStatusAsync(worker, personId, 0, PersonStatus.MovedAway, Today)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await GetAsync(worker, personId)).NextVisitDue.ShouldBeNull();
        (await ChangeStatusAsync(worker, personId, 1, PersonStatus.Active, Today, "迁回")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var back = await GetAsync(worker, personId);
        back.Status.ShouldBe(PersonStatus.Active);
        back.NextVisitDue.ShouldBe(Today.AddDays(90));
    }
}
