using Shegong.Domain.Common;

namespace Shegong.Domain.Cases;

/// <summary>Where a task comes from.</summary>
public enum TaskKind
{
    NextContact = 1,      // 下次联系（过程记录约定的日期）
    GoalTarget = 2,       // 服务计划目标日期
    ReferralFeedback = 3, // 转介反馈期限
    Decision = 4,         // 联动会议决定
}

/// <summary>How a task ended.</summary>
public enum TaskClosure
{
    Done = 1,       // 已完成（会议决定，由负责人标记）
    Satisfied = 2,  // 来源已满足（已联系、已评估、转介已答复）
    CaseClosed = 3, // 个案已结案
    Replaced = 4,   // 被新的计划或约定取代
}

/// <summary>Due buckets of a worker's task list: overdue, today, this week (the six days after today).</summary>
public enum TaskBucket { Overdue = 1, Today = 2, Week = 3, Later = 4 }

/// <summary>
/// One thing a worker must do by a date, on a case: the next contact a note set, a goal's target date, a referral's
/// feedback deadline, a meeting's decision. One row per task with its assignee and due date, so a worker's list is one
/// index range (assignee, open, due date), bounded by the window asked, never a scan of a station's history. A
/// task disappears when its source is satisfied (the next note, the evaluation, the receiver's result) and a decision
/// when its owner marks it done. Restricted like its case; a decision's owner who is not on the case reads the task
/// (and only the task). The title (a goal's or a decision's text) is encrypted.
/// </summary>
public sealed class CaseTask : IWorkerRestricted, IVersioned
{
    public const int WeekDays = 6;

    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public Guid CaseId { get; private set; }
    public Guid StationId { get; private set; }
    public string RegionPrefix { get; private set; } = "";
    public string AccessList { get; private set; } = "";
    public Guid PersonId { get; private set; }
    public TaskKind Kind { get; private set; }
    /// <summary>The note, referral or meeting the task comes from (null for a goal: <see cref="GoalNumber"/>).</summary>
    public Guid? SourceId { get; private set; }
    public int? GoalNumber { get; private set; }
    /// <summary>Whose list it is on: the case's worker in charge, the referral's sender, or the decision's owner (the case's worker when a unit owns it).</summary>
    public Guid AssigneeId { get; private set; }
    /// <summary>The unit that owns a decision (empty when a worker does).</summary>
    public string OwnerUnit { get; private set; } = "";
    public string Title { get; private set; } = "";
    public DateOnly DueOn { get; private set; }
    public bool IsOpen { get; private set; } = true;
    public DateOnly? ClosedOn { get; private set; }
    public TaskClosure? Closure { get; private set; }
    public Guid? ClosedBy { get; private set; }
    public int Version { get; private set; }

    private CaseTask() { }

    private static CaseTask On(Case c, TaskKind kind, Guid assignee, DateOnly due, string title) => new()
    {
        CaseId = c.Id, StationId = c.StationId, RegionPrefix = c.RegionPrefix, AccessList = c.AccessList, PersonId = c.PersonId,
        Kind = kind, AssigneeId = assignee, DueOn = due, Title = title,
    };

    public static CaseTask ForNextContact(Case c, CaseNote note, DateOnly due)
    {
        var t = On(c, TaskKind.NextContact, c.WorkerId, due, "");
        t.SourceId = note.Id;
        return t;
    }

    public static CaseTask ForGoal(Case c, PlanGoal goal)
    {
        var t = On(c, TaskKind.GoalTarget, c.WorkerId, goal.TargetDate, goal.Goal);
        t.GoalNumber = goal.Number;
        return t;
    }

    public static CaseTask ForReferral(Case c, Referral r)
    {
        var t = On(c, TaskKind.ReferralFeedback, r.SentBy, r.DueOn, r.ReceiverName);
        t.SourceId = r.Id;
        return t;
    }

    /// <summary>A decision: on its owner's list (a unit's decision on the case worker's, who follows it up with the unit).</summary>
    public static CaseTask ForDecision(Case c, LinkageMeeting m, string text, Guid? ownerWorker, string ownerUnit, DateOnly due)
    {
        var t = On(c, TaskKind.Decision, ownerWorker ?? c.WorkerId, due, text);
        t.SourceId = m.Id;
        t.OwnerUnit = ownerUnit;
        if (ownerWorker is { } w && !WorkerAccess.Admits(t.AccessList, w)) t.AccessList = t.AccessList.Length == 0 ? WorkerAccess.Token(w) : t.AccessList + "," + WorkerAccess.Token(w);
        return t;
    }

    /// <summary>
    /// The case's workers changed: the task takes the case's access list (plus its owner, for a worker's decision); when
    /// not <paramref name="keepAssignee"/> it moves to the case's new worker in charge.
    /// </summary>
    public void FollowCase(Case c, bool keepAssignee)
    {
        if (!keepAssignee) AssigneeId = c.WorkerId;
        AccessList = c.AccessList;
        if (!WorkerAccess.Admits(AccessList, AssigneeId)) AccessList = AccessList + "," + WorkerAccess.Token(AssigneeId);
        Version++;
    }

    /// <summary>The owner (or the case's worker) marks a decision done; other tasks end with their source.</summary>
    public void MarkDone(Guid byUser, DateOnly today)
    {
        if (Kind != TaskKind.Decision) throw new DomainException("Kind", "Tasks.EndsWithSource");
        if (!IsOpen) throw new DomainException("Kind", "Tasks.AlreadyClosed");
        End(TaskClosure.Done, today, byUser);
    }

    public void End(TaskClosure how, DateOnly on, Guid? byUser = null)
    {
        if (!IsOpen) return;
        (IsOpen, Closure, ClosedOn, ClosedBy) = (false, how, on, byUser);
        Version++;
    }

    /// <summary>The bucket of a due date on a day: before it overdue, the day itself, the <see cref="WeekDays"/> days after it, later.</summary>
    public static TaskBucket BucketOf(DateOnly due, DateOnly today) =>
        due < today ? TaskBucket.Overdue : due == today ? TaskBucket.Today : due <= today.AddDays(WeekDays) ? TaskBucket.Week : TaskBucket.Later;
}
