using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Cases;
using Shegong.Web.Features.Registry.Contracts;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Cases.Contracts;

/// <summary>
/// The signed-in worker's case tasks (next contacts, goal target dates, referral deadlines, meeting decisions) due
/// up to the end of this week (<see cref="CaseTask.WeekDays"/> days after today), overdue first — for the task page,
/// its API and the home page. Three statements whatever the worker's history: the counts and the first
/// <c>limit</c> rows, both one range of the (assignee, open, due date) index, and the persons' names of those rows.
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
        var counts = await mine.GroupBy(t => t.DueOn < today ? TaskBucket.Overdue : t.DueOn == today ? TaskBucket.Today : TaskBucket.Week)
            .Select(g => new { g.Key, N = g.Count() }).ToListAsync(ct);
        int Of(TaskBucket b) => counts.FirstOrDefault(c => c.Key == b)?.N ?? 0;
        var rows = limit <= 0 ? [] : await mine.OrderBy(t => t.DueOn).ThenBy(t => t.Id).Take(limit + 1).ToListAsync(ct);
        var shown = rows.Take(limit).ToList();
        var ids = shown.Select(t => t.PersonId).Distinct().ToList();
        var names = ids.Count == 0 ? [] : await db.PersonEntries().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        return new Result(today, Of(TaskBucket.Overdue), Of(TaskBucket.Today), Of(TaskBucket.Week),
            shown.Select(t => new Item(t.Id, t.Kind, CaseTask.BucketOf(t.DueOn, today), t.DueOn, Math.Max(0, today.DayNumber - t.DueOn.DayNumber),
                t.CaseId, t.PersonId, names.GetValueOrDefault(t.PersonId, ""), t.Title, t.OwnerUnit, t.SourceId, t.GoalNumber,
                t.Kind == TaskKind.Decision, t.Version)).ToList(),
            rows.Count > limit);
    }
}
