using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Cases;
using Shegong.Web.Features.Registry.Contracts;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Cases.Contracts;

/// <summary>
/// The signed-in worker's case tasks (next contacts, goal target dates, referral deadlines, meeting decisions) due
/// up to the end of this week (<see cref="CaseTask.WeekDays"/> days after today), overdue first — for the task page,
/// its API and the home page. One statement whatever the worker's history — the first <c>limit</c> rows with their
/// persons' names, one range of the (assignee, open, due date) index — and a count over the same range only when
/// rows were left off.
/// </summary>
public static class WorkerTasks
{
    public sealed record Item(Guid Id, TaskKind Kind, TaskBucket Bucket, DateOnly DueOn, int DaysOverdue, Guid CaseId, Guid PersonId, string PersonName,
        string Title, string OwnerUnit, Guid? SourceId, int? GoalNumber, bool CanMarkDone, int Version);

    /// <summary>Counts of every open task due by the end of the week; <see cref="Items"/> the first of them (<see cref="More"/>: some were left off).</summary>
    public sealed record Result(DateOnly Today, int Overdue, int DueToday, int DueThisWeek, IReadOnlyList<Item> Items, bool More);

    public static async Task<Result> WorkerTasksAsync(this ShegongDbContext db, int limit, CancellationToken ct = default)
    {
        var today = ChinaTime.Today;
        if (db.Scope.UserId is not { } me) return new Result(today, 0, 0, 0, [], false);
        var end = today.AddDays(CaseTask.WeekDays);
        var mine = db.Set<CaseTask>().AsNoTracking().Where(t => t.AssigneeId == me && t.IsOpen && t.DueOn <= end);
        // One statement in the usual case: the rows (with their persons' names) up to the limit; the counts come from
        // them unless some were left off, and only then from a second statement over the same index range.
        var rows = await mine.OrderBy(t => t.DueOn).ThenBy(t => t.Id).Take(Math.Max(limit, 0) + 1)
            .Select(t => new { Task = t, Name = db.PersonEntries().Where(p => p.Id == t.PersonId).Select(p => p.Name).FirstOrDefault() })
            .ToListAsync(ct);
        var more = rows.Count > limit;
        var counts = more
            ? await mine.GroupBy(t => t.DueOn < today ? TaskBucket.Overdue : t.DueOn == today ? TaskBucket.Today : TaskBucket.Week)
                .Select(g => new { g.Key, N = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.N, ct)
            : rows.GroupBy(r => CaseTask.BucketOf(r.Task.DueOn, today)).ToDictionary(g => g.Key, g => g.Count());
        int Of(TaskBucket b) => counts.GetValueOrDefault(b);
        var shown = rows.Take(Math.Max(limit, 0)).ToList();
        return new Result(today, Of(TaskBucket.Overdue), Of(TaskBucket.Today), Of(TaskBucket.Week),
            shown.Select(r => (r.Task, r.Name)).Select(x => new Item(x.Task.Id, x.Task.Kind, CaseTask.BucketOf(x.Task.DueOn, today), x.Task.DueOn,
                Math.Max(0, today.DayNumber - x.Task.DueOn.DayNumber), x.Task.CaseId, x.Task.PersonId, x.Name ?? "", x.Task.Title, x.Task.OwnerUnit,
                x.Task.SourceId, x.Task.GoalNumber, x.Task.Kind == TaskKind.Decision, x.Task.Version)).ToList(),
            more);
    }
}
