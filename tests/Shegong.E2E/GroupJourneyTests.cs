using Shegong.E2E.Infrastructure;

namespace Shegong.E2E;

/// <summary>
/// A worker sets up a support group, adds three persons on file, records a session ticking who came, moves the group
/// through 形成, 转折 and 成熟, ends it with its evaluation (refused first without it), and records a community activity;
/// then the district officer sees the counts only. Screenshots at 390 and 1280 px, each page checked with axe.
/// </summary>
public sealed class GroupJourneyTests(E2EFixture e2e)
{
    [Theory]
    [InlineData("phone", 390, 844)]
    [InlineData("desktop", 1280, 900)]
    public async Task A_group_goes_from_preparation_with_a_session_and_attendance_to_its_evaluated_end(string device, int width, int height)
    {
        var name = $"独居长者互助小组（E2E {Random.Shared.Next(1000, 9999)}）";
        var page = await e2e.NewPageAsync(width, height);
        await e2e.LoginAsync(page, "worker");

        // Three persons of the station's file, by name.
        await page.GotoAsync("/persons");
        var names = (await page.Locator("[data-testid=persons-table] td a").AllInnerTextsAsync()).Select(n => n.Trim()).Distinct().Take(3).ToList();
        names.Count.ShouldBe(3);

        await page.GotoAsync("/groups");
        await E2EFixture.ClickUntilAsync(page, "[data-testid=new-group]", url => url.EndsWith("/groups/new"), "new group");
        await page.FillAsync("#name", name);
        await page.CheckAsync("input[name='Input.Type'][value=Support]");
        await page.FillAsync("#goal", "减少独居长者的孤独感，建立邻里互助关系");
        await page.FillAsync("#planned", "6");
        await Accessibility.NoSeriousViolationsAsync(page, "new group form");
        await E2EFixture.ScreenshotAsync(page, $"group-new-{device}");
        await E2EFixture.ClickUntilAsync(page, "[data-testid=save-group]", url => url.Contains("/groups/") && !url.Contains("/new"), "save group");
        var groupUrl = page.Url.Split('?')[0];
        (await page.TextContentAsync("[data-testid=group-title]"))!.ShouldBe(name);

        foreach (var person in names)
        {
            await page.FillAsync("#q", person);
            await E2EFixture.ClickUntilAsync(page, "[data-testid=member-search] button", url => url.Contains("?q="), "find " + person);
            await page.Locator("[data-testid=add-members-form] label", new() { HasText = person }).First.Locator("input").CheckAsync();
            await page.ClickAsync("[data-testid=add-members]");
            await page.WaitForSelectorAsync("[data-testid=group-message]:has-text('已加入小组')");
        }
        var members = (await page.TextContentAsync("[data-testid=group-members]"))!;
        foreach (var person in names) members.ShouldContain(person);

        // A session on the phone: tick who came (two of three), topic, notes.
        await E2EFixture.ClickUntilAsync(page, "[data-testid=new-session]", url => url.EndsWith("/sessions/new"), "new session");
        await page.Locator("[data-testid=attendance] label", new() { HasText = names[0] }).Locator("input").CheckAsync();
        await page.Locator("[data-testid=attendance] label", new() { HasText = names[1] }).Locator("input").CheckAsync();
        await page.FillAsync("#topic", "相互认识");
        await page.FillAsync("#content", "破冰游戏；组员分享独居生活中的困难");
        await WorkerJourneyTests.NoSidewaysScrollAsync(page, width);
        await Accessibility.NoSeriousViolationsAsync(page, "session form");
        await E2EFixture.ScreenshotAsync(page, $"group-session-{device}");
        await E2EFixture.ClickUntilAsync(page, "[data-testid=save-session]", url => url.Contains("saved=1"), "save session");
        var sessions = (await page.TextContentAsync("[data-testid=group-sessions]"))!;
        sessions.ShouldContain("第 1 节 · 相互认识");
        sessions.ShouldContain("出席 2/3");
        sessions.ShouldContain("缺席：" + names[2]);

        foreach (var stage in new[] { "形成期", "转折期", "成熟期" })
        {
            await page.ClickAsync("[data-testid=next-stage]");
            await page.WaitForSelectorAsync($"[data-testid=group-message]:has-text('已进入{stage}')");
        }
        // Ending without the evaluation is refused, each part named; nothing typed is lost.
        await page.FillAsync("#feedback", "组员说认识了新朋友，愿意继续互相照应");
        await page.ClickAsync("[data-testid=next-stage]");
        await page.WaitForSelectorAsync("text=目标达成情况：结束小组需要填写此项");
        (await page.TextContentAsync("[data-testid=stage-form]"))!.ShouldContain("社工反思：结束小组需要填写此项");
        (await page.InputValueAsync("#feedback")).ShouldBe("组员说认识了新朋友，愿意继续互相照应");
        await page.CheckAsync("input[name=Attainment][value=Partly]");
        await page.FillAsync("#reflection", "转折期冲突处理得偏晚，下次提前约定规则");
        await page.ClickAsync("[data-testid=next-stage]");
        await page.WaitForSelectorAsync("[data-testid=group-message]:has-text('已进入结束期')");
        (await page.TextContentAsync("[data-testid=group-evaluation]"))!.ShouldContain("部分达成");
        (await page.Locator("[data-testid=new-session]").CountAsync()).ShouldBe(0);
        await WorkerJourneyTests.NoSidewaysScrollAsync(page, width);
        await Accessibility.NoSeriousViolationsAsync(page, "group page");
        await E2EFixture.ScreenshotAsync(page, $"group-ended-{device}");

        // A community activity.
        var title = $"防范电信诈骗讲座（E2E {Random.Shared.Next(1000, 9999)}）";
        await page.GotoAsync("/activities/new");
        await page.FillAsync("#title", title);
        await page.SelectOptionAsync("#kind", "Talk");
        await page.FillAsync("#starts", "14:30");
        await page.FillAsync("#minutes", "60");
        await page.FillAsync("#place", "长洲社区党群服务中心");
        await page.FillAsync("#count", "-3");
        // The browser's own check (min="0") would stop it first; the server says the same in Chinese under the field.
        await page.EvalOnSelectorAsync("[data-testid=activity-form]", "f => f.noValidate = true");
        await page.ClickAsync("[data-testid=save-activity]");
        await page.WaitForSelectorAsync("text=参与人数：请填写 0 到 100000 之间的整数");
        (await page.InputValueAsync("#title")).ShouldBe(title);
        await page.FillAsync("#count", "35");
        await page.FillAsync("#summary", "讲解冒充公检法、刷单返利等常见手法");
        await WorkerJourneyTests.NoSidewaysScrollAsync(page, width);
        await Accessibility.NoSeriousViolationsAsync(page, "activity form");
        await E2EFixture.ScreenshotAsync(page, $"activity-new-{device}");
        await E2EFixture.ClickUntilAsync(page, "[data-testid=save-activity]", url => url.Contains("/activities?saved=1"), "save activity");
        (await page.TextContentAsync("[data-testid=activity-list]"))!.ShouldContain(title);
        await Accessibility.NoSeriousViolationsAsync(page, "activities list");
        await E2EFixture.ScreenshotAsync(page, $"activities-{device}");
        E2EFixture.CspViolations(page).ShouldBeEmpty();
        await page.Context.CloseAsync();

        // The district officer: the group's counts, never its members; the figures page.
        var officer = await e2e.NewPageAsync(width, height);
        await e2e.LoginAsync(officer, "officer");
        await officer.GotoAsync(groupUrl);
        await officer.WaitForSelectorAsync("[data-testid=counts-only]");
        var seen = await officer.InnerTextAsync("body");
        foreach (var person in names) seen.ShouldNotContain(person);
        seen.ShouldContain("成员 3 人");
        await officer.GotoAsync("/stats/activities");
        (await officer.TextContentAsync("[data-testid=activity-community]"))!.ShouldContain("讲座宣传");
        await WorkerJourneyTests.NoSidewaysScrollAsync(officer, width);
        await Accessibility.NoSeriousViolationsAsync(officer, "activity figures");
        await E2EFixture.ScreenshotAsync(officer, $"activity-stats-{device}");
        await officer.Context.CloseAsync();
    }
}
