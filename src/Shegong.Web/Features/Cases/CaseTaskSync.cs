using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Cases;
using Shegong.Domain.Common;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Cases;

/// <summary>
/// Keeps a case's tasks in step with their sources, in the same save as the change: a note ends the open next-contact
/// task (and may set the next one), a plan replaces the open goal tasks, the evaluation ends them, a referral's result
/// ends its task, a closed case ends all of its tasks. Each is one indexed look-up by case (or source).
/// </summary>
internal static class CaseTaskSync
{
    public static async Task EndOpenAsync(ShegongDbContext db, Guid caseId, TaskKind? kind, TaskClosure how, DateOnly on, Guid? by, CancellationToken ct)
    {
        var open = await db.Set<CaseTask>().Where(t => t.CaseId == caseId && t.IsOpen && (kind == null || t.Kind == kind)).ToListAsync(ct);
        foreach (var t in open) t.End(how, on, by);
    }

    public static async Task NoteWrittenAsync(ShegongDbContext db, Case c, CaseNote note, DateOnly today, CancellationToken ct)
    {
        await EndOpenAsync(db, c.Id, TaskKind.NextContact, TaskClosure.Satisfied, today, note.AuthorId, ct);
        if (note.NextContactOn is { } next) db.Set<CaseTask>().Add(CaseTask.ForNextContact(c, note, next));
    }

    public static async Task PlanWrittenAsync(ShegongDbContext db, Case c, DateOnly today, Guid by, CancellationToken ct)
    {
        await EndOpenAsync(db, c.Id, TaskKind.GoalTarget, TaskClosure.Replaced, today, by, ct);
        db.Set<CaseTask>().AddRange(c.Plan.Items.Select(g => CaseTask.ForGoal(c, g)));
    }

    /// <summary>
    /// After the case's workers changed (<see cref="ChangeCaseWorkers"/>, which has copied the case's access list to its
    /// tasks): an open task on the list of someone no longer on the case — the next contacts and goals of the former
    /// worker in charge, a referral deadline of a sender taken off, a unit's decision followed up by the former worker —
    /// moves to the new worker in charge; a decision a worker owns stays theirs and they keep reading it; every meeting
    /// that discussed the case gets the union of its cases' workers again.
    /// </summary>
    public static async Task WorkersChangedAsync(ShegongDbContext db, Case c, Guid formerWorker, CancellationToken ct)
    {
        // A task's readers are the case's plus its assignee (a decision's owner may not be on the case), so tasks are not
        // plain copies of the case's list (not ICaseRecord): each follows here, ended ones keeping their assignee.
        foreach (var t in await db.Set<CaseTask>().Where(t => t.CaseId == c.Id).ToListAsync(ct))
        {
            var ownedByWorker = !t.IsOpen || (t.Kind == TaskKind.Decision && t.OwnerUnit.Length == 0);
            if (ownedByWorker) t.FollowCase(c, keepAssignee: true);
            else t.FollowCase(c, keepAssignee: WorkerAccess.Admits(c.AccessList, t.AssigneeId) && !(t.AssigneeId == formerWorker && t.Kind is not TaskKind.ReferralFeedback));
        }
        var meetings = await db.Set<LinkageMeetingCase>().Where(m => m.CaseId == c.Id).Select(m => m.MeetingId).ToListAsync(ct);
        foreach (var m in await db.Set<LinkageMeeting>().Where(m => meetings.Contains(m.Id)).ToListAsync(ct))
        {
            var lists = await db.CasesOf().Where(x => m.CaseIds.Contains(x.Id)).Select(x => x.AccessList).ToListAsync(ct);
            m.FollowCases(lists);
        }
    }

    /// <summary>The receiver's result (declined or done) ends the referral's task. <paramref name="unfiltered"/>: the receiving station answers (the sender's task is found by its referral alone).</summary>
    public static async Task ReferralAnsweredAsync(ShegongDbContext db, Referral r, DateOnly on, bool unfiltered, CancellationToken ct)
    {
        if (r.Status is not (ReferralStatus.Declined or ReferralStatus.Done)) return;
        var tasks = unfiltered ? db.Set<CaseTask>().IgnoreQueryFilters(ShegongDbContext.ScopeFilters) : db.Set<CaseTask>();
        foreach (var t in await tasks.Where(t => t.SourceId == r.Id && t.Kind == TaskKind.ReferralFeedback && t.IsOpen).ToListAsync(ct))
            t.End(TaskClosure.Satisfied, on);
    }
}
