using Shegong.Domain.Common;
using Shegong.Domain.Registry;
using Shegong.Domain.Visits;
using Shegong.Domain.Wishes;

namespace Shegong.UnitTests.Wishes;

/// <summary>The rules of the donor pool and of offers (派单), without a database.</summary>
public sealed class DispatchTests
{
    private static readonly DateOnly Today = new(2026, 11, 26);
    private const string Community = "440112010001";
    private static readonly string[] StationAreas = [Community, "440112010002"];

    private static Wish PublishedWish(WishCategory category = WishCategory.StudySupplies, decimal unitValue = 100m, int quantity = 2)
    {
        var (household, _) = Household.Create(Guid.NewGuid(), Community, Guid.NewGuid(), new HouseholdDetails("长洲路 1 号", null, null, null, null, AssistanceKinds.None));
        var (valid, errors) = PersonRules.Validate(new PersonDetails("王秀英", Gender.Female, null, new DateOnly(1940, 3, 1), null, null, null, null,
            PersonTypes.LivingAlone, FollowUpTier.Key, LegalBasis.WrittenConsent, null), Today);
        errors.ShouldBeEmpty();
        var person = Person.Register(household!.StationId, Community, household.CommunityId, household, HouseholdRelation.Head, valid!, null, null, Today, VisitRuleSet.Default());
        var wish = Wish.Draft(person, null, WishGroup.Children, WishKind.Material, category, "书包和文具", "", unitValue, quantity, null, Today, WishLimits.Default);
        wish.Submit(Today);
        wish.Approve(Today);
        return wish;
    }

    private static DonorDetails Details(string? name = "长洲商贸有限公司", string? phone = "13800138000", string? email = null,
        WishCategory[]? categories = null, string[]? areas = null, decimal? budget = 1000m, int? capacity = 5, bool active = true) =>
        new(name, ClaimantType.Enterprise, phone, email, categories ?? [], areas ?? [], budget, capacity, active);

    private static Donor NewDonor(Guid stationId, DonorDetails? details = null) => Donor.Create(stationId, "440112010", details ?? Details(), StationAreas, Today);

    private static string FieldOf(Action act) => Should.Throw<DomainException>(act).Field;

    [Fact]
    public void A_donor_needs_a_name_a_type_a_valid_phone_and_sensible_budget_and_capacity()
    {
        var station = Guid.NewGuid();
        FieldOf(() => NewDonor(station, Details(name: " "))).ShouldBe("Name");
        FieldOf(() => NewDonor(station, Details(phone: null))).ShouldBe("Phone");
        FieldOf(() => NewDonor(station, Details(phone: "12ab"))).ShouldBe("Phone");
        FieldOf(() => NewDonor(station, Details(email: "a@b"))).ShouldBe("Email");
        FieldOf(() => NewDonor(station, Details(budget: null))).ShouldBe("Budget");
        FieldOf(() => NewDonor(station, Details(budget: 10.005m))).ShouldBe("Budget");
        FieldOf(() => NewDonor(station, Details(capacity: -1))).ShouldBe("Capacity");
        FieldOf(() => NewDonor(station, Details(areas: ["440106001001"]))).ShouldBe("Areas");
        FieldOf(() => NewDonor(station, Details() with { Type = null })).ShouldBe("DonorType");
        var donor = NewDonor(station, Details(email: " lianluo@example.com ", categories: [WishCategory.StudySupplies, WishCategory.DailyNecessities, WishCategory.StudySupplies]));
        donor.Email.ShouldBe("lianluo@example.com");
        donor.CategoryList.ShouldBe([WishCategory.DailyNecessities, WishCategory.StudySupplies]);
    }

    [Fact]
    public void Empty_preferences_mean_any_category_and_any_community()
    {
        var donor = NewDonor(Guid.NewGuid());
        donor.Accepts(WishCategory.MedicalDevice, Community).ShouldBeTrue();
        var picky = NewDonor(Guid.NewGuid(), Details(categories: [WishCategory.StudySupplies], areas: [Community]));
        picky.Accepts(WishCategory.StudySupplies, Community).ShouldBeTrue();
        picky.Accepts(WishCategory.MedicalDevice, Community).ShouldBeFalse();
        picky.Accepts(WishCategory.StudySupplies, "440112010002").ShouldBeFalse();
    }

    [Fact]
    public void An_offer_respects_preferences_free_units_capacity_and_budget_left()
    {
        var wish = PublishedWish(unitValue: 100m, quantity: 2);
        var donor = NewDonor(wish.StationId, Details(budget: 250m, capacity: 3));
        DispatchOffer.Create(wish, Community, donor, 2, 0, 0, 0m, Today).Value.ShouldBe(200m);
        FieldOf(() => DispatchOffer.Create(wish, Community, donor, 1, 2, 0, 0m, Today)).ShouldBe("Units");       // all units on offer already
        FieldOf(() => DispatchOffer.Create(wish, Community, donor, 1, 0, 3, 0m, Today)).ShouldBe("Units");       // no capacity left
        FieldOf(() => DispatchOffer.Create(wish, Community, donor, 2, 0, 0, 100m, Today)).ShouldBe("Units");     // 200 > 250 − 100
        FieldOf(() => DispatchOffer.Create(wish, Community, NewDonor(Guid.NewGuid()), 1, 0, 0, 0m, Today)).ShouldBe("DonorId"); // another station
        var picky = NewDonor(wish.StationId, Details(categories: [WishCategory.MedicalDevice]));
        FieldOf(() => DispatchOffer.Create(wish, Community, picky, 1, 0, 0, 0m, Today)).ShouldBe("DonorId");
        var inactive = NewDonor(wish.StationId, Details(active: false));
        FieldOf(() => DispatchOffer.Create(wish, Community, inactive, 1, 0, 0, 0m, Today)).ShouldBe("DonorId");
    }

    [Fact]
    public void An_offer_is_answered_once()
    {
        var wish = PublishedWish();
        var offer = DispatchOffer.Create(wish, Community, NewDonor(wish.StationId), 1, 0, 0, 0m, Today);
        offer.Accept(Guid.NewGuid(), byStaff: true, Today);
        offer.Status.ShouldBe(OfferStatus.Accepted);
        offer.AnsweredByStaff.ShouldBeTrue();
        FieldOf(() => offer.Decline(false, Today)).ShouldBe("Status");
        FieldOf(() => offer.Cancel(Today)).ShouldBe("Status");
        var other = DispatchOffer.Create(wish, Community, NewDonor(wish.StationId), 1, 0, 0, 0m, Today);
        other.Decline(false, Today);
        other.Status.ShouldBe(OfferStatus.Declined);
        other.AnsweredOn.ShouldBe(Today);
    }
}
