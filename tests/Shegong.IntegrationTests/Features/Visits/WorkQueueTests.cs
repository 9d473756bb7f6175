using Shegong.Domain.Registry;
using Shegong.Domain.Visits;
using Shegong.IntegrationTests.Infrastructure;
using static Shegong.IntegrationTests.Features.Registry.RegistryApi;
using static Shegong.IntegrationTests.Features.Visits.VisitsTestApi;

namespace Shegong.IntegrationTests.Features.Visits;

/// <summary>本周走访: the signed-in worker's overdue people, those due by Sunday, and the visits made this week.</summary>
public sealed class WorkQueueTests(AppFixture app)
{
    [Fact]
    public async Task The_queue_shows_the_workers_own_overdue_due_and_done_people()
    {
        using var worker = await app.ClientAsAsync("worker");
        using var manager = await app.ClientAsAsync("manager");
        var me = await UserIdAsync(app, "worker");
        var managerId = await UserIdAsync(app, "manager");

        var overdue = await RegisterNewAsync(worker, FollowUpTier.HighRisk, worker: me);
        await LogVisitAsync(worker, overdue, Today.AddDays(-10));              // due 3 days ago
        var dueToday = await RegisterNewAsync(worker, FollowUpTier.HighRisk, worker: me);
        await LogVisitAsync(worker, dueToday, Today.AddDays(-7));              // due today
        var done = await RegisterNewAsync(worker, worker: me);
        var doneVisit = await LogVisitAsync(worker, done, Today, VisitMethod.PhoneVideo);
        var eventPending = await RegisterNewAsync(worker, worker: me);
        (await ReportEventAsync(worker, eventPending, Today)).EnsureSuccessStatusCode(); // due tomorrow, never later than Sunday + 1
        var notMine = await RegisterNewAsync(worker, FollowUpTier.HighRisk, worker: managerId);
        await LogVisitAsync(worker, notMine, Today.AddDays(-10));
        var later = await RegisterNewAsync(worker, worker: me);                // due in 90 days

        var queue = await QueueAsync(worker);
        queue.WeekStart.DayOfWeek.ShouldBe(DayOfWeek.Monday);
        queue.WeekEnd.ShouldBe(queue.WeekStart.AddDays(6));
        Today.ShouldBeInRange(queue.WeekStart, queue.WeekEnd);

        var o = queue.Overdue.Single(i => i.Id == overdue);
        (o.OverdueDays, o.NextVisitDue, o.LastVisitOn, o.Tier, o.EventPending).ShouldBe((3, Today.AddDays(-3), (DateOnly?)Today.AddDays(-10), FollowUpTier.HighRisk, false));
        queue.Overdue.ShouldAllBe(i => i.OverdueDays > 0);
        var d = queue.DueThisWeek.Single(i => i.Id == dueToday);
        (d.OverdueDays, d.NextVisitDue).ShouldBe((0, Today));
        queue.DueThisWeek.ShouldAllBe(i => i.OverdueDays == 0 && i.NextVisitDue >= Today && i.NextVisitDue <= queue.WeekEnd);
        if (Today < queue.WeekEnd) queue.DueThisWeek.Single(i => i.Id == eventPending).EventPending.ShouldBeTrue();

        var ids = queue.Overdue.Concat(queue.DueThisWeek).Select(i => i.Id).ToList();
        ids.ShouldNotContain(notMine);
        ids.ShouldNotContain(done);
        ids.ShouldNotContain(later);
        var visit = queue.DoneThisWeek.Single(v => v.VisitId == doneVisit);
        (visit.PersonId, visit.VisitedOn, visit.Method).ShouldBe((done, Today, VisitMethod.PhoneVideo));
        queue.DoneThisWeek.ShouldAllBe(v => v.VisitedOn >= queue.WeekStart && v.VisitedOn <= queue.WeekEnd);

        // The manager's own queue does not hold the worker's people; the whole station's does.
        var managers = await QueueAsync(manager);
        managers.Overdue.Select(i => i.Id).ShouldContain(notMine);
        managers.Overdue.Concat(managers.DueThisWeek).Select(i => i.Id).ShouldNotContain(overdue);
        managers.DoneThisWeek.ShouldNotContain(v => v.VisitId == doneVisit); // visited by the worker
        var station = await QueueAsync(manager, all: true);
        station.Overdue.Select(i => i.Id).ShouldContain(overdue);
        station.Overdue.Select(i => i.Id).ShouldContain(notMine);
        station.DoneThisWeek.ShouldContain(v => v.VisitId == doneVisit);

        // Another station's queue shows none of it.
        using var worker2 = await app.ClientAsAsync("worker2");
        var theirs = await QueueAsync(worker2, all: true);
        theirs.Overdue.Concat(theirs.DueThisWeek).Select(i => i.Id).ShouldNotContain(overdue);
        theirs.DoneThisWeek.ShouldNotContain(v => v.VisitId == doneVisit);

        // Visiting the overdue person moves them out of the queue and into the done list.
        var answered = await LogVisitAsync(worker, overdue, Today);
        var after = await QueueAsync(worker);
        after.Overdue.ShouldNotContain(i => i.Id == overdue);
        after.DueThisWeek.ShouldNotContain(i => i.Id == overdue);
        after.DoneThisWeek.ShouldContain(v => v.VisitId == answered && v.PersonId == overdue);
    }
}
