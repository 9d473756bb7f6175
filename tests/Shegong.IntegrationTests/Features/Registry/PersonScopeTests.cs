using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Registry;
using Shegong.Domain.Visits;
using Shegong.IntegrationTests.Infrastructure;
using Shegong.Web.Features.Audit;
using Shegong.Web.Features.Visits;
using static Shegong.IntegrationTests.Features.Registry.RegistryApi;

namespace Shegong.IntegrationTests.Features.Registry;

/// <summary>Another station's people are 404 on every route, never listed or found; officers see no individual records.</summary>
public sealed class PersonScopeTests(AppFixture app)
{
    [Fact]
    public async Task Another_stations_worker_gets_404_for_every_read_and_write_of_a_person_and_nothing_changes()
    {
        using var worker = await app.ClientAsAsync("worker");
        using var worker2 = await app.ClientAsAsync("worker2");
        var personId = await RegisterNewAsync(worker);
        var before = await GetAsync(worker, personId);

        (await worker2.GetAsync($"/api/v1/persons/{personId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await worker2.GetAsync($"/api/v1/persons/{personId}?reveal=true")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await UpdateAsync(worker2, personId, before.Version, Details(null, name: "越权修改"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await ChangeStatusAsync(worker2, personId, before.Version, PersonStatus.Deceased, Today)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await ReportEventAsync(worker2, personId, Today)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var visit = await worker2.PostAsJsonAsync($"/api/v1/persons/{personId}/visits",
            new VisitsApi.LogVisitRequest(VisitMethod.Home, Today, null, [new LogVisit.NeedInput(NeedCategory.Material, "越权需求")]), Json);
        visit.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await visit.Content.ReadAsStringAsync()).ShouldContain("没有找到该记录");

        // Nor can their registration borrow the household or the community.
        var borrowHousehold = await PostAsync(worker2, Request(Details(NewId("440106")), Yuezhou) with
        {
            HouseholdId = before.Household.Id, Relation = HouseholdRelation.Spouse, NewHousehold = null,
        });
        (await ErrorsAsync(borrowHousehold, "HouseholdId")).Single().ShouldContain("没有找到");
        (await ErrorsAsync(await PostAsync(worker2, Request(Details(NewId("440106")), Huangchuan)), "CommunityCode")).Single().ShouldContain("不是本站辖区");

        var after = await GetAsync(worker, personId);
        after.Version.ShouldBe(before.Version);
        after.Name.ShouldBe(before.Name);
        after.Status.ShouldBe(PersonStatus.Active);
        after.EventReportedOn.ShouldBeNull();
        after.Visits.ShouldBeEmpty();
        after.OpenNeeds.ShouldBeEmpty();
        after.Household.Members.Count.ShouldBe(1);
        (await QueryAsync(app, db => db.Visits.CountAsync(v => v.PersonId == personId))).ShouldBe(0);
    }

    [Fact]
    public async Task Another_stations_list_and_exact_ID_search_never_return_our_people()
    {
        using var worker = await app.ClientAsAsync("worker");
        using var worker2 = await app.ClientAsAsync("worker2");
        var id = NewId();
        var personId = await RegisterAsync(worker, Request(Details(id)));
        (await SearchAsync(worker, new { idNumber = id.Value })).Items.Select(i => i.Id).ShouldBe([personId]);

        (await SearchAsync(worker2, new { idNumber = id.Value })).Total.ShouldBe(0);
        (await SearchAsync(worker2, new { idNumber = id.Value, status = "MovedAway" })).Total.ShouldBe(0);

        var wushan = await QueryAsync(app, db => db.Stations.Where(s => s.RegionPrefix == "440106001").Select(s => s.Id).SingleAsync());
        var theirs = await QueryAsync(app, db => db.Persons.Where(p => p.StationId == wushan && p.Status == PersonStatus.Active).Select(p => p.Id).ToListAsync());
        var listed = await ListAllAsync(worker2, "/api/v1/persons");
        listed.Select(i => i.Id).ShouldBe(theirs, ignoreOrder: true);
        listed.ShouldNotContain(i => i.Id == personId);
        theirs.Count.ShouldBeGreaterThanOrEqualTo(25);

        // Filters naming our communities or our people give nothing either.
        (await ListAsync(worker2, $"?community={Huangchuan}")).Total.ShouldBe(0);
        (await ListAsync(worker2, "?community=440112")).Total.ShouldBe(0);
        (await ListAllAsync(worker2, "/api/v1/visits/overdue")).ShouldAllBe(i => theirs.Contains(i.Id));
    }

    [Theory]
    [InlineData("officer")]
    [InlineData("cityofficer")]
    [InlineData("admin")]
    [InlineData("supervisor")]
    [InlineData("volunteer")]
    public async Task Roles_other_than_station_workers_get_403_on_individual_records(string user)
    {
        using var worker = await app.ClientAsAsync("worker");
        var personId = await RegisterNewAsync(worker);
        using var client = await app.ClientAsAsync(user);
        (await client.GetAsync("/api/v1/persons")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await client.GetAsync($"/api/v1/persons/{personId}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await client.PostAsJsonAsync("/api/v1/persons", Request(Details(NewId())), Json)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await ReportEventAsync(client, personId, Today)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await client.PostAsJsonAsync($"/api/v1/persons/{personId}/visits", new VisitsApi.LogVisitRequest(VisitMethod.Home, Today, null, null), Json))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await client.GetAsync("/api/v1/visits/queue")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await client.GetAsync("/api/v1/visits/overdue")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var forbidden = await client.GetAsync("/api/v1/persons");
        (await forbidden.Content.ReadAsStringAsync()).ShouldContain("无权操作");
        (await GetAsync(worker, personId)).Visits.ShouldBeEmpty();
    }

    [Fact]
    public async Task Anonymous_callers_get_401()
    {
        using var anon = app.AnonymousClient();
        (await anon.GetAsync("/api/v1/persons")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await anon.GetAsync($"/api/v1/persons/{Guid.NewGuid()}")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await anon.PostAsJsonAsync("/api/v1/persons", Request(Details(NewId())), Json)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await anon.GetAsync("/api/v1/visits/queue")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await anon.GetAsync("/api/v1/visit-rules")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_district_officer_sees_audit_entries_of_its_district_persons_only()
    {
        using var worker = await app.ClientAsAsync("worker");
        using var worker2 = await app.ClientAsAsync("worker2");
        var ours = await RegisterNewAsync(worker);
        var theirs = await RegisterAsync(worker2, Request(Details(NewId("440106")), Chashan));
        await GetAsync(worker, ours, reveal: true);
        await GetAsync(worker2, theirs, reveal: true);

        async Task<int> EntriesAsync(string user, Guid personId)
        {
            using var client = await app.ClientAsAsync(user);
            return (await client.GetFromJsonAsync<SearchAudit.Result>($"/api/v1/audit?entityType=Person&entityId={personId}", Json))!.Total;
        }

        (await EntriesAsync("officer", ours)).ShouldBe(2);      // create + read
        (await EntriesAsync("officer", theirs)).ShouldBe(0);    // 天河区 is not theirs
        (await EntriesAsync("cityofficer", theirs)).ShouldBe(2);
        (await EntriesAsync("admin", theirs)).ShouldBe(2);
        (await EntriesAsync("manager", theirs)).ShouldBe(0);    // another station

        using var officer = await app.ClientAsAsync("officer");
        var everything = (await officer.GetFromJsonAsync<SearchAudit.Result>("/api/v1/audit?entityType=Person&pageSize=200", Json))!;
        everything.Items.ShouldNotContain(e => e.EntityId == theirs.ToString());
    }
}
