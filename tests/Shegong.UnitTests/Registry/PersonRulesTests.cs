using Shegong.Domain.Common;
using Shegong.Domain.Registry;

namespace Shegong.UnitTests.Registry;

public sealed class PersonRulesTests
{
    private static readonly DateOnly Today = new(2026, 3, 10);

    /// <summary>110105 19491231 002X: the GB 11643 example, a woman born 1949-12-31.</summary>
    private static readonly ResidentId Id = ResidentId.Parse("11010519491231002X");

    internal static PersonDetails Valid(string? idNumber = "11010519491231002X") => new(
        "王秀英", null, null, null, idNumber, "138 1234 5678", "李强", "(020)87654321",
        PersonTypes.LivingAlone, FollowUpTier.General, LegalBasis.WrittenConsent, null);

    private static IReadOnlyList<RuleError> Errors(PersonDetails d)
    {
        var (valid, errors) = PersonRules.Validate(d, Today);
        if (errors.Count > 0) valid.ShouldBeNull();
        return errors;
    }

    [Fact]
    public void Birth_date_and_gender_are_taken_from_the_ID_number_when_not_entered()
    {
        var (valid, errors) = PersonRules.Validate(Valid(), Today);
        errors.ShouldBeEmpty();
        valid!.BirthDate.ShouldBe(new DateOnly(1949, 12, 31));
        valid.Gender.ShouldBe(Gender.Female);
        valid.Id.ShouldBe(Id);
        // Normalised on the way: phones in canonical form, the default ethnicity, trimmed text.
        valid.Phone.ShouldBe("13812345678");
        valid.EmergencyContactPhone.ShouldBe("020-87654321");
        valid.Ethnicity.ShouldBe("汉族");
        valid.Health.ShouldBe(HealthSection.Empty);
    }

    [Fact]
    public void Entered_birth_date_and_gender_that_agree_with_the_ID_are_accepted()
    {
        var (valid, errors) = PersonRules.Validate(Valid() with { BirthDate = new DateOnly(1949, 12, 31), Gender = Gender.Female, IdNumber = "110105 19491231 002x" }, Today);
        errors.ShouldBeEmpty();
        valid!.Id!.Value.Value.ShouldBe("11010519491231002X");
    }

    [Fact]
    public void A_birth_date_or_gender_that_contradicts_the_ID_is_reported_on_that_field()
    {
        Errors(Valid() with { BirthDate = new DateOnly(1949, 12, 30) }).Select(e => (e.Field, e.Code)).ShouldBe([("BirthDate", "IdNumber.BirthDateMismatch")]);
        Errors(Valid() with { Gender = Gender.Male }).Select(e => (e.Field, e.Code)).ShouldBe([("Gender", "IdNumber.GenderMismatch")]);
    }

    [Fact]
    public void Without_an_ID_number_birth_date_and_gender_are_required()
    {
        var errors = Errors(Valid(idNumber: null));
        errors.Select(e => (e.Field, e.Code)).ShouldBe([("BirthDate", "Error.Required"), ("Gender", "Error.Required")], ignoreOrder: true);
        var (valid, none) = PersonRules.Validate(Valid(idNumber: "  ") with { BirthDate = new DateOnly(1950, 5, 1), Gender = Gender.Male }, Today);
        none.ShouldBeEmpty();
        valid!.Id.ShouldBeNull();
    }

    [Fact]
    public void Every_broken_rule_is_reported_at_once()
    {
        var d = new PersonDetails(" ", null, new string('族', 21), null, "11010519491231002Y", "1381234567", new string('联', 31), "12345678901",
            PersonTypes.LivingAlone, null, null, new string('注', 201),
            Health: new HealthSection(DisabilityCardNumber: "1234", MentalDangerRating: 6),
            Elderly: new ElderlySection(CareSituation: new string('照', 201)),
            Child: new ChildSection(GuardianPhone: "abc"));
        var errors = Errors(d).Select(e => (e.Field, e.Code)).ToList();
        errors.ShouldBe([
            ("Name", "Error.Required"), ("Ethnicity", "Error.TooLong"), ("IdNumber", "IdNumber.Chars"),
            ("BirthDate", "Error.Required"), ("Gender", "Error.Required"),
            ("Phone", "Phone.MobileLength"), ("EmergencyContactName", "Error.TooLong"), ("EmergencyContactPhone", "Phone.Invalid"),
            ("Tier", "Error.Required"), ("LegalBasis", "Error.Required"), ("ConsentNote", "Error.TooLong"),
            ("DisabilityCardNumber", "DisabilityCard.Length"), ("MentalDangerRating", "Person.DangerRatingRange"),
            ("CareSituation", "Error.TooLong"), ("GuardianPhone", "Phone.Invalid"),
        ], ignoreOrder: true);
    }

    [Theory]
    [InlineData(PersonTypes.ChildInDifficulty)]
    [InlineData(PersonTypes.LeftBehindChild)]
    [InlineData(PersonTypes.Orphan)]
    [InlineData(PersonTypes.DeFactoUnsupportedChild)]
    [InlineData(PersonTypes.Orphan | PersonTypes.LivingAlone)]
    public void Child_types_for_an_adult_are_refused(PersonTypes types)
    {
        var error = Errors(Valid() with { Types = types }).ShouldHaveSingleItem();
        (error.Field, error.Code).ShouldBe(("Types", "Person.ChildTypeForAdult"));
        error.Args.ShouldBe(new object[] { 18 });
    }

    [Fact]
    public void Child_types_apply_until_the_eighteenth_birthday()
    {
        var almost18 = ResidentId.Create("440112", Today.AddYears(-18).AddDays(1), 11);
        var just18 = ResidentId.Create("440112", Today.AddYears(-18), 11);
        PersonRules.Validate(Valid(almost18.Value) with { Types = PersonTypes.LeftBehindChild }, Today).Errors.ShouldBeEmpty();
        Errors(Valid(just18.Value) with { Types = PersonTypes.LeftBehindChild }).Single().Code.ShouldBe("Person.ChildTypeForAdult");
        // Other types suit anyone.
        PersonRules.Validate(Valid(almost18.Value) with { Types = PersonTypes.Disabled }, Today).Errors.ShouldBeEmpty();
    }

    [Fact]
    public void A_birth_date_in_the_future_or_before_1900_is_refused()
    {
        Errors(Valid(null) with { BirthDate = Today.AddDays(1), Gender = Gender.Male }).Single().Code.ShouldBe("Person.BirthDateRange");
        Errors(Valid(null) with { BirthDate = new DateOnly(1899, 12, 31), Gender = Gender.Male }).Single().Code.ShouldBe("Person.BirthDateRange");
        PersonRules.Validate(Valid(null) with { BirthDate = Today, Gender = Gender.Male }, Today).Errors.ShouldBeEmpty();
    }

    [Fact]
    public void A_disability_card_must_belong_to_the_person_and_gives_category_and_grade()
    {
        var (valid, errors) = PersonRules.Validate(Valid() with { Health = new HealthSection(DisabilityCardNumber: "11010519491231002x62") }, Today);
        errors.ShouldBeEmpty();
        (valid!.Health.DisabilityCardNumber, valid.Health.DisabilityCategory, valid.Health.DisabilityGrade).ShouldBe(("11010519491231002X62", (int?)6, (int?)2));

        var other = ResidentId.Create("440112", new DateOnly(1960, 1, 1), 21).Value;
        var mismatch = Errors(Valid() with { Health = new HealthSection(DisabilityCardNumber: other + "41") }).Single();
        (mismatch.Field, mismatch.Code).ShouldBe(("DisabilityCardNumber", "DisabilityCard.HolderMismatch"));
        // Without an ID number nothing contradicts the card.
        PersonRules.Validate(Valid(null) with { BirthDate = new DateOnly(1960, 1, 1), Gender = Gender.Male, Health = new HealthSection(DisabilityCardNumber: other + "41") }, Today)
            .Errors.ShouldBeEmpty();
        // Category and grade entered without a card are range-checked.
        Errors(Valid() with { Health = new HealthSection(DisabilityCategory: 8, DisabilityGrade: 0) }).Select(e => e.Field)
            .ShouldBe(["DisabilityCategory", "DisabilityGrade"], ignoreOrder: true);
    }

    [Theory]
    [InlineData("1949-12-31", "2026-12-30", 76)]
    [InlineData("1949-12-31", "2026-12-31", 77)]
    [InlineData("2008-03-10", "2026-03-09", 17)]
    [InlineData("2008-03-10", "2026-03-10", 18)]
    [InlineData("2026-03-10", "2026-03-10", 0)]
    public void Age_counts_completed_years(string born, string on, int age) =>
        PersonRules.AgeOn(DateOnly.Parse(born), DateOnly.Parse(on)).ShouldBe(age);

    [Fact]
    public void A_household_reports_all_its_faults_and_is_not_created()
    {
        var (household, errors) = Household.Create(Guid.NewGuid(), "440112010003", Guid.NewGuid(),
            new HouseholdDetails(" ", new string('址', 201), null, null, new string('源', 101), AssistanceKinds.None));
        household.ShouldBeNull();
        errors.Select(e => (e.Field, e.Code)).ShouldBe([("Address", "Error.Required"), ("ActualAddress", "Error.TooLong"), ("EconomicSources", "Error.TooLong")], ignoreOrder: true);

        var (_, tooLong) = Household.Create(Guid.NewGuid(), "440112010003", Guid.NewGuid(), new HouseholdDetails(new string('址', 201), null, null, null, null, AssistanceKinds.None));
        var error = tooLong.Single();
        (error.Field, error.Code, error.Args.Single()).ShouldBe(("Address", "Error.TooLong", (object)200));
    }

    [Fact]
    public void A_household_takes_defaults_for_what_was_not_entered()
    {
        var station = Guid.NewGuid();
        var (household, errors) = Household.Create(station, "440112010003", Guid.NewGuid(),
            new HouseholdDetails("  长洲路 1 号 ", null, null, null, null, AssistanceKinds.MinimumLiving | AssistanceKinds.Medical));
        errors.ShouldBeEmpty();
        household!.Address.ShouldBe("长洲路 1 号");
        household.ActualAddress.ShouldBe("长洲路 1 号");
        household.ResidenceStatus.ShouldBe(ResidenceStatus.Consistent);
        household.LivingArrangement.ShouldBe(LivingArrangement.Other);
        household.Assistance.ShouldBe(AssistanceKinds.MinimumLiving | AssistanceKinds.Medical);
        (household.StationId, household.RegionPrefix, household.Version).ShouldBe((station, "440112010003", 0));

        household.Update(new HouseholdDetails("", null, null, null, null, AssistanceKinds.None)).ShouldNotBeEmpty();
        (household.Address, household.Version).ShouldBe(("长洲路 1 号", 0));
        household.Update(new HouseholdDetails("安新街 2 号", "深井村大街 3 号", ResidenceStatus.RegisteredOnly, LivingArrangement.Alone, "低保金", AssistanceKinds.None)).ShouldBeEmpty();
        (household.ActualAddress, household.ResidenceStatus, household.Version).ShouldBe(("深井村大街 3 号", ResidenceStatus.RegisteredOnly, 1));
    }
}
