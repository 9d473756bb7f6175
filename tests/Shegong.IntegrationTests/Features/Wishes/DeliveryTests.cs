using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shegong.IntegrationTests.Infrastructure;
using Shegong.Web.Infrastructure;

namespace Shegong.IntegrationTests.Features.Wishes;

/// <summary>接单: each claim's delivery is recorded, and the return visit (群众评单) closes the wish.</summary>
public sealed class DeliveryTests(AppFixture app)
{
    [Fact]
    public async Task Two_claimants_share_a_wish_each_delivery_is_recorded_and_the_return_visit_closes_it()
    {
        var (_, wish) = await WishApi.PublishedAsync(app, quantity: 2, unitValue: 150m);
        using var citizen = app.AnonymousClient();
        foreach (var name in new[] { "长洲物业", "陈先生" })
            (await citizen.PostAsJsonAsync("/api/v1/board/claims", WishApi.Claim(wish, 1, name))).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var worker = await app.ClientAsAsync("worker");
        var claims = (await worker.GetFromJsonAsync<JsonElement>($"/api/v1/wishes/{wish}")).GetProperty("claims").EnumerateArray()
            .Select(c => c.GetProperty("id").GetGuid()).ToList();
        claims.Count.ShouldBe(2);

        // Closing before everything is delivered is refused; so is a delivery dated tomorrow.
        (await worker.PostAsJsonAsync($"/api/v1/wishes/{wish}/return-visit", new { version = await WishApi.VersionAsync(worker, wish), fulfilled = true, quality = 5, satisfaction = 5, beneficiaryRating = 5 }))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await worker.PostAsJsonAsync($"/api/v1/wishes/{wish}/deliveries", new { claimId = claims[0], deliveredOn = ChinaTime.Today.AddDays(1) }))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        string? tag = null;
        foreach (var claim in claims)
        {
            var delivery = await worker.PostAsJsonAsync($"/api/v1/wishes/{wish}/deliveries", new { claimId = claim, note = "已送到老人家中" });
            delivery.StatusCode.ShouldBe(HttpStatusCode.NoContent);
            tag = delivery.Headers.ETag!.Tag; // the wish's new version
        }
        (await worker.PostAsJsonAsync($"/api/v1/wishes/{wish}/deliveries", new { claimId = claims[0] })).StatusCode.ShouldBe(HttpStatusCode.BadRequest); // once
        var delivered = await worker.GetFromJsonAsync<JsonElement>($"/api/v1/wishes/{wish}");
        delivered.GetProperty("wish").GetProperty("status").GetString().ShouldBe("Delivered");
        delivered.GetProperty("wish").GetProperty("unitsDelivered").GetInt32().ShouldBe(2);
        delivered.GetProperty("claims").EnumerateArray().ShouldAllBe(c => c.GetProperty("status").GetString() == "Delivered");

        var version = await WishApi.VersionAsync(worker, wish);
        tag.ShouldBe($"\"{version}\""); // what the return visit needs, without reading the wish again
        var badScore = await worker.PostAsJsonAsync($"/api/v1/wishes/{wish}/return-visit", new { version, fulfilled = true, quality = 6, satisfaction = 5, beneficiaryRating = 5 });
        badScore.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await badScore.Content.ReadAsStringAsync()).ShouldContain("服务质量");
        (await worker.PostAsJsonAsync($"/api/v1/wishes/{wish}/return-visit", new { version, fulfilled = true, quality = 5, satisfaction = 4, beneficiaryRating = 5, note = "老人很高兴" }))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await worker.GetFromJsonAsync<JsonElement>($"/api/v1/wishes/{wish}")).GetProperty("wish").GetProperty("status").GetString().ShouldBe("Closed");
        // A stale version of the closed wish is refused, not applied twice.
        (await worker.PostAsJsonAsync($"/api/v1/wishes/{wish}/return-visit", new { version, fulfilled = true, quality = 5, satisfaction = 5, beneficiaryRating = 5 }))
            .StatusCode.ShouldBe(HttpStatusCode.Conflict);
        // A withdrawn or delivered claim cannot be withdrawn by its code any more.
        var board = await citizen.GetFromJsonAsync<JsonElement>("/api/v1/board?pageSize=100");
        board.GetProperty("items").EnumerateArray().ShouldNotContain(c => c.GetProperty("id").GetGuid() == wish);
    }

    [Fact]
    public async Task Another_stations_worker_cannot_record_a_delivery()
    {
        var (_, wish) = await WishApi.PublishedAsync(app);
        using var citizen = app.AnonymousClient();
        (await citizen.PostAsJsonAsync("/api/v1/board/claims", WishApi.Claim(wish))).EnsureSuccessStatusCode();
        using var worker2 = await app.ClientAsAsync("worker2");
        (await worker2.PostAsJsonAsync($"/api/v1/wishes/{wish}/deliveries", new { claimId = Guid.NewGuid() })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await worker2.PostAsJsonAsync($"/api/v1/wishes/{wish}/return-visit", new { version = 1, fulfilled = true, quality = 5, satisfaction = 5, beneficiaryRating = 5 }))
            .StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
