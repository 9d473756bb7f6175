using Shegong.Domain.Common;

namespace Shegong.Domain.Registry;

/// <summary>人户状态: whether the registered residence and where the household actually lives agree.</summary>
public enum ResidenceStatus
{
    Consistent = 1,        // 人户一致
    RegisteredOnly = 2,    // 户在人不在
    ResidentOnly = 3,      // 人在户不在
}

/// <summary>居住情况.</summary>
public enum LivingArrangement
{
    Alone = 1,             // 独居
    WithSpouse = 2,        // 与配偶同住
    WithChildren = 3,      // 与子女同住
    WithRelatives = 4,     // 与其他亲属同住
    InstitutionCare = 5,   // 机构供养
    Other = 9,             // 其他
}

/// <summary>已享受救助.</summary>
[Flags]
public enum AssistanceKinds
{
    None = 0,
    MinimumLiving = 1,     // 低保
    ExtremePoverty = 2,    // 特困供养
    Temporary = 4,         // 临时救助
    Medical = 8,           // 医疗救助
    Housing = 16,          // 住房救助
}

public sealed record HouseholdDetails(string? Address, string? ActualAddress, ResidenceStatus? ResidenceStatus,
    LivingArrangement? LivingArrangement, string? EconomicSources, AssistanceKinds Assistance);

/// <summary>A household (一户一档): addresses, living arrangement, income and the assistance it receives.</summary>
public sealed class Household : IStationOwned, IVersioned
{
    public const int AddressMax = 200;

    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public Guid StationId { get; private set; }
    public string RegionPrefix { get; private set; } = "";
    public Guid CommunityId { get; private set; }
    public string Address { get; private set; } = "";
    public string ActualAddress { get; private set; } = "";
    public ResidenceStatus ResidenceStatus { get; private set; }
    public LivingArrangement LivingArrangement { get; private set; }
    public string EconomicSources { get; private set; } = "";
    public AssistanceKinds Assistance { get; private set; }
    public int Version { get; private set; }

    private Household() { }

    public static (Household? Household, IReadOnlyList<RuleError> Errors) Create(Guid stationId, string communityPrefix, Guid communityId, HouseholdDetails d)
    {
        var h = new Household { StationId = stationId, RegionPrefix = communityPrefix, CommunityId = communityId };
        var errors = h.Apply(d);
        return errors.Count == 0 ? (h, errors) : (null, errors);
    }

    /// <summary>The household moved to another community of its station (its members move with it: <see cref="Person.MoveToCommunity"/>).</summary>
    public void MoveToCommunity(string communityPrefix, Guid communityId)
    {
        if (communityPrefix.Length != RegionPrefix.Length || communityPrefix[..9] != RegionPrefix[..9])
            throw new DomainException("CommunityId", "Error.NotFound");
        if (communityPrefix == RegionPrefix) return;
        (RegionPrefix, CommunityId) = (communityPrefix, communityId);
        Version++;
    }

    public IReadOnlyList<RuleError> Update(HouseholdDetails d)
    {
        var errors = Apply(d);
        if (errors.Count == 0) Version++;
        return errors;
    }

    private List<RuleError> Apply(HouseholdDetails d)
    {
        var errors = new List<RuleError>();
        var address = d.Address?.Trim() ?? "";
        if (address.Length == 0) errors.Add(new RuleError("Address", "Error.Required"));
        else if (address.Length > AddressMax) errors.Add(new RuleError("Address", "Error.TooLong", AddressMax));
        var actual = d.ActualAddress?.Trim() ?? "";
        if (actual.Length > AddressMax) errors.Add(new RuleError("ActualAddress", "Error.TooLong", AddressMax));
        var economic = d.EconomicSources?.Trim() ?? "";
        if (economic.Length > 100) errors.Add(new RuleError("EconomicSources", "Error.TooLong", 100));
        if (errors.Count > 0) return errors;
        Address = address;
        ActualAddress = actual.Length == 0 ? address : actual;
        ResidenceStatus = d.ResidenceStatus ?? ResidenceStatus.Consistent;
        LivingArrangement = d.LivingArrangement ?? LivingArrangement.Other;
        EconomicSources = economic;
        Assistance = d.Assistance;
        return errors;
    }
}
