using Shegong.Domain.Common;

namespace Shegong.Domain.Stations;

/// <summary>A person working at a station (驻站社工、站长…); not necessarily a system user.</summary>
public sealed class StationStaffMember : IStationOwned
{
    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public Guid StationId { get; private set; }
    public string RegionPrefix { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string Position { get; private set; } = "";
    public string Certificate { get; private set; } = "";
    public string Phone { get; private set; } = "";

    private StationStaffMember() { }

    internal static StationStaffMember Create(Guid stationId, string regionPrefix, string name, string? position, string? certificate, string? phone)
    {
        var p = Guard.Optional(phone, "Phone", 20);
        if (p.Length > 0 && !p.All(c => char.IsAsciiDigit(c) || c == '-'))
            throw new DomainException("Phone", "Error.PhoneInvalid");
        return new StationStaffMember
        {
            StationId = stationId,
            RegionPrefix = regionPrefix,
            Name = Guard.Required(name, "Name", 30),
            Position = Guard.Optional(position, "Position", 30),
            Certificate = Guard.Optional(certificate, "Certificate", 30),
            Phone = p,
        };
    }
}
