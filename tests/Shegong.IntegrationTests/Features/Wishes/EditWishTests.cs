using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Visits;
using Shegong.IntegrationTests.Features.Registry;
using Shegong.IntegrationTests.Infrastructure;

namespace Shegong.IntegrationTests.Features.Wishes;

/// <summary>A draft or a rejected wish is corrected or discarded; a resubmission still respects the household's limit.</summary>
public sealed class EditWishTests(AppFixture app)
{
    private static object Edit(int version, string description, decimal unitValue = 200m, int quantity = 1) => new
    {
        version, group = "Elderly", kind = "Material", category = "DailyNecessities", description, story = "改过的说明", unitValue, quantity,
    };

    [Fact]
    public async Task A_draft_is_corrected_with_its_version_and_a_stale_edit_is_refused()
    {
        using var worker = await app.ClientAsAsync("worker");
        var person = await RegistryApi.RegisterNewAsync(worker);
        var wish = await WishApi.CreateAsync(worker, WishApi.Wish(person, description: "一台电风扇（错字）"));
        var version = await WishApi.VersionAsync(worker, wish);
        (await worker.PutAsJsonAsync($"/api/v1/wishes/{wish}", Edit(version, "一台电风扇"))).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await worker.PutAsJsonAsync($"/api/v1/wishes/{wish}", Edit(version, "第二个人的修改"))).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var tooDear = await worker.PutAsJsonAsync($"/api/v1/wishes/{wish}", Edit(version + 1, "一台电风扇", unitValue: 79228162514264337593543950335m, quantity: 2));
        tooDear.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await tooDear.Content.ReadAsStringAsync()).ShouldContain("每份价值");
        var detail = await worker.GetFromJsonAsync<JsonElement>($"/api/v1/wishes/{wish}");
        detail.GetProperty("wish").GetProperty("description").GetString().ShouldBe("一台电风扇");
        detail.GetProperty("story").GetString().ShouldBe("改过的说明");

        // Published, it can no longer be edited.
        (await WishApi.ReviewAsync(worker, wish, "Submit")).EnsureSuccessStatusCode();
        (await worker.PutAsJsonAsync($"/api/v1/wishes/{wish}", Edit(await WishApi.VersionAsync(worker, wish), "再改"))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_discarded_draft_is_gone_its_need_is_open_again_and_the_household_may_have_a_new_wish()
    {
        using var worker = await app.ClientAsAsync("worker");
        var person = await RegistryApi.RegisterNewAsync(worker);
        var need = await RegistryApi.QueryAsync(app, async db =>
        {
            var p = await db.Persons.IgnoreQueryFilters().SingleAsync(x => x.Id == person);
            var n = Need.Found(p, null, NeedCategory.Material, "需要一床冬被", Shegong.Web.Infrastructure.ChinaTime.Today);
            db.Needs.Add(n);
            await db.SaveChangesAsync();
            return n.Id;
        });
        var wish = await WishApi.CreateAsync(worker, WishApi.Wish(person, needId: need));
        (await worker.DeleteAsync($"/api/v1/wishes/{wish}?version=999")).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await worker.DeleteAsync($"/api/v1/wishes/{wish}?version={await WishApi.VersionAsync(worker, wish)}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await worker.GetAsync($"/api/v1/wishes/{wish}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await RegistryApi.QueryAsync(app, db => db.Needs.IgnoreQueryFilters().Where(n => n.Id == need).Select(n => n.Status).SingleAsync())).ShouldBe(NeedStatus.Open);
        await WishApi.CreateAsync(worker, WishApi.Wish(person, needId: need));
    }

    [Fact]
    public async Task A_rejected_wish_is_not_resubmitted_while_its_household_has_another_open_wish()
    {
        using var worker = await app.ClientAsAsync("worker");
        using var manager = await app.ClientAsAsync("manager");
        var person = await RegistryApi.RegisterNewAsync(worker);
        var first = await WishApi.CreateAsync(worker, WishApi.Wish(person));
        (await WishApi.ReviewAsync(worker, first, "Submit")).EnsureSuccessStatusCode();
        (await WishApi.ReviewAsync(manager, first, "Reject", "价值需核实")).EnsureSuccessStatusCode();
        var second = await WishApi.CreateAsync(worker, WishApi.Wish(person, description: "另一项心愿"));
        var again = await WishApi.ReviewAsync(worker, first, "Submit");
        again.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await again.Content.ReadAsStringAsync()).ShouldContain("未结束的心愿");
        // Once the other is discarded, it may go again.
        (await worker.DeleteAsync($"/api/v1/wishes/{second}?version={await WishApi.VersionAsync(worker, second)}")).EnsureSuccessStatusCode();
        (await WishApi.ReviewAsync(worker, first, "Submit")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Forged_claims_and_photo_posts_get_chinese_messages_not_errors()
    {
        var (_, wish) = await WishApi.PublishedAsync(app, quantity: 2, unitValue: 100m);
        using var citizen = app.AnonymousClient();
        foreach (var body in new object[]
        {
            new { items = new object?[] { null }, claimantName = "x", claimantType = "Individual", phone = "13800138000", pledgedBy = Shegong.Web.Infrastructure.ChinaTime.Today.AddDays(3) },
            new { items = new[] { new { wishId = wish, units = int.MaxValue }, new { wishId = wish, units = 2 } }, claimantName = "x", claimantType = "Individual",
                phone = "13800138000", pledgedBy = Shegong.Web.Infrastructure.ChinaTime.Today.AddDays(3) },
        })
        {
            var response = await citizen.PostAsJsonAsync("/api/v1/board/claims", body);
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
            (await response.Content.ReadAsStringAsync()).ShouldContain("份数");
        }
        using var worker = await app.ClientAsAsync("worker");
        var form = new MultipartFormDataContent { { new ByteArrayContent([0xFF, 0xD8, 0xFF, 0xD9]), "photo", "a.jpg" }, { new StringContent("不是编号"), "claimId" } };
        var photo = await worker.PostAsync($"/api/v1/wishes/{wish}/photos", form);
        photo.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await photo.Content.ReadAsStringAsync()).ShouldContain("不是有效的编号");
    }
}
