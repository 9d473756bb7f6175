using Shegong.Domain.Common;
using Shegong.Domain.Visits;

namespace Shegong.Domain.Registry;

/// <summary>
/// A person on the station's ledger (一人一案). Sensitive values (ID number, phones, health, children's data) are
/// plain here and encrypted by the data layer; <see cref="IdHash"/> is the keyed hash used for exact lookups.
/// <see cref="RegionPrefix"/> is the community's 12-digit code, so that region scopes need no join.
/// </summary>
public sealed class Person : IStationOwned, IVersioned
{
    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public Guid StationId { get; private set; }
    public string RegionPrefix { get; private set; } = "";
    public Guid CommunityId { get; private set; }
    public Guid HouseholdId { get; private set; }
    public HouseholdRelation Relation { get; private set; }

    public string Name { get; private set; } = "";
    /// <summary>The name's pinyin sort key (<see cref="NameOrder"/>), kept with the name where the database has no Chinese collation.</summary>
    public byte[] NameSortKey { get; private set; } = [];
    public Gender Gender { get; private set; }
    public string Ethnicity { get; private set; } = "";
    public DateOnly BirthDate { get; private set; }
    public string? IdNumber { get; private set; }
    public string? IdHash { get; private set; }
    public string Phone { get; private set; } = "";
    public string EmergencyContactName { get; private set; } = "";
    public string EmergencyContactPhone { get; private set; } = "";
    public PersonTypes Types { get; private set; }
    public FollowUpTier Tier { get; private set; }
    public Guid? ResponsibleWorkerId { get; private set; }
    public LegalBasis LegalBasis { get; private set; }
    public string ConsentNote { get; private set; } = "";

    /// <summary>Kept in plain text because visit planning needs it (severe mental disorder: ≥ 4 follow-ups a year);
    /// the diagnosis details stay in the encrypted <see cref="Health"/>.</summary>
    public bool SevereMentalDisorder { get; private set; }
    public HealthSection Health { get; private set; } = HealthSection.Empty;
    public ElderlySection Elderly { get; private set; } = ElderlySection.Empty;
    public ChildSection Child { get; private set; } = ChildSection.Empty;

    public PersonStatus Status { get; private set; }
    public DateOnly? StatusChangedOn { get; private set; }
    public string StatusNote { get; private set; } = "";

    public DateOnly RegisteredOn { get; private set; }
    public DateOnly? LastVisitOn { get; private set; }
    /// <summary>A major event (fall, hospital, loss) that asks for a visit within the tier's response time.</summary>
    public DateOnly? EventReportedOn { get; private set; }
    public string EventNote { get; private set; } = "";
    /// <summary>When the next visit is due under the rules in force; null while the person is not active.</summary>
    public DateOnly? NextVisitDue { get; private set; }

    public int Version { get; private set; }

    /// <summary>The date of the latest <see cref="PersonLedgerChange"/>: a back-dated status change may not go before it.</summary>
    public DateOnly LedgerChangedOn { get; private set; }
    private readonly List<PersonLedgerChange> _ledgerChanges = [];
    /// <summary>The changes of this person's place on the ledger made by this instance (history rows are appended, never loaded here).</summary>
    public IReadOnlyList<PersonLedgerChange> LedgerChanges => _ledgerChanges;

    private Person() { }

    public static Person Register(Guid stationId, string communityPrefix, Guid communityId, Household household, HouseholdRelation relation,
        ValidPersonDetails details, string? idHash, Guid? responsibleWorkerId, DateOnly registeredOn, VisitRuleSet rules)
    {
        if (household.StationId != stationId) throw new DomainException("HouseholdId", "Error.NotFound");
        var person = new Person
        {
            StationId = stationId,
            RegionPrefix = communityPrefix,
            CommunityId = communityId,
            HouseholdId = household.Id,
            Relation = relation,
            RegisteredOn = registeredOn,
            Status = PersonStatus.Active,
        };
        person.Apply(details, idHash, responsibleWorkerId);
        person.Replan(rules);
        person.RecordLedger(registeredOn);
        return person;
    }

    public void Update(ValidPersonDetails details, string? idHash, Guid? responsibleWorkerId, VisitRuleSet rules, DateOnly today)
    {
        var (tier, types) = (Tier, Types);
        Apply(details, idHash, responsibleWorkerId);
        Replan(rules);
        if (tier != Tier || types != Types) RecordLedger(Max(today, LedgerChangedOn));
        Touch();
    }

    /// <summary>The person's household moved to another community of the station (迁至本站其他社区).</summary>
    public void MoveToCommunity(string communityPrefix, Guid communityId, DateOnly today)
    {
        if (communityPrefix.Length != RegionPrefix.Length || communityPrefix[..9] != RegionPrefix[..9])
            throw new DomainException("CommunityId", "Error.NotFound");
        if (communityPrefix == RegionPrefix) return;
        RegionPrefix = communityPrefix;
        CommunityId = communityId;
        RecordLedger(Max(today, LedgerChangedOn));
        Touch();
    }

    private void RecordLedger(DateOnly on)
    {
        LedgerChangedOn = on;
        _ledgerChanges.Add(PersonLedgerChange.Of(this, on));
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private void Apply(ValidPersonDetails d, string? idHash, Guid? responsibleWorkerId)
    {
        if (d.Id is not null && idHash is null) throw new InvalidOperationException("An ID number needs its lookup hash.");
        if (Name != d.Name || NameSortKey.Length == 0) NameSortKey = NameOrder.SortKey(d.Name);
        Name = d.Name;
        Gender = d.Gender;
        Ethnicity = d.Ethnicity;
        BirthDate = d.BirthDate;
        IdNumber = d.Id?.Value;
        IdHash = d.Id is null ? null : idHash;
        Phone = d.Phone;
        EmergencyContactName = d.EmergencyContactName;
        EmergencyContactPhone = d.EmergencyContactPhone;
        Types = d.Types;
        Tier = d.Tier;
        LegalBasis = d.LegalBasis;
        ConsentNote = d.ConsentNote;
        SevereMentalDisorder = d.SevereMentalDisorder;
        Health = d.Health;
        Elderly = d.Elderly;
        Child = d.Child;
        ResponsibleWorkerId = responsibleWorkerId;
    }

    public void MoveToHousehold(Household household, HouseholdRelation relation)
    {
        if (household.StationId != StationId) throw new DomainException("HouseholdId", "Error.NotFound");
        HouseholdId = household.Id;
        Relation = relation;
        Touch();
    }

    public void ChangeStatus(PersonStatus status, DateOnly on, string? note, VisitRuleSet rules)
    {
        if (status == Status) throw new DomainException("Status", "Person.StatusUnchanged");
        if (on < RegisteredOn) throw new DomainException("StatusChangedOn", "Person.StatusBeforeRegistration");
        if (on < LedgerChangedOn) throw new DomainException("StatusChangedOn", "Person.StatusBeforeLedgerChange");
        if (Status == PersonStatus.Deceased) throw new DomainException("Status", "Person.DeceasedIsFinal");
        var statusNote = Guard.Optional(note, "StatusNote", PersonRules.NoteMax);
        Status = status;
        StatusChangedOn = on;
        StatusNote = statusNote;
        Replan(rules);
        RecordLedger(on);
        Touch();
    }

    public void ReportEvent(DateOnly on, string? note, VisitRuleSet rules)
    {
        if (Status != PersonStatus.Active) throw new DomainException("Status", "Person.NotActive");
        if (on < BirthDate) throw new DomainException("EventOn", "Visit.BeforeBirth");
        var eventNote = Guard.Required(note, "EventNote", PersonRules.NoteMax);
        EventReportedOn = on;
        EventNote = eventNote;
        Replan(rules);
        Touch();
    }

    /// <summary>A visit was logged: it counts from its date (a late entry of an old visit does not move the plan back).</summary>
    public void RecordVisit(DateOnly visitedOn, VisitRuleSet rules)
    {
        if (Status != PersonStatus.Active) throw new DomainException("Status", "Person.NotActive");
        if (visitedOn < BirthDate) throw new DomainException("VisitedOn", "Visit.BeforeBirth");
        if (LastVisitOn is null || visitedOn > LastVisitOn) LastVisitOn = visitedOn;
        if (EventReportedOn is { } e && visitedOn >= e) { EventReportedOn = null; EventNote = ""; }
        Replan(rules);
        Touch();
    }

    public void Replan(VisitRuleSet rules) =>
        NextVisitDue = Status == PersonStatus.Active
            ? rules.NextDue(Tier, SevereMentalDisorder, LastVisitOn, RegisteredOn, EventReportedOn)
            : null;

    public int AgeOn(DateOnly day) => PersonRules.AgeOn(BirthDate, day);

    private void Touch() => Version++;
}
