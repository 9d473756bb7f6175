using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Shegong.E2E.Infrastructure;

namespace Shegong.E2E;

/// <summary>
/// axe-core on every page of the app, as each role that sees it, at 1280 and 390 px: no serious or critical violation.
/// <see cref="Pages"/> is the list of pages checked; <see cref="Every_page_of_the_app_is_in_the_accessibility_tour"/>
/// compares it with the app's actual routes, so a new page without an axe check fails a test. One browser context
/// per role; each page is loaded once and checked at both widths (the viewport is resized, the page not reloaded).
/// </summary>
public sealed partial class AccessibilityTourTests(E2EFixture e2e)
{
    private const string Anonymous = "";

    /// <summary>
    /// A page to check: its route template as declared by the page, the roles that see it, and how to reach it — an
    /// address, or (for a route with an id) the first link matching <see cref="PageRoute.LinkPattern"/> on
    /// <see cref="PageRoute.From"/>.
    /// </summary>
    public sealed record PageRoute(string Template, string[] Roles, string? Url = null, string? From = null, string? LinkPattern = null, string? Name = null);

    private static readonly string[] Staff = ["worker", "manager"];
    private static readonly string[] Officers = ["officer", "cityofficer", "admin"];
    private static readonly string[] Everyone = ["worker", "manager", "volunteer", "officer", "supervisor", "org", "cityofficer", "donor", "admin"];
    // A page that looks the same to several roles (same layout, same kind of content, another scope) is checked as the
    // roles whose view differs: staff (a station), officers (a district, a city, the province), a donor.
    private static readonly string[] StatisticsReaders = ["manager", "officer", "cityofficer", "admin"];

    public static readonly PageRoute[] Pages =
    [
        new("/", Everyone),
        new("/account/login", [Anonymous]),
        new("/account/denied", ["worker"]),
        new("/account/password", ["worker", "donor"]),
        new("/not-found", [Anonymous], Name: "404 page (/not-found)"),
        new("/not-found", [Anonymous, "worker"], Url: "/nonexistent-page", Name: "404 page (unknown address)"),
        new("/board", [Anonymous]),
        new("/board/claim", [Anonymous], From: "/board", LinkPattern: @"^/board/claim\?wish=[0-9a-f-]{36}"),
        new("/board/mine", [Anonymous]),
        new("/board/disclosure", [Anonymous]),
        new("/visits/week", Staff),
        new("/visits/overdue", Staff),
        new("/visit-rules", ["manager", "officer"]),
        new("/persons", Staff),
        new("/persons/new", Staff),
        new("/persons/import", Staff),
        new("/persons/{Id:guid}", Staff, From: "/persons", LinkPattern: @"^/persons/[0-9a-f-]{36}$"),
        new("/persons/{Id:guid}/edit", ["worker"], From: "/persons", LinkPattern: @"^/persons/[0-9a-f-]{36}$", Name: "/persons/{Id}/edit"),
        new("/persons/{Id:guid}/visit", ["worker"], From: "/persons", LinkPattern: @"^/persons/[0-9a-f-]{36}$", Name: "/persons/{Id}/visit"),
        new("/households/{Id:guid}/edit", ["worker"], From: "/persons", LinkPattern: @"^/persons/[0-9a-f-]{36}$", Name: "/households/{Id}/edit"),
        new("/wishes", Staff),
        new("/wishes/new", ["worker"]),
        new("/wishes/{Id:guid}", Staff, From: "/wishes", LinkPattern: @"^/wishes/[0-9a-f-]{36}$"),
        new("/wishes/poster", Staff),
        new("/wishes/dispatch", Staff),
        new("/wishes/donors", Staff),
        new("/wishes/donors/new", ["manager"]),
        new("/wishes/donors/{Id:guid}/edit", ["manager"], From: "/wishes/donors", LinkPattern: @"^/wishes/donors/[0-9a-f-]{36}/edit$"),
        new("/wishes/offers", ["donor", "org"]),
        new("/wishes/stats", ["manager", "officer"]),
        new("/groups", ["worker", "manager", "officer"]),
        new("/groups/new", ["worker"]),
        new("/groups/{Id:guid}", ["worker", "officer"], From: "/groups", LinkPattern: @"^/groups/[0-9a-f-]{36}$"),
        new("/groups/{Id:guid}/sessions/new", ["worker"], From: "/groups", LinkPattern: @"^/groups/[0-9a-f-]{36}/sessions/new$"),
        new("/activities", ["worker", "manager", "officer"]),
        new("/activities/new", ["worker"]),
        new("/stats/activities", ["manager", "officer"]),
        new("/cases", ["worker", "manager", "supervisor"]),
        new("/cases/new", ["worker"], Url: "/cases/new?name=%E5%BC%A0"),
        new("/cases/inbox", Staff),
        new("/cases/{Id:guid}", ["worker"], From: "/cases?tab=all", LinkPattern: @"^/cases/[0-9a-f-]{36}$"),
        new("/cases/{CaseId:guid}/meetings/new", ["worker"], From: "/cases?tab=open", LinkPattern: @"^/cases/[0-9a-f-]{36}$"),
        new("/meetings/{Id:guid}", ["worker"], From: "/tasks", LinkPattern: @"^/meetings/[0-9a-f-]{36}$"),
        new("/tasks", ["worker"]),
        new("/supervision", ["worker", "manager", "supervisor"]),
        new("/supervision/new", ["worker", "supervisor"]),
        new("/supervision/{Id:guid}", ["worker", "supervisor"], From: "/supervision", LinkPattern: @"^/supervision/[0-9a-f-]{36}$"),
        new("/stats/cases", ["manager", "officer"]),
        new("/notifications", ["worker", "donor"]),
        new("/dashboard", StatisticsReaders),
        new("/stats/registry", StatisticsReaders),
        new("/stations", ["manager", "officer", "cityofficer"]),
        new("/stations/new", ["officer"]),
        new("/stations/{Id:guid}", ["manager", "officer"], From: "/stations", LinkPattern: @"^/stations/[0-9a-f-]{36}$"),
        new("/stations/{Id:guid}/edit", ["manager", "officer"], From: "/stations", LinkPattern: @"^/stations/[0-9a-f-]{36}$", Name: "/stations/{Id}/edit"),
        new("/regions", ["officer", "admin"]),
        new("/regions/{Code}", ["officer"], From: "/regions", LinkPattern: @"^/regions/\d+$"),
        new("/regions/import", ["admin"]),
        new("/audit", ["manager", "officer", "admin"]),
        new("/admin/users", ["admin"]),
        new("/admin/users/new", ["admin"]),
        new("/admin/users/{Id:guid}", ["admin"], From: "/admin/users", LinkPattern: @"^/admin/users/[0-9a-f-]{36}$"),
    ];

    /// <summary>Every <c>@page</c> route declared in Shegong.Web has an entry in <see cref="Pages"/>, and every entry names a real route.</summary>
    [Fact]
    public void Every_page_of_the_app_is_in_the_accessibility_tour()
    {
        var declared = typeof(Shegong.Web.Infrastructure.ChinaTime).Assembly.GetTypes()
            .SelectMany(t => t.GetCustomAttributes<Microsoft.AspNetCore.Components.RouteAttribute>().Select(r => r.Template))
            .ToHashSet();
        declared.Count.ShouldBeGreaterThan(30);
        var toured = Pages.Select(p => p.Template).ToHashSet();
        declared.Except(toured).ShouldBeEmpty("pages without an axe-core check in AccessibilityTourTests.Pages");
        toured.Except(declared).ShouldBeEmpty("entries of AccessibilityTourTests.Pages that are no route of the app");
    }

    /// <summary>Pages of this tour's issue seen nowhere else in the journeys: a screenshot of each at both widths.</summary>
    private static readonly Dictionary<string, string> Screenshotted = new()
    {
        ["/audit"] = "audit-log",
        ["/stations/{Id:guid}"] = "station-sixhas",
        ["/stations/{Id:guid}/edit"] = "station-sixhas-edit",
    };

    public static TheoryData<string> Roles() => [.. Pages.SelectMany(p => p.Roles).Distinct()];

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task Every_page_a_role_sees_has_no_serious_accessibility_violation_at_390_and_1280_px(string role)
    {
        var page = await e2e.NewPageAsync(1280, 900);
        try
        {
            if (role != Anonymous) await e2e.LoginAsync(page, role);
            var who = role == Anonymous ? "anonymous" : role;
            var problems = new List<string>();
            foreach (var route in Pages.Where(p => p.Roles.Contains(role)))
            {
                var url = await AddressOfAsync(page, route);
                await page.SetViewportSizeAsync(1280, 900);
                await page.GotoAsync(url);
                var name = $"{route.Name ?? route.Template} as {who}";
                if (role != Anonymous && page.Url.Contains("/account/login")) problems.Add($"{name}: sent to the login page");
                if (page.Url.Contains("/account/denied") && route.Template != "/account/denied") problems.Add($"{name}: access denied");
                // Chinese mode: no label in English for a screen reader ("pages", "breadcrumbs", "progress").
                var labels = await page.EvalOnSelectorAllAsync<string[]>("[aria-label]", "els => els.map(e => e.getAttribute('aria-label'))");
                problems.AddRange(labels.Where(l => EnglishOnly().IsMatch(l)).Select(l => $"{name}: aria-label in English: “{l}”"));
                foreach (var (width, height) in new[] { (1280, 900), (390, 844) })
                {
                    await page.SetViewportSizeAsync(width, height);
                    problems.AddRange(await Accessibility.SeriousViolationsAsync(page, name));
                    if (role == "manager" && Screenshotted.TryGetValue(route.Template, out var shot))
                        await E2EFixture.ScreenshotAsync(page, $"{shot}-{(width < 640 ? "phone" : "desktop")}");
                }
            }
            // What the role's own menu offers is in the tour (as this role or one whose view of it is the same).
            if (role != Anonymous)
            {
                await page.SetViewportSizeAsync(1280, 900);
                await page.GotoAsync("/");
                var menu = await page.EvalOnSelectorAllAsync<string[]>(".sidebar nav a[href^='/']", "links => links.map(a => a.getAttribute('href'))");
                menu.Length.ShouldBeGreaterThan(0);
                // The app's own pages (not /api/docs, the API's reference, nor /culture/set, the language switch).
                var pagePaths = Pages.Select(p => p.Template).ToHashSet();
                foreach (var href in menu.Select(h => h.Split('?')[0]).Distinct())
                    if (!pagePaths.Contains(href) && href is not "/api/docs" and not "/culture/set") problems.Add($"{href} is in {who}'s menu but not in the tour");
            }
            // The pages run under their Content-Security-Policy without it refusing anything (no inline script, handler or style).
            problems.AddRange(E2EFixture.CspViolations(page));
            problems.ShouldBeEmpty();
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    private static async Task<string> AddressOfAsync(IPage page, PageRoute route)
    {
        if (route.From is null) return route.Url ?? route.Template;
        await page.GotoAsync(route.From);
        var links = await page.EvalOnSelectorAllAsync<string[]>("a[href]", "links => links.map(a => a.getAttribute('href'))");
        var link = links.FirstOrDefault(h => Regex.IsMatch(h, route.LinkPattern!))
            ?? throw new InvalidOperationException($"{route.From} has no link matching {route.LinkPattern} for {route.Template}");
        link = link.Split('#')[0];
        // Sub-pages of a record are reached from the record's own address.
        var suffix = Regex.Match(route.Template, @"\}(/[a-z/]+)$");
        if (route.Template.StartsWith("/households/"))
        {
            await page.GotoAsync(link);
            var households = await page.EvalOnSelectorAllAsync<string[]>("a[href]", "links => links.map(a => a.getAttribute('href'))");
            return households.FirstOrDefault(h => HouseholdEdit().IsMatch(h))
                ?? throw new InvalidOperationException($"{link} has no link to its household's edit page");
        }
        return suffix.Success && !link.EndsWith(suffix.Groups[1].Value) ? link + suffix.Groups[1].Value : link;
    }

    /// <summary>The check itself finds what it looks for: text of too little contrast and an English label on a page are reported.</summary>
    [Fact]
    public async Task The_check_reports_low_contrast_when_a_page_has_it()
    {
        var page = await e2e.NewPageAsync(390, 844);
        try
        {
            await page.GotoAsync("/board");
            (await Accessibility.SeriousViolationsAsync(page, "board as shown")).ShouldBeEmpty();
            await page.EvaluateAsync("() => { const p = document.createElement('p'); p.textContent = '浅灰色的说明文字'; p.style.color = '#b0b0b0'; p.style.background = '#fff'; document.querySelector('main').prepend(p); }");
            (await Accessibility.SeriousViolationsAsync(page, "board with pale text")).ShouldContain(v => v.Contains("color-contrast"));
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [GeneratedRegex(@"^[A-Za-z][A-Za-z\s-]*$")]
    private static partial Regex EnglishOnly();

    [GeneratedRegex(@"^/households/[0-9a-f-]{36}/edit$")]
    private static partial Regex HouseholdEdit();
}
