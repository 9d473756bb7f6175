using Shegong.Domain.Common;

namespace Shegong.Domain.Registry;

/// <summary>
/// The person's place on the ledger from a date on (台账变更记录): community, tier, types and whether they are on
/// file. A row is appended at registration and whenever one of these changes, never edited, so the figures of any
/// past month can be recounted from the records ("on file at the end of March by tier" keeps March's tiers).
/// </summary>
public sealed class PersonLedgerChange : IStationOwned
{
    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public Guid PersonId { get; private set; }
    public Guid StationId { get; private set; }
    public string RegionPrefix { get; private set; } = "";
    public DateOnly ChangedOn { get; private set; }
    public FollowUpTier Tier { get; private set; }
    public PersonTypes Types { get; private set; }
    public bool OnFile { get; private set; }

    private PersonLedgerChange() { }

    internal static PersonLedgerChange Of(Person p, DateOnly on) => new()
    {
        PersonId = p.Id, StationId = p.StationId, RegionPrefix = p.RegionPrefix, ChangedOn = on,
        Tier = p.Tier, Types = p.Types, OnFile = p.Status == PersonStatus.Active,
    };

    /// <summary>True when the two describe the same place on the ledger (nothing for the figures to change).</summary>
    public bool SamePlaceAs(PersonLedgerChange other) =>
        RegionPrefix == other.RegionPrefix && Tier == other.Tier && Types == other.Types && OnFile == other.OnFile;
}
