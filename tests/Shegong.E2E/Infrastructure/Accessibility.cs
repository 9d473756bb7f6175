using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Shegong.E2E.Infrastructure;

/// <summary>axe-core on a page as it is shown: no serious or critical violation; each page checked is named in the test output.</summary>
public static class Accessibility
{
    public static async Task NoSeriousViolationsAsync(IPage page, string name)
    {
        var axe = await page.RunAxe();
        var serious = axe.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"axe {name} ({page.Url}, {page.ViewportSize?.Width} px): {serious.Count} serious/critical, {axe.Violations.Length - serious.Count} other");
        serious.ShouldBeEmpty($"{name}: " + string.Join("\n", serious.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help} ({string.Join(", ", v.Nodes.Take(3).Select(n => string.Join(" ", n.Target) + " " + n.Html))})")));
    }
}
