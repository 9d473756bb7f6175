using Shegong.Domain.Common;
using Shegong.Domain.Registry;

namespace Shegong.Domain.Cases;

/// <summary>转介接收方类型.</summary>
public enum ReceiverKind
{
    Hospital = 1,            // 医院
    CivilAffairs = 2,        // 民政部门
    ResidentsCommittee = 3,  // 居委会/村委会
    SocialOrganization = 4,  // 社会组织
    Station = 5,             // 其他社工站（系统内）
    Other = 9,               // 其他单位
}

/// <summary>转介状态: sent → accepted / declined → done (with the receiver's feedback).</summary>
public enum ReferralStatus
{
    Sent = 1,      // 已发出
    Accepted = 2,  // 已接收
    Declined = 3,  // 已拒绝
    Done = 4,      // 已办结
}

/// <summary>The personal fields a referral may share; only those chosen travel with it.</summary>
[Flags]
public enum SharedField
{
    None = 0,
    Name = 1,         // 姓名
    Gender = 2,       // 性别
    Age = 4,          // 年龄
    Phone = 8,        // 电话
    Address = 16,     // 住址
    IdNumber = 32,    // 身份证号
    PersonTypes = 64, // 人员类型
}

public enum ConfirmationMethod { Call = 1, Visit = 2 }

/// <summary>The person's answer when the worker closes the loop.</summary>
public enum ConfirmationAnswer
{
    Received = 1,     // 已得到服务
    Partly = 2,       // 部分得到
    NotReceived = 3,  // 未得到
}

/// <summary>What a referral shares of the person: only the chosen fields are filled (the others empty).</summary>
public sealed record SharedPerson(string Name = "", Gender? Gender = null, int? Age = null, string Phone = "", string Address = "",
    string IdNumber = "", PersonTypes? Types = null)
{
    /// <summary>The chosen fields of the person, the others left empty.</summary>
    public static SharedPerson Of(SharedField shared, string name, Gender gender, int age, string phone, string address, string? idNumber, PersonTypes types) => new(
        shared.HasFlag(SharedField.Name) ? name : "",
        shared.HasFlag(SharedField.Gender) ? gender : null,
        shared.HasFlag(SharedField.Age) ? age : null,
        shared.HasFlag(SharedField.Phone) ? phone : "",
        shared.HasFlag(SharedField.Address) ? address : "",
        shared.HasFlag(SharedField.IdNumber) ? idNumber ?? "" : "",
        shared.HasFlag(SharedField.PersonTypes) ? types : null);
}

/// <summary>
/// 转介 from a case to a named unit: reason, what is asked, the personal fields shared (only the chosen ones) with
/// the consent or legal basis, a feedback deadline in working days. The receiver answers (accepted / declined), then
/// reports done with its feedback; the worker then confirms with the person (closed loop). For units outside the
/// system the worker records the receiver's answers; a station in the system answers itself (<see cref="ReferralReceipt"/>).
/// Restricted like its case.
/// </summary>
public sealed class Referral : ICaseRecord, IVersioned
{
    public const int TextMax = 2000, NameMax = 100, DaysMax = 60;

    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public Guid CaseId { get; private set; }
    public Guid StationId { get; private set; }
    public string RegionPrefix { get; private set; } = "";
    public string AccessList { get; private set; } = "";
    public Guid PersonId { get; private set; }
    public ReceiverKind ReceiverKind { get; private set; }
    public string ReceiverName { get; private set; } = "";
    public Guid? ReceiverStationId { get; private set; }
    public string Reason { get; private set; } = "";
    public string Request { get; private set; } = "";
    public SharedField Shared { get; private set; }
    public LegalBasis Basis { get; private set; }
    public string BasisNote { get; private set; } = "";
    public DateOnly SentOn { get; private set; }
    public int FeedbackDays { get; private set; }
    public DateOnly DueOn { get; private set; }
    public ReferralStatus Status { get; private set; }
    public DateOnly? AnsweredOn { get; private set; }
    public DateOnly? DoneOn { get; private set; }
    public string Feedback { get; private set; } = "";
    /// <summary>The closed loop: when and how the worker asked the person, and the answer (null until then).</summary>
    public DateOnly? ConfirmedOn { get; private set; }
    public ConfirmationMethod? ConfirmedBy { get; private set; }
    public ConfirmationAnswer? ConfirmedAnswer { get; private set; }
    public string ConfirmationNote { get; private set; } = "";
    public Guid SentBy { get; private set; }
    public int Version { get; private set; }

    private Referral() { }

    public static Referral Send(Case c, ReceiverKind kind, string? receiverName, Guid? receiverStationId, string? reason, string? request,
        SharedField shared, LegalBasis? basis, string? basisNote, int? feedbackDays, DateOnly today, WorkingCalendar calendar, Guid byUser)
    {
        CaseFlow.EnsureDocument(c, CaseDocument.Note);
        var errors = new List<DomainException>();
        T Try<T>(Func<T> f, T fallback) { try { return f(); } catch (DomainException e) { errors.Add(e); return fallback; } }
        if (!Enum.IsDefined(kind)) errors.Add(new DomainException("ReceiverKind", "Error.Required"));
        var name = Try(() => Guard.Required(receiverName, "ReceiverName", NameMax), "");
        if (kind == ReceiverKind.Station && receiverStationId is null) errors.Add(new DomainException("ReceiverStationId", "Error.Required"));
        if (kind == ReceiverKind.Station && receiverStationId == c.StationId) errors.Add(new DomainException("ReceiverStationId", "Referrals.NotOwnStation"));
        if (kind != ReceiverKind.Station && receiverStationId is not null) errors.Add(new DomainException("ReceiverStationId", "Referrals.StationOnlyForStations"));
        var why = Try(() => Guard.Required(reason, "Reason", TextMax), "");
        var ask = Try(() => Guard.Required(request, "Request", TextMax), "");
        if ((shared & ~AllFields) != 0) errors.Add(new DomainException("Shared", "Cases.Invalid"));
        if (basis is not { } b || !Enum.IsDefined(b)) errors.Add(new DomainException("Basis", "Referrals.BasisRequired"));
        var note = Try(() => basis == LegalBasis.WrittenConsent || basis == LegalBasis.GuardianConsent
            ? Guard.Required(basisNote, "BasisNote", 200) : Guard.Optional(basisNote, "BasisNote", 200), "");
        if (feedbackDays is not { } days || days < 1 || days > DaysMax) errors.Add(new DomainException("FeedbackDays", "Referrals.DaysRange", DaysMax));
        if (errors.Count > 0) throw DomainException.Many(errors);
        return new Referral
        {
            CaseId = c.Id, StationId = c.StationId, RegionPrefix = c.RegionPrefix, AccessList = c.AccessList, PersonId = c.PersonId,
            ReceiverKind = kind, ReceiverName = name, ReceiverStationId = receiverStationId, Reason = why, Request = ask,
            Shared = shared, Basis = basis!.Value, BasisNote = note, SentOn = today, FeedbackDays = feedbackDays!.Value,
            DueOn = calendar.AddWorkingDays(today, feedbackDays.Value), Status = ReferralStatus.Sent, SentBy = byUser,
        };
    }

    public const SharedField AllFields = SharedField.Name | SharedField.Gender | SharedField.Age | SharedField.Phone
        | SharedField.Address | SharedField.IdNumber | SharedField.PersonTypes;

    /// <summary>Deadline passed without the receiver's result (declined or done).</summary>
    public bool IsOverdue(DateOnly today) => Status is ReferralStatus.Sent or ReferralStatus.Accepted && DueOn < today;

    /// <summary>The receiver's answer or result (the rules of <see cref="ReferralFlow"/>).</summary>
    public void Answer(ReferralStatus to, string? feedback, DateOnly on)
    {
        var text = ReferralFlow.Check(Status, to, feedback, SentOn, on);
        if (to is ReferralStatus.Accepted or ReferralStatus.Declined) AnsweredOn = on;
        if (to == ReferralStatus.Done) { DoneOn = on; AnsweredOn ??= on; }
        if (text.Length > 0) Feedback = text;
        Status = to;
        Version++;
    }

    /// <summary>The closed loop: after "done", the worker records the person's own answer.</summary>
    public void Confirm(DateOnly? on, ConfirmationMethod method, ConfirmationAnswer answer, string? note, DateOnly today)
    {
        if (Status != ReferralStatus.Done) throw new DomainException("Status", "Referrals.ConfirmAfterDone");
        if (ConfirmedOn is not null) throw new DomainException("Status", "Referrals.AlreadyConfirmed");
        if (on is not { } d) throw new DomainException("ConfirmedOn", "Error.Required");
        if (d > today) throw new DomainException("ConfirmedOn", "Cases.DateInFuture");
        if (DoneOn is { } done && d < done) throw new DomainException("ConfirmedOn", "Referrals.ConfirmBeforeDone");
        if (!Enum.IsDefined(method)) throw new DomainException("Method", "Error.Required");
        if (!Enum.IsDefined(answer)) throw new DomainException("Answer", "Error.Required");
        ConfirmationNote = Guard.Optional(note, "Note", 500);
        (ConfirmedOn, ConfirmedBy, ConfirmedAnswer) = (d, method, answer);
        Version++;
    }

    /// <summary>The case's workers changed: the referral follows.</summary>
    public void FollowWorkers(Case c) => AccessList = c.AccessList;
}

/// <summary>The states of a referral and what each move needs, in one place.</summary>
public static class ReferralFlow
{
    public static bool Allows(ReferralStatus from, ReferralStatus to) => (from, to) switch
    {
        (ReferralStatus.Sent, ReferralStatus.Accepted) => true,
        (ReferralStatus.Sent, ReferralStatus.Declined) => true,
        (ReferralStatus.Accepted, ReferralStatus.Done) => true,
        _ => false,
    };

    /// <summary>The feedback text of a move: required for declined (why) and done (what was done).</summary>
    public static string Check(ReferralStatus from, ReferralStatus to, string? feedback, DateOnly sentOn, DateOnly on)
    {
        if (!Allows(from, to)) throw new DomainException("Status", "Referrals.BadMove", new LocalizedArg("ReferralStatus." + from), new LocalizedArg("ReferralStatus." + to));
        if (on < sentOn) throw new DomainException("On", "Referrals.AnswerBeforeSent");
        return to is ReferralStatus.Declined or ReferralStatus.Done
            ? Guard.Required(feedback, "Feedback", Referral.TextMax)
            : Guard.Optional(feedback, "Feedback", Referral.TextMax);
    }
}

/// <summary>
/// A referral as the receiving station sees it (its intake queue): only the fields the sender chose, the reason,
/// what is asked, the basis and the deadline; the receiver's answers. Owned by the receiving station; its answers are
/// copied to the sender's <see cref="Referral"/> in the same save.
/// </summary>
public sealed class ReferralReceipt : IStationOwned, IVersioned
{
    /// <summary>The same id as the sender's referral.</summary>
    public Guid Id { get; private set; }
    public Guid StationId { get; private set; }
    public string RegionPrefix { get; private set; } = "";
    public Guid FromStationId { get; private set; }
    public string FromStationName { get; private set; } = "";
    public SharedPerson Person { get; private set; } = new();
    public SharedField Shared { get; private set; }
    public string Reason { get; private set; } = "";
    public string Request { get; private set; } = "";
    public LegalBasis Basis { get; private set; }
    public string BasisNote { get; private set; } = "";
    public DateOnly SentOn { get; private set; }
    public DateOnly DueOn { get; private set; }
    public ReferralStatus Status { get; private set; }
    public string Feedback { get; private set; } = "";
    /// <summary>The case the receiving station opened for it (source: referral in).</summary>
    public Guid? CaseId { get; private set; }
    public int Version { get; private set; }

    private ReferralReceipt() { }

    public static ReferralReceipt For(Referral r, Guid receiverStationId, string receiverRegionPrefix, string fromStationName, SharedPerson person) => new()
    {
        Id = r.Id, StationId = receiverStationId, RegionPrefix = receiverRegionPrefix, FromStationId = r.StationId, FromStationName = fromStationName,
        Person = person, Shared = r.Shared, Reason = r.Reason, Request = r.Request, Basis = r.Basis, BasisNote = r.BasisNote,
        SentOn = r.SentOn, DueOn = r.DueOn, Status = r.Status,
    };

    public void Answer(Referral sender, ReferralStatus to, string? feedback, DateOnly on)
    {
        sender.Answer(to, feedback, on);
        Status = sender.Status;
        Feedback = sender.Feedback;
        Version++;
    }

    public void OpenedAs(Guid caseId) { CaseId = caseId; Version++; }
}

/// <summary>A supervisor (督导) assigned to a station: reads the station's cases. Made by an administrator or a civil-affairs officer.</summary>
public sealed class SupervisorAssignment : IStationOwned, IUserOwned
{
    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public Guid UserId { get; private set; }
    public Guid StationId { get; private set; }
    public string RegionPrefix { get; private set; } = "";
    public DateOnly Since { get; private set; }

    private SupervisorAssignment() { }

    public static SupervisorAssignment Of(Guid supervisor, Guid stationId, string regionPrefix, DateOnly since) =>
        new() { UserId = supervisor, StationId = stationId, RegionPrefix = regionPrefix, Since = since };
}

/// <summary>A station's own assessment checklist (预估清单): the items, in order. Stations without one use the default list.</summary>
public sealed class CaseChecklist : IStationOwned, IVersioned
{
    public const int ItemsMax = 30, ItemMax = 200;

    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public Guid StationId { get; private set; }
    public string RegionPrefix { get; private set; } = "";
    public List<string> Items { get; private set; } = [];
    public int Version { get; private set; }

    private CaseChecklist() { }

    public static CaseChecklist For(Guid stationId, string regionPrefix) => new() { StationId = stationId, RegionPrefix = regionPrefix };

    public void Set(IReadOnlyList<string?> items)
    {
        var list = items.Select((s, i) => Guard.Required(s, $"Items[{i}]", ItemMax)).ToList();
        if (list.Count == 0) throw new DomainException("Items", "Error.Required");
        if (list.Count > ItemsMax) throw new DomainException("Items", "Cases.TooMany", ItemsMax);
        Items = list;
        Version++;
    }
}
