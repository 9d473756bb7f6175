using Shegong.Domain.Common;
using Shegong.Domain.Registry;

namespace Shegong.Domain.Visits;

/// <summary>走访方式.</summary>
public enum VisitMethod
{
    Home = 1,            // 上门走访
    PhoneVideo = 2,      // 电话/视频
    Message = 3,         // 即时消息
    PairedVolunteer = 4, // 结对志愿者/党员代访
    NeighbourHelp = 5,   // 邻里互助
    Hotline = 6,         // 热线
    SmartAlert = 7,      // 智能预警
}

/// <summary>The record sections of a visit (encrypted at rest: they hold health and family details).</summary>
public sealed record VisitRecord(
    string BasicLiving = "",
    string SafetyRisks = "",
    string FamilySupport = "",
    string ServicesGiven = "",
    string NeedsFound = "",
    string FollowUpActions = "")
{
    public const int SectionMax = 1000;
    public static readonly VisitRecord Empty = new();
}

/// <summary>One visit to a person (电访、探访). Visits are facts: they are corrected by a note, never deleted.</summary>
public sealed class Visit : IStationOwned
{
    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public Guid StationId { get; private set; }
    public string RegionPrefix { get; private set; } = "";
    public Guid PersonId { get; private set; }
    public VisitMethod Method { get; private set; }
    public DateOnly VisitedOn { get; private set; }
    public Guid? VisitorId { get; private set; }
    public string VisitorName { get; private set; } = "";
    /// <summary>The person's tier when visited, so that completion by tier stays true after a tier change.</summary>
    public FollowUpTier Tier { get; private set; }
    public VisitRecord Record { get; private set; } = VisitRecord.Empty;
    public DateTime RecordedAtUtc { get; private set; }

    private Visit() { }

    public static Visit Log(Person person, VisitMethod method, DateOnly visitedOn, Guid? visitorId, string visitorName,
        VisitRecord record, DateOnly today, DateTime nowUtc) =>
        Log(VisitSubject.Of(person), method, visitedOn, visitorId, visitorName, record, today, nowUtc);

    public static Visit Log(VisitSubject person, VisitMethod method, DateOnly visitedOn, Guid? visitorId, string visitorName,
        VisitRecord record, DateOnly today, DateTime nowUtc)
    {
        if (!Enum.IsDefined(method)) throw new DomainException("Method", "Error.Required");
        if (visitedOn > today) throw new DomainException("VisitedOn", "Visit.InFuture");
        if (visitedOn < person.RegisteredOn.AddYears(-1)) throw new DomainException("VisitedOn", "Visit.TooOld");
        var name = Guard.Required(visitorName, "VisitorName", 30);
        record = new VisitRecord(
            Section(record.BasicLiving, "BasicLiving"), Section(record.SafetyRisks, "SafetyRisks"),
            Section(record.FamilySupport, "FamilySupport"), Section(record.ServicesGiven, "ServicesGiven"),
            Section(record.NeedsFound, "NeedsFound"), Section(record.FollowUpActions, "FollowUpActions"));
        return new Visit
        {
            StationId = person.StationId,
            RegionPrefix = person.RegionPrefix,
            PersonId = person.PersonId,
            Method = method,
            VisitedOn = visitedOn,
            VisitorId = visitorId,
            VisitorName = name,
            Tier = person.Tier,
            Record = record,
            RecordedAtUtc = nowUtc,
        };
    }

    private static string Section(string? value, string field) => Guard.Optional(value, field, VisitRecord.SectionMax);
}
