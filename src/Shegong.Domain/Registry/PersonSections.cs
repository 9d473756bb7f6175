namespace Shegong.Domain.Registry;

/// <summary>
/// Health (encrypted at rest): chronic diseases, disability, mental state, self-care, caregiver.
/// Strings are free text as workers write them in the ledgers.
/// </summary>
public sealed record HealthSection(
    string ChronicDiseases = "",
    string MentalState = "",
    SelfCareAbility? SelfCare = null,
    string Caregiver = "",
    string? DisabilityCardNumber = null,
    int? DisabilityCategory = null,
    int? DisabilityGrade = null,
    int? MentalDangerRating = null)
{
    public const int TextMax = 200;
    public static readonly HealthSection Empty = new();
}

/// <summary>The elderly ledger (助老敲门台账): economic source, family structure, care situation.</summary>
public sealed record ElderlySection(string EconomicSource = "", string FamilyStructure = "", string CareSituation = "")
{
    public static readonly ElderlySection Empty = new();
}

/// <summary>Children (encrypted at rest): schooling, parents, guardian and the guardianship assessment.</summary>
public sealed record ChildSection(
    string School = "",
    bool Boarding = false,
    string FatherWhereabouts = "",
    string MotherWhereabouts = "",
    string ParentContact = "",
    string GuardianName = "",
    string GuardianRelation = "",
    string GuardianPhone = "",
    GuardianshipAssessment? Guardianship = null)
{
    public static readonly ChildSection Empty = new();
}
