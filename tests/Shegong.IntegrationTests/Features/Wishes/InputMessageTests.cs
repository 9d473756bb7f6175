using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Shegong.IntegrationTests.Features.Registry;
using Shegong.IntegrationTests.Infrastructure;

namespace Shegong.IntegrationTests.Features.Wishes;

/// <summary>Messages a person reads are Chinese and say what is actually wrong; bad input is a 400, never a 500 or a wrong action.</summary>
public sealed class InputMessageTests(AppFixture app)
{
    [Fact]
    public async Task A_refused_transition_names_the_state_and_the_action_in_chinese()
    {
        var (_, wish) = await WishApi.PublishedAsync(app);
        using var worker = await app.ClientAsAsync("worker");
        var message = await DispatchApi.FirstErrorAsync(await WishApi.ReviewAsync(worker, wish, "Submit"), "Status");
        message.ShouldBe("状态：当前状态（认领中）下不能执行此操作（提交审核）");
    }

    [Fact]
    public async Task An_undefined_review_decision_is_a_400_naming_the_field_and_rejects_nothing()
    {
        using var worker = await app.ClientAsAsync("worker");
        using var manager = await app.ClientAsAsync("manager");
        var person = await RegistryApi.RegisterNewAsync(worker);
        var wish = await WishApi.CreateAsync(worker, WishApi.Wish(person));
        (await WishApi.ReviewAsync(worker, wish, "Submit")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var response = await manager.PostAsJsonAsync($"/api/v1/wishes/{wish}/review",
            new { version = await WishApi.VersionAsync(manager, wish), decision = 7, reason = "" });
        (await DispatchApi.FirstErrorAsync(response, "Decision")).ShouldStartWith("审核结果：");
        var status = await RegistryApi.QueryAsync(app, db => db.Wishes.IgnoreQueryFilters().Where(w => w.Id == wish).Select(w => w.Status).SingleAsync());
        status.ToString().ShouldBe("Submitted");
    }

    [Fact]
    public async Task Accepting_an_offer_past_the_donors_capacity_or_budget_says_which_and_what_is_left()
    {
        using var worker = await app.ClientAsAsync("worker");
        var wish = await DispatchApi.DispatchingWishAsync(app, "StudySupplies", RegistryApi.Changzhou, 90m);
        var donor = await DispatchApi.AddDonorAsync(worker, DispatchApi.Donor("容量测试" + Guid.NewGuid().ToString("N")[..4], ["StudySupplies"],
            [RegistryApi.Changzhou], budget: 300m, capacity: 2));
        var offer = await DispatchApi.OfferAsync(worker, wish, donor);

        // Since the offer, the donor's capacity ran out elsewhere (budget still ample).
        await SetDonorAsync(donor, capacity: 0, budget: 300m);
        var full = await DispatchApi.FirstErrorAsync(await worker.PostAsync($"/api/v1/wishes/dispatch/offers/{offer}/accept", null), "Units");
        full.ShouldContain("最多还能认领 0 份");
        full.ShouldNotContain("预算");

        // Capacity is back but only ¥50.00 of the budget is left.
        await SetDonorAsync(donor, capacity: 2, budget: 50m);
        var poor = await DispatchApi.FirstErrorAsync(await worker.PostAsync($"/api/v1/wishes/dispatch/offers/{offer}/accept", null), "Units");
        poor.ShouldContain("剩余预算 ¥50.00");
    }

    [Fact]
    public async Task A_forged_category_on_the_donor_form_is_reported_beside_the_field()
    {
        using var browser = await app.BrowserAsAsync("worker");
        var response = await AppFixture.PostFormAsync(browser, "/wishes/donors/new", "donor", new()
        {
            ["Name"] = "伪造类别", ["Type"] = "Volunteer", ["Phone"] = "13700137000", ["Budget"] = "300", ["Capacity"] = "2", ["Active"] = "true",
            ["Categories"] = "Toys",
        });
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("偏好类别：不是可选的类别（Toys）");
        (await RegistryApi.QueryAsync(app, db => db.Donors.IgnoreQueryFilters().CountAsync(d => d.Name == "伪造类别"))).ShouldBe(0);
    }

    [Fact]
    public async Task Editing_a_donor_keeps_the_email_unless_it_is_cleared()
    {
        using var worker = await app.ClientAsAsync("worker");
        var donor = await DispatchApi.AddDonorAsync(worker, DispatchApi.Donor("邮箱保留" + Guid.NewGuid().ToString("N")[..4], email: "keep@example.com"));

        // The page form: the e-mail box is blank (only a masked placeholder), and saving keeps the stored address.
        using var browser = await app.BrowserAsAsync("worker");
        var edit = $"/wishes/donors/{donor}/edit";
        (await browser.GetStringAsync(edit)).ShouldContain("清除邮箱");
        var saved = await AppFixture.PostFormAsync(browser, edit, "donor", Fields(await VersionAsync(worker, donor)));
        ((int)saved.StatusCode).ShouldBeOneOf([200, 302, 303], await saved.Content.ReadAsStringAsync());
        (await EmailAsync(donor)).ShouldBe("keep@example.com");

        // The API: an omitted e-mail keeps it too.
        var put = await worker.PutAsJsonAsync($"/api/v1/wishes/donors/{donor}", new
        {
            version = await VersionAsync(worker, donor), name = "邮箱保留", type = "Enterprise", phone = "", categories = Array.Empty<string>(),
            areas = Array.Empty<string>(), budget = 1000m, capacity = 5, active = true,
        });
        put.StatusCode.ShouldBe(HttpStatusCode.NoContent, await put.Content.ReadAsStringAsync());
        (await EmailAsync(donor)).ShouldBe("keep@example.com");

        // Ticking 清除邮箱 removes it.
        var cleared = await AppFixture.PostFormAsync(browser, edit, "donor",
            new Dictionary<string, string>(Fields(await VersionAsync(worker, donor))) { ["ClearEmail"] = "true" });
        ((int)cleared.StatusCode).ShouldBeOneOf([200, 302, 303], await cleared.Content.ReadAsStringAsync());
        (await EmailAsync(donor)).ShouldBe("");

        // And so does clearEmail: true on the API.
        var again = await worker.PutAsJsonAsync($"/api/v1/wishes/donors/{donor}", new
        {
            version = await VersionAsync(worker, donor), name = "邮箱保留", type = "Enterprise", phone = "", email = "new@example.com",
            categories = Array.Empty<string>(), areas = Array.Empty<string>(), budget = 1000m, capacity = 5, active = true,
        });
        again.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await EmailAsync(donor)).ShouldBe("new@example.com");
        var clear = await worker.PutAsJsonAsync($"/api/v1/wishes/donors/{donor}", new
        {
            version = await VersionAsync(worker, donor), name = "邮箱保留", type = "Enterprise", phone = "", clearEmail = true,
            categories = Array.Empty<string>(), areas = Array.Empty<string>(), budget = 1000m, capacity = 5, active = true,
        });
        clear.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await EmailAsync(donor)).ShouldBe("");

        static Dictionary<string, string> Fields(int version) => new()
        {
            ["Version"] = version.ToString(), ["Name"] = "邮箱保留", ["Type"] = "Enterprise", ["Phone"] = "", ["Email"] = "",
            ["Budget"] = "1000", ["Capacity"] = "5", ["Active"] = "true",
        };
    }

    private async Task<int> VersionAsync(HttpClient staff, Guid donor) =>
        (await staff.GetFromJsonAsync<JsonElement>($"/api/v1/wishes/donors/{donor}")).GetProperty("version").GetInt32();

    private Task<string> EmailAsync(Guid donor) =>
        RegistryApi.QueryAsync(app, db => db.Donors.IgnoreQueryFilters().Where(d => d.Id == donor).Select(d => d.Email).SingleAsync());

    private Task<int> SetDonorAsync(Guid donor, int capacity, decimal budget) =>
        RegistryApi.QueryAsync(app, db => db.Donors.IgnoreQueryFilters().Where(d => d.Id == donor)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Capacity, capacity).SetProperty(d => d.Budget, budget)));
}
