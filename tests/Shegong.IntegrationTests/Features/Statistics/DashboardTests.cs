using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shegong.Domain.Access;
using Shegong.Domain.Registry;
using Shegong.IntegrationTests.Infrastructure;
using Shegong.Web.Features.Statistics;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Auth;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.IntegrationTests.Features.Statistics;

/// <summary>The dashboard's figures equal the raw records, its comparison adds up to the area, and it stays inside the caller's scope.</summary>
public sealed class DashboardTests(AppFixture app)
{
    private async Task<GetDashboard.Result> DashboardAsync(DataScope scope, string? region = null, string? sort = null, bool ascending = false)
    {
        using var s = app.Scope();
        ((ScopeProvider)s.ServiceProvider.GetRequiredService<IScopeProvider>()).Override = scope;
        return (await s.ServiceProvider.GetRequiredService<GetDashboard.Handler>().HandleAsync(new GetDashboard.Query(region, sort, ascending)))!;
    }

    [Fact]
    public async Task The_city_figures_equal_the_records_and_the_districts_add_up()
    {
        var d = await DashboardAsync(DataScope.ForRegion("4401"));
        using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<ShegongDbContext>();
        var today = ChinaTime.Today;
        var persons = db.Persons.IgnoreQueryFilters().Where(p => p.RegionPrefix.StartsWith("4401"));
        d.OnFile.ShouldBe(await persons.CountAsync(p => p.Status == PersonStatus.Active));
        d.Overdue.ShouldBe(await persons.CountAsync(p => p.Status == PersonStatus.Active && p.NextVisitDue < today));
        d.Rows.Sum(r => r.OnFile).ShouldBe(d.OnFile);
        d.Rows.Sum(r => r.Overdue).ShouldBe(d.Overdue);
        d.Rows.Select(r => r.Overdue).ShouldBeInOrder(SortDirection.Descending);
        d.RowsAreStations.ShouldBeFalse();

        // Key tier, last month: distinct key-tier people visited in it ÷ key-tier people on file at its end.
        var key = d.Tiers.Single(t => t.Tier == FollowUpTier.Key);
        key.Cadence.ShouldBe(GetDashboard.Cadence.Month);
        var start = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        var end = start.AddMonths(1).AddDays(-1);
        var visited = await db.Visits.IgnoreQueryFilters().Where(v => v.RegionPrefix.StartsWith("4401") && v.Tier == FollowUpTier.Key && v.VisitedOn >= start && v.VisitedOn <= end)
            .Select(v => v.PersonId).Distinct().CountAsync();
        key.Last.Visited.ShouldBe(visited);
        key.Last.Period.ShouldBe(start.ToString("yyyy-MM"));
        d.Tiers.Single(t => t.Tier == FollowUpTier.HighRisk).Last.Period.ShouldContain("-W");
        d.Tiers.Single(t => t.Tier == FollowUpTier.General).Current.Period.ShouldContain("-Q");
        d.Trend.Count.ShouldBe(12);
        d.Trend[^1].OnFile.ShouldBe(d.OnFile);
    }

    [Fact]
    public async Task A_district_compares_its_stations_sorted_as_asked_and_another_area_is_not_found()
    {
        var d = await DashboardAsync(DataScope.ForRegion("440112"), sort: "name", ascending: true);
        d.RowsAreStations.ShouldBeTrue();
        d.Rows.Select(r => r.Code).ShouldBeInOrder(SortDirection.Ascending);
        d.Rows.ShouldContain(r => r.Name == "长洲街道" && r.Stations == 1);
        using var s = app.Scope();
        ((ScopeProvider)s.ServiceProvider.GetRequiredService<IScopeProvider>()).Override = DataScope.ForRegion("440112");
        (await s.ServiceProvider.GetRequiredService<GetDashboard.Handler>().HandleAsync(new GetDashboard.Query("440106"))).ShouldBeNull();
    }

    [Fact]
    public async Task The_page_shows_definitions_charts_and_a_sortable_comparison_and_refuses_other_areas()
    {
        using var officer = await app.BrowserAsAsync("officer");
        var html = await officer.GetStringAsync("/dashboard?sort=onFile&dir=asc");
        html.ShouldContain("data-testid=\"tier-HighRisk\"");
        html.ShouldContain("高风险按自然周");
        html.ShouldContain("<svg");
        html.ShouldContain("aria-sort=\"ascending\"");
        html.ShouldContain("/dashboard?region=440112010");
        (await officer.GetAsync("/dashboard?region=440106")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
