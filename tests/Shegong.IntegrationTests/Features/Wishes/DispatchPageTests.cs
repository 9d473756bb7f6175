using System.Net;
using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Wishes;
using Shegong.IntegrationTests.Features.Registry;
using Shegong.IntegrationTests.Infrastructure;

namespace Shegong.IntegrationTests.Features.Wishes;

/// <summary>The dispatch pages as a browser uses them: the donor form, the dispatch page, the donor's notifications and offers.</summary>
public sealed class DispatchPageTests(AppFixture app)
{
    [Fact]
    public async Task The_donor_form_shows_errors_beside_the_fields_keeps_the_input_and_saves()
    {
        using var browser = await app.BrowserAsAsync("worker");
        var bad = await AppFixture.PostFormAsync(browser, "/wishes/donors/new", "donor", new()
        {
            ["Name"] = "", ["Type"] = "Volunteer", ["Phone"] = "13700137000", ["Budget"] = "300", ["Capacity"] = "2", ["Active"] = "true",
        });
        bad.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await bad.Content.ReadAsStringAsync();
        html.ShouldContain("名称：不能为空");
        html.ShouldContain("value=\"13700137000\"");

        var name = "页面志愿者" + Guid.NewGuid().ToString("N")[..4];
        var ok = await AppFixture.PostFormAsync(browser, "/wishes/donors/new", "donor", new()
        {
            ["Name"] = name, ["Type"] = "Volunteer", ["Phone"] = "13700137000", ["Budget"] = "300", ["Capacity"] = "2", ["Active"] = "true",
            ["Categories"] = "StudySupplies",
        });
        ((int)ok.StatusCode).ShouldBeOneOf(200, 302, 303);
        var donor = await RegistryApi.QueryAsync(app, db => db.Donors.IgnoreQueryFilters().SingleAsync(d => d.Name == name));
        donor.CategoryList.ShouldBe([WishCategory.StudySupplies]);
        var list = await browser.GetStringAsync("/wishes/donors");
        list.ShouldContain(name);
        list.ShouldNotContain("13700137000");
    }

    [Fact]
    public async Task Staff_offer_from_the_dispatch_page_and_the_donor_accepts_from_their_offers_page()
    {
        await DispatchApi.DeactivateAllDonorsAsync(app);
        var wish = await DispatchApi.DispatchingWishAsync(app, "Other", RegistryApi.Meiyuan, 60m);
        using var worker = await app.ClientAsAsync("worker");
        var donor = await DispatchApi.AddDonorAsync(worker, DispatchApi.Donor("页面派单企业", ["Other"], [RegistryApi.Meiyuan], budget: 100m, capacity: 1,
            userName: "donor"));
        var description = await RegistryApi.QueryAsync(app, db => db.Wishes.IgnoreQueryFilters().Where(w => w.Id == wish).Select(w => w.Description).SingleAsync());

        using var staff = await app.BrowserAsAsync("worker");
        var page = await staff.GetStringAsync("/wishes/dispatch");
        page.ShouldContain(description);
        page.ShouldContain("页面派单企业");
        var offered = await AppFixture.PostFormAsync(staff, "/wishes/dispatch", $"offer-{wish}-{donor}", new() { ["DonorId"] = donor.ToString(), ["Units"] = "1" });
        offered.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await offered.Content.ReadAsStringAsync()).ShouldContain("已派单");
        var offer = await RegistryApi.QueryAsync(app, db => db.DispatchOffers.IgnoreQueryFilters().SingleAsync(o => o.WishId == wish));

        using var donorBrowser = await app.BrowserAsAsync("donor");
        (await donorBrowser.GetStringAsync("/")).ShouldContain("data-testid=\"unread-count\"");
        (await donorBrowser.GetStringAsync("/notifications")).ShouldContain("新的派单");
        (await donorBrowser.GetStringAsync("/wishes/offers")).ShouldContain(description);
        var accepted = await AppFixture.PostFormAsync(donorBrowser, "/wishes/offers", $"accept-{offer.Id}", new());
        accepted.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await accepted.Content.ReadAsStringAsync()).ShouldContain("谢谢");
        (await RegistryApi.QueryAsync(app, db => db.Claims.IgnoreQueryFilters().SingleAsync(c => c.WishId == wish))).Source.ShouldBe(ClaimSource.Dispatch);
        await DispatchApi.DeactivateAllDonorsAsync(app);
    }
}
