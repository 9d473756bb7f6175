using Shegong.Domain.Common;
using Shegong.Domain.Registry;

namespace Shegong.Domain.Wishes;

/// <summary>
/// A micro-wish (微心愿) of a person on the ledger. Units let one wish ask for several items and be shared by several
/// claimants; <see cref="UnitsClaimed"/> counts the units under an active or delivered claim and is changed in the
/// database by a conditional update (never read-then-write), so concurrent claims can never exceed <see cref="Quantity"/>.
/// </summary>
public sealed class Wish : IStationOwned, IVersioned
{
    public const int DescriptionMax = 300;
    public const int StoryMax = 1000;
    /// <summary>Bounds no setting can raise: units of one wish, and a unit's value (the column holds 10 digits, 2 after the point).</summary>
    public const int QuantityMax = 1000;
    public const decimal UnitValueMax = 99_999_999.99m;

    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public Guid StationId { get; private set; }
    public string RegionPrefix { get; private set; } = "";
    public Guid PersonId { get; private set; }
    public Guid? NeedId { get; private set; }
    /// <summary>Public, anonymised: surname + 某 (e.g. 王某), never the full name.</summary>
    public string PublicName { get; private set; } = "";
    public int BeneficiaryBirthYear { get; private set; }
    public WishGroup Group { get; private set; }
    public WishKind Kind { get; private set; }
    public WishCategory Category { get; private set; }
    public string Description { get; private set; } = "";
    /// <summary>Internal story for the station (not shown on the board).</summary>
    public string Story { get; private set; } = "";
    public decimal UnitValue { get; private set; }
    public int Quantity { get; private set; }
    public DateOnly? WantedBy { get; private set; }
    public WishStatus Status { get; private set; }
    public int UnitsClaimed { get; private set; }
    public int UnitsDelivered { get; private set; }
    public string RejectionReason { get; private set; } = "";
    public DateOnly CreatedOn { get; private set; }
    public DateOnly? SubmittedOn { get; private set; }
    public DateOnly? PublishedOn { get; private set; }
    public DateOnly? DeliveredOn { get; private set; }
    public DateOnly? ClosedOn { get; private set; }
    /// <summary>The return visit that closed the wish; null until then.</summary>
    public ReturnVisitRecord? ReturnVisit { get; private set; }
    public int Version { get; private set; }

    public decimal EstimatedValue => UnitValue * Quantity;
    public int UnitsLeft => Quantity - UnitsClaimed;

    private Wish() { }

    public static Wish Draft(Person beneficiary, Guid? needId, WishGroup group, WishKind kind, WishCategory category, string? description,
        string? story, decimal unitValue, int quantity, DateOnly? wantedBy, DateOnly today, WishLimits limits) =>
        Draft(WishBeneficiary.Of(beneficiary), needId, group, kind, category, description, story, unitValue, quantity, wantedBy, today, limits);

    public static Wish Draft(WishBeneficiary beneficiary, Guid? needId, WishGroup group, WishKind kind, WishCategory category, string? description,
        string? story, decimal unitValue, int quantity, DateOnly? wantedBy, DateOnly today, WishLimits limits)
    {
        if (!beneficiary.Active) throw new DomainException("PersonId", "Person.NotActive");
        var wish = new Wish
        {
            StationId = beneficiary.StationId,
            RegionPrefix = beneficiary.RegionPrefix,
            PersonId = beneficiary.PersonId,
            NeedId = needId,
            PublicName = Anonymise(beneficiary.Name),
            BeneficiaryBirthYear = beneficiary.BirthYear,
            CreatedOn = today,
            Status = WishStatus.Draft,
        };
        wish.Edit(group, kind, category, description, story, unitValue, quantity, wantedBy, today, limits);
        return wish;
    }

    private static readonly string[] CompoundSurnames = ["欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "令狐", "夏侯"];

    /// <summary>王小明 → 王某; 欧阳修 → 欧阳某 (common two-character surnames kept whole).</summary>
    public static string Anonymise(string name)
    {
        var surname = CompoundSurnames.FirstOrDefault(c => name.StartsWith(c, StringComparison.Ordinal)) ?? (name.Length > 0 ? name[..1] : "");
        return surname + "某";
    }

    public void Edit(WishGroup group, WishKind kind, WishCategory category, string? description, string? story, decimal unitValue,
        int quantity, DateOnly? wantedBy, DateOnly today, WishLimits limits)
    {
        if (Status is not (WishStatus.Draft or WishStatus.Rejected)) throw new DomainException("Status", "Wish.NotEditable");
        if (!Enum.IsDefined(group)) throw new DomainException("Group", "Error.Required");
        if (!Enum.IsDefined(kind)) throw new DomainException("Kind", "Error.Required");
        if (!Enum.IsDefined(category)) throw new DomainException("Category", "Error.Required");
        var maxQuantity = Math.Min(limits.MaxQuantity, QuantityMax);
        if (quantity < 1 || quantity > maxQuantity) throw new DomainException("Quantity", "Error.Range", 1, maxQuantity);
        if (unitValue < 0 || unitValue > UnitValueMax || decimal.Round(unitValue, 2) != unitValue) throw new DomainException("UnitValue", "Wish.ValueFormat");
        // The cap is on the whole wish, material or spiritual (a spiritual wish's value is what it costs, e.g. a trip).
        if (unitValue * quantity > limits.MaxValue) throw new DomainException("UnitValue", "Wish.ValueCap", limits.MaxValue);
        if (wantedBy is { } w && w < today) throw new DomainException("WantedBy", "Wish.WantedByPast");
        Group = group;
        Kind = kind;
        Category = category;
        Description = Guard.Required(description, "Description", DescriptionMax);
        Story = Guard.Optional(story, "Story", StoryMax);
        UnitValue = unitValue;
        Quantity = quantity;
        WantedBy = wantedBy;
        Version++;
    }

    /// <summary>A draft or a rejected wish was never public and may be discarded (deleted) by the station.</summary>
    public void EnsureDiscardable()
    {
        if (Status is not (WishStatus.Draft or WishStatus.Rejected)) throw Transition("Discard");
    }

    public void Submit(DateOnly today)
    {
        if (Status is not (WishStatus.Draft or WishStatus.Rejected)) throw Transition("Submit");
        Status = WishStatus.Submitted;
        SubmittedOn = today;
        RejectionReason = "";
        Version++;
    }

    public void Approve(DateOnly today)
    {
        if (Status != WishStatus.Submitted) throw Transition("Approve");
        Status = WishStatus.Published;
        PublishedOn = today;
        Version++;
    }

    public void Reject(string? reason)
    {
        if (Status != WishStatus.Submitted) throw Transition("Reject");
        RejectionReason = Guard.Required(reason, "RejectionReason", 200);
        Status = WishStatus.Rejected;
        Version++;
    }

    /// <summary>Unclaimed too long on the board: the station matches it with a donor (精准派单).</summary>
    public void MoveToDispatch()
    {
        if (Status != WishStatus.Published || UnitsClaimed > 0) throw Transition("MoveToDispatch");
        Status = WishStatus.Dispatching;
        Version++;
    }

    /// <summary>
    /// Takes units in memory by <see cref="WishUnitRule"/>, for seeds and unit tests that build a wish before it is
    /// saved. At runtime units change only through the web layer's conditional update, which applies the same rule.
    /// </summary>
    public void ClaimUnits(int units)
    {
        if (!IsClaimable) throw new DomainException("WishId", "Wish.NotClaimable");
        if (!WishUnitRule.CanTakeNow(this, units)) throw new DomainException("Units", "Wish.NotEnoughUnits", UnitsLeft);
        Status = WishUnitRule.StatusAfterTakeNow(this, units);
        UnitsClaimed += units;
        Version++;
    }

    /// <summary>Gives units back in memory by <see cref="WishUnitRule"/> (a withdrawn or released claim); see <see cref="ClaimUnits"/>.</summary>
    public void ReturnUnits(int units, bool toDispatch = false)
    {
        if (!WishUnitRule.CanReturnNow(this, units)) throw Transition("ReturnUnits");
        Status = WishUnitRule.StatusAfterReturnNow(this, toDispatch);
        UnitsClaimed -= units;
        Version++;
    }

    public void RecordDelivery(int units, DateOnly on)
    {
        if (Status is not (WishStatus.Published or WishStatus.Claimed or WishStatus.Dispatching)) throw Transition("Deliver");
        if (units < 1 || UnitsDelivered + units > UnitsClaimed) throw new DomainException("Units", "Wish.DeliverMoreThanClaimed");
        UnitsDelivered += units;
        if (UnitsDelivered == Quantity)
        {
            Status = WishStatus.Delivered;
            DeliveredOn = on;
        }
        Version++;
    }

    /// <summary>
    /// The return visit (回访) closes a delivered wish: <see cref="WishStatus.Closed"/> when it found the wish met,
    /// <see cref="WishStatus.Unfulfilled"/> when not — then it no longer counts as fulfilled, and the station records a
    /// new wish for the need if one remains (the household's open-wish limit no longer counts this one).
    /// </summary>
    public void Close(DateOnly on, ReturnVisitRecord? returnVisit = null)
    {
        if (Status != WishStatus.Delivered) throw Transition("Close");
        if (DeliveredOn is { } delivered && on < delivered) throw new DomainException("ReturnVisitOn", "ReturnVisit.BeforeDelivery");
        Status = returnVisit is { Fulfilled: false } ? WishStatus.Unfulfilled : WishStatus.Closed;
        ClosedOn = on;
        ReturnVisit = returnVisit;
        Version++;
    }

    /// <summary>Whether units may be claimed now (the conditional update checks the same in the database).</summary>
    /// <summary>At least one unit may be taken (<see cref="WishUnitRule.CanTake"/>).</summary>
    public bool IsClaimable => WishUnitRule.CanTakeNow(this, 1);

    private DomainException Transition(string action) =>
        new("Status", "Wish.TransitionRefused", new LocalizedArg("WishAction." + action), new LocalizedArg("WishStatus." + Status));
}

/// <summary>A station's configurable limits (policy): value cap for material wishes, units per wish, open wishes per household.</summary>
public sealed record WishLimits(decimal MaxValue = 500m, int MaxQuantity = 50, int OpenWishesPerHousehold = 1, int UnclaimedDaysBeforeDispatch = 14,
    int ClaimGraceDays = 7)
{
    public static readonly WishLimits Default = new();
}
