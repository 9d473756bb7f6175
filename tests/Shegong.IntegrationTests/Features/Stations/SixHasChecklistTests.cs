using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Shegong.Domain.Access;
using Shegong.IntegrationTests.Infrastructure;
using Shegong.Web.Features.Statistics;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Auth;

namespace Shegong.IntegrationTests.Features.Stations;

/// <summary>
/// 六有 as a checklist: each item met or not with its evidence, the date checked and who checked; the staffing item
/// follows the staff list (at least 2), whatever a client sends; the dashboard's "六有 items met" counts the same.
/// Uses a station of its own (九佛街道, no other test's township).
/// </summary>
public sealed class SixHasChecklistTests(AppFixture app)
{
    [Fact]
    public async Task Checks_record_who_and_when_and_the_staffing_item_follows_the_staff_list()
    {
        using var officer = await app.ClientAsAsync("officer");
        var created = await officer.PostAsJsonAsync("/api/v1/stations", new { townshipCode = "440112017000", name = "九佛街道社工站" });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var today = ChinaTime.Today;

        var fresh = await StationAsync(officer, id);
        Items(fresh).ShouldAllBe(i => !i.GetProperty("met").GetBoolean() && i.GetProperty("checkedOn").ValueKind == JsonValueKind.Null);

        // Everything ticked, the staffing item too, with no one on the staff list: the staffing item stays unmet.
        var checkedOn = today.AddDays(-3).ToString("yyyy-MM-dd");
        var put = await officer.PutAsJsonAsync($"/api/v1/stations/{id}", Body(fresh, met: true, checkedOn, premisesNote: "活动室 80 平方米"));
        put.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var ticked = await StationAsync(officer, id);
        var premises = Item(ticked, "Premises");
        premises.GetProperty("met").GetBoolean().ShouldBeTrue();
        premises.GetProperty("note").GetString().ShouldBe("活动室 80 平方米");
        premises.GetProperty("checkedOn").GetString().ShouldBe(checkedOn);
        premises.GetProperty("checkedBy").GetString().ShouldNotBeNullOrEmpty();
        Item(ticked, "Staff").GetProperty("met").GetBoolean().ShouldBeFalse();
        (await SixHasMetOnDashboardAsync("440112017")).ShouldBe(5);

        // The staff list decides: one person is not enough, two are; removing one takes the item away again.
        var staff = new List<Guid>();
        foreach (var name in new[] { "周站长", "吴社工" })
        {
            var added = await officer.PostAsJsonAsync($"/api/v1/stations/{id}/staff", new { name, position = "驻站社工" });
            added.StatusCode.ShouldBe(HttpStatusCode.Created);
            staff.Add((await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
            Item(await StationAsync(officer, id), "Staff").GetProperty("met").GetBoolean().ShouldBe(staff.Count >= 2);
        }
        var staffed = Item(await StationAsync(officer, id), "Staff");
        staffed.GetProperty("checkedOn").GetString().ShouldBe(today.ToString("yyyy-MM-dd"));
        (await SixHasMetOnDashboardAsync("440112017")).ShouldBe(6);
        (await officer.DeleteAsync($"/api/v1/stations/{id}/staff/{staff[0]}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        Item(await StationAsync(officer, id), "Staff").GetProperty("met").GetBoolean().ShouldBeFalse();
        (await SixHasMetOnDashboardAsync("440112017")).ShouldBe(5);

        // A check dated tomorrow is refused, naming the item; nothing is saved.
        var before = await StationAsync(officer, id);
        var future = await officer.PutAsJsonAsync($"/api/v1/stations/{id}", Body(before, met: false, today.AddDays(1).ToString("yyyy-MM-dd")));
        future.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await future.Content.ReadAsStringAsync()).ShouldContain("核查日期不能晚于今天");
        Item(await StationAsync(officer, id), "Premises").GetProperty("met").GetBoolean().ShouldBeTrue();

        // An item left as it was keeps its last check; a changed one without a new date is checked today.
        var unchangedButFunding = Body(before, met: true, checkedOn, premisesNote: "活动室 80 平方米", fundingMet: false);
        (await officer.PutAsJsonAsync($"/api/v1/stations/{id}", unchangedButFunding)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var after = await StationAsync(officer, id);
        Item(after, "Premises").GetProperty("checkedOn").GetString().ShouldBe(checkedOn);
        Item(after, "Funding").GetProperty("met").GetBoolean().ShouldBeFalse();
        Item(after, "Funding").GetProperty("checkedOn").GetString().ShouldBe(today.ToString("yyyy-MM-dd"));
    }

    private static object Body(JsonElement station, bool met, string checkedOn, string premisesNote = "", bool? fundingMet = null) => new
    {
        name = station.GetProperty("name").GetString(),
        status = "Built",
        version = station.GetProperty("version").GetInt32(),
        checklist = new[] { "Premises", "Equipment", "Staff", "Rules", "Funding", "Services" }.Select(item => new
        {
            item,
            met = item == "Funding" && fundingMet is { } f ? f : met,
            note = item == "Premises" ? premisesNote : "",
            // The funding change below comes without a new date (the old one is sent back, as the form does).
            checkedOn = item == "Funding" && fundingMet is not null ? checkedOn : checkedOn,
        }).ToArray(),
    };

    private static async Task<JsonElement> StationAsync(HttpClient client, Guid id) => await client.GetFromJsonAsync<JsonElement>($"/api/v1/stations/{id}");

    private static IEnumerable<JsonElement> Items(JsonElement station) => station.GetProperty("checklist").EnumerateArray();

    private static JsonElement Item(JsonElement station, string item) => Items(station).Single(i => i.GetProperty("item").GetString() == item);

    /// <summary>The dashboard's comparison row of the station's township (the district's dashboard lists its stations).</summary>
    private async Task<int> SixHasMetOnDashboardAsync(string township)
    {
        using var s = app.Scope();
        ((ScopeProvider)s.ServiceProvider.GetRequiredService<IScopeProvider>()).Override = DataScope.ForRegion("440112");
        var d = (await s.ServiceProvider.GetRequiredService<GetDashboard.Handler>().HandleAsync(new GetDashboard.Query("440112")))!;
        return d.Rows.Single(r => r.Prefix == township).SixHasMet;
    }
}
