using Shegong.Domain.Common;
using Shegong.Domain.Registry;
using Shegong.Domain.Visits;
using Shegong.Domain.Wishes;

namespace Shegong.UnitTests.Wishes;

public sealed class WishTests
{
    private static readonly DateOnly Today = new(2026, 11, 26);

    private static Person Beneficiary(string name = "王秀英")
    {
        var (household, _) = Household.Create(Guid.NewGuid(), "440112010001", Guid.NewGuid(), new HouseholdDetails("长洲路 1 号", null, null, null, null, AssistanceKinds.None));
        var (valid, errors) = PersonRules.Validate(new PersonDetails(name, Gender.Female, null, new DateOnly(1940, 3, 1), null, null, null, null,
            PersonTypes.LivingAlone, FollowUpTier.Key, LegalBasis.WrittenConsent, null), Today);
        errors.ShouldBeEmpty();
        return Person.Register(household!.StationId, "440112010001", household.CommunityId, household, HouseholdRelation.Head, valid!, null, null, Today, VisitRuleSet.Default());
    }

    private static Wish NewWish(int quantity = 1, decimal value = 300m) =>
        Wish.Draft(Beneficiary(), null, WishGroup.Elderly, WishKind.Material, WishCategory.HouseholdAppliance, "一台电风扇", "夏天很热",
            value / quantity, quantity, Today.AddDays(30), Today, WishLimits.Default);

    private static Wish Published(int quantity = 1)
    {
        var wish = NewWish(quantity);
        wish.Submit(Today);
        wish.Approve(Today);
        return wish;
    }

    [Theory]
    [InlineData("王秀英", "王某")]
    [InlineData("欧阳修", "欧阳某")]
    [InlineData("李", "李某")]
    public void The_board_name_is_the_surname_and_mou(string name, string expected) => Wish.Anonymise(name).ShouldBe(expected);

    [Fact]
    public void A_wish_goes_from_draft_to_closed_by_the_allowed_steps()
    {
        var wish = NewWish(quantity: 2, value: 400m);
        wish.Status.ShouldBe(WishStatus.Draft);
        wish.PublicName.ShouldBe("王某");
        wish.Submit(Today);
        wish.Status.ShouldBe(WishStatus.Submitted);
        wish.Approve(Today);
        wish.Status.ShouldBe(WishStatus.Published);
        wish.ClaimUnits(1);
        wish.Status.ShouldBe(WishStatus.Published); // partly claimed stays on the board
        wish.ClaimUnits(1);
        wish.Status.ShouldBe(WishStatus.Claimed);
        wish.RecordDelivery(1, Today);
        wish.Status.ShouldBe(WishStatus.Claimed);
        wish.RecordDelivery(1, Today);
        wish.Status.ShouldBe(WishStatus.Delivered);
        wish.Close(Today);
        wish.Status.ShouldBe(WishStatus.Closed);
    }

    [Fact]
    public void A_rejected_wish_carries_its_reason_and_can_be_edited_and_resubmitted()
    {
        var wish = NewWish();
        wish.Submit(Today);
        Should.Throw<DomainException>(() => wish.Reject(" ")).Field.ShouldBe("RejectionReason");
        wish.Reject("价值超出本轮标准");
        wish.Status.ShouldBe(WishStatus.Rejected);
        wish.RejectionReason.ShouldBe("价值超出本轮标准");
        wish.Edit(WishGroup.Elderly, WishKind.Material, WishCategory.HouseholdAppliance, "一台小电风扇", null, 150m, 1, null, Today, WishLimits.Default);
        wish.Submit(Today);
        wish.Status.ShouldBe(WishStatus.Submitted);
        wish.RejectionReason.ShouldBe("");
    }

    public static TheoryData<string, Action<Wish>> RefusedFromDraft => new()
    {
        { "Approve", w => w.Approve(Today) },
        { "Reject", w => w.Reject("x") },
        { "MoveToDispatch", w => w.MoveToDispatch() },
        { "ClaimUnits", w => w.ClaimUnits(1) },
        { "Deliver", w => w.RecordDelivery(1, Today) },
        { "Close", w => w.Close(Today) },
    };

    [Theory]
    [MemberData(nameof(RefusedFromDraft))]
    public void A_draft_can_only_be_edited_or_submitted(string action, Action<Wish> act)
    {
        var wish = NewWish();
        Should.Throw<DomainException>(() => act(wish), action);
        wish.Status.ShouldBe(WishStatus.Draft);
    }

    [Fact]
    public void A_published_wish_is_no_longer_editable_nor_reviewable_and_a_claimed_one_cannot_go_to_dispatch()
    {
        var wish = Published();
        Should.Throw<DomainException>(() => wish.Edit(WishGroup.Elderly, WishKind.Material, WishCategory.Other, "x", null, 1m, 1, null, Today, WishLimits.Default));
        Should.Throw<DomainException>(() => wish.Submit(Today));
        Should.Throw<DomainException>(() => wish.Approve(Today));
        Should.Throw<DomainException>(() => wish.Reject("x"));
        Should.Throw<DomainException>(() => wish.Close(Today));
        wish.ClaimUnits(1);
        Should.Throw<DomainException>(() => wish.MoveToDispatch());
        Should.Throw<DomainException>(() => wish.ClaimUnits(1)).Code.ShouldBe("Wish.NotClaimable");
    }

    [Fact]
    public void An_unclaimed_wish_moves_to_dispatch_and_can_still_be_claimed_there()
    {
        var wish = Published(quantity: 3);
        wish.MoveToDispatch();
        wish.Status.ShouldBe(WishStatus.Dispatching);
        wish.ClaimUnits(3);
        wish.Status.ShouldBe(WishStatus.Claimed);
    }

    [Fact]
    public void Claiming_more_units_than_are_left_is_refused_and_returned_units_reopen_the_board()
    {
        var wish = Published(quantity: 10);
        wish.ClaimUnits(7);
        Should.Throw<DomainException>(() => wish.ClaimUnits(4)).Args.ShouldBe([3]);
        wish.ClaimUnits(3);
        wish.Status.ShouldBe(WishStatus.Claimed);
        wish.ReturnUnits(3);
        wish.Status.ShouldBe(WishStatus.Published);
        wish.UnitsLeft.ShouldBe(3);
        Should.Throw<DomainException>(() => wish.ReturnUnits(8));
        wish.RecordDelivery(7, Today);
        Should.Throw<DomainException>(() => wish.RecordDelivery(1, Today)).Code.ShouldBe("Wish.DeliverMoreThanClaimed");
    }

    [Theory]
    [InlineData(0, 100, "Quantity")]
    [InlineData(51, 100, "Quantity")]
    [InlineData(1, 600, "UnitValue")]
    [InlineData(1, 100.555, "UnitValue")]
    public void Limits_are_checked_with_the_field_named(int quantity, double unitValue, string field)
    {
        var e = Should.Throw<DomainException>(() => Wish.Draft(Beneficiary(), null, WishGroup.Elderly, WishKind.Material, WishCategory.Other, "x", null,
            (decimal)unitValue, quantity, null, Today, WishLimits.Default));
        e.Field.ShouldBe(field);
    }

    [Fact]
    public void A_spiritual_wish_has_no_value_cap_and_a_past_wanted_by_date_is_refused()
    {
        Wish.Draft(Beneficiary(), null, WishGroup.Elderly, WishKind.Spiritual, WishCategory.Companionship, "有人陪我聊聊天", null, 0m, 1, null, Today, WishLimits.Default)
            .Status.ShouldBe(WishStatus.Draft);
        Should.Throw<DomainException>(() => Wish.Draft(Beneficiary(), null, WishGroup.Elderly, WishKind.Spiritual, WishCategory.Companionship, "x", null, 0m, 1,
            Today.AddDays(-1), Today, WishLimits.Default)).Field.ShouldBe("WantedBy");
    }

    [Fact]
    public void A_claim_is_withdrawn_once_and_released_only_after_the_grace_period()
    {
        var wish = Published(quantity: 2);
        var claim = Claim.Create(wish, "长洲商贸公司", ClaimantType.Enterprise, "13800138000", true, 2, Today.AddDays(7), ClaimSource.Board, "hash", Today);
        claim.Overdue(Today.AddDays(7)).ShouldBeFalse();
        claim.Overdue(Today.AddDays(8)).ShouldBeTrue();
        Should.Throw<DomainException>(() => claim.Release(Today.AddDays(14), graceDays: 7)).Code.ShouldBe("Claim.StillInGrace");
        claim.Release(Today.AddDays(15), graceDays: 7);
        claim.Status.ShouldBe(ClaimStatus.Released);
        Should.Throw<DomainException>(() => claim.Withdraw(Today)).Code.ShouldBe("Claim.NotActive");
    }

    [Fact]
    public void A_claim_needs_a_type_a_phone_and_a_pledge_date_within_90_days()
    {
        var wish = Published();
        Should.Throw<DomainException>(() => Claim.Create(wish, "张三", null, "13800138000", false, 1, Today, ClaimSource.Board, "h", Today)).Field.ShouldBe("ClaimantType");
        Should.Throw<DomainException>(() => Claim.Create(wish, "张三", ClaimantType.Individual, "", false, 1, Today, ClaimSource.Board, "h", Today)).Field.ShouldBe("Phone");
        Should.Throw<DomainException>(() => Claim.Create(wish, "张三", ClaimantType.Individual, "138", false, 1, Today, ClaimSource.Board, "h", Today)).Field.ShouldBe("Phone");
        Should.Throw<DomainException>(() => Claim.Create(wish, "张三", ClaimantType.Individual, "13800138000", false, 1, Today.AddDays(-1), ClaimSource.Board, "h", Today)).Field.ShouldBe("PledgedBy");
        Should.Throw<DomainException>(() => Claim.Create(wish, "张三", ClaimantType.Individual, "13800138000", false, 1, Today.AddDays(91), ClaimSource.Board, "h", Today)).Field.ShouldBe("PledgedBy");
        Should.Throw<DomainException>(() => Claim.Create(wish, " ", ClaimantType.Individual, "13800138000", false, 1, Today, ClaimSource.Board, "h", Today)).Field.ShouldBe("ClaimantName");
    }

    [Fact]
    public void A_delivery_covers_a_whole_claim_and_the_return_visit_closes_the_wish_with_scores_from_1_to_5()
    {
        var wish = Published(quantity: 2);
        var claim = Claim.Create(wish, "陈先生", ClaimantType.Individual, "13800138000", false, 2, Today.AddDays(3), ClaimSource.Board, "h", Today);
        wish.ClaimUnits(2);
        Should.Throw<DomainException>(() => WishDelivery.Record(wish, claim, Today.AddDays(1), null, null, Today)).Field.ShouldBe("DeliveredOn");
        Should.Throw<DomainException>(() => WishDelivery.Record(wish, claim, Today.AddDays(-1), null, null, Today)).Code.ShouldBe("Delivery.BeforeClaim");
        var delivery = WishDelivery.Record(wish, claim, Today, "送到家中", null, Today);
        delivery.Units.ShouldBe(2);
        claim.Status.ShouldBe(ClaimStatus.Delivered);
        wish.Status.ShouldBe(WishStatus.Delivered);
        Should.Throw<DomainException>(() => ReturnVisitRecord.Create(true, 0, 5, 5, null)).Field.ShouldBe("Quality");
        Should.Throw<DomainException>(() => ReturnVisitRecord.Create(true, 5, null, 5, null)).Field.ShouldBe("Satisfaction");
        Should.Throw<DomainException>(() => ReturnVisitRecord.Create(true, 5, 5, 6, null)).Field.ShouldBe("BeneficiaryRating");
        Should.Throw<DomainException>(() => wish.Close(Today.AddDays(-1), ReturnVisitRecord.Create(true, 5, 5, 5, null))).Field.ShouldBe("ReturnVisitOn");
        wish.Close(Today, ReturnVisitRecord.Create(true, 5, 4, 5, "很满意"));
        wish.Status.ShouldBe(WishStatus.Closed);
        wish.ReturnVisit!.BeneficiaryRating.ShouldBe(5);
    }

    [Fact]
    public void A_return_visit_that_finds_the_wish_not_met_closes_it_as_unfulfilled_which_is_not_fulfilled()
    {
        var wish = Published();
        var claim = Claim.Create(wish, "陈先生", ClaimantType.Individual, "13800138000", false, 1, Today.AddDays(3), ClaimSource.Board, "h", Today);
        wish.ClaimUnits(1);
        WishDelivery.Record(wish, claim, Today, null, null, Today);
        Shegong.Domain.Statistics.WishFigures.IsFulfilled(wish.Status).ShouldBeTrue();
        var by = Guid.NewGuid();
        wish.Close(Today, ReturnVisitRecord.Create(false, 2, 2, 1, "电风扇不转", by));
        wish.Status.ShouldBe(WishStatus.Unfulfilled);
        wish.ReturnVisit!.RecordedBy.ShouldBe(by);
        Shegong.Domain.Statistics.WishFigures.IsFulfilled(wish.Status).ShouldBeFalse();
        Shegong.Domain.Statistics.WishFigures.IsCompleted(wish.Status).ShouldBeTrue();
        Should.Throw<DomainException>(() => wish.Close(Today, ReturnVisitRecord.Create(true, 5, 5, 5, null)));
    }

    [Fact]
    public void A_return_visit_names_every_missing_or_wrong_answer_at_once_and_assumes_none()
    {
        var e = Should.Throw<DomainException>(() => ReturnVisitRecord.Create(null, null, 9, null, new string('很', 501)));
        e.Each.Select(x => (x.Field, x.Code)).ShouldBe([("Fulfilled", "Error.Required"), ("Quality", "Error.Required"), ("Satisfaction", "Error.Range"),
            ("BeneficiaryRating", "Error.Required"), ("Note", "Error.TooLong")]);
    }

    [Fact]
    public void A_claim_names_every_problem_at_once()
    {
        var wish = Published();
        var e = Should.Throw<DomainException>(() => Claim.Create(wish, " ", null, "12345", false, 1, Today.AddDays(-1), ClaimSource.Board, "h", Today));
        e.Each.Select(x => x.Field).ShouldBe(["ClaimantName", "ClaimantType", "Phone", "PledgedBy"]);
        Should.Throw<DomainException>(() => Claim.Create(wish, "陈先生", ClaimantType.Individual, "", false, 1, Today, ClaimSource.Board, "h", Today))
            .Each.Single().Field.ShouldBe("Phone");
    }

    [Fact]
    public void A_lost_code_is_replaced_only_on_an_active_claim()
    {
        var wish = Published();
        var claim = Claim.Create(wish, "陈先生", ClaimantType.Individual, "13800138000", false, 1, Today.AddDays(3), ClaimSource.Board, "old", Today);
        claim.ReplaceCode("new");
        claim.CodeHash.ShouldBe("new");
        claim.Withdraw(Today);
        Should.Throw<DomainException>(() => claim.ReplaceCode("newer")).Code.ShouldBe("Claim.NotActive");
    }

    [Theory]
    [InlineData("ABCD-2345")]
    [InlineData("abcd2345")]
    [InlineData(" abcd - 2345 ")]
    [InlineData("ＡＢＣＤ－２３４５")]
    [InlineData("AbCd2345\n")]
    public void A_confirmation_code_is_the_same_however_it_is_typed(string typed)
    {
        Shegong.Web.Features.Wishes.ClaimCode.Normalize(typed).ShouldBe("ABCD2345");
        Shegong.Web.Features.Wishes.ClaimCode.LookupInputs(typed).ShouldBe(["claim:ABCD2345", "claim:ABCD-2345"]);
    }

    [Fact]
    public void The_value_cap_holds_for_every_kind_and_absurd_amounts_are_refused_before_any_arithmetic()
    {
        Should.Throw<DomainException>(() => Wish.Draft(Beneficiary(), null, WishGroup.Elderly, WishKind.Spiritual, WishCategory.Companionship, "去看一次海",
            null, 600m, 1, null, Today, WishLimits.Default)).Code.ShouldBe("Wish.ValueCap");
        var huge = Should.Throw<DomainException>(() => NewWish(quantity: 2, value: 0m).Edit(WishGroup.Elderly, WishKind.Material, WishCategory.HouseholdAppliance,
            "一台电风扇", null, decimal.MaxValue, 2, null, Today, WishLimits.Default));
        (huge.Field, huge.Code).ShouldBe(("UnitValue", "Wish.ValueFormat"));
        var many = Should.Throw<DomainException>(() => NewWish(value: 0m).Edit(WishGroup.Elderly, WishKind.Material, WishCategory.HouseholdAppliance,
            "一台电风扇", null, 0m, 5000, null, Today, WishLimits.Default with { MaxQuantity = 100_000 }));
        (many.Field, many.Args[1]).ShouldBe(("Quantity", (object)Wish.QuantityMax));
    }

    [Fact]
    public void Only_a_draft_or_a_rejected_wish_may_be_discarded_and_its_need_given_back()
    {
        NewWish().EnsureDiscardable();
        Should.Throw<DomainException>(() => Published().EnsureDiscardable()).Code.ShouldBe("Wish.TransitionRefused");
        var person = Beneficiary();
        var need = Need.Found(person, null, NeedCategory.Material, "需要一台电风扇", Today);
        need.TakeUp("Wish:1", Today);
        Should.Throw<DomainException>(() => need.GiveBack("Case:9"));
        need.GiveBack("Wish:1");
        need.Status.ShouldBe(NeedStatus.Open);
        need.TakeUp("Wish:2", Today); // open again: another wish may take it up
    }

    [Fact]
    public void Units_of_a_dispatched_claim_go_back_to_the_dispatch_queue_and_delivered_units_never_go_back()
    {
        var wish = Published(quantity: 3);
        wish.MoveToDispatch();
        wish.ClaimUnits(3);
        wish.ReturnUnits(1, toDispatch: true);
        wish.Status.ShouldBe(WishStatus.Dispatching);
        wish.ClaimUnits(1);
        wish.RecordDelivery(2, Today);
        Should.Throw<DomainException>(() => wish.ReturnUnits(2));
        wish.ReturnUnits(1);
        wish.UnitsClaimed.ShouldBe(2);
    }

    [Fact]
    public void The_unit_rule_bound_for_a_query_says_what_the_rule_says()
    {
        var wish = Published(quantity: 4);
        foreach (var units in new[] { -1, 0, 1, 4, 5 })
        {
            WishUnitRule.Bind(WishUnitRule.CanTake, units).Compile()(wish).ShouldBe(WishUnitRule.CanTake.Compile()(wish, units));
            WishUnitRule.Bind(WishUnitRule.StatusAfterTake, units).Compile()(wish).ShouldBe(units == 4 ? WishStatus.Claimed : WishStatus.Published);
        }
        wish.ClaimUnits(4);
        WishUnitRule.Bind(WishUnitRule.StatusAfterReturn, true).Compile()(wish).ShouldBe(WishStatus.Dispatching);
        WishUnitRule.Bind(WishUnitRule.CanReturn, 5).Compile()(wish).ShouldBeFalse();
    }
}
