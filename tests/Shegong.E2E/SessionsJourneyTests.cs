using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Shegong.E2E.Infrastructure;

namespace Shegong.E2E;

/// <summary>
/// An officer's phone is lost: the administrator opens the account, taps 结束全部会话, and the phone's next page is the
/// sign-in page; then the administrator locks the account, and the sign-in page says it was locked by an administrator
/// (not "too many wrong passwords").
/// </summary>
public sealed class SessionsJourneyTests(E2EFixture e2e)
{
    [Fact]
    public async Task An_administrator_ends_every_session_of_a_lost_phone_and_locks_the_account()
    {
        using var admin = await e2e.ApiAsAsync("admin");
        var name = "phone" + Guid.NewGuid().ToString("N")[..6];
        var created = await admin.PostAsJsonAsync("/api/v1/users", new { userName = name, displayName = "手机丢了", role = "CivilAffairsOfficer", regionCode = "440112", password = "abcd1234" });
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var phone = await e2e.NewPageAsync(390, 844);
        await SignInAsync(phone, name);

        var desk = await e2e.NewPageAsync(1280, 900);
        await e2e.LoginAsync(desk, "admin");
        await desk.GotoAsync($"/admin/users/{id}");
        await desk.ClickAsync("[data-testid=end-sessions]");
        await desk.WaitForSelectorAsync("text=已结束该用户的全部会话");
        await Accessibility.NoSeriousViolationsAsync(desk, "user page, sessions ended");
        await E2EFixture.ScreenshotAsync(desk, "sessions-ended-desktop");

        await phone.GotoAsync("/");
        phone.Url.ShouldContain("/account/login");

        (await admin.GetFromJsonAsync<JsonElement>($"/api/v1/users/{id}")).GetProperty("locked").GetBoolean().ShouldBeFalse();
        var edit = await e2e.NewPageAsync(390, 844);
        await e2e.LoginAsync(edit, "admin");
        await edit.GotoAsync($"/admin/users/{id}");
        await edit.CheckAsync("input[name='Input.Locked']");
        await edit.ClickAsync("[data-testid=save-user]");
        await edit.WaitForSelectorAsync("text=已锁定");
        await WorkerJourneyTests.NoSidewaysScrollAsync(edit, 390);
        await E2EFixture.ScreenshotAsync(edit, "user-locked-phone");

        await phone.GotoAsync("/account/login");
        await phone.FillAsync("#username", name);
        await phone.FillAsync("#password", "abcd1234");
        await phone.ClickAsync("button[type=submit]");
        var error = phone.Locator("[data-testid=login-error]");
        await error.WaitForAsync();
        (await error.InnerTextAsync()).ShouldContain("已被管理员停用");
        await Accessibility.NoSeriousViolationsAsync(phone, "login, locked by an administrator");
        await WorkerJourneyTests.NoSidewaysScrollAsync(phone, 390);
        await E2EFixture.ScreenshotAsync(phone, "login-locked-by-admin-phone");
        foreach (var page in new[] { phone, desk, edit }) await page.Context.CloseAsync();
    }

    private static async Task SignInAsync(IPage page, string userName)
    {
        await page.GotoAsync("/account/login");
        await page.FillAsync("#username", userName);
        await page.FillAsync("#password", "abcd1234");
        await E2EFixture.ClickUntilAsync(page, "button[type=submit]", url => !url.Contains("/account/login"), $"login of {userName}");
    }
}
