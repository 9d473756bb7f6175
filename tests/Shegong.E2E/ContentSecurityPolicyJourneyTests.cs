using Shegong.E2E.Infrastructure;

namespace Shegong.E2E;

/// <summary>
/// A station manager's working day under the Content-Security-Policy, on a phone and on a desk: the ledger, a person,
/// the visit form (its draft script and the offline copy's service worker), the wishes, the print poster, the
/// statistics filter that applies on change: the policy refuses nothing. And it is enforced: a script put into the
/// page does not run, and is reported.
/// </summary>
public sealed class ContentSecurityPolicyJourneyTests(E2EFixture e2e)
{
    [Theory]
    [InlineData(390, 844)]
    [InlineData(1280, 900)]
    public async Task A_working_day_produces_no_csp_violation_and_an_injected_script_is_refused(int width, int height)
    {
        var page = await e2e.NewPageAsync(width, height);
        try
        {
            await page.GotoAsync("/board");
            await e2e.LoginAsync(page, "manager");
            await page.GotoAsync("/persons");
            var person = await page.Locator("a[href^='/persons/']").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href')).filter(h => /^\\/persons\\/[0-9a-f-]{36}$/.test(h))");
            person.ShouldNotBeEmpty();
            await page.GotoAsync(person[0]);
            await page.GotoAsync(person[0] + "/visit");
            await page.WaitForSelectorAsync("form[data-offline-ready]", new() { Timeout = 15_000 });
            await page.GotoAsync("/wishes");
            await page.GotoAsync("/wishes/poster");
            await page.GotoAsync("/stats/registry");
            // The period filter applies on change (forms.js, not an inline onchange).
            var options = await page.Locator("#period option").EvaluateAllAsync<string[]>("os => os.map(o => o.value)");
            if (options.Length > 1)
            {
                await page.SelectOptionAsync("#period", options[^1]);
                await page.WaitForURLAsync(u => u.Contains("period="), new() { Timeout = 15_000 });
            }
            await E2EFixture.ScreenshotAsync(page, $"csp-stats-{(width < 640 ? "phone" : "desktop")}");
            E2EFixture.CspViolations(page).ShouldBeEmpty();

            // The policy is on: an inline script added to the page is refused and reported.
            var ran = await page.EvaluateAsync<bool>("""
                () => { const s = document.createElement("script"); s.textContent = "window.__injected = true"; document.body.appendChild(s); return window.__injected === true; }
                """);
            ran.ShouldBeFalse();
            await page.WaitForTimeoutAsync(200);
            E2EFixture.CspViolations(page).ShouldContain(v => v.Contains("script-src"));
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
