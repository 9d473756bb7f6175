namespace Shegong.Domain.Statistics;

/// <summary>What a tally row counts. Stored as numbers: never renumber.</summary>
public enum StatDimension
{
    /// <summary>Persons joining (+1) or leaving (−1) the active ledger, by tier, in the month it happened.
    /// On file at the end of month M = the sum of rows with period ≤ M.</summary>
    OnFileByTier = 1,
    /// <summary>As <see cref="OnFileByTier"/>, by person type (key = the type's bit index).</summary>
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
}

/// <summary>
/// One aggregate counter of a community (its 12-digit region prefix) — kept in the same transaction as the
/// write that changes it, so that a region's figure is a sum over a few rows instead of a count over millions.
/// Aggregates carry no personal data; any level may read those under it.
/// </summary>
public sealed class StatTally
{
    public string RegionPrefix { get; set; } = "";
    public StatDimension Dimension { get; set; }
    public int Period { get; set; }
    public int Key { get; set; }
    public long Value { get; set; }

    public static int MonthOf(DateOnly day) => day.Year * 100 + day.Month;
    public static int QuarterOf(DateOnly day) => day.Year * 10 + (day.Month - 1) / 3 + 1;
}
