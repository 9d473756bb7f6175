using Microsoft.Extensions.Primitives;
using Shegong.Domain.Registry;

namespace Shegong.Web.Features.Registry;

/// <summary>
/// What the register and edit forms post. Multi-choice fields (person types, assistance) are checkboxes read from
/// the raw form, since a set of checkboxes has no index to bind to.
/// </summary>
public sealed class PersonFormModel
{
    public int Version { get; set; }
    public string? CommunityCode { get; set; }
    public Guid? HouseholdId { get; set; }
    public HouseholdRelation Relation { get; set; } = HouseholdRelation.Head;
    public string? Name { get; set; }
    public Gender? Gender { get; set; }
    public string? Ethnicity { get; set; } = "汉族";
    public DateOnly? BirthDate { get; set; }
    public string? IdNumber { get; set; }
    public string? Phone { get; set; }
    public string? EmergencyContactName { get; set; }
    public string? EmergencyContactPhone { get; set; }
    public PersonTypes Types { get; set; }
    public FollowUpTier? Tier { get; set; }
    public Guid? ResponsibleWorkerId { get; set; }
    public bool SevereMentalDisorder { get; set; }
    public LegalBasis? LegalBasis { get; set; }
    public string? ConsentNote { get; set; }
    // Household (new households only)
    public string? Address { get; set; }
    public string? ActualAddress { get; set; }
    public ResidenceStatus? ResidenceStatus { get; set; }
    public LivingArrangement? LivingArrangement { get; set; }
    public string? EconomicSources { get; set; }
    public AssistanceKinds Assistance { get; set; }
    // Health
    public string? ChronicDiseases { get; set; }
    public string? MentalState { get; set; }
    public SelfCareAbility? SelfCare { get; set; }
    public string? Caregiver { get; set; }
    public string? DisabilityCardNumber { get; set; }
    public int? DisabilityCategory { get; set; }
    public int? DisabilityGrade { get; set; }
    public int? MentalDangerRating { get; set; }
    // Elderly
    public string? ElderlyEconomicSource { get; set; }
    public string? FamilyStructure { get; set; }
    public string? CareSituation { get; set; }
    // Children
    public string? School { get; set; }
    public bool Boarding { get; set; }
    public string? FatherWhereabouts { get; set; }
    public string? MotherWhereabouts { get; set; }
    public string? ParentContact { get; set; }
    public string? GuardianName { get; set; }
    public string? GuardianRelation { get; set; }
    public string? GuardianPhone { get; set; }
    public GuardianshipAssessment? Guardianship { get; set; }
    public bool ConfirmNotDuplicate { get; set; }

    /// <summary>Reads the checkbox sets from the posted form.</summary>
    public void ReadCheckboxes(IFormCollection form)
    {
        Types = Flags<PersonTypes>(form["types"]);
        Assistance = Flags<AssistanceKinds>(form["assistance"]);
    }

    private static T Flags<T>(StringValues values) where T : struct, Enum =>
        (T)(object)values.Select(v => Enum.TryParse<T>(v, out var f) ? Convert.ToInt32(f) : 0).Aggregate(0, (a, b) => a | b);

    public PersonDetails ToDetails() => new(Name, Gender, Ethnicity, BirthDate, IdNumber, Phone, EmergencyContactName, EmergencyContactPhone,
        Types, Tier, LegalBasis, ConsentNote, SevereMentalDisorder,
        new HealthSection(ChronicDiseases ?? "", MentalState ?? "", SelfCare, Caregiver ?? "", DisabilityCardNumber, DisabilityCategory, DisabilityGrade, MentalDangerRating),
        new ElderlySection(ElderlyEconomicSource ?? "", FamilyStructure ?? "", CareSituation ?? ""),
        new ChildSection(School ?? "", Boarding, FatherWhereabouts ?? "", MotherWhereabouts ?? "", ParentContact ?? "", GuardianName ?? "",
            GuardianRelation ?? "", GuardianPhone ?? "", Guardianship));

    public HouseholdDetails ToHousehold() => new(Address, ActualAddress, ResidenceStatus, LivingArrangement, EconomicSources, Assistance);

    public static PersonFormModel From(GetPerson.Result p) => new()
    {
        Version = p.Version, CommunityCode = p.CommunityCode, HouseholdId = p.Household.Id, Relation = p.Relation,
        Name = p.Name, Gender = p.Gender, Ethnicity = p.Ethnicity, BirthDate = p.BirthDate, IdNumber = p.IdNumber, Phone = p.Phone,
        EmergencyContactName = p.EmergencyContactName, EmergencyContactPhone = p.EmergencyContactPhone, Types = p.Types, Tier = p.Tier,
        ResponsibleWorkerId = p.ResponsibleWorkerId, SevereMentalDisorder = p.SevereMentalDisorder, LegalBasis = p.LegalBasis, ConsentNote = p.ConsentNote,
        ChronicDiseases = p.Health.ChronicDiseases, MentalState = p.Health.MentalState, SelfCare = p.Health.SelfCare, Caregiver = p.Health.Caregiver,
        DisabilityCardNumber = p.Health.DisabilityCardNumber, DisabilityCategory = p.Health.DisabilityCategory, DisabilityGrade = p.Health.DisabilityGrade,
        MentalDangerRating = p.Health.MentalDangerRating,
        ElderlyEconomicSource = p.Elderly.EconomicSource, FamilyStructure = p.Elderly.FamilyStructure, CareSituation = p.Elderly.CareSituation,
        School = p.Child.School, Boarding = p.Child.Boarding, FatherWhereabouts = p.Child.FatherWhereabouts, MotherWhereabouts = p.Child.MotherWhereabouts,
        ParentContact = p.Child.ParentContact, GuardianName = p.Child.GuardianName, GuardianRelation = p.Child.GuardianRelation,
        GuardianPhone = p.Child.GuardianPhone, Guardianship = p.Child.Guardianship,
    };
}
