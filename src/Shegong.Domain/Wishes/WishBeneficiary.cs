using Shegong.Domain.Registry;

namespace Shegong.Domain.Wishes;

/// <summary>What a wish needs to know of the person it is for; the web layer reads it through Registry's contract.</summary>
public sealed record WishBeneficiary(Guid PersonId, Guid StationId, string RegionPrefix, string Name, int BirthYear, bool Active)
{
    public static WishBeneficiary Of(Person p) => new(p.Id, p.StationId, p.RegionPrefix, p.Name, p.BirthDate.Year, p.Status == PersonStatus.Active);
}
