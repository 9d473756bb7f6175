using Microsoft.Playwright;
using Shegong.Domain.Registry;
using Shegong.E2E.Infrastructure;

namespace Shegong.E2E;

/// <summary>
/// The ledger and the overdue list on a phone (and a desk): names in pinyin order, sortable columns, a page size, the
/// whole row as the tap target, buttons that keep their words on one line, the overdue list's community filter,
/// address and call link, and an ID number that fills gender and date of birth.
/// </summary>
public sealed class PhoneRegistryJourneyTests(E2EFixture e2e)
{
    [Theory]
    [InlineData("phone", 390, 844)]
    [InlineData("desktop", 1280, 900)]
    public async Task The_ledger_sorts_by_pinyin_and_by_column_and_a_tap_anywhere_on_a_row_opens_the_person(string device, int width, int height)
    {
        var page = await e2e.NewPageAsync(width, height);
        await e2e.LoginAsync(page, "worker");
        await page.GotoAsync("/persons?size=50");
        var names = (await page.Locator("[data-testid=person-row] a.row-target strong").AllTextContentsAsync()).Select(n => n.Trim()).ToList();
        names.Count.ShouldBeGreaterThan(20, "the page size 50 shows more than the default 20");
        names.ShouldBe(names.Order(Comparer<string>.Create(NameOrder.Compare)).ToList(), "names in pinyin order");
        (await page.Locator("th[aria-sort=ascending]").TextContentAsync())!.ShouldContain("姓名");
        await WorkerJourneyTests.NoSidewaysScrollAsync(page, width);
        await E2EFixture.ScreenshotAsync(page, $"persons-pinyin-{device}");
        await Accessibility.NoSeriousViolationsAsync(page, $"persons list, sortable ({device})");

        // Every row is at least 44 px high, and a tap on its tier cell (not the name) opens the person.
        foreach (var row in (await page.Locator("[data-testid=person-row]").AllAsync()).Take(5))
            (await row.BoundingBoxAsync())!.Height.ShouldBeGreaterThanOrEqualTo(44);
        var first = page.Locator("[data-testid=person-row]").First;
        var href = await first.Locator("a.row-target").GetAttributeAsync("href");
        // A real tap at the tier cell's centre (the row's link lies over the cell, which is the point).
        await first.Locator("td").Nth(3).ScrollIntoViewIfNeededAsync();
        var cell = (await first.Locator("td").Nth(3).BoundingBoxAsync())!;
        await page.Mouse.ClickAsync(cell.X + cell.Width / 2, cell.Y + cell.Height / 2);
        await page.WaitForURLAsync(url => url.EndsWith(href!));

        // Sort by tier (high risk first), then the other way round, from the column headers (on a phone: from the desk layout's links).
        await page.GotoAsync("/persons?size=50&sort=Tier");
        var tiers = await page.Locator("[data-testid=person-row] td:nth-child(4)").AllTextContentsAsync();
        tiers.First().ShouldContain("高风险");
        tiers.Last().ShouldContain("一般");
        if (width >= 640)
        {
            await page.ClickAsync("[data-testid=sort-Tier]");
            await page.WaitForURLAsync(url => url.Contains("desc=true"));
            (await page.Locator("[data-testid=person-row] td:nth-child(4)").First.TextContentAsync())!.ShouldContain("一般");
            await page.ClickAsync("[data-testid=sort-Due]");
            await page.WaitForURLAsync(url => url.Contains("sort=Due") && !url.Contains("desc=true"));
            (await page.Locator("th[aria-sort=ascending]").TextContentAsync())!.ShouldContain("下次走访");
        }
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("phone", 390, 844)]
    [InlineData("desktop", 1280, 900)]
    public async Task The_overdue_list_shows_address_and_a_call_link_and_filters_by_community(string device, int width, int height)
    {
        var page = await e2e.NewPageAsync(width, height);
        await e2e.LoginAsync(page, "worker");
        await page.GotoAsync("/visits/overdue?all=true");
        var items = page.Locator("[data-testid=overdue-item]");
        (await items.CountAsync()).ShouldBeGreaterThan(0);
        (await items.First.Locator("[data-testid=overdue-address]").TextContentAsync())!.Length.ShouldBeGreaterThan(3);
        var call = items.First.Locator("[data-testid=overdue-call]");
        (await call.GetAttributeAsync("href"))!.ShouldMatch(@"^/persons/[0-9a-f-]{36}/call$");
        (await call.TextContentAsync())!.ShouldMatch(@"拨打\s*1\d{2}\*{4}\d{4}|拨打\s*0\d+-\*{4}\d+");
        foreach (var button in await page.Locator("[data-testid=overdue-item] .btn").AllAsync())
            (await button.BoundingBoxAsync())!.Height.ShouldBeLessThan(60, "a button wraps onto two lines");
        await WorkerJourneyTests.NoSidewaysScrollAsync(page, width);
        await E2EFixture.ScreenshotAsync(page, $"overdue-community-{device}");
        await Accessibility.NoSeriousViolationsAsync(page, $"overdue list ({device})");

        // Filter by the community of the first person: every row is of that community.
        var community = (await items.First.Locator(".work-main .muted.small").First.TextContentAsync())!.Split('·').Last().Trim();
        await page.SelectOptionAsync("#community", new SelectOptionValue { Label = community });
        await E2EFixture.ClickUntilAsync(page, "[data-testid=overdue-filter] button", url => url.Contains("community="), "community filter");
        var communities = await page.Locator("[data-testid=overdue-item] .work-main .muted.small:first-of-type").AllTextContentsAsync();
        communities.ShouldNotBeEmpty();
        communities.ShouldAllBe(c => c.Contains(community));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_person_file_buttons_keep_one_line_and_an_ID_number_fills_gender_and_birth_date()
    {
        var page = await e2e.NewPageAsync(390, 844);
        await e2e.LoginAsync(page, "worker");
        await page.GotoAsync("/persons");
        await page.Locator("[data-testid=person-row] a.row-target").First.ClickAsync();
        await page.WaitForSelectorAsync("[data-testid=log-visit]");
        foreach (var button in await page.Locator(".actions .btn").AllAsync())
        {
            (await button.BoundingBoxAsync())!.Height.ShouldBeLessThan(60, $"{await button.TextContentAsync()} wraps onto two lines");
            (await button.EvaluateAsync<bool>("b => b.scrollWidth <= b.clientWidth")).ShouldBeTrue($"{await button.TextContentAsync()} is cut off");
        }
        (await page.Locator("[data-testid=log-visit]").TextContentAsync())!.Trim().ShouldBe("记一次走访");
        await E2EFixture.ScreenshotAsync(page, "person-buttons-phone");

        await page.GotoAsync("/persons/new");
        var birth = new DateOnly(1942, 7, 19);
        var male = ResidentId.Create("440112", birth, 37).Value; // odd sequence: 男
        await page.FillAsync("#idnumber", male);
        (await page.InputValueAsync("#birth")).ShouldBe("1942-07-19");
        (await page.IsCheckedAsync("input[name='Input.Gender'][value=Male]")).ShouldBeTrue();
        (await page.TextContentAsync("[data-testid=id-filled]"))!.ShouldContain("已按身份证号填写性别和出生日期");
        // Another number takes over both (the server refuses a mismatch anyway).
        await page.FillAsync("#idnumber", ResidentId.Create("440112", new DateOnly(1950, 1, 2), 40).Value);
        (await page.InputValueAsync("#birth")).ShouldBe("1950-01-02");
        (await page.IsCheckedAsync("input[name='Input.Gender'][value=Female]")).ShouldBeTrue();
        await E2EFixture.ScreenshotAsync(page, "person-new-id-filled-phone");
        await page.Context.CloseAsync();
    }
}
