using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Registry;
using Shegong.IntegrationTests.Infrastructure;
using Shegong.Web.Features.Audit;
using static Shegong.IntegrationTests.Features.Registry.RegistryApi;
using static Shegong.IntegrationTests.Features.Visits.VisitsTestApi;

namespace Shegong.IntegrationTests.Features.Visits;

/// <summary>
/// Visit rules per region: inherited defaults, officers set their own and everyone under them is re-planned at once.
/// Tests that change rules restore the defaults and remove their set in <c>finally</c>, so other tests plan with the defaults.
/// </summary>
public sealed class VisitRulesTests(AppFixture app)
{
    [Fact]
    public async Task A_worker_reads_the_national_defaults_inherited_by_the_township()
    {
        using var worker = await app.ClientAsAsync("worker");
        var rules = await RulesAsync(worker);
        rules.RegionPrefix.ShouldBe("440112010");
        rules.RegionName.ShouldBe("长洲街道");
        rules.Inherited.ShouldBeTrue();
        (rules.HighRiskDays, rules.KeyDays, rules.GeneralDays, rules.EventResponseDays, rules.MentalDisorderVisitsPerYear).ShouldBe((7, 30, 90, 1, 4));
        rules.Version.ShouldBe(0);
        rules.CanEdit.ShouldBeFalse();

        (await RulesAsync(worker, Shenjing)).GeneralDays.ShouldBe(90);
        (await worker.GetAsync("/api/v1/visit-rules?region=440106001")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await worker.GetAsync("/api/v1/visit-rules?region=440112")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        using var officer = await app.ClientAsAsync("officer");
        var district = await RulesAsync(officer);
        district.RegionPrefix.ShouldBe("440112");
        district.CanEdit.ShouldBeTrue();
        (await officer.GetAsync("/api/v1/visit-rules?region=440106")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_community_set_replans_its_people_only_and_the_most_specific_set_wins()
    {
        using var worker = await app.ClientAsAsync("worker");
        using var worker2 = await app.ClientAsAsync("worker2");
        using var officer = await app.ClientAsAsync("officer");
        var inside = await RegisterNewAsync(worker, community: Changzhou);
        var visited = await RegisterNewAsync(worker, FollowUpTier.Key, community: Changzhou);
        await LogVisitAsync(worker, visited, Today.AddDays(-4));
        var neighbour = await RegisterNewAsync(worker, community: Huangchuan);
        var tianhe = await RegisterAsync(worker2, Request(Details(NewId("440106")), Yuezhou));
        var tianheDue = (await GetAsync(worker2, tianhe)).NextVisitDue;
        var demoBefore = await DueDatesAsync(p => p.RegionPrefix == Changzhou);
        var version = (await RulesAsync(officer, Changzhou)).Version;
        try
        {
            var put = await PutRulesAsync(officer, Changzhou, 5, 20, 60, 2, 6, version);
            put.StatusCode.ShouldBe(HttpStatusCode.NoContent, await put.Content.ReadAsStringAsync());

            (await GetAsync(worker, inside)).NextVisitDue.ShouldBe(Today.AddDays(60));
            (await GetAsync(worker, visited)).NextVisitDue.ShouldBe(Today.AddDays(-4 + 20));
            (await GetAsync(worker, neighbour)).NextVisitDue.ShouldBe(Today.AddDays(90));
            (await GetAsync(worker2, tianhe)).NextVisitDue.ShouldBe(tianheDue);
            // The demo people of the community are re-planned too (a general one now 60 days after the last visit).
            var demoAfter = await DueDatesAsync(p => p.RegionPrefix == Changzhou);
            demoAfter.Keys.ShouldBe(demoBefore.Keys, ignoreOrder: true);
            demoAfter.Count.ShouldBeGreaterThan(0);
            var expected = await QueryAsync(app, db => db.Persons.Where(p => p.RegionPrefix == Changzhou && p.Status == PersonStatus.Active)
                .Select(p => new { p.Id, p.Tier, p.SevereMentalDisorder, p.LastVisitOn, p.RegisteredOn, p.EventReportedOn }).ToListAsync());
            foreach (var p in expected)
            {
                var days = Math.Min(p.Tier switch { FollowUpTier.HighRisk => 5, FollowUpTier.Key => 20, _ => 60 }, p.SevereMentalDisorder ? 365 / 6 : 366);
                var due = (p.LastVisitOn ?? p.RegisteredOn).AddDays(days);
                if (p.EventReportedOn is { } e && e.AddDays(2) < due) due = e.AddDays(2);
                demoAfter[p.Id].ShouldBe(due);
            }

            // One summary entry in the audit log, not one per person.
            var replanned = (await officer.GetFromJsonAsync<SearchAudit.Result>($"/api/v1/audit?entityType=Person&entityId=replan:{Changzhou}", Json))!;
            var summary = replanned.Items.First().Details;
            summary.ShouldMatch(@"^next visit re-planned for \d+ persons$");
            int.Parse(summary.Split(' ')[4]).ShouldBeInRange(2, expected.Count);

            var own = await RulesAsync(worker, Changzhou);
            own.Inherited.ShouldBeFalse();
            (own.HighRiskDays, own.KeyDays, own.GeneralDays, own.EventResponseDays, own.MentalDisorderVisitsPerYear).ShouldBe((5, 20, 60, 2, 6));
            (await RulesAsync(worker)).GeneralDays.ShouldBe(90);

            // New registrations and events in the community follow the new set.
            (await GetAsync(worker, await RegisterNewAsync(worker, FollowUpTier.HighRisk, community: Changzhou))).NextVisitDue.ShouldBe(Today.AddDays(5));
            (await ReportEventAsync(worker, inside, Today)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
            (await GetAsync(worker, inside)).NextVisitDue.ShouldBe(Today.AddDays(2));

            // A district set does not override the community's own.
            var districtVersion = (await RulesAsync(officer, "440112")).Version;
            try
            {
                (await PutRulesAsync(officer, "440112", 6, 25, 45, 1, 4, districtVersion)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
                (await GetAsync(worker, visited)).NextVisitDue.ShouldBe(Today.AddDays(16));
                (await GetAsync(worker, neighbour)).NextVisitDue.ShouldBe(Today.AddDays(45));
                (await GetAsync(worker2, tianhe)).NextVisitDue.ShouldBe(tianheDue);
                var inherited = await RulesAsync(worker);
                inherited.Inherited.ShouldBeTrue();
                inherited.InheritedFrom.ShouldBe("黄埔区");
                inherited.GeneralDays.ShouldBe(45);
            }
            finally { await RestoreAsync(officer, "440112"); }
            (await GetAsync(worker, neighbour)).NextVisitDue.ShouldBe(Today.AddDays(90));
        }
        finally { await RestoreAsync(officer, Changzhou); }

        (await GetAsync(worker, inside)).NextVisitDue.ShouldBe(Today.AddDays(1));
        (await GetAsync(worker, visited)).NextVisitDue.ShouldBe(Today.AddDays(26));
        (await RulesAsync(worker, Changzhou)).Inherited.ShouldBeTrue();
        var restored = await DueDatesAsync(p => p.RegionPrefix == Changzhou);
        foreach (var (id, due) in demoBefore.Where(d => d.Key != inside)) restored[id].ShouldBe(due);
    }

    [Fact]
    public async Task Invalid_stale_or_unauthorised_rule_changes_are_refused_and_nothing_changes()
    {
        using var officer = await app.ClientAsAsync("officer");
        using var worker = await app.ClientAsAsync("worker");
        var personId = await RegisterNewAsync(worker, community: Meiyuan);
        var version = (await RulesAsync(officer, Meiyuan)).Version;
        try
        {
            (await ErrorsAsync(await PutRulesAsync(officer, Meiyuan, 40, 30, 90, 1, 4, version), "HighRiskDays"))
                .ShouldBe(["高风险（天）：较高等级的走访间隔不能长于较低等级（高风险 ≤ 重点 ≤ 一般）"]);
            (await ErrorsAsync(await PutRulesAsync(officer, Meiyuan, 7, 100, 90, 1, 4, version), "KeyDays")).Single().ShouldStartWith("重点（天）：");
            (await ErrorsAsync(await PutRulesAsync(officer, Meiyuan, 7, 30, 400, 1, 4, version), "GeneralDays")).ShouldBe(["一般（天）：应在 1 到 366 之间"]);
            (await ErrorsAsync(await PutRulesAsync(officer, Meiyuan, 7, 30, 90, 0, 4, version), "EventResponseDays")).ShouldBe(["重大事件后（天内）：应在 1 到 30 之间"]);
            (await ErrorsAsync(await PutRulesAsync(officer, "4401120100", 7, 30, 90, 1, 4, version), "RegionCode")).Single().ShouldStartWith("所属乡镇/街道代码：");
            (await PutRulesAsync(worker, Meiyuan, 7, 30, 60, 1, 4, version)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            (await PutRulesAsync(officer, "440106001001", 7, 30, 60, 1, 4, 0)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await PutRulesAsync(officer, Meiyuan, 7, 30, 60, 1, 4, version + 5)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
            (await RulesAsync(officer, Meiyuan)).Inherited.ShouldBeTrue();
            (await GetAsync(worker, personId)).NextVisitDue.ShouldBe(Today.AddDays(90));

            // The first change from a version wins; the second from the same version is refused.
            (await PutRulesAsync(officer, Meiyuan, 7, 30, 85, 1, 4, version)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
            var loaded = (await RulesAsync(officer, Meiyuan)).Version;
            (await PutRulesAsync(officer, Meiyuan, 7, 30, 80, 1, 4, loaded)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
            var stale = await PutRulesAsync(officer, Meiyuan, 7, 30, 60, 1, 4, loaded);
            stale.StatusCode.ShouldBe(HttpStatusCode.Conflict);
            (await stale.Content.ReadAsStringAsync()).ShouldContain("已被他人修改");
            (await RulesAsync(worker, Meiyuan)).GeneralDays.ShouldBe(80);
            (await GetAsync(worker, personId)).NextVisitDue.ShouldBe(Today.AddDays(80));
        }
        finally { await RestoreAsync(officer, Meiyuan); }
        (await GetAsync(worker, personId)).NextVisitDue.ShouldBe(Today.AddDays(90));
    }

    [Fact]
    public async Task Two_officers_setting_rules_for_an_inherited_region_the_second_is_refused_not_lost()
    {
        using var officer = await app.ClientAsAsync("officer");
        using var cityOfficer = await app.ClientAsAsync("cityofficer");
        using var worker = await app.ClientAsAsync("worker");
        // Both load the inherited rules of the community (version 0) and save their own.
        var loadedByOfficer = await RulesAsync(officer, Shenjing);
        var loadedByCity = await RulesAsync(cityOfficer, Shenjing);
        loadedByOfficer.Inherited.ShouldBeTrue();
        try
        {
            (await PutRulesAsync(officer, Shenjing, 7, 30, 75, 1, 4, loadedByOfficer.Version)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
            (await RulesAsync(worker, Shenjing)).Inherited.ShouldBeFalse();

            var second = await PutRulesAsync(cityOfficer, Shenjing, 7, 30, 50, 1, 4, loadedByCity.Version);
            (await RulesAsync(worker, Shenjing)).GeneralDays.ShouldBe(75, "the first officer's rules were silently overwritten");
            second.StatusCode.ShouldBe(HttpStatusCode.Conflict);
            (await RulesAsync(worker, Shenjing)).Version.ShouldNotBe(0, "a saved set must not carry the version that stands for 'inherited'");
        }
        finally { await RestoreAsync(officer, Shenjing); }
    }

    /// <summary>Puts the defaults back (re-planning everyone under the prefix), then removes the set so the region inherits again.</summary>
    private async Task RestoreAsync(HttpClient officer, string region)
    {
        var current = await RulesAsync(officer, region);
        if (current.Inherited) return;
        var put = await PutRulesAsync(officer, region, 7, 30, 90, 1, 4, current.Version);
        put.StatusCode.ShouldBe(HttpStatusCode.NoContent, await put.Content.ReadAsStringAsync());
        await QueryAsync(app, db => db.VisitRuleSets.Where(s => s.RegionPrefix == current.RegionPrefix).ExecuteDeleteAsync());
    }

    private Task<Dictionary<Guid, DateOnly?>> DueDatesAsync(System.Linq.Expressions.Expression<Func<Person, bool>> where) =>
        QueryAsync(app, db => db.Persons.Where(where).Where(p => p.Status == PersonStatus.Active).ToDictionaryAsync(p => p.Id, p => p.NextVisitDue));
}
