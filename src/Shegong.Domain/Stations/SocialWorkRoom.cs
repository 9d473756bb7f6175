using Shegong.Domain.Common;
using Shegong.Domain.Regions;

namespace Shegong.Domain.Stations;

/// <summary>A community social work room (社区社工室) under a station, in one community of its township.</summary>
public sealed class SocialWorkRoom : IStationOwned
{
    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public Guid StationId { get; private set; }
    public string RegionPrefix { get; private set; } = "";
    public Guid CommunityId { get; private set; }
    public string Name { get; private set; } = "";
    public string Address { get; private set; } = "";
    public DateOnly? OpenedOn { get; private set; }

    private SocialWorkRoom() { }

    public static SocialWorkRoom Create(Station station, Region community, string name, string? address, DateOnly? openedOn)
    {
        if (community.Level != RegionLevel.Community || !community.Prefix.StartsWith(station.RegionPrefix, StringComparison.Ordinal))
            throw new DomainException("CommunityCode", "Room.CommunityOutsideStation", community.Name);
        return new SocialWorkRoom
        {
            StationId = station.Id,
            RegionPrefix = community.Prefix,
            CommunityId = community.Id,
            Name = Guard.Required(name, "Name", 60),
            Address = Guard.Optional(address, "Address", Station.AddressMaxLength),
            OpenedOn = openedOn,
        };
    }
}
