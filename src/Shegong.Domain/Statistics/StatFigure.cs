using System.Globalization;

namespace Shegong.Domain.Statistics;

/// <summary>What a figure counts. Stored as numbers: never renumber.</summary>
public enum StatDimension
{
    /// <summary>Balance: persons on the active ledger at the end of the month, by tier.</summary>
    OnFileByTier = 1,
    /// <summary>Balance: as <see cref="OnFileByTier"/>, by person type (key = the type's bit index).</summary>
    OnFileByType = 2,
    /// <summary>Visits made in the month, by method.</summary>
    VisitsByMethod = 3,
    /// <summary>Distinct persons visited at least once in the month, by the tier recorded on the visit.</summary>
    VisitedInMonth = 4,
    /// <summary>Distinct persons visited at least once in the quarter (period = year × 10 + quarter), by tier.</summary>
    VisitedInQuarter = 5,
    /// <summary>Wishes collected (点单): published after review, in the month of publication; key = group × 10 + kind.
    /// Drafts, wishes under review and rejected wishes are not collected.</summary>
    WishesCollected = 6,
    /// <summary>Wishes matched with a claimant, once per wish (key = <c>ClaimSource</c>): by the claim whose delivery fulfilled
    /// it, or until then by its first claim, in the month of that claim.</summary>
    WishesMatched = 7,
    /// <summary>Wishes fulfilled (every unit delivered; closed ones included), in the month of delivery; key = category.</summary>
    WishesFulfilled = 8,
    /// <summary>Histogram: days from publication to the first claim (key = days), in the month of that claim.</summary>
    WishDaysToClaim = 9,
    /// <summary>Histogram: days from publication to delivery (key = days), in the month of delivery.</summary>
    WishDaysToDelivery = 10,
    /// <summary>Distinct persons visited at least once in the ISO week (period = ISO year × 100 + week), by tier.</summary>
    VisitedInWeek = 11,
    /// <summary>Distinct persons visited at least once in the year (period = year), by tier.</summary>
    VisitedInYear = 12,
    /// <summary>Counter (period 0): active persons whose next visit falls due in a month (key = yyyyMM of the due date).</summary>
    DueInMonth = 13,
    /// <summary>Counter: active persons by due date, period = yyyyMM of the due date, key = its day of the month. With
    /// <see cref="DueInMonth"/>, "overdue today" reads the months before this one plus the days of this month before today.</summary>
    DueOnDay = 14,
    /// <summary>Distinct persons visited at least once in the half-year (period = year × 10 + half: 1 for January–June,
    /// 2 for July–December; 半年报), by tier.</summary>
    VisitedInHalf = 15,
    // 40–49: groups and activities (Features/Activities). Numbers left free below for the modules of issue 13 built beside them.
    /// <summary>Balance: groups by stage (key = <c>GroupStage</c>), from the days each group entered its stages.</summary>
    GroupsByStage = 40,
    /// <summary>Activities held in the month (key = <c>ActivityKind</c>: group sessions, talks, festivals …).</summary>
    ActivitiesHeld = 41,
    /// <summary>Participants of the activities held in the month (key = <c>ActivityKind</c>): the members present at a
    /// group's sessions (attendance, person-times), the headcount of a community activity.</summary>
    ActivityParticipants = 42,
    // 50–59: cases, referrals and supervision (Features/Cases/CaseTallies.cs).
    /// <summary>Cases opened (接案) in the month; key = <c>CaseSource</c> × 10 + the <c>RiskLevel</c> at intake.</summary>
    CasesOpened = 50,
    /// <summary>Cases opened in the month by the person's type at intake (key = the type's bit index; a person of two types counts under both).</summary>
    CasesOpenedByType = 51,
    /// <summary>Balance: open cases by stage (key = <c>CaseStage</c>, 接案 … 评估), from the dated stage changes.</summary>
    CasesByStage = 52,
    /// <summary>Cases that ended in the month: closed with the manager's approval (key = source × 10 + risk at intake) or not
    /// taken at intake (key = 100 + source × 10 + risk). A case closed again after a reopening counts again.</summary>
    CasesClosed = 53,
    /// <summary>Histogram: days a case spent in a stage (key = stage × 1000 + days, days capped at 999), in the month it left the stage.</summary>
    CaseStageDays = 54,
    /// <summary>Referrals sent in the month (key = <c>ReceiverKind</c>).</summary>
    ReferralsSent = 55,
    /// <summary>What became of the referrals sent in the month (period = month sent, a cohort): key = kind × 100 + code,
    /// code 3 declined and 4 done (closed by the receiver); 11/12/13 the person's own answer (received / partly / not received).</summary>
    ReferralOutcomes = 56,
    /// <summary>Counter of open referrals (sent or accepted) by deadline: period 0 with key = yyyyMM of the deadline, and
    /// period = that month with key = its day. Overdue today = the months before this one + the days of this month before today.</summary>
    ReferralsDue = 57,
    /// <summary>Supervision in the month, at the station's node: key 1/2 notes (individual/group), 11/12 minutes, 21/22
    /// worker-minutes (minutes × workers it concerned).</summary>
    Supervision = 58,
    /// <summary>Counter (period 0): key 1 supervisor assignments of the station, key 2 its social workers (the 督导比 1:20).</summary>
    CaseStaff = 59,
}

/// <summary>How a dimension's rows add up over time.</summary>
public enum StatKind
{
    /// <summary>Each period's row holds what happened in that period (visits made, wishes collected); a counter with period 0 is a flow too.</summary>
    Flow,
    /// <summary>A stock: a row holds the closing balance at the end of its month, written only for months in which the
    /// balance changed; the balance at the end of M is the latest row at or before M. A row with period
    /// <see cref="StatFigure.Current"/> holds the balance now and lists the keys a node has.</summary>
    Balance,
}

/// <summary>
/// One aggregate figure of one region node (a community, street, district, city, province, or "" for all) — a
/// sum over the records below it, so that any node's figure is read from a few rows of that node and its
/// children, whatever the population or the months of history. Rows of the level where a record lives are kept
/// in the write's own transaction; rows of the levels above come from <see cref="StatPending"/> rows folded in
/// shortly after (and are read together with them, so figures are live when the write commits).
/// Aggregates carry no personal data; any level may read those under it (region-owned: the scope filter, and
/// <c>StatBatch.ReadAsync</c> for the raw-SQL reads, apply the same rule).
/// </summary>
public sealed class StatFigure : Shegong.Domain.Common.IRegionOwned
{
    /// <summary>The period of a balance row holding the balance now.</summary>
    public const int Current = 999999;

    public StatDimension Dimension { get; set; }
    public string RegionPrefix { get; set; } = "";
    /// <summary>The node one level up ("-" for the root): children of a node are the rows whose parent it is.</summary>
    public string ParentPrefix { get; set; } = "";
    public int Key { get; set; }
    public int Period { get; set; }
    public long Value { get; set; }

    public static StatKind KindOf(StatDimension d) => d is StatDimension.OnFileByTier or StatDimension.OnFileByType or StatDimension.GroupsByStage or StatDimension.CasesByStage
        ? StatKind.Balance : StatKind.Flow;

    /// <summary>Prefix lengths of the region levels: all, province, city, district, street, community.</summary>
    public static readonly int[] LevelLengths = [0, 2, 4, 6, 9, 12];

    public static string ParentOf(string prefix)
    {
        if (prefix.Length == 0) return "-";
        var i = Array.IndexOf(LevelLengths, prefix.Length);
        if (i <= 0) throw new ArgumentException($"Not a region prefix: '{prefix}'", nameof(prefix));
        return prefix[..LevelLengths[i - 1]];
    }

    /// <summary>The nodes above <paramref name="prefix"/>, nearest first (the levels folded from pending rows).</summary>
    public static IEnumerable<string> AncestorsOf(string prefix)
    {
        for (var i = LevelLengths.Length - 1; i >= 0; i--)
            if (LevelLengths[i] < prefix.Length) yield return prefix[..LevelLengths[i]];
    }

    public static int MonthOf(DateOnly day) => day.Year * 100 + day.Month;
    public static int QuarterOf(DateOnly day) => day.Year * 10 + (day.Month - 1) / 3 + 1;
    public static int YearOf(DateOnly day) => day.Year;
    public static int HalfOf(DateOnly day) => day.Year * 10 + (day.Month <= 6 ? 1 : 2);
    public static int WeekOf(DateOnly day)
    {
        var dt = day.ToDateTime(TimeOnly.MinValue);
        return ISOWeek.GetYear(dt) * 100 + ISOWeek.GetWeekOfYear(dt);
    }
}

/// <summary>
/// A change to the figures of the levels above a record's own, appended by the write's transaction (an insert, so
/// writers at different stations never wait for one another) and folded into <see cref="StatFigure"/> rows by the
/// folder; readers add the pending rows under a node to its figures in the same statement.
/// </summary>
/// <summary>
/// A dimension whose figures are kept (built from the records once, then kept by every write). A dimension a module
/// adds, or whose counting changes, is missing here on the next start, and its module's figures are rebuilt once then
/// (<c>RebuildStats.BuildIfMissingAsync</c>): history is counted, not only what is written after the upgrade.
/// </summary>
public sealed class StatBuild
{
    public StatDimension Dimension { get; set; }
    public DateTime BuiltUtc { get; set; }
}

public sealed class StatPending : Shegong.Domain.Common.IRegionOwned
{
    public long Id { get; set; }
    /// <summary>The record's own node (its community); the change applies to every node above it.</summary>
    public string RegionPrefix { get; set; } = "";
    public StatDimension Dimension { get; set; }
    public int Period { get; set; }
    public int Key { get; set; }
    public long Delta { get; set; }
}
