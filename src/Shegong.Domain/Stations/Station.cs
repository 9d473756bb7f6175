using Shegong.Domain.Common;
using Shegong.Domain.Regions;

namespace Shegong.Domain.Stations;

/// <summary>
/// A township/street social work station (社工站). One per township; <see cref="RegionPrefix"/> is the township's
/// short code, copied here so that scope filters never need a join.
/// </summary>
public sealed class Station : IVersioned
{
    public const int NameMaxLength = 60;
    public const int AddressMaxLength = 200;
    public const int OrganizationMaxLength = 100;
    public const int ServiceHoursMaxLength = 100;

    private readonly List<StationStaffMember> _staff = [];
    private readonly List<SixHasEntry> _checklist = [];

    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public Guid RegionId { get; private set; }
    public string RegionPrefix { get; private set; } = "";
    public string Name { get; private set; } = "";
    public StationStatus Status { get; private set; }
    public string Address { get; private set; } = "";
    public string OperatingOrganization { get; private set; } = "";
    public DateOnly? BuiltOn { get; private set; }
    public DateOnly? OperatingSince { get; private set; }
    public bool IsDemonstration { get; private set; }
    /// <summary>The station's public phone (a landline or a mobile), shown to citizens who claim a wish.</summary>
    public string Phone { get; private set; } = "";
    /// <summary>When the station is open, as the station writes it ("周一至周五 8:30–12:00，14:30–17:30").</summary>
    public string ServiceHours { get; private set; } = "";

    /// <summary>Incremented on every change; a stale edit is refused instead of silently overwriting.</summary>
    public int Version { get; private set; }

    public IReadOnlyList<StationStaffMember> Staff => _staff;
    public IReadOnlyList<SixHasEntry> Checklist => _checklist;

    private Station() { }

    public static Station Create(Region township, string name, string? address, string? operatingOrganization, DateOnly? builtOn)
    {
        if (township.Level != RegionLevel.Township)
            throw new DomainException("RegionCode", "Station.RegionNotTownship", township.Name);
        var station = new Station
        {
            RegionId = township.Id,
            RegionPrefix = township.Prefix,
            Status = StationStatus.Built,
            BuiltOn = builtOn,
        };
        station.UpdateDetails(name, address, operatingOrganization, builtOn, false);
        foreach (var item in Enum.GetValues<SixHasItem>()) station._checklist.Add(new SixHasEntry(item, false, ""));
        return station;
    }

    public void UpdateDetails(string name, string? address, string? operatingOrganization, DateOnly? builtOn, bool isDemonstration)
    {
        Name = Guard.Required(name, "Name", NameMaxLength);
        Address = Guard.Optional(address, "Address", AddressMaxLength);
        OperatingOrganization = Guard.Optional(operatingOrganization, "OperatingOrganization", OrganizationMaxLength);
        BuiltOn = builtOn;
        IsDemonstration = isDemonstration;
        Touch();
    }

    /// <summary>What a citizen needs to reach the station: its phone and service hours (the address is a detail above).</summary>
    public void SetContact(string? phone, string? serviceHours)
    {
        Phone = Registry.PhoneNumber.Normalize(phone, "StationPhone");
        ServiceHours = Guard.Optional(serviceHours, "ServiceHours", ServiceHoursMaxLength);
        Touch();
    }

    public void StartOperating(DateOnly since)
    {
        if (BuiltOn is { } built && since < built)
            throw new DomainException("OperatingSince", "Station.OperatingBeforeBuilt");
        Status = StationStatus.Operating;
        OperatingSince = since;
        Touch();
    }

    public void StopOperating()
    {
        Status = StationStatus.Built;
        OperatingSince = null;
        Touch();
    }

    public void SetChecklist(IEnumerable<SixHasEntry> entries)
    {
        var byItem = entries.ToDictionary(e => e.Item);
        _checklist.Clear();
        foreach (var item in Enum.GetValues<SixHasItem>())
        {
            var entry = byItem.GetValueOrDefault(item) ?? new SixHasEntry(item, false, "");
            _checklist.Add(entry with { Note = Guard.Optional(entry.Note, $"Checklist.{item}", SixHasEntry.NoteMaxLength) });
        }
        Touch();
    }

    public int ChecklistMetCount => _checklist.Count(e => e.Met);

    public StationStaffMember AddStaff(string name, string? position, string? certificate, string? phone)
    {
        var member = StationStaffMember.Create(Id, RegionPrefix, name, position, certificate, phone);
        _staff.Add(member);
        Touch();
        return member;
    }

    public void RemoveStaff(Guid memberId)
    {
        var member = _staff.FirstOrDefault(s => s.Id == memberId)
            ?? throw new DomainException("StaffId", "Error.NotFound");
        _staff.Remove(member);
        Touch();
    }

    private void Touch() => Version++;
}
