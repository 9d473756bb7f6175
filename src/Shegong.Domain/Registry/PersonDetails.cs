using Shegong.Domain.Common;

namespace Shegong.Domain.Registry;

/// <summary>What a worker enters for a person (form, API or import row), before any check.</summary>
public sealed record PersonDetails(
    string? Name,
    Gender? Gender,
    string? Ethnicity,
    DateOnly? BirthDate,
    string? IdNumber,
    string? Phone,
    string? EmergencyContactName,
    string? EmergencyContactPhone,
    PersonTypes Types,
    FollowUpTier? Tier,
    LegalBasis? LegalBasis,
    string? ConsentNote,
    bool SevereMentalDisorder = false,
    HealthSection? Health = null,
    ElderlySection? Elderly = null,
    ChildSection? Child = null);

/// <summary>A broken rule: the field at fault, a message key and its arguments.</summary>
public sealed record RuleError(string Field, string Code, params object[] Args);

/// <summary>Checked and normalised details, ready for <see cref="Person"/>.</summary>
public sealed record ValidPersonDetails(
    string Name, Gender Gender, string Ethnicity, DateOnly BirthDate, ResidentId? Id, string Phone,
    string EmergencyContactName, string EmergencyContactPhone, PersonTypes Types, FollowUpTier Tier,
    LegalBasis LegalBasis, string ConsentNote, bool SevereMentalDisorder, HealthSection Health, ElderlySection Elderly, ChildSection Child);

/// <summary>
/// Every rule of a person's details, checked together so that a form or an import row reports all its problems
/// at once (not one per attempt).
/// </summary>
public static class PersonRules
{
    public const int NameMax = 30;
    public const int EthnicityMax = 20;
    public const int NoteMax = 200;
    public const int TextMax = 200;
    public const int ChildAgeLimit = 18;

    public static (ValidPersonDetails? Valid, IReadOnlyList<RuleError> Errors) Validate(PersonDetails d, DateOnly today)
    {
        var errors = new List<RuleError>();
        var name = Text(d.Name, "Name", NameMax, errors, required: true);
        var ethnicity = Text(d.Ethnicity, "Ethnicity", EthnicityMax, errors);
        if (ethnicity.Length == 0) ethnicity = "汉族";

        ResidentId? id = null;
        if (!string.IsNullOrWhiteSpace(d.IdNumber))
        {
            if (ResidentId.TryParse(d.IdNumber, out var parsed, out var idError)) id = parsed;
            else errors.Add(new RuleError("IdNumber", idError));
        }
        var birthDate = d.BirthDate ?? id?.BirthDate;
        var gender = d.Gender ?? id?.Gender;
        if (birthDate is null) errors.Add(new RuleError("BirthDate", "Error.Required"));
        else if (birthDate > today || birthDate < new DateOnly(1900, 1, 1)) errors.Add(new RuleError("BirthDate", "Person.BirthDateRange"));
        if (gender is null) errors.Add(new RuleError("Gender", "Error.Required"));
        if (id is { } known && ResidentId.AgreementError(known, d.BirthDate, d.Gender) is { } mismatch)
            errors.Add(new RuleError(mismatch == "IdNumber.GenderMismatch" ? "Gender" : "BirthDate", mismatch));

        var phone = PhoneOf(d.Phone, "Phone", errors);
        var contactName = Text(d.EmergencyContactName, "EmergencyContactName", NameMax, errors);
        var contactPhone = PhoneOf(d.EmergencyContactPhone, "EmergencyContactPhone", errors);
        if (d.Tier is null) errors.Add(new RuleError("Tier", "Error.Required"));
        if (d.LegalBasis is null) errors.Add(new RuleError("LegalBasis", "Error.Required"));
        var consentNote = Text(d.ConsentNote, "ConsentNote", NoteMax, errors);

        var health = Clean(d.Health ?? HealthSection.Empty, errors, id);
        var elderly = d.Elderly ?? ElderlySection.Empty;
        elderly = new ElderlySection(Text(elderly.EconomicSource, "EconomicSource", TextMax, errors),
            Text(elderly.FamilyStructure, "FamilyStructure", TextMax, errors), Text(elderly.CareSituation, "CareSituation", TextMax, errors));
        var child = d.Child ?? ChildSection.Empty;
        child = child with
        {
            School = Text(child.School, "School", 60, errors),
            FatherWhereabouts = Text(child.FatherWhereabouts, "FatherWhereabouts", 100, errors),
            MotherWhereabouts = Text(child.MotherWhereabouts, "MotherWhereabouts", 100, errors),
            ParentContact = Text(child.ParentContact, "ParentContact", 60, errors),
            GuardianName = Text(child.GuardianName, "GuardianName", NameMax, errors),
            GuardianRelation = Text(child.GuardianRelation, "GuardianRelation", 20, errors),
            GuardianPhone = PhoneOf(child.GuardianPhone, "GuardianPhone", errors),
        };

        // Child types need a child; a child section on an adult is a slip worth catching.
        const PersonTypes childTypes = PersonTypes.ChildInDifficulty | PersonTypes.LeftBehindChild | PersonTypes.Orphan | PersonTypes.DeFactoUnsupportedChild;
        if (birthDate is { } born && (d.Types & childTypes) != 0 && AgeOn(born, today) >= ChildAgeLimit)
            errors.Add(new RuleError("Types", "Person.ChildTypeForAdult", ChildAgeLimit));

        if (errors.Count > 0) return (null, errors);
        return (new ValidPersonDetails(name, gender!.Value, ethnicity, birthDate!.Value, id, phone, contactName, contactPhone, d.Types,
            d.Tier!.Value, d.LegalBasis!.Value, consentNote, d.SevereMentalDisorder, health, elderly, child), errors);
    }

    public static int AgeOn(DateOnly birthDate, DateOnly day)
    {
        var age = day.Year - birthDate.Year;
        if (day < birthDate.AddYears(age)) age--;
        return age;
    }

    private static HealthSection Clean(HealthSection h, List<RuleError> errors, ResidentId? id)
    {
        string? card = null;
        int? category = h.DisabilityCategory, grade = h.DisabilityGrade;
        if (!string.IsNullOrWhiteSpace(h.DisabilityCardNumber))
        {
            if (!DisabilityCardNumber.TryParse(h.DisabilityCardNumber, out var parsed, out var cardError))
                errors.Add(new RuleError("DisabilityCardNumber", cardError));
            else if (DisabilityCardNumber.HolderMismatchError(parsed, id) is { } mismatch)
                errors.Add(new RuleError("DisabilityCardNumber", mismatch));
            else { card = parsed.Value; category = parsed.Category; grade = parsed.Grade; }
        }
        if (category is < 1 or > 7) errors.Add(new RuleError("DisabilityCategory", "Person.DisabilityCategoryRange"));
        if (grade is < 1 or > 4) errors.Add(new RuleError("DisabilityGrade", "Person.DisabilityGradeRange"));
        if (h.MentalDangerRating is < 0 or > 5) errors.Add(new RuleError("MentalDangerRating", "Person.DangerRatingRange"));
        return h with
        {
            ChronicDiseases = Text(h.ChronicDiseases, "ChronicDiseases", HealthSection.TextMax, errors),
            MentalState = Text(h.MentalState, "MentalState", HealthSection.TextMax, errors),
            Caregiver = Text(h.Caregiver, "Caregiver", 60, errors),
            DisabilityCardNumber = card,
            DisabilityCategory = category,
            DisabilityGrade = grade,
        };
    }

    private static string Text(string? value, string field, int max, List<RuleError> errors, bool required = false)
    {
        var v = value?.Trim() ?? "";
        if (required && v.Length == 0) errors.Add(new RuleError(field, "Error.Required"));
        else if (v.Length > max) errors.Add(new RuleError(field, "Error.TooLong", max));
        return v;
    }

    private static string PhoneOf(string? value, string field, List<RuleError> errors)
    {
        if (PhoneNumber.TryNormalize(value, out var normalized, out var error)) return normalized;
        errors.Add(new RuleError(field, error));
        return "";
    }

    public static DomainException ToException(RuleError e) => new(e.Field, e.Code, e.Args);
}
