using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Shegong.E2E.Infrastructure;

/// <summary>axe-core on a page as it is shown: no serious or critical violation; each page checked is named in the test output.</summary>
public static class Accessibility
{
    public static async Task NoSeriousViolationsAsync(IPage page, string name)
    {
        var serious = await SeriousViolationsAsync(page, name);
        serious.ShouldBeEmpty(name);
    }

    /// <summary>The serious and critical violations on the page as shown now, one line each (rule, nodes); the check is logged.</summary>
    public static async Task<IReadOnlyList<string>> SeriousViolationsAsync(IPage page, string name)
    {
        var axe = await page.RunAxe(Options);
        var serious = axe.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"axe {name} ({new Uri(page.Url).PathAndQuery}, {page.ViewportSize?.Width} px): {serious.Count} serious/critical, {axe.Violations.Length - serious.Count} other");
        return serious.Select(v => $"{name} at {page.ViewportSize?.Width} px: {v.Id} ({v.Impact}): {v.Help} — " +
            string.Join("; ", v.Nodes.Take(4).Select(n => string.Join(" ", n.Target) + " " + Shorten(n.Html) + " " + Shorten(string.Join(" ", n.Any.Concat(n.All).Concat(n.None).Select(c => c.Message)))))).ToList();
    }

    // Only violations come back in full (passes and the rest as one node each): most of the time of a run was the
    // transfer of thousands of passing nodes.
    private static readonly AxeRunOptions Options = new() { ResultTypes = [ResultType.Violations] };

    private static string Shorten(string s) => s.Length <= 160 ? s : s[..160] + "…";
}
