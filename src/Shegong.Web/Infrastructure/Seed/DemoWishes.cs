using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Registry;
using Shegong.Domain.Wishes;
using Shegong.Web.Infrastructure.Data;
using Shegong.Web.Infrastructure.Privacy;

namespace Shegong.Web.Infrastructure.Seed;

/// <summary>
/// A demo station's micro-wishes at every step, so that the board, the poster, dispatch, the disclosure page and the
/// statistics show something on first start: wishes on the board, two in the dispatch queue with donors to match
/// them, one awaiting the manager, one claimed, two delivered and closed with donors named in the results. Made by
/// the domain objects and saved by the normal path (the statistics follow).
/// </summary>
public sealed class DemoWishes(ShegongDbContext db, LookupHasher hasher)
{
    private sealed record Plan(WishGroup Group, WishCategory Category, string Description, string Story, decimal Value, int Quantity, WishStatus Status);

    private static readonly Plan[] Plans =
    [
        new(WishGroup.Elderly, WishCategory.HouseholdAppliance, "一台电风扇", "独居老人，家中风扇坏了，夏天闷热", 260m, 1, WishStatus.Published),
        new(WishGroup.Children, WishCategory.StudySupplies, "一套学习用品（书包、文具）", "留守儿童，今年升三年级", 120m, 1, WishStatus.Published),
        new(WishGroup.Children, WishCategory.StudySupplies, "一张带台灯的书桌", "孩子在床上写作业，想要一张书桌", 380m, 1, WishStatus.Published),
        new(WishGroup.Disabled, WishCategory.MedicalDevice, "一副助行器", "腿脚不便，出门买菜困难", 280m, 1, WishStatus.Published),
        new(WishGroup.Elderly, WishCategory.DailyNecessities, "冬季棉被", "老人怕冷，被子已用了十多年", 150m, 2, WishStatus.Published),
        new(WishGroup.Elderly, WishCategory.Companionship, "有人陪我下棋聊天", "老伴去世后很少出门，想有人说说话", 0m, 1, WishStatus.Published),
        new(WishGroup.Women, WishCategory.DailyNecessities, "一台电饭煲", "单亲妈妈，电饭煲坏了", 200m, 1, WishStatus.Dispatching),
        new(WishGroup.Children, WishCategory.StudySupplies, "一套课外读物", "喜欢读书，家里没有课外书", 150m, 1, WishStatus.Dispatching),
        new(WishGroup.Disabled, WishCategory.MedicalDevice, "一张防褥疮气垫床", "长期卧床，家人希望减轻压疮", 450m, 1, WishStatus.Submitted),
        new(WishGroup.Elderly, WishCategory.DailyNecessities, "一个老人手机", "想和在外地的子女视频", 300m, 1, WishStatus.Claimed),
        new(WishGroup.Elderly, WishCategory.HouseholdAppliance, "一台电暖器", "冬天家里很冷", 300m, 1, WishStatus.Closed),
        new(WishGroup.Children, WishCategory.StudySupplies, "一双运动鞋和一套校服", "孩子的鞋已经穿破", 220m, 1, WishStatus.Closed),
    ];

    private static readonly (string Name, ClaimantType Type, string Phone, WishCategory[] Categories, decimal Budget, int Capacity)[] Donors =
    [
        ("长洲商贸有限公司", ClaimantType.Enterprise, "13800138101", [], 2000m, 5),
        ("黄埔区青年志愿者协会", ClaimantType.SocialOrganization, "13800138102", [WishCategory.StudySupplies, WishCategory.Companionship], 800m, 4),
        ("长洲物业服务中心", ClaimantType.PropertyManager, "13800138103", [WishCategory.DailyNecessities, WishCategory.HouseholdAppliance], 1000m, 3),
    ];

    public async Task SeedAsync(Domain.Stations.Station station, CancellationToken ct = default)
    {
        var stationId = station.Id;
        var today = ChinaTime.Today;
        // One wish per household (the default limit), from active persons of the right age for the group.
        var persons = await db.Persons.IgnoreQueryFilters().Where(p => p.StationId == stationId && p.Status == PersonStatus.Active)
            .OrderBy(p => p.Id).ToListAsync(ct);
        var usedHouseholds = new HashSet<Guid>();
        var codeHash = await hasher.HashAsync("claim:DEMO-" + stationId.ToString("N")[..8], ct);
        var n = 0;
        foreach (var plan in Plans)
        {
            // The group must fit the person: children under 18, the elderly 60 and over, women and the disabled adults.
            bool Fits(Person p) => plan.Group switch
            {
                WishGroup.Children => p.BirthDate > today.AddYears(-18),
                WishGroup.Elderly => p.BirthDate <= today.AddYears(-60),
                WishGroup.Women => p.BirthDate <= today.AddYears(-18) && p.Gender == Gender.Female,
                _ => p.BirthDate <= today.AddYears(-18),
            };
            const PersonTypes disabled = PersonTypes.Disabled | PersonTypes.ExtremePovertySevereDisability | PersonTypes.SeverelyDisabledElderly;
            var free = persons.Where(p => !usedHouseholds.Contains(p.HouseholdId) && Fits(p)).ToList();
            var person = plan.Group == WishGroup.Disabled ? free.FirstOrDefault(p => (p.Types & disabled) != 0) ?? free.FirstOrDefault() : free.FirstOrDefault();
            if (person is null) continue;
            usedHouseholds.Add(person.HouseholdId);
            var recorded = today.AddDays(-30 + n++);
            var wish = Wish.Draft(person, null, plan.Group, plan.Category == WishCategory.Companionship ? WishKind.Spiritual : WishKind.Material, plan.Category,
                plan.Description, plan.Story, plan.Value, plan.Quantity, today.AddDays(45), recorded, WishLimits.Default);
            db.Wishes.Add(wish);
            if (plan.Status == WishStatus.Draft) continue;
            wish.Submit(recorded);
            if (plan.Status == WishStatus.Submitted) continue;
            wish.Approve(recorded.AddDays(1));
            if (plan.Status == WishStatus.Dispatching) { wish.MoveToDispatch(); continue; }
            if (plan.Status == WishStatus.Published) continue;
            var claimedOn = recorded.AddDays(3);
            var claim = Claim.Create(wish, plan.Status == WishStatus.Claimed ? "陈女士" : "长洲商贸有限公司", plan.Status == WishStatus.Claimed ? ClaimantType.Individual : ClaimantType.Enterprise,
                "13900139001", plan.Status != WishStatus.Claimed, plan.Quantity, today.AddDays(7), ClaimSource.Board, codeHash, claimedOn);
            wish.ClaimUnits(plan.Quantity);
            db.Claims.Add(claim);
            if (plan.Status == WishStatus.Claimed) continue;
            var delivered = claimedOn.AddDays(5);
            db.WishDeliveries.Add(WishDelivery.Record(wish, claim, delivered, "已送到家中，本人签收", null, today));
            wish.Close(delivered.AddDays(2), ReturnVisitRecord.Create(true, 5, 5, 5, "心愿已实现，老人很开心"));
        }
        foreach (var d in Donors)
            db.Donors.Add(Donor.Create(stationId, station.RegionPrefix, new DonorDetails(d.Name, d.Type, d.Phone, null, d.Categories, null, d.Budget, d.Capacity),
                [], today));
        await db.SaveChangesAsync(ct);
    }
}
