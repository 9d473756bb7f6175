using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shegong.Domain.Wishes;
using Shegong.IntegrationTests.Features.Registry;
using Shegong.IntegrationTests.Infrastructure;
using Shegong.Web.Features.Wishes;
using Shegong.Web.Infrastructure;

namespace Shegong.IntegrationTests.Features.Wishes;

/// <summary>
/// Staff are told in the app when a citizen claims, when a claimant withdraws and when a wish passes its wanted-by
/// date (a donor's answer: DispatchFlowTests); the station manager's home is a task inbox with the station's figures.
/// </summary>
public sealed class StaffNoticeTests(AppFixture app)
{
    private static async Task<List<JsonElement>> NoticesAsync(HttpClient client, string link) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/v1/notifications/")).EnumerateArray().Where(n => n.GetProperty("link").GetString() == link).ToList();

    [Fact]
    public async Task A_claim_and_a_withdrawal_by_code_notify_the_stations_worker_and_manager_and_nobody_elsewhere()
    {
        var (_, wish) = await WishApi.PublishedAsync(app);
        using var citizen = app.AnonymousClient();
        var r = await citizen.PostAsJsonAsync("/api/v1/board/claims", WishApi.Claim(wish, 1, "钱先生"));
        var code = (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        using var worker = await app.ClientAsAsync("worker");
        using var manager = await app.ClientAsAsync("manager");
        using var worker2 = await app.ClientAsAsync("worker2");
        foreach (var staff in new[] { worker, manager })
        {
            var notices = await NoticesAsync(staff, $"/wishes/{wish}");
            notices.Count.ShouldBe(1);
            notices[0].GetProperty("title").GetString()!.ShouldStartWith("新认领：");
            notices[0].GetProperty("body").GetString()!.ShouldContain("钱先生");
        }
        (await NoticesAsync(worker2, $"/wishes/{wish}")).ShouldBeEmpty();

        (await WishApi.WithdrawAsync(citizen, code)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        foreach (var staff in new[] { worker, manager })
        {
            var notices = await NoticesAsync(staff, $"/wishes/{wish}");
            notices.Count.ShouldBe(2);
            notices.ShouldContain(n => n.GetProperty("title").GetString()!.StartsWith("认领已撤回："));
        }
    }

    [Fact]
    public async Task A_wish_past_its_wanted_by_date_is_told_once()
    {
        var (_, wish) = await WishApi.PublishedAsync(app);
        await RegistryApi.QueryAsync(app, db => db.Wishes.IgnoreQueryFilters().Where(w => w.Id == wish)
            .ExecuteUpdateAsync(s => s.SetProperty(w => w.WantedBy, ChinaTime.Today.AddDays(-1))));
        for (var run = 0; run < 2; run++)
        {
            using var scope = app.Scope();
            await scope.ServiceProvider.GetRequiredService<WishHousekeeping.Handler>().HandleAsync(ChinaTime.Today);
        }
        using var manager = await app.ClientAsAsync("manager");
        var notices = await NoticesAsync(manager, $"/wishes/{wish}?notice=wanted-by");
        notices.Count.ShouldBe(1);
        notices[0].GetProperty("title").GetString()!.ShouldStartWith("已过希望实现日期：");
    }

    [Fact]
    public async Task The_managers_home_is_a_task_inbox_with_the_stations_counts_and_each_workers_queue()
    {
        using var worker = await app.ClientAsAsync("worker");
        var person = await RegistryApi.RegisterNewAsync(worker);
        var submitted = await WishApi.CreateAsync(worker, WishApi.Wish(person));
        (await WishApi.ReviewAsync(worker, submitted, "Submit")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var expected = await RegistryApi.QueryAsync(app, async db =>
        {
            var station = await db.Stations.IgnoreQueryFilters().Where(s => s.RegionPrefix == "440112010").Select(s => s.Id).SingleAsync();
            var w = db.Wishes.IgnoreQueryFilters().Where(x => x.StationId == station);
            var today = ChinaTime.Today;
            return new
            {
                Review = await w.CountAsync(x => x.Status == WishStatus.Submitted),
                Deliver = await db.Claims.IgnoreQueryFilters().CountAsync(c => c.StationId == station && c.Status == ClaimStatus.Active),
                ReturnVisit = await w.CountAsync(x => x.Status == WishStatus.Delivered),
                Overdue = await db.Persons.IgnoreQueryFilters().CountAsync(p => p.StationId == station && p.Status == Domain.Registry.PersonStatus.Active && p.NextVisitDue < today),
            };
        });
        expected.Review.ShouldBeGreaterThan(0);

        using var manager = await app.BrowserAsAsync("manager");
        var html = await manager.GetStringAsync("/");
        int Figure(string id) => int.Parse(Regex.Match(html, $"data-testid=\"{id}\"[^>]*>\\s*<span class=\"figure-value\">(\\d+)<").Groups[1].Value);
        Figure("inbox-review").ShouldBe(expected.Review);
        Figure("inbox-deliver").ShouldBe(expected.Deliver);
        Figure("inbox-return-visit").ShouldBe(expected.ReturnVisit);
        Figure("inbox-overdue").ShouldBe(expected.Overdue);
        var workload = Regex.Match(html, "data-testid=\"workload\".*?</table>", RegexOptions.Singleline).Value;
        workload.ShouldContain("李社工");
        workload.ShouldContain("陈站长");

        // A worker's home stays their own queue.
        using var workerPage = await app.BrowserAsAsync("worker");
        (await workerPage.GetStringAsync("/")).ShouldNotContain("data-testid=\"manager-inbox\"");
    }
}
