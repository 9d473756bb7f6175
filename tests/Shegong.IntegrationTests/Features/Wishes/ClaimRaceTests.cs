using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shegong.Domain.Wishes;
using Shegong.IntegrationTests.Features.Registry;
using Shegong.IntegrationTests.Infrastructure;
using Shegong.Web.Features.Statistics;
using Shegong.Web.Infrastructure;

namespace Shegong.IntegrationTests.Features.Wishes;

/// <summary>Many people claiming the last units at once: exactly the available units are granted, by the database.</summary>
public sealed class ClaimRaceTests(AppFixture app)
{
    private async Task<(int Granted, int Refused, string? RefusalMessage)> RaceAsync(Guid wishId, int claimants)
    {
        using var gate = new SemaphoreSlim(0);
        var tasks = Enumerable.Range(0, claimants).Select(async i =>
        {
            using var client = app.AnonymousClient();
            await gate.WaitAsync();
            return await client.PostAsJsonAsync("/api/v1/board/claims", WishApi.Claim(wishId, 1, $"认领人{i}"));
        }).ToList();
        gate.Release(claimants);
        var responses = await Task.WhenAll(tasks);
        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.OK || r.StatusCode == HttpStatusCode.BadRequest);
        var refused = responses.FirstOrDefault(r => r.StatusCode == HttpStatusCode.BadRequest);
        var message = refused is null ? null
            : (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("Items")[0].GetString();
        return (responses.Count(r => r.StatusCode == HttpStatusCode.OK), responses.Count(r => r.StatusCode == HttpStatusCode.BadRequest), message);
    }

    [Fact]
    public async Task Two_hundred_simultaneous_claims_of_a_single_unit_wish_grant_exactly_one()
    {
        var (_, wish) = await WishApi.PublishedAsync(app, quantity: 1);
        using var worker = await app.ClientAsAsync("worker");
        var before = await MatchedAsync(worker);
        var (granted, refused, message) = await RaceAsync(wish, 200);
        granted.ShouldBe(1);
        refused.ShouldBe(199);
        message!.ShouldStartWith("已被认领");
        var stored = await RegistryApi.QueryAsync(app, db => db.Wishes.IgnoreQueryFilters().SingleAsync(w => w.Id == wish));
        stored.UnitsClaimed.ShouldBe(1);
        stored.Status.ShouldBe(WishStatus.Claimed);
        (await RegistryApi.QueryAsync(app, db => db.Claims.IgnoreQueryFilters().CountAsync(c => c.WishId == wish))).ShouldBe(1);
        // The statistics count the wish once, claimed directly, and equal a recount.
        (await MatchedAsync(worker)).ShouldBe(before + 1);
        using var scope = app.Scope();
        var verify = await scope.ServiceProvider.GetRequiredService<RebuildStats.Handler>().HandleAsync(verifyOnly: true);
        verify.Differences.ShouldBe(0, string.Join("\n", verify.Samples));
    }

    private static async Task<long> MatchedAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/v1/statistics/wishes?period={ChinaTime.Today:yyyy-MM}"))
            .GetProperty("total").GetProperty("claimedDirectly").GetInt64();

    [Fact]
    public async Task Two_hundred_simultaneous_one_unit_claims_of_a_ten_unit_wish_grant_exactly_ten()
    {
        var (_, wish) = await WishApi.PublishedAsync(app, quantity: 10, unitValue: 40m);
        var (granted, refused, _) = await RaceAsync(wish, 200);
        granted.ShouldBe(10);
        refused.ShouldBe(190);
        var stored = await RegistryApi.QueryAsync(app, db => db.Wishes.IgnoreQueryFilters().SingleAsync(w => w.Id == wish));
        stored.UnitsClaimed.ShouldBe(10);
        (await RegistryApi.QueryAsync(app, db => db.Claims.IgnoreQueryFilters().Where(c => c.WishId == wish).SumAsync(c => c.Units))).ShouldBe(10);
        using var anonymous = app.AnonymousClient();
        var board = await anonymous.GetFromJsonAsync<JsonElement>("/api/v1/board?pageSize=100");
        board.GetProperty("items").EnumerateArray().ShouldNotContain(c => c.GetProperty("id").GetGuid() == wish);
    }
}
