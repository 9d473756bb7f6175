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
        // Every problem at once: a citizen on a phone should not submit three times to learn three mistakes.
        var errors = new List<DomainException>();
        T? Check<T>(Func<T> read) where T : class
        {
            try { return read(); }
            catch (DomainException e) { errors.Add(e); return null; }
        }
        var name = Check(() => Guard.Required(claimantName, "ClaimantName", NameMax));
        if (type is not { } t || !Enum.IsDefined(t)) { errors.Add(new DomainException("ClaimantType", "Error.Required")); t = default; }
        var normalized = Check(() => Registry.PhoneNumber.Normalize(phone, "Phone"));
        if (normalized is { Length: 0 }) errors.Add(new DomainException("Phone", "Error.Required"));
        if (pledgedBy is not { } by) { errors.Add(new DomainException("PledgedBy", "Error.Required")); by = today; }
        else if (by < today) errors.Add(new DomainException("PledgedBy", "Claim.PledgeInPast"));
        else if (by > today.AddDays(90)) errors.Add(new DomainException("PledgedBy", "Claim.PledgeTooFar", 90));
        if (units < 1) errors.Add(new DomainException("Units", "Error.Range", 1, Math.Max(1, wish.UnitsLeft)));
        if (errors.Count > 0) throw DomainException.Many(errors);
        return new Claim
        {
            StationId = wish.StationId,
            RegionPrefix = wish.RegionPrefix,
            WishId = wish.Id,
            ClaimantName = name!,
            ClaimantType = t,
            Phone = normalized!,
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

    /// <summary>A claimant who lost the confirmation code gets a new one from the station: the old code stops working.</summary>
    public void ReplaceCode(string codeHash)
    {
        if (Status != ClaimStatus.Active) throw new DomainException("Status", "Claim.NotActive");
        CodeHash = codeHash;
    }

    public void MarkDelivered(DateOnly today)
    {
        if (Status != ClaimStatus.Active) throw new DomainException("Status", "Claim.NotActive");
        Status = ClaimStatus.Delivered;
        ClosedOn = today;
    }
}
