using System.Runtime.CompilerServices;
using Microsoft.Playwright;
using Shegong.E2E.Infrastructure;

[assembly: AssemblyFixture(typeof(E2EFixture))]
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Shegong.E2E.Infrastructure;

/// <summary>One running host and one headless Debian Chromium for the whole end-to-end run.</summary>
public sealed class E2EFixture : IAsyncLifetime
{
    public AppHost App { get; private set; } = default!;
    private IPlaywright _playwright = default!;
    private IBrowser _browser = default!;

    public static readonly string ScreenshotFolder = Path.Combine(
        Environment.GetEnvironmentVariable("SHEGONG_TEST_OUTPUT") ?? Path.Combine(AppContext.BaseDirectory, "test-output"), "screenshots");

    public async ValueTask InitializeAsync()
    {
        App = await AppHost.StartAsync();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
        Directory.CreateDirectory(ScreenshotFolder);
    }

    /// <summary>
    /// A fresh browser context (own cookies) with a page at the given viewport, Chinese locale. Whatever the page's
    /// Content-Security-Policy blocks is recorded (<see cref="CspViolations"/>): Chromium's console report and the
    /// page's <c>securitypolicyviolation</c> events, listened to by a script Playwright injects (not subject to the CSP).
    /// </summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900, string? baseUrl = null)
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "zh-CN",
            BaseURL = baseUrl ?? App.BaseUrl,
        });
        await context.AddInitScriptAsync("""
            document.addEventListener("securitypolicyviolation", function (e) {
              console.error("CSP violation: " + e.violatedDirective + " blocked " + (e.blockedURI || "inline") + " at " + location.pathname);
            });
            """);
        var page = await context.NewPageAsync();
        var found = Violations.GetOrCreateValue(page);
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase) || message.Text.StartsWith("CSP violation"))
                lock (found) found.Add($"{page.Url}: {message.Text}");
        };
        return page;
    }

    private static readonly ConditionalWeakTable<IPage, List<string>> Violations = new();

    /// <summary>What the Content-Security-Policy refused on this page so far (none, in a journey that works as built).</summary>
    public static IReadOnlyList<string> CspViolations(IPage page)
    {
        var found = Violations.GetOrCreateValue(page);
        lock (found) return [.. found];
    }

    public static async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });

    public async Task LoginAsync(IPage page, string userName)
    {
        await page.GotoAsync("/account/login");
        await page.FillAsync("#username", userName);
        await page.FillAsync("#password", AppHost.DemoPassword);
        await ClickUntilAsync(page, "button[type=submit]", url => !url.Contains("/account/login"), $"login of {userName}");
    }

    /// <summary>
    /// Clicks something that navigates and waits for the new address. Headless Chromium now and then drops a click that
    /// lands while the page is still settling (seen about once in ten runs on a loaded 2-core machine); the click is
    /// repeated then, up to three times, and a page that never moves fails with its text.
    /// </summary>
    public static async Task ClickUntilAsync(IPage page, string selector, Func<string, bool> arrived, string what)
    {
        for (var attempt = 1; ; attempt++)
        {
            await page.Locator(selector).First.ClickAsync();
            try
            {
                await page.WaitForURLAsync(arrived, new() { Timeout = 15_000 });
                return;
            }
            catch (TimeoutException e) when (attempt < 3 || e is null)
            {
                if (arrived(page.Url)) return;
            }
            catch (TimeoutException e)
            {
                throw new TimeoutException($"{what}: the page stayed at {page.Url}: {await page.InnerTextAsync("body")}", e);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        if (App is not null) await App.DisposeAsync();
    }
}
