using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shegong.Domain.Wishes;
using Shegong.IntegrationTests.Infrastructure;
using Shegong.Web.Features.Statistics;
using Shegong.Web.Infrastructure.Data;
using Shegong.Web.Infrastructure.Seed;

namespace Shegong.IntegrationTests.Features.Wishes;

/// <summary>
/// The demo's micro-wishes (seeded for 长洲街道 on a first start; the test hosts leave them out): made here for
/// 天河区 石牌街道's station, which no other test writes wishes to.
/// </summary>
public sealed class DemoWishesTests(AppFixture app)
{
    [Fact]
    public async Task The_demo_has_wishes_at_every_step_donors_for_the_dispatch_queue_and_true_statistics()
    {
        using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ShegongDbContext>();
            var station = await db.Stations.IgnoreQueryFilters().SingleAsync(s => s.RegionPrefix == "440106003");
            await scope.ServiceProvider.GetRequiredService<DemoWishes>().SeedAsync(station);

            var wishes = await db.Wishes.IgnoreQueryFilters().Where(w => w.StationId == station.Id).ToListAsync();
            wishes.GroupBy(w => w.Status).ToDictionary(g => g.Key, g => g.Count()).ShouldBe(new Dictionary<WishStatus, int>
            {
                [WishStatus.Published] = 6, [WishStatus.Dispatching] = 2, [WishStatus.Submitted] = 1, [WishStatus.Claimed] = 1, [WishStatus.Closed] = 2,
            }, ignoreOrder: true);
            wishes.Select(w => w.PersonId).Distinct().Count().ShouldBe(12);
            (await db.Donors.IgnoreQueryFilters().CountAsync(d => d.StationId == station.Id)).ShouldBe(3);
            (await scope.ServiceProvider.GetRequiredService<RebuildStats.Handler>().HandleAsync(verifyOnly: true)).Differences.ShouldBe(0);
        }

        // The public board shows the eight open ones, anonymised.
        using var citizen = app.AnonymousClient();
        var board = await citizen.GetFromJsonAsync<JsonElement>("/api/v1/board?area=440106003&pageSize=100");
        board.GetProperty("total").GetInt32().ShouldBe(8);
        board.GetProperty("items").EnumerateArray().ShouldAllBe(c => c.GetProperty("publicName").GetString()!.EndsWith('某'));
    }
}
