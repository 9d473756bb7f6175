using Shegong.Domain.Common;

namespace Shegong.Domain.Wishes;

public enum OfferStatus { Offered = 0, Accepted = 1, Declined = 2, Cancelled = 3 }

/// <summary>
/// The station offers units of a wish to a donor (派单). While offered, the units are held out of new suggestions
/// (not out of the public board: a citizen may still claim them first). Accepted, it becomes a claim with
/// <see cref="ClaimSource.Dispatch"/>; declined or cancelled, the units go back to the pool.
/// </summary>
public sealed class DispatchOffer : IStationOwned
{
    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public Guid StationId { get; private set; }
    public string RegionPrefix { get; private set; } = "";
    public Guid WishId { get; private set; }
    public Guid DonorId { get; private set; }
    public int Units { get; private set; }
    public decimal UnitValue { get; private set; }
    public OfferStatus Status { get; private set; }
    public DateOnly OfferedOn { get; private set; }
    public DateOnly? AnsweredOn { get; private set; }
    /// <summary>Whether the answer was recorded by staff for the donor (a phone call) rather than by the donor.</summary>
    public bool AnsweredByStaff { get; private set; }
    public Guid? ClaimId { get; private set; }
    public int Version { get; private set; }

    public decimal Value => UnitValue * Units;

    private DispatchOffer() { }

    /// <summary>
    /// Checks the donor is active and willing (category and community), the wish has the units free (not claimed and
    /// not offered to someone else) and the donor has room left after their open offers (units and budget).
    /// </summary>
    public static DispatchOffer Create(Wish wish, string wishCommunity, Donor donor, int units, int unitsOnOffer, int donorUnitsHeld,
        decimal donorValueHeld, DateOnly today)
    {
        if (donor.StationId != wish.StationId) throw new DomainException("DonorId", "Error.NotFound");
        if (!donor.Active) throw new DomainException("DonorId", "Offer.DonorInactive");
        if (!donor.Accepts(wish.Category, wishCommunity)) throw new DomainException("DonorId", "Offer.DonorNotWilling");
        if (!wish.IsClaimable) throw new DomainException("WishId", "Wish.NotClaimable");
        var free = wish.UnitsLeft - unitsOnOffer;
        if (units < 1 || units > free) throw new DomainException("Units", "Wish.NotEnoughUnits", Math.Max(0, free));
        if (units > donor.Capacity - donorUnitsHeld) throw new DomainException("Units", "Offer.OverCapacity", Math.Max(0, donor.Capacity - donorUnitsHeld));
        if (wish.UnitValue * units > donor.Budget - donorValueHeld) throw new DomainException("Units", "Offer.OverBudget", Math.Max(0, donor.Budget - donorValueHeld));
        return new DispatchOffer
        {
            StationId = wish.StationId, RegionPrefix = wish.RegionPrefix, WishId = wish.Id, DonorId = donor.Id, Units = units,
            UnitValue = wish.UnitValue, Status = OfferStatus.Offered, OfferedOn = today,
        };
    }

    public void Accept(Guid claimId, bool byStaff, DateOnly today)
    {
        if (Status != OfferStatus.Offered) throw new DomainException("Status", "Offer.NotOpen");
        Status = OfferStatus.Accepted;
        ClaimId = claimId;
        Answer(byStaff, today);
    }

    public void Decline(bool byStaff, DateOnly today)
    {
        if (Status != OfferStatus.Offered) throw new DomainException("Status", "Offer.NotOpen");
        Status = OfferStatus.Declined;
        Answer(byStaff, today);
    }

    /// <summary>Withdrawn by the station, or the units were claimed on the board before the donor answered.</summary>
    public void Cancel(DateOnly today)
    {
        if (Status != OfferStatus.Offered) throw new DomainException("Status", "Offer.NotOpen");
        Status = OfferStatus.Cancelled;
        Answer(true, today);
    }

    private void Answer(bool byStaff, DateOnly today)
    {
        AnsweredByStaff = byStaff;
        AnsweredOn = today;
        Version++;
    }
}
