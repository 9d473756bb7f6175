using MiniExcelLibs;
using Shegong.Domain.Registry;
using Shegong.E2E.Infrastructure;
using Shegong.Web.Features.Registry;
using Col = Shegong.Web.Features.Registry.PersonSheet.Col;

namespace Shegong.E2E;

/// <summary>A worker uploads a ledger file, reads the problems on the page (cards on a phone) and imports the valid rows.</summary>
public sealed class ImportPersonsJourneyTests(E2EFixture e2e)
{
    /// <summary>Five people (ID numbers of 荔湾区, born in the 1930s: none of the demo's), two of them with a problem.</summary>
    private static string LedgerFile(int seed)
    {
        var rows = Enumerable.Range(0, 5).Select(i =>
        {
            var id = ResidentId.Create("440103", new DateOnly(1930 + seed, 1 + i, 10), 100 + i);
            var row = PersonSheet.NewRow();
            void Set(Col c, object? v) => row[PersonSheet.Of(c).Header] = v;
            Set(Col.CommunityCode, "440112010001");
            Set(Col.Name, "试导入" + "甲乙丙丁戊"[i]);
            Set(Col.IdNumber, id.Value);
            Set(Col.Tier, "一般");
            Set(Col.LegalBasis, "本人书面同意");
            Set(Col.Address, $"长洲路 {i + 1} 号");
            Set(Col.Types, "独居");
            return row;
        }).ToList();
        var id1 = (string)rows[1][PersonSheet.Of(Col.IdNumber).Header]!;
        rows[1][PersonSheet.Of(Col.IdNumber).Header] = id1[..17] + (id1[17] == '0' ? '1' : '0');
        rows[3][PersonSheet.Of(Col.Tier).Header] = "很高";
        var path = Path.Combine(Path.GetTempPath(), $"ledger-e2e-{seed}-{Guid.NewGuid():N}.xlsx");
        MiniExcel.SaveAs(path, rows, sheetName: PersonSheet.SheetName);
        return path;
    }

    [Theory]
    [InlineData("desktop", 1280, 900, 1)]
    [InlineData("phone", 390, 844, 2)]
    public async Task Worker_checks_a_ledger_file_reads_every_problem_and_imports_the_valid_rows(string device, int width, int height, int seed)
    {
        var page = await e2e.NewPageAsync(width, height);
        await e2e.LoginAsync(page, "worker");
        await page.GotoAsync("/persons/import");
        (await page.TextContentAsync("h1"))!.ShouldBe("导入人员台账");
        await WorkerJourneyTests.NoSidewaysScrollAsync(page, width);
        await E2EFixture.ScreenshotAsync(page, $"person-import-{device}");

        var file = LedgerFile(seed);
        await page.SetInputFilesAsync("#upload", file);
        await page.ClickAsync("button:has-text('检查文件')");
        if (await page.Locator("[data-testid=import-progress]").IsVisibleAsync())
            await E2EFixture.ScreenshotAsync(page, $"person-import-progress-{device}");
        await page.WaitForSelectorAsync("[data-testid=import-errors]", new() { Timeout = 60_000 });
        (await page.TextContentAsync("[data-testid=import-errors]"))!.ShouldContain("发现 2 处问题");
        (await page.TextContentAsync("[data-testid=import-error-table]"))!.ShouldContain("校验位不正确");
        await WorkerJourneyTests.NoSidewaysScrollAsync(page, width);
        await E2EFixture.ScreenshotAsync(page, $"person-import-check-{device}");

        await page.ClickAsync("[data-testid=import-valid]");
        await page.WaitForSelectorAsync("[data-testid=import-done]", new() { Timeout = 60_000 });
        (await page.TextContentAsync("[data-testid=import-done]"))!.ShouldContain("导入完成：3 人");
        await E2EFixture.ScreenshotAsync(page, $"person-import-done-{device}");
        File.Delete(file);
        await page.Context.CloseAsync();
    }
}
