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
    /// <summary>有人员: at least this many people on the staff list (a station manager and a resident social worker).</summary>
    public const int MinimumStaff = 2;

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

    /// <summary>
    /// Records a check of the 六有 items. An item whose status, note or date changed is stamped with
    /// <paramref name="checkedBy"/> and its date (given, else <paramref name="today"/>; never in the future); an item
    /// unchanged keeps its last check. The staffing item's status always follows the staff list, whatever is sent.
    /// </summary>
    public void SetChecklist(IEnumerable<SixHasEntry> entries, string checkedBy, DateOnly today)
    {
        var byItem = entries.ToDictionary(e => e.Item);
        var previous = _checklist.ToDictionary(e => e.Item);
        var next = new List<SixHasEntry>();
        foreach (var item in Enum.GetValues<SixHasItem>())
        {
            var old = previous.GetValueOrDefault(item) ?? new SixHasEntry(item, false, "");
            var given = byItem.GetValueOrDefault(item) ?? old;
            var note = Guard.Optional(given.Note, $"Checklist.{item}", SixHasEntry.NoteMaxLength);
            var met = item == SixHasItem.Staff ? StaffItemMet : given.Met;
            if (given.CheckedOn is { } on && on > today)
                throw new DomainException($"Checklist.{item}", "Station.CheckedInFuture");
            var changed = met != old.Met || note != old.Note || (given.CheckedOn is { } d && d != old.CheckedOn);
            next.Add(changed
                // The date given when one was entered; a change without a new date is a check made today.
                ? new SixHasEntry(item, met, note, given.CheckedOn is { } g && g != old.CheckedOn ? g : today, Guard.Optional(checkedBy, "CheckedBy", SixHasEntry.CheckedByMaxLength))
                : old with { Met = met });
        }
        _checklist.Clear();
        _checklist.AddRange(next);
        Touch();
    }

    public int ChecklistMetCount => _checklist.Count(e => e.Met);

    private bool StaffItemMet => _staff.Count >= MinimumStaff;

    /// <summary>The staffing item after a change of the staff list: met or not by the list, checked by whoever changed it.</summary>
    private void SyncStaffItem(string? by, DateOnly? on)
    {
        var i = _checklist.FindIndex(e => e.Item == SixHasItem.Staff);
        if (i < 0) return;
        var entry = _checklist[i];
        if (entry.Met == StaffItemMet && by is null) return;
        _checklist[i] = entry with { Met = StaffItemMet, CheckedOn = on ?? entry.CheckedOn, CheckedBy = by is null ? entry.CheckedBy : Guard.Optional(by, "CheckedBy", SixHasEntry.CheckedByMaxLength) };
    }

    /// <summary>Adds a person to the staff list; the staffing item of the checklist follows (checked by <paramref name="by"/> on <paramref name="on"/>).</summary>
    public StationStaffMember AddStaff(string name, string? position, string? certificate, string? phone, string? by = null, DateOnly? on = null)
    {
        var member = StationStaffMember.Create(Id, RegionPrefix, name, position, certificate, phone);
        _staff.Add(member);
        SyncStaffItem(by, on);
        Touch();
        return member;
    }

    /// <summary>Removes a person from the staff list (the staff must be loaded); the staffing item follows.</summary>
    public void RemoveStaff(Guid memberId, string? by = null, DateOnly? on = null)
    {
        var member = _staff.FirstOrDefault(s => s.Id == memberId)
            ?? throw new DomainException("StaffId", "Error.NotFound");
        _staff.Remove(member);
        SyncStaffItem(by, on);
        Touch();
    }

    private void Touch() => Version++;
}
