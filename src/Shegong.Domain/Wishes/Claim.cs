using Shegong.Domain.Common;

namespace Shegong.Domain.Wishes;

/// <summary>
/// A pledge of one or more units of a wish by a company, organization or citizen (认领), or by a donor the station
/// dispatched (派单). The claimant sees and withdraws it with a confirmation code, kept only as a hash.
/// </summary>
public sealed class Claim : IStationOwned
{
    public const int NameMax = 60;

    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public Guid StationId { get; private set; }
    public string RegionPrefix { get; private set; } = "";
    public Guid WishId { get; private set; }
    public string ClaimantName { get; private set; } = "";
    public ClaimantType ClaimantType { get; private set; }
    public string Phone { get; private set; } = "";
    public bool NamedPublicly { get; private set; }
    public int Units { get; private set; }
    public DateOnly PledgedBy { get; private set; }
    public ClaimSource Source { get; private set; }
    public ClaimStatus Status { get; private set; }
    public string CodeHash { get; private set; } = "";
    public DateOnly ClaimedOn { get; private set; }
    public DateOnly? ClosedOn { get; private set; }
    /// <summary>Past its pledge date and not delivered (逾期): flagged for the station, released after the grace period.</summary>
    public bool Overdue(DateOnly today) => Status == ClaimStatus.Active && today > PledgedBy;

    private Claim() { }

    public static Claim Create(Wish wish, string? claimantName, ClaimantType? type, string? phone, bool namedPublicly, int units,
        DateOnly? pledgedBy, ClaimSource source, string codeHash, DateOnly today)
    {
        if (type is not { } t || !Enum.IsDefined(t)) throw new DomainException("ClaimantType", "Error.Required");
        if (pledgedBy is not { } by) throw new DomainException("PledgedBy", "Error.Required");
        if (by < today) throw new DomainException("PledgedBy", "Claim.PledgeInPast");
        if (by > today.AddDays(90)) throw new DomainException("PledgedBy", "Claim.PledgeTooFar", 90);
        if (units < 1) throw new DomainException("Units", "Error.Range", 1, Math.Max(1, wish.UnitsLeft));
        return new Claim
        {
            StationId = wish.StationId,
            RegionPrefix = wish.RegionPrefix,
            WishId = wish.Id,
            ClaimantName = Guard.Required(claimantName, "ClaimantName", NameMax),
            ClaimantType = t,
            Phone = Registry.PhoneNumber.Normalize(phone, "Phone") is { Length: > 0 } p ? p : throw new DomainException("Phone", "Error.Required"),
            NamedPublicly = namedPublicly,
            Units = units,
            PledgedBy = by,
            Source = source,
            Status = ClaimStatus.Active,
            CodeHash = codeHash,
            ClaimedOn = today,
        };
    }

    public void Withdraw(DateOnly today)
    {
        if (Status != ClaimStatus.Active) throw new DomainException("Status", "Claim.NotActive");
        Status = ClaimStatus.Withdrawn;
        ClosedOn = today;
    }

    /// <summary>Not delivered within the grace period after the pledge date: the units go back to the board.</summary>
    public void Release(DateOnly today, int graceDays)
    {
        if (Status != ClaimStatus.Active) throw new DomainException("Status", "Claim.NotActive");
        if (today <= PledgedBy.AddDays(graceDays)) throw new DomainException("Status", "Claim.StillInGrace");
        Status = ClaimStatus.Released;
        ClosedOn = today;
    }

    public void MarkDelivered(DateOnly today)
    {
        if (Status != ClaimStatus.Active) throw new DomainException("Status", "Claim.NotActive");
        Status = ClaimStatus.Delivered;
        ClosedOn = today;
    }
}
