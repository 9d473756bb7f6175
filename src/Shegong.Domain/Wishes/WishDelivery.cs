using Shegong.Domain.Common;

namespace Shegong.Domain.Wishes;

/// <summary>接单: one claim's units handed over, recorded by the station with a note (and later a photo) as evidence.</summary>
public sealed class WishDelivery : IStationOwned
{
    public const int NoteMax = 300;

    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public Guid StationId { get; private set; }
    public string RegionPrefix { get; private set; } = "";
    public Guid WishId { get; private set; }
    public Guid ClaimId { get; private set; }
    public int Units { get; private set; }
    public DateOnly DeliveredOn { get; private set; }
    public string Note { get; private set; } = "";
    public Guid? RecordedBy { get; private set; }

    private WishDelivery() { }

    /// <summary>Delivers a whole active claim of the wish: the claim is done and the wish counts its units.</summary>
    public static WishDelivery Record(Wish wish, Claim claim, DateOnly deliveredOn, string? note, Guid? recordedBy, DateOnly today)
    {
        if (claim.WishId != wish.Id) throw new DomainException("ClaimId", "Error.NotFound");
        if (deliveredOn > today) throw new DomainException("DeliveredOn", "Visit.InFuture");
        if (deliveredOn < claim.ClaimedOn) throw new DomainException("DeliveredOn", "Delivery.BeforeClaim");
        claim.MarkDelivered(deliveredOn);
        wish.RecordDelivery(claim.Units, deliveredOn);
        return new WishDelivery
        {
            StationId = wish.StationId,
            RegionPrefix = wish.RegionPrefix,
            WishId = wish.Id,
            ClaimId = claim.Id,
            Units = claim.Units,
            DeliveredOn = deliveredOn,
            Note = Guard.Optional(note, "Note", NoteMax),
            RecordedBy = recordedBy,
        };
    }
}

/// <summary>
/// 回访: whether the wish was met, the quality, the beneficiary's satisfaction and own rating (群众评单), 1–5, and who
/// made the visit (null on records from before it was kept). Every answer is required: nothing is assumed.
/// </summary>
public sealed record ReturnVisitRecord(bool Fulfilled, int Quality, int Satisfaction, int BeneficiaryRating, string Note, Guid? RecordedBy = null)
{
    public const int NoteMax = 500;

    public static ReturnVisitRecord Create(bool? fulfilled, int? quality, int? satisfaction, int? beneficiaryRating, string? note, Guid? recordedBy = null)
    {
        // Every problem at once, so the form shows them all.
        var errors = new List<DomainException>();
        int Score(int? value, string field)
        {
            if (value is >= 1 and <= 5) return value.Value;
            errors.Add(value is null ? new DomainException(field, "Error.Required") : new DomainException(field, "Error.Range", 1, 5));
            return 0;
        }
        if (fulfilled is null) errors.Add(new DomainException("Fulfilled", "Error.Required"));
        var q = Score(quality, "Quality");
        var s = Score(satisfaction, "Satisfaction");
        var b = Score(beneficiaryRating, "BeneficiaryRating");
        string text;
        try { text = Guard.Optional(note, "Note", NoteMax); }
        catch (DomainException e) { errors.Add(e); text = ""; }
        if (errors.Count > 0) throw DomainException.Many(errors);
        return new ReturnVisitRecord(fulfilled!.Value, q, s, b, text, recordedBy);
    }
}
