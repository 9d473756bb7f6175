using Shegong.Domain.Common;

namespace Shegong.Domain.Wishes;

/// <summary>
/// A donor in the station's pool for precise dispatch (精准派单): an enterprise, a paired social organization, a party
/// member, a property manager, a volunteer or a citizen the station may call on. Preferences narrow what is offered to
/// them (empty = any); budget (yuan, this round) and capacity (units) bound how much.
/// </summary>
public sealed class Donor : IStationOwned, IVersioned
{
    public const int NameMax = 60;
    public const int EmailMax = 100;
    public const decimal BudgetMax = 1_000_000m;
    public const int CapacityMax = 500;
    /// <summary>Stored joined by commas in 2,000 characters: 13 characters a community.</summary>
    public const int AreasMax = 150;

    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public Guid StationId { get; private set; }
    public string RegionPrefix { get; private set; } = "";
    public string Name { get; private set; } = "";
    public ClaimantType Type { get; private set; }
    public string Phone { get; private set; } = "";
    public string Email { get; private set; } = "";
    /// <summary>Preferred categories as numbers joined by commas ("1,3"); empty = any.</summary>
    public string Categories { get; private set; } = "";
    /// <summary>Preferred community codes (12 digits) of the station joined by commas; empty = any.</summary>
    public string Areas { get; private set; } = "";
    /// <summary>Budget left this round (yuan); an accepted offer spends it, staff top it up for the next round.</summary>
    public decimal Budget { get; private set; }
    /// <summary>Units the donor will still take this round; an accepted offer uses them up.</summary>
    public int Capacity { get; private set; }
    public bool Active { get; private set; }
    /// <summary>The user account of the donor, when they answer offers themselves.</summary>
    public Guid? UserId { get; private set; }
    public DateOnly CreatedOn { get; private set; }
    public int Version { get; private set; }

    public IReadOnlyList<WishCategory> CategoryList =>
        Categories.Length == 0 ? [] : Categories.Split(',').Select(c => (WishCategory)int.Parse(c)).ToList();
    public IReadOnlyList<string> AreaList => Areas.Length == 0 ? [] : Areas.Split(',');

    private Donor() { }

    public static Donor Create(Guid stationId, string regionPrefix, DonorDetails details, IReadOnlyCollection<string> stationAreas, DateOnly today)
    {
        var donor = new Donor { StationId = stationId, RegionPrefix = regionPrefix, CreatedOn = today };
        donor.Apply(details, stationAreas);
        return donor;
    }

    public void Update(DonorDetails details, IReadOnlyCollection<string> stationAreas)
    {
        Apply(details, stationAreas);
        Version++;
    }

    private void Apply(DonorDetails d, IReadOnlyCollection<string> stationAreas)
    {
        var name = Guard.Required(d.Name, "Name", NameMax);
        if (d.Type is not { } type || !Enum.IsDefined(type)) throw new DomainException("DonorType", "Error.Required");
        var phone = Registry.PhoneNumber.Normalize(d.Phone, "Phone");
        if (phone.Length == 0) throw new DomainException("Phone", "Error.Required");
        var email = Guard.Optional(d.Email, "Email", EmailMax);
        if (email.Length > 0 && !IsEmail(email)) throw new DomainException("Email", "Donor.EmailInvalid");
        var categories = (d.Categories ?? []).Distinct().Order().ToList();
        if (categories.Any(c => !Enum.IsDefined(c))) throw new DomainException("Categories", "Error.Required");
        var areas = (d.Areas ?? []).Select(a => a.Trim()).Where(a => a.Length > 0).Distinct().Order(StringComparer.Ordinal).ToList();
        if (areas.Count > AreasMax) throw new DomainException("Areas", "Error.Range", 0, AreasMax);
        if (areas.FirstOrDefault(a => !stationAreas.Contains(a)) is { } foreign) throw new DomainException("Areas", "Donor.AreaNotOfStation", foreign);
        if (d.Budget is not { } budget) throw new DomainException("Budget", "Error.Required");
        if (budget < 0 || budget > BudgetMax || decimal.Round(budget, 2) != budget) throw new DomainException("Budget", "Donor.BudgetRange", BudgetMax);
        if (d.Capacity is not { } capacity) throw new DomainException("Capacity", "Error.Required");
        if (capacity < 0 || capacity > CapacityMax) throw new DomainException("Capacity", "Error.Range", 0, CapacityMax);
        Name = name;
        Type = type;
        Phone = phone;
        Email = email;
        Categories = string.Join(',', categories.Select(c => ((int)c).ToString()));
        Areas = string.Join(',', areas);
        Budget = budget;
        Capacity = capacity;
        Active = d.Active;
        UserId = d.UserId;
    }

    private static bool IsEmail(string s)
    {
        var at = s.IndexOf('@');
        return at > 0 && at == s.LastIndexOf('@') && s.IndexOf('.', at) > at + 1 && !s.EndsWith('.') && !s.Any(char.IsWhiteSpace);
    }

    /// <summary>Whether the donor's preferences admit a wish of this category in this community (empty preference = any).</summary>
    public bool Accepts(WishCategory category, string communityCode) =>
        (Categories.Length == 0 || CategoryList.Contains(category)) && (Areas.Length == 0 || AreaList.Contains(communityCode));
}

/// <summary>What staff enter for a donor (the form and the API).</summary>
public sealed record DonorDetails(string? Name, ClaimantType? Type, string? Phone, string? Email, IReadOnlyList<WishCategory>? Categories,
    IReadOnlyList<string>? Areas, decimal? Budget, int? Capacity, bool Active = true, Guid? UserId = null);
