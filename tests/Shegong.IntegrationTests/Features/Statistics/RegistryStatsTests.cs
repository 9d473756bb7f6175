using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shegong.Domain.Registry;
using Shegong.Web.Features.Statistics;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Data;
using Shegong.IntegrationTests.Infrastructure;

namespace Shegong.IntegrationTests.Features.Statistics;

/// <summary>The aggregates behind every ledger figure match a recount of the raw records, at every level.</summary>
public sealed class RegistryStatsTests(AppFixture app)
{
    private static readonly string ThisMonth = ChinaTime.Today.ToString("yyyy-MM");

    private async Task<Guid> RegisterAsync(HttpClient client, string community, FollowUpTier tier, PersonTypes types)
    {
        var birth = new DateOnly(Random.Shared.Next(1930, 1950), Random.Shared.Next(1, 13), Random.Shared.Next(1, 28));
        var id = ResidentId.Create("440112", birth, Random.Shared.Next(0, 1000));
        var response = await client.PostAsJsonAsync("/api/v1/persons", new
        {
            communityCode = community,
            relation = "Head",
            newHousehold = new { address = "统计测试路 1 号", assistance = "None" },
            person = new { name = "统计" + Guid.NewGuid().ToString("N")[..4], idNumber = id.Value, types = types.ToString(), tier = tier.ToString(), legalBasis = "StatutoryDuty" },
            confirmNotDuplicate = true,
        });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private async Task<JsonElement> StatsAsync(HttpClient client, string? region = null, string? period = null) =>
        await client.GetFromJsonAsync<JsonElement>($"/api/v1/stats/registry?region={region}&period={period ?? ThisMonth}");

    [Fact]
    public async Task Registering_visiting_and_moving_away_keep_the_aggregates_equal_to_a_recount()
    {
        using var worker = await app.ClientAsAsync("worker");
        var before = await StatsAsync(worker);
        var a = await RegisterAsync(worker, "440112010001", FollowUpTier.HighRisk, PersonTypes.LivingAlone | PersonTypes.MinimumLiving);
        var b = await RegisterAsync(worker, "440112010002", FollowUpTier.Key, PersonTypes.Disabled);
        var today = ChinaTime.Today.ToString("yyyy-MM-dd");
        // Two visits to one person in a month count that person once; the other is visited once.
        foreach (var (person, method) in new[] { (a, "Home"), (a, "PhoneVideo"), (b, "Home") })
            (await worker.PostAsJsonAsync($"/api/v1/persons/{person}/visits", new { method, visitedOn = today })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var version = (await worker.GetFromJsonAsync<JsonElement>($"/api/v1/persons/{b}")).GetProperty("version").GetInt32();
        (await worker.PostAsJsonAsync($"/api/v1/persons/{b}/status", new { version, status = "MovedAway", on = today })).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var after = await StatsAsync(worker);
        after.GetProperty("onFile").GetInt64().ShouldBe(before.GetProperty("onFile").GetInt64() + 1);
        after.GetProperty("visits").GetInt64().ShouldBe(before.GetProperty("visits").GetInt64() + 3);
        after.GetProperty("visited").GetInt64().ShouldBe(before.GetProperty("visited").GetInt64() + 2);
        after.GetProperty("byType").GetProperty("LivingAlone").GetInt64().ShouldBe(before.GetProperty("byType").GetProperty("LivingAlone").GetInt64() + 1);
        after.GetProperty("byType").GetProperty("Disabled").GetInt64().ShouldBe(before.GetProperty("byType").GetProperty("Disabled").GetInt64());

        using var scope = app.Scope();
        var verify = await scope.ServiceProvider.GetRequiredService<RebuildStats.Handler>().HandleAsync(verifyOnly: true);
        verify.Differences.ShouldBe(0, string.Join("\n", verify.Samples));
    }

    [Fact]
    public async Task Every_figure_equals_the_raw_records_and_a_city_is_exactly_its_districts()
    {
        using var city = await app.ClientAsAsync("cityofficer");
        var stats = await StatsAsync(city);
        using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<ShegongDbContext>();
        var start = ChinaTime.Today.AddDays(1 - ChinaTime.Today.Day);
        var end = start.AddMonths(1).AddDays(-1);
        var persons = db.Persons.IgnoreQueryFilters().Where(p => p.RegionPrefix.StartsWith("4401"));
        var onFile = await persons.CountAsync(p => p.Status == PersonStatus.Active || p.StatusChangedOn > end);
        var visited = await db.Visits.IgnoreQueryFilters().Where(v => v.RegionPrefix.StartsWith("4401") && v.VisitedOn >= start && v.VisitedOn <= end)
            .Select(v => new { v.PersonId, v.Tier }).Distinct().CountAsync();
        var visits = await db.Visits.IgnoreQueryFilters().CountAsync(v => v.RegionPrefix.StartsWith("4401") && v.VisitedOn >= start && v.VisitedOn <= end);
        stats.GetProperty("onFile").GetInt64().ShouldBe(onFile);
        stats.GetProperty("visited").GetInt64().ShouldBe(visited);
        stats.GetProperty("visits").GetInt64().ShouldBe(visits);
        foreach (var tier in stats.GetProperty("tiers").EnumerateArray())
        {
            var t = Enum.Parse<FollowUpTier>(tier.GetProperty("tier").GetString()!);
            tier.GetProperty("onFile").GetInt64().ShouldBe(await persons.CountAsync(p => p.Tier == t && (p.Status == PersonStatus.Active || p.StatusChangedOn > end)));
        }

        var districts = stats.GetProperty("children").EnumerateArray().ToList();
        districts.Select(d => d.GetProperty("code").GetString()).ShouldBe(["440106", "440112"], ignoreOrder: true);
        districts.Sum(d => d.GetProperty("onFile").GetInt64()).ShouldBe(stats.GetProperty("onFile").GetInt64());
        districts.Sum(d => d.GetProperty("visited").GetInt64()).ShouldBe(stats.GetProperty("visited").GetInt64());
        foreach (var d in districts)
        {
            var own = await StatsAsync(city, d.GetProperty("code").GetString());
            own.GetProperty("onFile").GetInt64().ShouldBe(d.GetProperty("onFile").GetInt64());
            own.GetProperty("visited").GetInt64().ShouldBe(d.GetProperty("visited").GetInt64());
        }
    }

    [Fact]
    public async Task Nobody_reads_figures_outside_their_area()
    {
        using var worker2 = await app.ClientAsAsync("worker2");
        (await worker2.GetAsync("/api/v1/stats/registry?region=440112")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await worker2.GetAsync("/api/v1/stats/registry?region=440112010")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using var officer = await app.ClientAsAsync("officer");
        (await officer.GetAsync("/api/v1/stats/registry?region=440106")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await officer.GetAsync("/api/v1/stats/registry")).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var donor = await app.ClientAsAsync("donor");
        (await donor.GetAsync("/api/v1/stats/registry")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using var anonymous = app.AnonymousClient();
        (await anonymous.GetAsync("/api/v1/stats/registry")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_quarter_counts_a_person_once_however_many_months_they_were_visited_in()
    {
        using var worker = await app.ClientAsAsync("worker");
        var today = ChinaTime.Today;
        var quarterStart = new DateOnly(today.Year, (today.Month - 1) / 3 * 3 + 1, 1);
        if (today.Month == quarterStart.Month) return; // The first month of a quarter has no earlier month in it to visit.
        var quarter = $"{today.Year}-Q{(today.Month - 1) / 3 + 1}";
        var person = await RegisterAsync(worker, "440112010003", FollowUpTier.General, PersonTypes.EmptyNest);
        var before = await StatsAsync(worker, null, quarter);
        (await worker.PostAsJsonAsync($"/api/v1/persons/{person}/visits", new { method = "Home", visitedOn = quarterStart.ToString("yyyy-MM-dd") })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await worker.PostAsJsonAsync($"/api/v1/persons/{person}/visits", new { method = "Home", visitedOn = today.ToString("yyyy-MM-dd") })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var after = await StatsAsync(worker, null, quarter);
        after.GetProperty("visited").GetInt64().ShouldBe(before.GetProperty("visited").GetInt64() + 1);
        after.GetProperty("visits").GetInt64().ShouldBe(before.GetProperty("visits").GetInt64() + 2);
    }

    [Fact]
    public async Task Rebuilding_the_aggregates_from_the_records_keeps_every_current_figure()
    {
        using var city = await app.ClientAsAsync("cityofficer");
        var before = await StatsAsync(city);
        using (var scope = app.Scope())
        {
            var rebuild = scope.ServiceProvider.GetRequiredService<RebuildStats.Handler>();
            (await rebuild.HandleAsync(verifyOnly: false)).Counters.ShouldBeGreaterThan(0);
            (await rebuild.HandleAsync(verifyOnly: true)).Differences.ShouldBe(0);
        }
        var after = await StatsAsync(city);
        foreach (var figure in new[] { "onFile", "visited", "visits" })
            after.GetProperty(figure).GetInt64().ShouldBe(before.GetProperty(figure).GetInt64(), figure);
        after.GetProperty("byType").GetRawText().ShouldBe(before.GetProperty("byType").GetRawText());
    }

    [Fact]
    public async Task A_corrupted_figure_and_a_stray_dimension_are_reported_by_verify_and_repaired_by_rebuild()
    {
        using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<ShegongDbContext>();
        var rebuild = scope.ServiceProvider.GetRequiredService<RebuildStats.Handler>();
        var row = await db.StatFigures.AsNoTracking().Where(f => f.Dimension == Shegong.Domain.Statistics.StatDimension.VisitsByMethod)
            .OrderBy(f => f.RegionPrefix).FirstAsync();
        await db.StatFigures.Where(f => f.Dimension == row.Dimension && f.RegionPrefix == row.RegionPrefix && f.Key == row.Key && f.Period == row.Period)
            .ExecuteUpdateAsync(u => u.SetProperty(f => f.Value, f => f.Value + 7));
        db.StatFigures.Add(new Shegong.Domain.Statistics.StatFigure { Dimension = (Shegong.Domain.Statistics.StatDimension)99, RegionPrefix = "44", ParentPrefix = "", Key = 1, Period = 202601, Value = 5 });
        db.SuppressEntityAudit = true;
        await db.SaveChangesAsync();
        db.SuppressEntityAudit = false;

        var verify = await rebuild.HandleAsync(verifyOnly: true);
        verify.Differences.ShouldBeGreaterThanOrEqualTo(2);
        verify.Samples.ShouldContain(s => s.Contains("VisitsByMethod") && s.Contains(row.RegionPrefix));
        verify.Samples.ShouldContain(s => s.Contains("no module contributes"));

        (await rebuild.HandleAsync(verifyOnly: false)).Differences.ShouldBeGreaterThanOrEqualTo(2);
        (await rebuild.HandleAsync(verifyOnly: true)).Differences.ShouldBe(0);
        (await db.StatFigures.CountAsync(f => f.Dimension == (Shegong.Domain.Statistics.StatDimension)99)).ShouldBe(0);
    }
}
