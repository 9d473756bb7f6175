using System.Net;
using Shegong.Domain.Registry;
using Shegong.Domain.Visits;
using Shegong.IntegrationTests.Infrastructure;
using Shegong.Web.Features.Visits;
using static Shegong.IntegrationTests.Features.Registry.RegistryApi;
using static Shegong.IntegrationTests.Features.Visits.VisitsTestApi;

namespace Shegong.IntegrationTests.Features.Visits;

/// <summary>Logging visits moves the plan at once; needs found stay open; overdue people leave the list once visited.</summary>
public sealed class LogVisitTests(AppFixture app)
{
    [Theory]
    [InlineData(FollowUpTier.General, 90)]
    [InlineData(FollowUpTier.Key, 30)]
    [InlineData(FollowUpTier.HighRisk, 7)]
    public async Task A_visit_sets_the_last_visit_and_the_next_due_date_by_tier(FollowUpTier tier, int days)
    {
        using var worker = await app.ClientAsAsync("worker");
        var personId = await RegisterNewAsync(worker, tier);
        (await GetAsync(worker, personId)).NextVisitDue.ShouldBe(Today.AddDays(days));

        var visitedOn = Today.AddDays(-2);
        var record = new VisitRecord(BasicLiving: "生活正常，饮食规律", SafetyRisks: "浴室地面湿滑", ServicesGiven: "健康宣教");
        var visitId = await LogVisitAsync(worker, personId, visitedOn, VisitMethod.Home, record);

        var person = await GetAsync(worker, personId);
        person.LastVisitOn.ShouldBe(visitedOn);
        person.NextVisitDue.ShouldBe(visitedOn.AddDays(days));
        person.OverdueDays.ShouldBe(0);
        person.Version.ShouldBe(1);
        var visit = person.Visits.ShouldHaveSingleItem();
        visit.Id.ShouldBe(visitId);
        visit.VisitedOn.ShouldBe(visitedOn);
        visit.Method.ShouldBe(VisitMethod.Home);
        visit.VisitorName.ShouldBe("李社工");
        visit.Tier.ShouldBe(tier);
        visit.Record.ShouldBe(record with { FamilySupport = "", NeedsFound = "", FollowUpActions = "" });
    }

    [Fact]
    public async Task An_older_visit_entered_late_is_kept_but_does_not_move_the_plan_back()
    {
        using var worker = await app.ClientAsAsync("worker");
        var personId = await RegisterNewAsync(worker, FollowUpTier.Key);
        await LogVisitAsync(worker, personId, Today.AddDays(-2), VisitMethod.PhoneVideo);
        await LogVisitAsync(worker, personId, Today.AddDays(-20), VisitMethod.Home);

        var person = await GetAsync(worker, personId);
        person.LastVisitOn.ShouldBe(Today.AddDays(-2));
        person.NextVisitDue.ShouldBe(Today.AddDays(28));
        person.Visits.Select(v => v.VisitedOn).ShouldBe([Today.AddDays(-2), Today.AddDays(-20)]);
    }

    [Fact]
    public async Task A_visit_in_the_future_or_without_method_or_date_is_refused_and_nothing_changes()
    {
        using var worker = await app.ClientAsAsync("worker");
        var personId = await RegisterNewAsync(worker);
        var before = await GetAsync(worker, personId);

        (await ErrorsAsync(await PostVisitAsync(worker, personId, Today.AddDays(1)), "VisitedOn")).ShouldBe(["走访日期：不能晚于今天"]);
        (await ErrorsAsync(await PostVisitAsync(worker, personId, null), "VisitedOn")).ShouldBe(["走访日期：不能为空"]);
        (await ErrorsAsync(await PostVisitAsync(worker, personId, Today, method: null), "Method")).ShouldBe(["走访方式：不能为空"]);
        (await ErrorsAsync(await PostVisitAsync(worker, personId, before.RegisteredOn.AddYears(-1).AddDays(-1)), "VisitedOn"))
            .ShouldBe(["走访日期：早于登记日期一年以上，请核对"]);
        var tooLong = new VisitRecord(SafetyRisks: new string('险', VisitRecord.SectionMax + 1));
        (await ErrorsAsync(await PostVisitAsync(worker, personId, Today, VisitMethod.Home, tooLong), "SafetyRisks")).ShouldBe(["安全隐患：不能超过 1000 个字"]);

        var after = await GetAsync(worker, personId);
        after.Visits.ShouldBeEmpty();
        after.LastVisitOn.ShouldBeNull();
        after.NextVisitDue.ShouldBe(before.NextVisitDue);
        after.Version.ShouldBe(before.Version);
    }

    [Fact]
    public async Task Needs_found_in_a_visit_are_open_needs_of_the_person()
    {
        using var worker = await app.ClientAsAsync("worker");
        var personId = await RegisterNewAsync(worker);
        await LogVisitAsync(worker, personId, Today.AddDays(-1), VisitMethod.Home, null,
            new LogVisit.NeedInput(NeedCategory.Material, "需要一台电风扇"),
            new LogVisit.NeedInput(null, "希望有人陪同复诊"),
            new LogVisit.NeedInput(NeedCategory.Care, "  "));

        var needs = (await GetAsync(worker, personId)).OpenNeeds;
        needs.Select(n => (n.Category, n.Description)).ShouldBe([(NeedCategory.Material, "需要一台电风扇"), (NeedCategory.Other, "希望有人陪同复诊")], ignoreOrder: true);
        needs.ShouldAllBe(n => n.Status == NeedStatus.Open && n.FoundOn == Today.AddDays(-1));

        // An over-long need refuses the whole visit.
        var refused = await PostVisitAsync(worker, personId, Today, VisitMethod.Home, null, new LogVisit.NeedInput(NeedCategory.Other, new string('需', Need.DescriptionMax + 1)));
        (await ErrorsAsync(refused, "NeedDescription")).ShouldBe(["需求描述：不能超过 300 个字"]);
        var after = await GetAsync(worker, personId);
        after.Visits.Count.ShouldBe(1);
        after.OpenNeeds.Count.ShouldBe(2);
    }

    [Fact]
    public async Task An_overdue_person_is_listed_until_visited_today()
    {
        using var worker = await app.ClientAsAsync("worker");
        var personId = await RegisterNewAsync(worker, FollowUpTier.HighRisk);
        await LogVisitAsync(worker, personId, Today.AddDays(-10));

        var person = await GetAsync(worker, personId);
        person.NextVisitDue.ShouldBe(Today.AddDays(-3));
        person.OverdueDays.ShouldBe(3);
        var overdue = await ListAllAsync(worker, "/api/v1/visits/overdue");
        overdue.Single(i => i.Id == personId).OverdueDays.ShouldBe(3);
        overdue.ShouldAllBe(i => i.OverdueDays > 0 && i.NextVisitDue < Today);
        overdue.Select(i => i.NextVisitDue!.Value).ShouldBeInOrder(SortDirection.Ascending);
        (await ListAllAsync(worker, "/api/v1/visits/overdue?tier=HighRisk")).ShouldContain(i => i.Id == personId);
        (await ListAllAsync(worker, "/api/v1/visits/overdue?tier=General")).ShouldNotContain(i => i.Id == personId);
        (await ListAllAsync(worker, "/api/v1/persons?overdueOnly=true")).ShouldContain(i => i.Id == personId);

        await LogVisitAsync(worker, personId, Today, VisitMethod.PhoneVideo);
        (await ListAllAsync(worker, "/api/v1/visits/overdue")).ShouldNotContain(i => i.Id == personId);
        var visited = await GetAsync(worker, personId);
        visited.NextVisitDue.ShouldBe(Today.AddDays(7));
        visited.OverdueDays.ShouldBe(0);
    }

    [Fact]
    public async Task A_moved_away_person_cannot_be_visited()
    {
        using var worker = await app.ClientAsAsync("worker");
        var personId = await RegisterNewAsync(worker);
        (await ChangeStatusAsync(worker, personId, 0, PersonStatus.MovedAway, Today)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await ErrorsAsync(await PostVisitAsync(worker, personId, Today), "Status")).ShouldBe(["状态：此人已不在册（迁出或已故）"]);
        (await GetAsync(worker, personId)).Visits.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_reported_event_brings_the_next_visit_forward_until_a_visit_answers_it()
    {
        using var worker = await app.ClientAsAsync("worker");
        var personId = await RegisterNewAsync(worker);
        (await GetAsync(worker, personId)).NextVisitDue.ShouldBe(Today.AddDays(90));

        (await ReportEventAsync(worker, personId, Today.AddDays(-3), "在家摔倒，已出院")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var reported = await GetAsync(worker, personId);
        reported.EventReportedOn.ShouldBe(Today.AddDays(-3));
        reported.EventNote.ShouldBe("在家摔倒，已出院");
        reported.NextVisitDue.ShouldBe(Today.AddDays(-2));
        reported.OverdueDays.ShouldBe(2);
        (await ListAllAsync(worker, "/api/v1/visits/overdue")).ShouldContain(i => i.Id == personId);

        // A visit dated before the event does not answer it; one on or after it does.
        await LogVisitAsync(worker, personId, Today.AddDays(-5));
        (await GetAsync(worker, personId)).NextVisitDue.ShouldBe(Today.AddDays(-2));
        await LogVisitAsync(worker, personId, Today.AddDays(-1));
        var answered = await GetAsync(worker, personId);
        answered.EventReportedOn.ShouldBeNull();
        answered.EventNote.ShouldBe("");
        answered.NextVisitDue.ShouldBe(Today.AddDays(89));
    }

    [Fact]
    public async Task An_event_never_moves_an_earlier_due_date_later()
    {
        using var worker = await app.ClientAsAsync("worker");
        var personId = await RegisterNewAsync(worker, FollowUpTier.HighRisk);
        await LogVisitAsync(worker, personId, Today.AddDays(-7));
        (await GetAsync(worker, personId)).NextVisitDue.ShouldBe(Today);

        (await ReportEventAsync(worker, personId, Today)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var person = await GetAsync(worker, personId);
        person.EventReportedOn.ShouldBe(Today);
        person.NextVisitDue.ShouldBe(Today);
    }

    [Fact]
    public async Task An_event_before_the_persons_birth_is_refused()
    {
        using var worker = await app.ClientAsAsync("worker");
        var id = NewId();
        var personId = await RegisterAsync(worker, Request(Details(id)));
        (await ErrorsAsync(await ReportEventAsync(worker, personId, id.BirthDate.AddDays(-1)), "EventOn")).Single().ShouldStartWith("事件日期：");
        (await GetAsync(worker, personId)).NextVisitDue.ShouldBe(Today.AddDays(90));
    }

    [Fact]
    public async Task An_event_in_the_future_or_without_a_note_is_refused()
    {
        using var worker = await app.ClientAsAsync("worker");
        var personId = await RegisterNewAsync(worker);
        (await ErrorsAsync(await ReportEventAsync(worker, personId, Today.AddDays(1)), "EventOn")).ShouldBe(["事件日期：不能晚于今天"]);
        (await ErrorsAsync(await ReportEventAsync(worker, personId, Today, " "), "EventNote")).ShouldBe(["事件说明：不能为空"]);
        var person = await GetAsync(worker, personId);
        person.EventReportedOn.ShouldBeNull();
        person.NextVisitDue.ShouldBe(Today.AddDays(90));
    }
}
