using Microsoft.Playwright;
using Shegong.E2E.Infrastructure;

namespace Shegong.E2E;

/// <summary>
/// At phone width: from an overdue elder's visit the worker raises a need, opens a case from it, fills the assessment
/// and the plan, notes a contact, records a linkage meeting with the street office and the hospital (its decision on
/// the worker's tasks), sends a referral to the hospital, records its feedback and the elder's own
/// confirmation, evaluates and asks to close; the manager approves on a desktop. The case page, the meeting form and
/// the task page are screenshotted at 390 and 1280 px and checked with axe.
/// </summary>
public sealed class CaseJourneyTests(E2EFixture e2e)
{
    private static async Task SubmitAsync(IPage page, string selector, string expect)
    {
        await page.ClickAsync(selector);
        try { await page.WaitForSelectorAsync($"[data-testid=case-message]:has-text('{expect}')"); }
        catch (TimeoutException)
        {
            var shown = await page.Locator("[data-testid=case-message], .field-error, .alert, h1").AllTextContentsAsync();
            throw new TimeoutException($"waited for “{expect}” after {selector}; the page shows: {string.Join(" | ", shown)}");
        }
    }

    [Fact]
    public async Task From_an_overdue_elders_visit_to_a_case_closed_with_the_managers_approval()
    {
        var need = "腹部肿块，怕花钱不肯就医（E2E " + Random.Shared.Next(1000, 9999) + "）";
        var page = await e2e.NewPageAsync(390, 844);
        await e2e.LoginAsync(page, "worker");
        await page.GotoAsync("/visits/overdue");
        await page.Locator("[data-testid=overdue-list] li").Nth(1).Locator("a.work-main").ClickAsync();
        await page.WaitForSelectorAsync("[data-testid=person-name]");
        await page.ClickAsync("[data-testid=log-visit]");
        await page.WaitForSelectorAsync("[data-testid=visit-form]");
        await page.CheckAsync("input[name='Input.Method'][value=Home]");
        await page.FillAsync("#BasicLiving", "独居，精神尚可，腹部有肿块");
        await page.FillAsync("#needdesc", need);
        await page.ClickAsync("[data-testid=save-visit]");
        await page.WaitForSelectorAsync("text=走访已记录");

        // The need becomes a case in one step.
        await page.Locator("li", new() { HasText = need }).Locator("[data-testid=need-to-case]").ClickAsync();
        await page.WaitForSelectorAsync("[data-testid=case-form]");
        (await page.TextContentAsync("[data-testid=from-need]"))!.ShouldContain(need);
        await page.CheckAsync("input[name=Risk][value=High]");
        await page.FillAsync("#request", "希望有人陪同去医院，了解费用减免");
        await WorkerJourneyTests.NoSidewaysScrollAsync(page, 390);
        await page.ClickAsync("[data-testid=open-case]");
        await page.WaitForSelectorAsync("[data-testid=case-title]");
        var caseUrl = page.Url.Split('?')[0];
        (await page.TextContentAsync("[data-testid=case-stage]"))!.ShouldBe("接案");

        await SubmitAsync(page, "[data-testid=advance]", "预估");
        await page.FillAsync("#as-problems", "独居，腹部肿块未治疗，担心费用");
        await page.FillAsync("#as-strengths", "愿意配合，与邻居关系好");
        await page.FillAsync("#as-risk", "病情可能恶化");
        await page.FillAsync("#as-family", "女儿在五山街道，每月来电");
        await page.CheckAsync("input[name=Answer0][value=No]");
        await page.CheckAsync("input[name=Answer2][value=Yes]");
        await SubmitAsync(page, "[data-testid=save-assessment]", "已保存");
        await SubmitAsync(page, "[data-testid=advance]", "计划");
        await page.FillAsync("#g-0", "完成检查和手术");
        await page.FillAsync("#m-0", "联动街道、居委会、医院；陪同就医");
        await page.FillAsync("#t-0", DateTime.Today.AddDays(30).ToString("yyyy-MM-dd"));
        await page.FillAsync("#g-1", "术后有人照料");
        await page.FillAsync("#m-1", "居委会每周探访，志愿者送餐");
        await page.FillAsync("#t-1", DateTime.Today.AddDays(60).ToString("yyyy-MM-dd"));
        await SubmitAsync(page, "[data-testid=save-plan]", "已保存");
        await SubmitAsync(page, "[data-testid=advance]", "介入");
        await page.FillAsync("#n-text", "入户陪同去区人民医院做检查，医生建议手术");
        await SubmitAsync(page, "[data-testid=save-note]", "过程记录已保存");

        // The linkage meeting with the street office and the hospital; its decisions become tasks.
        await page.ClickAsync("[data-testid=record-meeting]");
        await page.WaitForSelectorAsync("[data-testid=meeting-form]");
        var meetingFormUrl = page.Url;
        await page.FillAsync("#p-unit-0", "长洲街道办事处");
        await page.FillAsync("#p-person-0", "李主任");
        await page.FillAsync("#p-role-0", "主任");
        await page.FillAsync("#p-unit-1", "黄埔区人民医院");
        await page.FillAsync("#p-person-1", "王医生");
        await page.FillAsync("#p-role-1", "外科主治医生");
        await page.FillAsync("#m-minutes", "细叔腹部肿块未治疗，担心费用。医院可安排检查和手术；街道可申请大病医疗救助；居委会术后每周探访。");
        await page.FillAsync("#d-text-0", "陪同细叔到医院做术前检查");
        await page.SelectOptionAsync("#d-worker-0", new SelectOptionValue { Label = "李社工" });
        await page.FillAsync("#d-due-0", DateTime.Today.AddDays(2).ToString("yyyy-MM-dd"));
        await page.FillAsync("#d-text-1", "办理大病医疗救助申请");
        await page.FillAsync("#d-unit-1", "长洲街道办事处");
        await page.FillAsync("#d-due-1", DateTime.Today.AddDays(10).ToString("yyyy-MM-dd"));
        await WorkerJourneyTests.NoSidewaysScrollAsync(page, 390);
        await Accessibility.NoSeriousViolationsAsync(page, "meeting form");
        await E2EFixture.ScreenshotAsync(page, "meeting-form-phone");
        await page.ClickAsync("[data-testid=save-meeting]");
        await page.WaitForSelectorAsync("[data-testid=meeting-message]");
        (await page.TextContentAsync("[data-testid=meeting-parties]"))!.ShouldContain("黄埔区人民医院");
        (await page.TextContentAsync("[data-testid=meeting-decisions]"))!.ShouldContain("陪同细叔到医院做术前检查");
        await Accessibility.NoSeriousViolationsAsync(page, "meeting page");
        await E2EFixture.ScreenshotAsync(page, "meeting-phone");
        await page.GotoAsync("/tasks");
        await page.WaitForSelectorAsync("[data-testid=bucket-week]");
        (await page.TextContentAsync("[data-testid=bucket-week]"))!.ShouldContain("陪同细叔到医院做术前检查");
        await WorkerJourneyTests.NoSidewaysScrollAsync(page, 390);
        await Accessibility.NoSeriousViolationsAsync(page, "tasks page");
        await E2EFixture.ScreenshotAsync(page, "tasks-phone");

        // The same form (empty) and the task list at desk width.
        var wide = await e2e.NewPageAsync(1280, 900);
        await e2e.LoginAsync(wide, "worker");
        await wide.GotoAsync(meetingFormUrl);
        await wide.WaitForSelectorAsync("[data-testid=meeting-form]");
        await WorkerJourneyTests.NoSidewaysScrollAsync(wide, 1280);
        await Accessibility.NoSeriousViolationsAsync(wide, "meeting form (desktop)");
        await E2EFixture.ScreenshotAsync(wide, "meeting-form-desktop");
        await wide.GotoAsync("/tasks");
        await wide.WaitForSelectorAsync("[data-testid=bucket-week]");
        await WorkerJourneyTests.NoSidewaysScrollAsync(wide, 1280);
        await Accessibility.NoSeriousViolationsAsync(wide, "tasks page (desktop)");
        await E2EFixture.ScreenshotAsync(wide, "tasks-desktop");
        await wide.GotoAsync("/");
        (await wide.TextContentAsync("[data-testid=home-tasks]"))!.ShouldContain("本周到期");
        await wide.Context.CloseAsync();
        await page.GotoAsync(caseUrl);
        await page.WaitForSelectorAsync("[data-testid=case-meeting]");

        await page.ClickAsync("[data-testid=referral-open]");
        await page.SelectOptionAsync("#rf-kind", "Hospital");
        await page.FillAsync("#rf-name", "黄埔区人民医院");
        await page.FillAsync("#rf-reason", "腹部肿块需手术");
        await page.FillAsync("#rf-request", "安排手术，落实大病保险和医疗救助减免");
        await page.CheckAsync("input[name=Shared][value=Name]");
        await page.CheckAsync("input[name=Shared][value=Age]");
        await page.SelectOptionAsync("#rf-basis", "WrittenConsent");
        await page.FillAsync("#rf-note", "本人签字同意转介");
        await SubmitAsync(page, "[data-testid=send-referral]", "转介已发出");
        var referral = page.Locator("[data-testid=referral]").First;
        await referral.Locator("summary").ClickAsync();
        await referral.Locator("input[name=Status][value=Accepted]").CheckAsync();
        await SubmitAsync(page, "[data-testid=referral] [data-testid=save-answer]", "已保存");
        await referral.Locator("summary").ClickAsync();
        await referral.Locator("input[name=Status][value=Done]").CheckAsync();
        await referral.Locator("textarea[name=Feedback]").FillAsync("手术已完成，费用按大病保险减免");
        await SubmitAsync(page, "[data-testid=referral] [data-testid=save-answer]", "已保存");
        await referral.Locator("input[name=Method][value=Visit]").CheckAsync();
        await referral.Locator("input[name=Answer][value=Received]").CheckAsync();
        await SubmitAsync(page, "[data-testid=confirm-referral]", "已记录本人核实结果");
        (await page.TextContentAsync("[data-testid=referrals]"))!.ShouldContain("本人核实：已得到服务");
        await WorkerJourneyTests.NoSidewaysScrollAsync(page, 390);
        await Accessibility.NoSeriousViolationsAsync(page, "case page");
        await E2EFixture.ScreenshotAsync(page, "case-phone");

        await SubmitAsync(page, "[data-testid=advance]", "评估");
        await page.CheckAsync("input[name=Att1][value=Attained]");
        await page.CheckAsync("input[name=Att2][value=Partly]");
        await page.FillAsync("#ev-summary", "手术成功，术后恢复良好；送餐已落实，探访待加强");
        await SubmitAsync(page, "[data-testid=save-evaluation]", "已保存");
        await page.SelectOptionAsync("#cl-reason", "GoalsAttained");
        await page.FillAsync("#cl-outcome", "目标基本达成，转入常规走访");
        await SubmitAsync(page, "[data-testid=request-closing]", "已提交站长审批");
        (await page.TextContentAsync("[data-testid=awaiting-approval]"))!.ShouldContain("等待站长审批");
        await page.Context.CloseAsync();

        var desk = await e2e.NewPageAsync(1280, 900);
        await e2e.LoginAsync(desk, "manager");
        await desk.GotoAsync("/cases?tab=approval");
        await desk.ClickAsync($"[data-testid=case-list] a[href='{new Uri(caseUrl).AbsolutePath}']");
        await desk.WaitForSelectorAsync("[data-testid=approve-closing]");
        await SubmitAsync(desk, "[data-testid=approve-closing]", "个案结案");
        (await desk.TextContentAsync("[data-testid=case-stage]"))!.ShouldBe("结案");
        (await desk.Locator("[data-testid=awaiting-badge]").CountAsync()).ShouldBe(0);
        await WorkerJourneyTests.NoSidewaysScrollAsync(desk, 1280);
        await Accessibility.NoSeriousViolationsAsync(desk, "closed case page");
        await E2EFixture.ScreenshotAsync(desk, "case-closed-desktop");
        await desk.GotoAsync("/cases");
        await Accessibility.NoSeriousViolationsAsync(desk, "case list");
        await E2EFixture.ScreenshotAsync(desk, "cases-desktop");
        await desk.Context.CloseAsync();
    }
}
