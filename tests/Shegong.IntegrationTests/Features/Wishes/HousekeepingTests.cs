using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Shegong.IntegrationTests.Infrastructure;
using Shegong.Web.Features.Wishes;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Auth;

namespace Shegong.IntegrationTests.Features.Wishes;

/// <summary>The scheduled upkeep: overdue claims are released after the grace period; unclaimed wishes go to dispatch.</summary>
public sealed class HousekeepingTests(AppFixture app)
{
    private async Task<WishHousekeeping.Result> RunAsync(DateOnly day)
    {
        using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<WishHousekeeping.Handler>().HandleAsync(day);
    }

    private async Task<JsonElement> WishAsync(Guid wish)
    {
        using var manager = await app.ClientAsAsync("manager");
        return (await manager.GetFromJsonAsync<JsonElement>($"/api/v1/wishes/{wish}")).GetProperty("wish");
    }

    [Fact]
    public async Task A_claim_not_delivered_is_released_only_after_the_grace_period_and_only_once()
    {
        var (_, wish) = await WishApi.PublishedAsync(app, quantity: 2, unitValue: 100m);
        using var citizen = app.AnonymousClient();
        (await citizen.PostAsJsonAsync("/api/v1/board/claims", WishApi.Claim(wish, 2))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await WishAsync(wish)).GetProperty("status").GetString().ShouldBe("Claimed");

        var pledged = ChinaTime.Today.AddDays(7); // WishApi.Claim pledges a week ahead; the grace is 7 days
        await RunAsync(pledged.AddDays(7));
        (await WishAsync(wish)).GetProperty("unitsClaimed").GetInt32().ShouldBe(2);

        (await RunAsync(pledged.AddDays(8))).ClaimsReleased.ShouldBeGreaterThanOrEqualTo(1);
        var after = await WishAsync(wish);
        // Back on the board (and, two weeks after publication with nothing claimed, also in the dispatch queue).
        after.GetProperty("status").GetString().ShouldBeOneOf("Published", "Dispatching");
        after.GetProperty("unitsClaimed").GetInt32().ShouldBe(0);
        await RunAsync(pledged.AddDays(9));
        (await WishAsync(wish)).GetProperty("unitsClaimed").GetInt32().ShouldBe(0); // not twice
    }

    [Fact]
    public async Task A_wish_nobody_claims_moves_to_the_dispatch_queue_and_stays_claimable()
    {
        var (_, wish) = await WishApi.PublishedAsync(app);
        await RunAsync(ChinaTime.Today.AddDays(13));
        (await WishAsync(wish)).GetProperty("status").GetString().ShouldBe("Published");
        (await RunAsync(ChinaTime.Today.AddDays(14))).WishesToDispatch.ShouldBeGreaterThanOrEqualTo(1);
        (await WishAsync(wish)).GetProperty("status").GetString().ShouldBe("Dispatching");
        using var citizen = app.AnonymousClient();
        (await citizen.PostAsJsonAsync("/api/v1/board/claims", WishApi.Claim(wish))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await WishAsync(wish)).GetProperty("status").GetString().ShouldBe("Claimed");
    }

    [Fact]
    public async Task Without_the_system_scope_named_the_upkeep_sees_no_station_and_changes_nothing()
    {
        var (_, wish) = await WishApi.PublishedAsync(app, quantity: 1, unitValue: 100m);
        using var citizen = app.AnonymousClient();
        (await citizen.PostAsJsonAsync("/api/v1/board/claims", WishApi.Claim(wish, 1))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var releaseDay = ChinaTime.Today.AddDays(7 + 8);

        using (var unscoped = app.UnscopedScope())
        {
            var r = await unscoped.ServiceProvider.GetRequiredService<WishHousekeeping.Handler>().HandleAsync(releaseDay);
            r.ShouldBe(new WishHousekeeping.Result(0, 0, 0));
        }
        (await WishAsync(wish)).GetProperty("unitsClaimed").GetInt32().ShouldBe(1);

        // As its job runs it: the system scope, by name.
        using var scope = app.UnscopedScope();
        using (scope.ServiceProvider.RunAsSystem("test: the wish upkeep as its job runs it"))
            (await scope.ServiceProvider.GetRequiredService<WishHousekeeping.Handler>().HandleAsync(releaseDay)).ClaimsReleased.ShouldBeGreaterThanOrEqualTo(1);
        (await WishAsync(wish)).GetProperty("unitsClaimed").GetInt32().ShouldBe(0);
    }
}
