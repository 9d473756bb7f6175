using Shegong.Domain.Cases;
using Shegong.Domain.Registry;

namespace Shegong.Domain.Statistics;

/// <summary>One change of a figure: dimension, period, key, delta (at the record's own node).</summary>
public readonly record struct FigureDelta(StatDimension Dimension, int Period, int Key, long Delta);

/// <summary>
/// The pure rules of the case statistics (dimensions 50–59): keys, what a stage change, a referral's state and a
/// supervision note add to the figures. The tally contributor applies them to the change tracker (what a save adds) and
/// to the stored rows (a recount); the same functions on both sides keep the two equal.
/// </summary>
public static class CaseFigures
{
    public const int DaysCap = 999;
    public const int NotTakenKey = 100;
    public const int Declined = 3, Done = 4, AnswerBase = 10;
    public const int SupervisorsKey = 1, WorkersKey = 2;

    public static int SourceRiskKey(CaseSource source, RiskLevel risk) => (int)source * 10 + (int)risk;
    public static CaseSource SourceOfKey(int key) => (CaseSource)(key % 100 / 10);
    public static RiskLevel RiskOfKey(int key) => (RiskLevel)(key % 10);

    public static bool IsActive(CaseStage stage) => stage is >= CaseStage.Intake and <= CaseStage.Evaluation;

    public static int StageDaysKey(CaseStage stage, int days) => (int)stage * 1000 + DaysBin(days);

    /// <summary>
    /// The histogram's bin of a number of days: exact up to 60 days, then the first day of its week (61, 68 …) up to a
    /// year, then of its 30 days (366, 396 …), at most 999. A median is exact while it lies within 60 days, and never more
    /// than a week (a month, beyond a year) below the true one; the bins keep a province's rows a few hundred a month.
    /// </summary>
    public static int DaysBin(int days)
    {
        var d = Math.Max(0, days);
        if (d <= 60) return d;
        if (d <= 365) return 61 + (d - 61) / 7 * 7;
        return Math.Min(DaysCap, 366 + (d - 366) / 30 * 30);
    }

    /// <summary>The bit indexes of a person's types (one key each).</summary>
    public static IEnumerable<int> TypeKeys(PersonTypes types)
    {
        for (var i = 0; i < 31; i++)
            if (((int)types & (1 << i)) != 0) yield return i;
    }

    /// <summary>
    /// What one stage change adds. <paramref name="enteredFrom"/> is the day the case entered the stage it leaves (null
    /// for the opening). Opened: cases opened (by source and risk, by person type) and one more at intake; a move: one
    /// less in the stage left (with its days), one more in the stage entered while it is open; closed / not taken: a case ended.
    /// </summary>
    public static IEnumerable<FigureDelta> OfChange(CaseAction action, CaseStage? from, CaseStage to, DateOnly on, DateOnly? enteredFrom,
        CaseSource source, RiskLevel openedRisk, PersonTypes types)
    {
        var month = StatFigure.MonthOf(on);
        var key = SourceRiskKey(source, openedRisk);
        if (action == CaseAction.Opened)
        {
            yield return new(StatDimension.CasesOpened, month, key, 1);
            foreach (var t in TypeKeys(types)) yield return new(StatDimension.CasesOpenedByType, month, t, 1);
        }
        if (action is CaseAction.ClosingRequested or CaseAction.ClosingRefused) yield break;
        if (from is { } f && IsActive(f))
        {
            yield return new(StatDimension.CasesByStage, month, (int)f, -1);
            if (enteredFrom is { } since) yield return new(StatDimension.CaseStageDays, month, StageDaysKey(f, on.DayNumber - since.DayNumber), 1);
        }
        if (IsActive(to)) yield return new(StatDimension.CasesByStage, month, (int)to, 1);
        if (action == CaseAction.Closed) yield return new(StatDimension.CasesClosed, month, key, 1);
        if (action == CaseAction.NotTaken) yield return new(StatDimension.CasesClosed, month, NotTakenKey + key, 1);
    }

    /// <summary>Whether a change moves the case's stage (the others — closing asked for or sent back — keep it).</summary>
    public static bool Moves(CaseAction action) => action is not (CaseAction.ClosingRequested or CaseAction.ClosingRefused);

    /// <summary>
    /// A referral's contribution in a state: sent (month sent, by receiver kind); its outcome in the month it was sent
    /// (declined, done — closed by the receiver — and the person's own answer, counted apart); while open, one in the
    /// deadline counters. A change of state takes the old contribution out and puts the new one in.
    /// </summary>
    public static IEnumerable<FigureDelta> OfReferral(ReceiverKind kind, DateOnly sentOn, DateOnly dueOn, ReferralStatus status, ConfirmationAnswer? answer, int sign)
    {
        var month = StatFigure.MonthOf(sentOn);
        var k = (int)kind * 100;
        yield return new(StatDimension.ReferralsSent, month, (int)kind, sign);
        if (status == ReferralStatus.Declined) yield return new(StatDimension.ReferralOutcomes, month, k + Declined, sign);
        if (status == ReferralStatus.Done) yield return new(StatDimension.ReferralOutcomes, month, k + Done, sign);
        if (answer is { } a) yield return new(StatDimension.ReferralOutcomes, month, k + AnswerBase + (int)a, sign);
        if (status is ReferralStatus.Sent or ReferralStatus.Accepted)
        {
            var due = StatFigure.MonthOf(dueOn);
            yield return new(StatDimension.ReferralsDue, 0, due, sign);
            yield return new(StatDimension.ReferralsDue, due, dueOn.Day, sign);
        }
    }

    /// <summary>A supervision note: one note, its minutes, and its minutes for every worker it concerned, in its month.</summary>
    public static IEnumerable<FigureDelta> OfSupervision(SupervisionKind kind, DateOnly on, int minutes, int workers, int sign)
    {
        var month = StatFigure.MonthOf(on);
        yield return new(StatDimension.Supervision, month, (int)kind, sign);
        yield return new(StatDimension.Supervision, month, 10 + (int)kind, sign * (long)minutes);
        yield return new(StatDimension.Supervision, month, 20 + (int)kind, sign * (long)minutes * workers);
    }

    /// <summary>Referrals overdue today from the deadline counters' rows (period 0 by month, this month by day).</summary>
    public static long Overdue(IEnumerable<(int Period, int Key, long Value)> due, DateOnly today)
    {
        var month = StatFigure.MonthOf(today);
        return due.Where(r => (r.Period == 0 && r.Key < month) || (r.Period == month && r.Key < today.Day)).Sum(r => r.Value);
    }
}
