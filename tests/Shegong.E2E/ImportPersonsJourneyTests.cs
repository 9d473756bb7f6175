using System.Diagnostics;
using Deque.AxeCore.Playwright;
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

    /// <summary>
    /// A ledger as WPS saves it: .xls (written by LibreOffice from a MiniExcel workbook), a title row and a blank row
    /// above the header, four people of whom one has a wrong check digit unless <paramref name="fixed"/>.
    /// </summary>
    private static string WpsLedger(int seed, bool @fixed, bool updated = false)
    {
        var header = PersonSheet.Columns.Select(c => c.Header).ToArray();
        var grid = new List<object?[]> { new object?[] { "长洲街道困难群众台账" }, new object?[header.Length], header };
        for (var i = 0; i < 4; i++)
        {
            var id = ResidentId.Create("440103", new DateOnly(1920 + seed, 1 + i, 12), 300 + i).Value;
            if (i == 2 && !@fixed) id = id[..17] + (id[17] == '0' ? '1' : '0');
            var row = new object?[header.Length];
            void Set(Col c, object? v) => row[(int)c] = v;
            Set(Col.CommunityCode, "440112010001");
            Set(Col.Name, "表格户" + "甲乙丙丁"[i]);
            Set(Col.IdNumber, id);
            Set(Col.Tier, updated && i == 0 ? "高风险" : "一般");
            Set(Col.LegalBasis, "本人书面同意");
            Set(Col.Address, updated && i == 1 ? "长洲路 99 号（新址）" : $"长洲路 {i + 21} 号");
            Set(Col.Types, "独居");
            grid.Add(row);
        }
        var dir = Directory.CreateTempSubdirectory("ledger-wps-").FullName;
        var xlsx = Path.Combine(dir, "台账.xlsx");
        var sheets = new Dictionary<string, object>
        {
            [PersonSheet.SheetName] = grid.Select(r => Enumerable.Range(0, header.Length).ToDictionary(i => $"c{i:D2}", i => i < r.Length ? r[i] : null)).ToList(),
        };
        MiniExcel.SaveAs(xlsx, sheets, printHeader: false);
        var psi = new ProcessStartInfo("/usr/bin/soffice", $"--headless --calc --convert-to xls --outdir {dir} {xlsx}") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.Environment["HOME"] = dir;
        using var p = Process.Start(psi)!;
        p.WaitForExit(TimeSpan.FromMinutes(2)).ShouldBeTrue();
        var xls = Path.ChangeExtension(xlsx, ".xls");
        File.Exists(xls).ShouldBeTrue(p.StandardError.ReadToEnd());
        return xls;
    }

    [Fact]
    public async Task On_a_phone_a_worker_imports_a_WPS_style_xls_with_a_title_row_sees_which_sheet_and_row_were_read_fixes_the_bad_row_and_imports()
    {
        Assert.SkipUnless(File.Exists("/usr/bin/soffice"), "LibreOffice (installed by scripts/test.sh) writes the .xls");
        const int width = 390;
        var page = await e2e.NewPageAsync(width, 844);
        await e2e.LoginAsync(page, "worker");
        await page.GotoAsync("/persons/import");
        await page.SetInputFilesAsync("#upload", WpsLedger(3, @fixed: false));
        await page.ClickAsync("button:has-text('检查文件')");
        await page.WaitForSelectorAsync("[data-testid=import-errors]", new() { Timeout = 60_000 });
        var notices = (await page.TextContentAsync("[data-testid=import-notices]"))!;
        notices.ShouldContain("读取的是工作表“人员台账”，表头在第 3 行");
        notices.ShouldContain("表头上方的 2 行（标题、空行）已跳过");
        (await page.TextContentAsync("[data-testid=import-errors]"))!.ShouldContain("发现 1 处问题");
        var table = (await page.TextContentAsync("[data-testid=import-error-table]"))!;
        table.ShouldContain("6"); // the third person is on row 6 of the sheet
        table.ShouldContain("校验位不正确");
        await WorkerJourneyTests.NoSidewaysScrollAsync(page, width);
        await E2EFixture.ScreenshotAsync(page, "person-import-xls-check-phone");
        var axe = await page.RunAxe();
        axe.Violations.ShouldBeEmpty(string.Join("\n", axe.Violations.Select(v => $"{v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Take(3).Select(n => string.Join(" ", n.Target)))})")));

        // The worker corrects the row in WPS and checks the file again: no problem left, all four are imported.
        await page.GotoAsync("/persons/import");
        await page.SetInputFilesAsync("#upload", WpsLedger(3, @fixed: true));
        await page.ClickAsync("button:has-text('检查文件')");
        await page.WaitForSelectorAsync("[data-testid=import-all]", new() { Timeout = 60_000 });
        (await page.TextContentAsync("[data-testid=import-notices]"))!.ShouldContain("表头在第 3 行");
        await page.ClickAsync("[data-testid=import-all]");
        await page.WaitForSelectorAsync("[data-testid=import-done]", new() { Timeout = 60_000 });
        (await page.TextContentAsync("[data-testid=import-done]"))!.ShouldContain("导入完成：4 人");
        await E2EFixture.ScreenshotAsync(page, "person-import-xls-done-phone");

        // Months later the same ledger comes back with a tier raised and an address changed: an update by ID number.
        await page.GotoAsync("/persons/import");
        await page.CheckAsync("[data-testid=mode-update]");
        await page.SetInputFilesAsync("#upload", WpsLedger(3, @fixed: true, updated: true));
        await page.ClickAsync("button:has-text('检查文件')");
        await page.WaitForSelectorAsync("[data-testid=update-apply]", new() { Timeout = 60_000 });
        var persons = (await page.TextContentAsync("[data-testid=update-persons]"))!;
        persons.ShouldContain("表格户甲");
        persons.ShouldContain("跟进分级");
        persons.ShouldContain("一般");
        persons.ShouldContain("高风险");
        persons.ShouldNotContain("表格户丙"); // unchanged people are not listed
        (await page.TextContentAsync("[data-testid=update-households]"))!.ShouldContain("长洲路 99 号（新址）");
        (await page.TextContentAsync("[data-testid=update-absent]"))!.ShouldContain("不在本次文件中");
        (await page.TextContentAsync("[data-testid=update-apply]"))!.ShouldContain("1 人、1 户");
        await WorkerJourneyTests.NoSidewaysScrollAsync(page, width);
        await E2EFixture.ScreenshotAsync(page, "person-update-diff-phone");
        await page.SetViewportSizeAsync(1280, 900);
        await E2EFixture.ScreenshotAsync(page, "person-update-diff-desktop");
        await page.SetViewportSizeAsync(width, 844);
        axe = await page.RunAxe();
        axe.Violations.ShouldBeEmpty(string.Join("\n", axe.Violations.Select(v => $"{v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Take(3).Select(n => string.Join(" ", n.Target)))})")));
        await page.ClickAsync("[data-testid=update-apply]");
        await page.WaitForSelectorAsync("[data-testid=update-done]", new() { Timeout = 60_000 });
        (await page.TextContentAsync("[data-testid=update-done]"))!.ShouldContain("更新完成：1 人、1 户");
        await E2EFixture.ScreenshotAsync(page, "person-update-done-phone");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task In_the_person_form_a_15_digit_ID_is_recognised_and_one_tap_takes_the_upgraded_number()
    {
        var page = await e2e.NewPageAsync(390, 844);
        await e2e.LoginAsync(page, "worker");
        await page.GotoAsync("/persons/new");
        var id = ResidentId.Create("440112", new DateOnly(1938, 7, 15), Random.Shared.Next(0, 1000)).Value;
        await page.FillAsync("#idnumber", id[..6] + id[8..17]);
        await page.FocusAsync("#phone");
        (await page.TextContentAsync("p.field-error[data-for=idnumber]"))!.ShouldContain("15 位旧号码");
        (await page.TextContentAsync("[data-testid=id-upgrade]"))!.ShouldContain(id);
        await E2EFixture.ScreenshotAsync(page, "person-new-id15-phone");
        await page.ClickAsync("[data-testid=id-upgrade]");
        (await page.InputValueAsync("#idnumber")).ShouldBe(id);
        (await page.Locator("p.field-error[data-for=idnumber]").CountAsync()).ShouldBe(0);
        await page.Context.CloseAsync();
    }
}
