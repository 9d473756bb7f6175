using Shegong.E2E.Infrastructure;

namespace Shegong.E2E;

/// <summary>
/// The district officer picks the last half-year (半年报) on the ledger statistics and reads 鱼珠街道's half-year as
/// 长洲街道 reported theirs (the Changzhou scenario, made by the <c>generate-scenario</c> command): 647 people on file,
/// 3,094 phone and 2,282 home visits — and its case statistics (76 cases opened in the half-year), on a phone and on a
/// desktop, with axe.
/// </summary>
public sealed class HalfYearStatsJourneyTests(E2EFixture e2e)
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _half;

    private async Task<string> ScenarioAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_half is not null) return _half;
            var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
            var half = today.Month > 6 ? $"{today.Year}-H1" : $"{today.Year - 1}-H2";
            var (code, output) = await e2e.App.RunCommandAsync("generate-scenario", "--scenario", "changzhou", "--station", "440112003", "--period", half);
            code.ShouldBe(0, output);
            return _half = half;
        }
        finally { Gate.Release(); }
    }

    [Theory]
    [InlineData("phone", 390, 844)]
    [InlineData("desktop", 1280, 900)]
    public async Task The_district_officer_reads_a_station_s_half_year(string device, int width, int height)
    {
        var half = await ScenarioAsync();
        var page = await e2e.NewPageAsync(width, height);
        await e2e.LoginAsync(page, "officer");
        await page.GotoAsync("/stats/registry?region=440112003");
        // The period picker submits itself when a half-year is chosen.
        await Task.WhenAll(page.WaitForURLAsync($"**period={half}**"), page.SelectOptionAsync("#period", half));
        var name = half.EndsWith("H1") ? $"{half[..4]} 年上半年" : $"{half[..4]} 年下半年";
        (await page.InputValueAsync("#period")).ShouldBe(half);
        (await page.TextContentAsync("#period option:checked"))!.ShouldBe(name);
        (await page.TextContentAsync("[data-testid=completion]"))!.ShouldContain("647");
        var methods = (await page.TextContentAsync("[data-testid=methods]"))!;
        methods.ShouldContain("3,094");
        methods.ShouldContain("2,282");
        await WorkerJourneyTests.NoSidewaysScrollAsync(page, width);
        await Accessibility.NoSeriousViolationsAsync(page, "stats-registry-half-year");
        await E2EFixture.ScreenshotAsync(page, $"stats-registry-half-year-{device}");
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("phone", 390, 844)]
    [InlineData("desktop", 1280, 900)]
    public async Task The_district_officer_reads_a_station_s_half_year_cases(string device, int width, int height)
    {
        var half = await ScenarioAsync();
        var page = await e2e.NewPageAsync(width, height);
        await e2e.LoginAsync(page, "officer");
        await page.GotoAsync("/stats/cases?region=440112003");
        await Task.WhenAll(page.WaitForURLAsync($"**period={half}**"), page.SelectOptionAsync("#period", half));
        (await page.InputValueAsync("#period")).ShouldBe(half);
        (await page.TextContentAsync("[data-testid=case-opened]"))!.ShouldContain("本期新开个案 76 个");
        (await page.TextContentAsync("[data-testid=case-headline]"))!.ShouldContain("76");
        await WorkerJourneyTests.NoSidewaysScrollAsync(page, width);
        await Accessibility.NoSeriousViolationsAsync(page, "stats-cases-half-year");
        await E2EFixture.ScreenshotAsync(page, $"stats-cases-half-year-{device}");
        await page.Context.CloseAsync();
    }
}
