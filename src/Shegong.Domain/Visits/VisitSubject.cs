using Shegong.Domain.Registry;

namespace Shegong.Domain.Visits;

/// <summary>What a visit (and a need found on it) needs to know of the person visited; Registry's contract provides it.</summary>
public sealed record VisitSubject(Guid PersonId, Guid StationId, string RegionPrefix, FollowUpTier Tier, DateOnly RegisteredOn)
{
    public static VisitSubject Of(Person p) => new(p.Id, p.StationId, p.RegionPrefix, p.Tier, p.RegisteredOn);
}
