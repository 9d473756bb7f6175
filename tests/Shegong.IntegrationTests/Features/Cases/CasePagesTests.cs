using System.Net;
using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Cases;
using Shegong.Domain.Visits;
using Shegong.IntegrationTests.Features.Registry;
using Shegong.IntegrationTests.Infrastructure;
using static Shegong.IntegrationTests.Features.Cases.CaseApi;

namespace Shegong.IntegrationTests.Features.Cases;

/// <summary>The case pages: who reaches a case by page (404 for everyone else), and a whole case worked through the forms.</summary>
public sealed class CasePagesTests(AppFixture app)
{
    [Theory]
    [MemberData(nameof(CasePrivacyTests.Matrix), MemberType = typeof(CasePrivacyTests))]
    public async Task The_case_page_and_the_list_show_a_case_only_to_those_who_read_it(string user, bool reads)
    {
        await EnsureAccountsAsync(app);
        var (person, id) = await NewCaseAsync(app);
        using var worker = await app.ClientAsAsync("worker");
        var name = (await RegistryApi.GetAsync(worker, person)).Name;
        using var browser = await app.BrowserAsAsync(user);
        var page = await browser.GetAsync($"/cases/{id}");
        var html = await page.Content.ReadAsStringAsync();
        if (reads)
        {
            page.StatusCode.ShouldBe(HttpStatusCode.OK);
            html.ShouldContain("肿瘤未治疗");
        }
        else
        {
            page.StatusCode.ShouldBeOneOf(HttpStatusCode.NotFound, HttpStatusCode.Forbidden, HttpStatusCode.Redirect);
            html.ShouldNotContain("肿瘤未治疗");
        }
        var list = await browser.GetAsync($"/cases?tab=all&name={Uri.EscapeDataString(name)}");
        // The search box echoes the name; the case itself is listed by its link.
        if (list.StatusCode == HttpStatusCode.OK) (await list.Content.ReadAsStringAsync()).Contains($"href=\"/cases/{id}\"").ShouldBe(reads);
        else reads.ShouldBeFalse();
    }

    private static async Task<string> PostAsync(HttpClient browser, string url, string form, Dictionary<string, string> fields)
    {
        var r = await AppFixture.PostFormAsync(browser, url, form, fields);
        var html = await r.Content.ReadAsStringAsync();
        r.StatusCode.ShouldBe(HttpStatusCode.OK, html.Length > 2000 ? html[..2000] : html);
        return html;
    }

    [Fact]
    public async Task A_need_found_on_a_visit_becomes_a_case_worked_through_the_forms_to_its_approved_closing()
    {
        using var api = await app.ClientAsAsync("worker");
        var person = await RegistryApi.RegisterNewAsync(api);
        var need = await RegistryApi.QueryAsync(app, async db =>
        {
            var p = await db.Persons.SingleAsync(x => x.Id == person);
            var n = Need.Found(p, null, NeedCategory.Medical, "腹部肿块，怕花钱不肯就医", RegistryApi.Today);
            db.Needs.Add(n);
            await db.SaveChangesAsync();
            return n.Id;
        });
        using var browser = await app.BrowserAsAsync("worker");
        (await browser.GetStringAsync($"/persons/{person}")).ShouldContain($"/cases/new?person={person}&amp;need={need}");

        // Forms that forgive: a missing risk is named, what was typed stays.
        var refused = await PostAsync(browser, $"/cases/new?person={person}&need={need}", "new-case",
            new() { ["Source"] = "Outreach", ["PresentingProblem"] = "腹部肿块，怕花钱不肯就医，独居" });
        refused.ShouldContain("风险等级：不能为空");
        refused.ShouldContain("怕花钱不肯就医，独居");
        var opened = await AppFixture.PostFormAsync(browser, $"/cases/new?person={person}&need={need}", "new-case",
            new() { ["Source"] = "Outreach", ["Risk"] = "High", ["PresentingProblem"] = "腹部肿块，怕花钱不肯就医", ["Request"] = "陪同就医" });
        opened.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var url = opened.Headers.Location!.ToString().Split('?')[0];
        var id = Guid.Parse(url.Split('/').Last());
        (await GetAsync(api, id)).NeedId.ShouldBe(need);

        async Task<string> V() => (await VersionAsync(api, id)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        (await PostAsync(browser, url, "advance-Assessment", new() { ["Version"] = await V() })).ShouldContain("已进入“预估”阶段");
        // The plan's stage cannot be reached without the assessment.
        (await PostAsync(browser, url, "advance-Planning", new() { ["Version"] = await V() })).ShouldContain("请先填写预估");
        var assessed = await PostAsync(browser, url, "assessment", new()
        {
            ["Version"] = await V(), ["Problems"] = "独居，肿瘤未治疗", ["Strengths"] = "愿意配合", ["Risk"] = "High", ["RiskNote"] = "病情可能恶化",
            ["FamilyAndSupport"] = "女儿在外地", ["Item0"] = "有无固定照顾者", ["Answer0"] = "No", ["Item1"] = "是否独居", ["Answer1"] = "Yes",
        });
        assessed.ShouldContain("已保存");
        await PostAsync(browser, url, "advance-Planning", new() { ["Version"] = await V() });
        var badPlan = await PostAsync(browser, url, "plan", new() { ["Version"] = await V(), ["Goal0"] = "完成手术", ["Measures0"] = "", ["Target0"] = RegistryApi.Today.AddDays(30).ToString("yyyy-MM-dd") });
        badPlan.ShouldContain("第 1 个目标的措施：不能为空");
        badPlan.ShouldContain("完成手术");
        await PostAsync(browser, url, "plan", new()
        {
            ["Version"] = await V(), ["Goal0"] = "完成检查和手术", ["Measures0"] = "联动街道、居委会、医院", ["Target0"] = RegistryApi.Today.AddDays(30).ToString("yyyy-MM-dd"),
            ["Goal2"] = "术后有人照料", ["Measures2"] = "居委会每周探访", ["Target2"] = RegistryApi.Today.AddDays(60).ToString("yyyy-MM-dd"),
        });
        (await GetAsync(api, id)).Plan.Items.Select(g => g.Goal).ShouldBe(["完成检查和手术", "术后有人照料"]);
        await PostAsync(browser, url, "advance-Intervention", new() { ["Version"] = await V() });
        (await PostAsync(browser, url, "note", new() { ["On"] = RegistryApi.Today.ToString("yyyy-MM-dd"), ["Method"] = "HomeVisit", ["Minutes"] = "40", ["Text"] = "入户，陪同检查" }))
            .ShouldContain("过程记录已保存");
        (await PostAsync(browser, url, "referral", new()
        {
            ["ReceiverKind"] = "Hospital", ["ReceiverName"] = "黄埔区人民医院", ["Reason"] = "需手术", ["Request"] = "安排手术，落实费用减免",
            ["Shared"] = "Name", ["Basis"] = "WrittenConsent", ["BasisNote"] = "本人签字同意", ["FeedbackDays"] = "5",
        })).ShouldContain("转介已发出");
        var referral = (await GetAsync(api, id)).Referrals.Single();
        referral.Shared.ShouldBe(SharedField.Name);
        await PostAsync(browser, url, $"answer-{referral.Id}", new() { ["Version"] = referral.Version.ToString(), ["Status"] = "Accepted" });
        await PostAsync(browser, url, $"answer-{referral.Id}", new() { ["Version"] = (referral.Version + 1).ToString(), ["Status"] = "Done", ["Feedback"] = "手术已完成" });
        (await PostAsync(browser, url, $"confirm-{referral.Id}", new()
        {
            ["Version"] = (referral.Version + 2).ToString(), ["On"] = RegistryApi.Today.ToString("yyyy-MM-dd"), ["Method"] = "Call", ["Answer"] = "Received",
        })).ShouldContain("本人核实：已得到服务");
        await PostAsync(browser, url, "advance-Evaluation", new() { ["Version"] = await V() });
        await PostAsync(browser, url, "evaluation", new() { ["Version"] = await V(), ["Att1"] = "Attained", ["Att2"] = "Partly", ["Summary"] = "手术成功" });
        (await PostAsync(browser, url, "closing", new() { ["Version"] = await V(), ["ClosingReason"] = "GoalsAttained", ["Outcome"] = "术后恢复良好" }))
            .ShouldContain("等待站长审批");
        using var manager = await app.BrowserAsAsync("manager");
        (await PostAsync(manager, url, "approve", new() { ["Version"] = await V() })).ShouldContain("个案结案");
        var closed = await GetAsync(api, id);
        (closed.Stage, closed.ClosingApprovedByName).ShouldBe((CaseStage.Closed, "陈站长"));
        (await browser.GetStringAsync(url)).ShouldNotContain("data-testid=\"note-form\"");
    }

    [Fact]
    public async Task The_receiving_station_answers_from_its_inbox_page_seeing_only_the_shared_fields()
    {
        var (_, id) = await NewCaseAsync(app);
        using var worker = await app.ClientAsAsync("worker");
        await ToStageAsync(worker, id, CaseStage.Intervention);
        var wushan = await StationIdAsync(app, "440106001");
        await OkAsync(CaseApi.PostAsync(worker, $"/api/v1/cases/{id}/referrals", new Shegong.Web.Features.Cases.CasesApi.ReferralRequest(ReceiverKind.Station, null, wushan,
            "术后在女儿家休养", "请上门探访" + id.ToString("N")[..6], SharedField.Age, Shegong.Domain.Registry.LegalBasis.WrittenConsent, "本人同意", 10)), HttpStatusCode.Created);
        var referral = (await GetAsync(worker, id)).Referrals.Single();
        await EnsureAccountsAsync(app);
        using var b = await app.BrowserAsAsync(WushanWorker);
        var inbox = await b.GetStringAsync("/cases/inbox");
        var at = inbox.IndexOf("请上门探访" + id.ToString("N")[..6], StringComparison.Ordinal);
        at.ShouldBeGreaterThan(0);
        var start = inbox.LastIndexOf("<li", at, StringComparison.Ordinal);
        var item = inbox[start..inbox.IndexOf("</li>", at, StringComparison.Ordinal)];
        item.ShouldNotContain("data-testid=\"shared-name\"");
        item.ShouldContain("年龄");
        var answered = await PostAsync(b, "/cases/inbox", $"inbox-{referral.Id}", new() { ["Version"] = "0", ["Status"] = "Declined" });
        answered.ShouldContain("反馈：不能为空");
        await PostAsync(b, "/cases/inbox", $"inbox-{referral.Id}", new() { ["Version"] = "0", ["Status"] = "Declined", ["Feedback"] = "该地址不在本站辖区" });
        (await GetAsync(worker, id)).Referrals.Single().Feedback.ShouldBe("该地址不在本站辖区");
    }
}
