using Shegong.Domain.Common;
using Shegong.Domain.Registry;

namespace Shegong.Domain.Visits;

/// <summary>需求类别.</summary>
public enum NeedCategory
{
    Material = 1,       // 物质帮扶
    Companionship = 2,  // 精神慰藉/陪伴
    Medical = 3,        // 医疗康复
    Care = 4,           // 生活照料
    Policy = 5,         // 政策咨询/救助申请
    Education = 6,      // 学业
    Other = 9,          // 其他
}

public enum NeedStatus
{
    Open = 0,      // 待处理
    TakenUp = 1,   // 已转为心愿/个案/转介
    Resolved = 2,  // 已解决
    Dropped = 3,   // 不再需要
}

/// <summary>
/// A need found during a visit. It stays open until a later module (wishes, cases, referrals) takes it up, or
/// the worker marks it resolved.
/// </summary>
public sealed class Need : IStationOwned
{
    public const int DescriptionMax = 300;

    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public Guid StationId { get; private set; }
    public string RegionPrefix { get; private set; } = "";
    public Guid PersonId { get; private set; }
    public Guid? VisitId { get; private set; }
    public NeedCategory Category { get; private set; }
    public string Description { get; private set; } = "";
    public NeedStatus Status { get; private set; }
    public DateOnly FoundOn { get; private set; }
    public DateOnly? ClosedOn { get; private set; }
    public string TakenUpBy { get; private set; } = "";
    public int Version { get; private set; }

    private Need() { }

    public static Need Found(Person person, Visit? visit, NeedCategory category, string? description, DateOnly foundOn) =>
        Found(VisitSubject.Of(person), visit, category, description, foundOn);

    public static Need Found(VisitSubject person, Visit? visit, NeedCategory category, string? description, DateOnly foundOn)
    {
        if (!Enum.IsDefined(category)) throw new DomainException("NeedCategory", "Error.Required");
        return new Need
        {
            StationId = person.StationId,
            RegionPrefix = person.RegionPrefix,
            PersonId = person.PersonId,
            VisitId = visit?.Id,
            Category = category,
            Description = Guard.Required(description, "NeedDescription", DescriptionMax),
            Status = NeedStatus.Open,
            FoundOn = foundOn,
        };
    }

    /// <summary>Another module took the need up (e.g. "Wish:{id}").</summary>
    public void TakeUp(string reference, DateOnly on)
    {
        if (Status != NeedStatus.Open) throw new DomainException("Status", "Need.NotOpen");
        Status = NeedStatus.TakenUp;
        TakenUpBy = Guard.Required(reference, "TakenUpBy", 100);
        ClosedOn = on;
        Version++;
    }

    /// <summary>What took the need up was given up (e.g. a draft wish discarded): the need is open again.</summary>
    public void GiveBack(string reference)
    {
        if (Status != NeedStatus.TakenUp || TakenUpBy != reference) throw new DomainException("Status", "Need.NotTakenUpBy");
        Status = NeedStatus.Open;
        TakenUpBy = "";
        ClosedOn = null;
        Version++;
    }

    public void Close(NeedStatus outcome, DateOnly on)
    {
        if (Status != NeedStatus.Open) throw new DomainException("Status", "Need.NotOpen");
        if (outcome is not (NeedStatus.Resolved or NeedStatus.Dropped)) throw new DomainException("Status", "Need.BadOutcome");
        Status = outcome;
        ClosedOn = on;
        Version++;
    }
}
