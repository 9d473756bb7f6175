using System.Net.Http.Json;
using Shegong.Domain.Registry;
using Shegong.IntegrationTests.Infrastructure;
using Shegong.Web.Features.Audit;
using static Shegong.IntegrationTests.Features.Registry.RegistryApi;

namespace Shegong.IntegrationTests.Features.Registry;

/// <summary>The ledger's filters (types are flags: a bitwise test on both providers) and the masked, audited exact ID search.</summary>
public sealed class ListPersonsTests(AppFixture app)
{
    [Fact]
    public async Task The_list_filters_by_type_tier_community_worker_and_name()
    {
        using var worker = await app.ClientAsAsync("worker");
        var managerId = await UserIdAsync(app, "manager");
        var stem = NewName();
        var elderly = await RegisterAsync(worker, Request(Details(NewId(), FollowUpTier.Key, stem + "老") with { Types = PersonTypes.LivingAlone | PersonTypes.MinimumLiving }, Shenjing, managerId));
        var disabled = await RegisterAsync(worker, Request(Details(NewId(), FollowUpTier.General, stem + "残") with { Types = PersonTypes.Disabled | PersonTypes.MinimumLiving }, Huangchuan));

        async Task<Guid[]> Ids(string filter) =>
            (await ListAsync(worker, $"?name={Uri.EscapeDataString(stem)}&{filter}")).Items.Select(i => i.Id).Order().ToArray();

        (await Ids("pageSize=100")).ShouldBe(new[] { elderly, disabled }.Order().ToArray());
        (await Ids("type=MinimumLiving")).Length.ShouldBe(2);
        (await Ids("type=LivingAlone")).ShouldBe([elderly]);
        (await Ids("type=Disabled")).ShouldBe([disabled]);
        (await Ids("type=EmptyNest")).ShouldBeEmpty();
        (await Ids("tier=Key")).ShouldBe([elderly]);
        (await Ids($"community={Shenjing}")).ShouldBe([elderly]);
        (await Ids("community=440112010")).Length.ShouldBe(2);
        (await Ids($"workerId={managerId}")).ShouldBe([elderly]);

        var item = (await ListAsync(worker, $"?name={Uri.EscapeDataString(stem + "老")}")).Items.Single();
        (item.Name, item.Tier, item.Types, item.Community, item.WorkerName, item.Status).ShouldBe(
            (stem + "老", FollowUpTier.Key, PersonTypes.LivingAlone | PersonTypes.MinimumLiving, "深井社区居民委员会", "陈站长", PersonStatus.Active));
        item.NextVisitDue.ShouldBe(Today.AddDays(30));
        item.IdNumberMasked.ShouldMatch(@"^\d{6}\*{8}\d{3}[\dX]$");
    }

    [Fact]
    public async Task An_exact_ID_search_finds_by_any_spelling_and_is_audited()
    {
        using var worker = await app.ClientAsAsync("worker");
        var id = NewId();
        var personId = await RegisterAsync(worker, Request(Details(id)));

        foreach (var spelling in new[] { id.Value, $"{id.Value[..6]} {id.Value[6..14]} {id.Value[14..]}", id.Value.ToLowerInvariant() })
            (await SearchAsync(worker, new { idNumber = spelling })).Items.Select(i => i.Id).ShouldBe([personId]);
        // A wrong number, or part of one, matches nobody (no prefix search on ID numbers).
        (await SearchAsync(worker, new { idNumber = id.Value[..17] })).Total.ShouldBe(0);
        (await SearchAsync(worker, new { idNumber = id.Value[..14] })).Total.ShouldBe(0);

        using var manager = await app.ClientAsAsync("manager");
        var searches = (await manager.GetFromJsonAsync<SearchAudit.Result>("/api/v1/audit?entityType=Person&entityId=search:IdNumber&user=worker&pageSize=10", Json))!;
        searches.Total.ShouldBeGreaterThanOrEqualTo(5);
        var birth = id.Value[6..14];
        searches.Items.ShouldAllBe(e => !e.Details.Contains(birth));
    }

    [Fact]
    public async Task A_disability_card_is_masked_like_the_ID_number_and_fills_category_and_grade()
    {
        using var worker = await app.ClientAsAsync("worker");
        var id = NewId();
        var details = Details(id) with { Types = PersonTypes.Disabled, Health = new HealthSection(ChronicDiseases: "高血压", DisabilityCardNumber: id.Value + "43") };
        var personId = await RegisterAsync(worker, Request(details));

        var masked = (await GetAsync(worker, personId)).Health;
        masked.DisabilityCardNumber.ShouldBe(id.Value[..6] + "********" + id.Value[14..] + "43");
        (masked.DisabilityCategory, masked.DisabilityGrade, masked.ChronicDiseases).ShouldBe(((int?)4, (int?)3, "高血压"));
        (await GetAsync(worker, personId, reveal: true)).Health.DisabilityCardNumber.ShouldBe(id.Value + "43");
    }
}
