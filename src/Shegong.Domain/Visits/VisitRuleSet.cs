using Shegong.Domain.Common;
using Shegong.Domain.Registry;

namespace Shegong.Domain.Visits;

/// <summary>
/// The visit frequency policy of a region (DOMAIN.md §5). The national default has an empty prefix; a province,
/// city, district or township may set its own, and the most specific one applies to a station.
/// </summary>
public sealed class VisitRuleSet : IVersioned
{
    public Guid Id { get; private set; } = Guid.CreateVersion7();
    /// <summary>Region short code this set applies under; "" for the national default.</summary>
    public string RegionPrefix { get; private set; } = "";
    public int HighRiskDays { get; private set; }
    public int KeyDays { get; private set; }
    public int GeneralDays { get; private set; }
    /// <summary>After a reported major event the next visit is due within this many days (24 h = 1 day).</summary>
    public int EventResponseDays { get; private set; }
    /// <summary>Severe mental disorder: at least this many follow-ups a year, whatever the tier.</summary>
    public int MentalDisorderVisitsPerYear { get; private set; }
    public int Version { get; private set; }

    private VisitRuleSet() { }

    /// <summary>The policy defaults: high risk weekly, key monthly, general quarterly, events within 24 h, severe mental disorder 4 a year.</summary>
    public static VisitRuleSet Default(string regionPrefix = "") => new()
    {
        RegionPrefix = regionPrefix, HighRiskDays = 7, KeyDays = 30, GeneralDays = 90, EventResponseDays = 1, MentalDisorderVisitsPerYear = 4,
    };

    public static VisitRuleSet Create(string regionPrefix, int highRiskDays, int keyDays, int generalDays, int eventResponseDays, int mentalPerYear)
    {
        var set = new VisitRuleSet { RegionPrefix = regionPrefix };
        // Version 1 for a new set: 0 is what an inherited (not yet own) set reports, so two first saves conflict.
        set.Change(highRiskDays, keyDays, generalDays, eventResponseDays, mentalPerYear);
        return set;
    }

    public void Change(int highRiskDays, int keyDays, int generalDays, int eventResponseDays, int mentalPerYear)
    {
        Check("HighRiskDays", highRiskDays, 1, 366);
        Check("KeyDays", keyDays, 1, 366);
        Check("GeneralDays", generalDays, 1, 366);
        Check("EventResponseDays", eventResponseDays, 1, 30);
        Check("MentalDisorderVisitsPerYear", mentalPerYear, 1, 52);
        // A higher tier is never visited less often than a lower one.
        if (highRiskDays > keyDays) throw new DomainException("HighRiskDays", "VisitRules.TierOrder");
        if (keyDays > generalDays) throw new DomainException("KeyDays", "VisitRules.TierOrder");
        HighRiskDays = highRiskDays;
        KeyDays = keyDays;
        GeneralDays = generalDays;
        EventResponseDays = eventResponseDays;
        MentalDisorderVisitsPerYear = mentalPerYear;
        Version++;
    }

    private static void Check(string field, int value, int min, int max)
    {
        if (value < min || value > max) throw new DomainException(field, "Error.Range", min, max);
    }

    public int IntervalDays(FollowUpTier tier, bool severeMentalDisorder)
    {
        var days = tier switch
        {
            FollowUpTier.HighRisk => HighRiskDays,
            FollowUpTier.Key => KeyDays,
            _ => GeneralDays,
        };
        return severeMentalDisorder ? Math.Min(days, 365 / MentalDisorderVisitsPerYear) : days;
    }

    /// <summary>
    /// The next due date: one interval after the last visit (or after registration when never visited), and no
    /// later than the event response time after a reported event that no visit has answered yet.
    /// </summary>
    public DateOnly NextDue(FollowUpTier tier, bool severeMentalDisorder, DateOnly? lastVisit, DateOnly registeredOn, DateOnly? eventReportedOn)
    {
        var due = (lastVisit ?? registeredOn).AddDays(IntervalDays(tier, severeMentalDisorder));
        if (eventReportedOn is { } e)
        {
            var eventDue = e.AddDays(EventResponseDays);
            if (eventDue < due) due = eventDue;
        }
        return due;
    }

    /// <summary>The set that applies to a region: the longest matching prefix, else the national default.</summary>
    public static VisitRuleSet For(string regionPrefix, IEnumerable<VisitRuleSet> sets) =>
        sets.Where(s => regionPrefix.StartsWith(s.RegionPrefix, StringComparison.Ordinal))
            .OrderByDescending(s => s.RegionPrefix.Length)
            .FirstOrDefault() ?? Default();
}
