using Shegong.Domain.Common;
using Shegong.Domain.Regions;
using Shegong.Domain.Stations;

namespace Shegong.UnitTests.Stations;

/// <summary>The 六有 checklist's rules on the station itself: checks stamped, unchanged items kept, the staffing item by the staff list.</summary>
public sealed class SixHasChecklistRulesTests
{
    private static readonly DateOnly Today = new(2026, 12, 1);

    private static Station NewStation()
    {
        var province = Region.Create(RegionCode.FromPrefix("44"), "广东省", null);
        var city = Region.Create(RegionCode.FromPrefix("4401"), "广州市", province);
        var county = Region.Create(RegionCode.FromPrefix("440112"), "黄埔区", city);
        var township = Region.Create(RegionCode.FromPrefix("440112010"), "长洲街道", county);
        return Station.Create(township, "长洲街道社工站", null, null, null);
    }

    private static IEnumerable<SixHasEntry> All(bool met, DateOnly? on = null) =>
        Enum.GetValues<SixHasItem>().Select(i => new SixHasEntry(i, met, i == SixHasItem.Premises ? "活动室 80 平方米" : "", on));

    [Fact]
    public void A_check_is_stamped_with_who_and_the_date_and_the_staffing_item_follows_the_staff_list()
    {
        var station = NewStation();
        station.SetChecklist(All(true, Today.AddDays(-2)), "王科长", Today);
        var premises = station.Checklist.Single(c => c.Item == SixHasItem.Premises);
        premises.ShouldBe(new SixHasEntry(SixHasItem.Premises, true, "活动室 80 平方米", Today.AddDays(-2), "王科长"));
        station.Checklist.Single(c => c.Item == SixHasItem.Staff).Met.ShouldBeFalse();
        station.ChecklistMetCount.ShouldBe(5);

        station.AddStaff("陈站长", "站长", null, null, "陈站长", Today);
        station.Checklist.Single(c => c.Item == SixHasItem.Staff).Met.ShouldBeFalse();
        var second = station.AddStaff("李社工", "驻站社工", null, null, "陈站长", Today);
        station.Checklist.Single(c => c.Item == SixHasItem.Staff).ShouldSatisfyAllConditions(
            c => c.Met.ShouldBeTrue(), c => c.CheckedBy.ShouldBe("陈站长"), c => c.CheckedOn.ShouldBe(Today));
        station.ChecklistMetCount.ShouldBe(6);
        station.RemoveStaff(second.Id, "陈站长", Today);
        station.ChecklistMetCount.ShouldBe(5);
    }

    [Fact]
    public void An_unchanged_item_keeps_its_last_check_and_a_change_without_a_new_date_is_checked_today()
    {
        var station = NewStation();
        station.SetChecklist(All(true, Today.AddDays(-10)), "王科长", Today.AddDays(-10));
        var again = station.Checklist.Select(c => c.Item == SixHasItem.Funding ? c with { Met = false } : c).ToList();
        station.SetChecklist(again, "陈站长", Today);
        station.Checklist.Single(c => c.Item == SixHasItem.Premises).ShouldSatisfyAllConditions(
            c => c.CheckedOn.ShouldBe(Today.AddDays(-10)), c => c.CheckedBy.ShouldBe("王科长"));
        station.Checklist.Single(c => c.Item == SixHasItem.Funding).ShouldSatisfyAllConditions(
            c => c.Met.ShouldBeFalse(), c => c.CheckedOn.ShouldBe(Today), c => c.CheckedBy.ShouldBe("陈站长"));
    }

    [Fact]
    public void A_check_dated_in_the_future_is_refused_naming_the_item()
    {
        var station = NewStation();
        var e = Should.Throw<DomainException>(() => station.SetChecklist(All(true, Today.AddDays(1)), "王科长", Today));
        e.Field.ShouldBe("Checklist.Premises");
        station.ChecklistMetCount.ShouldBe(0);
    }
}
