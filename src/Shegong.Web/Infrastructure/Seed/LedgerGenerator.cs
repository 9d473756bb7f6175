using Shegong.Domain.Registry;
using Shegong.Domain.Visits;

namespace Shegong.Web.Infrastructure.Seed;

/// <summary>
/// Realistic synthetic ledgers for demos, tests and benchmarks: households, persons with valid ID numbers,
/// plausible ages and type mixes (mostly elderly, then children and people with disabilities), tiers that follow
/// the policy, and visit histories in which some people have fallen behind. Deterministic for a given seed.
/// </summary>
public sealed class LedgerGenerator(int seed)
{
    private readonly Random _random = new(seed);
    // ID numbers issued in this run: the same address code, birth date and sequence must not come up twice.
    private readonly HashSet<string> _issued = [];

    public sealed record Community(Guid Id, string Prefix);
    public sealed record Output(List<Household> Households, List<Person> Persons, List<Visit> Visits, List<Need> Needs);

    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "梁", "郑", "谢", "宋", "唐", "许", "邓", "冯", "韩", "曹", "曾", "彭", "萧", "蔡", "潘", "田", "董", "袁", "于", "余", "叶", "蒋", "杜", "苏", "魏", "程", "吕", "丁", "沈", "任", "姚"];
    private static readonly string[] MaleGiven = ["伟", "强", "军", "国华", "建国", "志明", "德贵", "永福", "海生", "文杰", "子轩", "浩然", "俊杰", "明辉", "振华", "庆丰", "金水", "荣生", "家豪", "宇航"];
    private static readonly string[] FemaleGiven = ["芳", "秀英", "桂兰", "玉珍", "丽华", "淑珍", "凤英", "美玲", "婷婷", "欣怡", "梓涵", "雨桐", "秀兰", "春梅", "金凤", "月娥", "惠芬", "晓燕", "佳琪", "思琪"];
    private static readonly string[] Streets = ["长洲路", "金洲北路", "安新街", "下庄路", "深井村大街", "龙船岗路", "柯木塱路", "五山路", "华农大道", "茶山路"];

    public Output Generate(int persons, IReadOnlyList<Community> communities, Guid stationId, IReadOnlyList<(Guid Id, string Name)> workers,
        Func<string, string> idHash, VisitRuleSet rules, DateOnly today, bool withVisits = true)
    {
        var output = new Output([], [], [], []);
        while (output.Persons.Count < persons)
        {
            var community = communities[_random.Next(communities.Count)];
            var (household, _) = Household.Create(stationId, community.Prefix, community.Id, new HouseholdDetails(
                $"{Streets[_random.Next(Streets.Length)]}{_random.Next(1, 300)}号{_random.Next(1, 8)}0{_random.Next(1, 5)}",
                null, Pick((ResidenceStatus.Consistent, 85), (ResidenceStatus.RegisteredOnly, 8), (ResidenceStatus.ResidentOnly, 7)),
                null, Pick(("养老金", 50), ("低保金", 25), ("子女供养", 15), ("务工收入", 10)),
                Pick((AssistanceKinds.None, 50), (AssistanceKinds.MinimumLiving, 30), (AssistanceKinds.ExtremePoverty, 10), (AssistanceKinds.MinimumLiving | AssistanceKinds.Medical, 10))));
            output.Households.Add(household!);
            var size = Math.Min(persons - output.Persons.Count, Pick((1, 70), (2, 25), (3, 5)));
            for (var m = 0; m < size; m++)
                AddPerson(output, household!, m == 0 ? HouseholdRelation.Head : HouseholdRelation.Spouse, community, stationId, workers, idHash, rules, today, withVisits);
        }
        return output;
    }

    private void AddPerson(Output output, Household household, HouseholdRelation relation, Community community, Guid stationId,
        IReadOnlyList<(Guid Id, string Name)> workers, Func<string, string> idHash, VisitRuleSet rules, DateOnly today, bool withVisits)
    {
        var group = Pick(("elderly", 62), ("child", 18), ("disabled", 14), ("poor", 6));
        var age = group switch
        {
            "elderly" => 60 + (int)Math.Min(38, Math.Abs(NextGaussian() * 12)),
            "child" => _random.Next(3, 17),
            "disabled" => _random.Next(20, 60),
            _ => _random.Next(25, 60),
        };
        var birth = today.AddYears(-age).AddDays(-_random.Next(1, 365));
        var id = ResidentId.Create(community.Prefix[..6], birth, _random.Next(0, 1000));
        while (!_issued.Add(id.Value)) id = ResidentId.Create(community.Prefix[..6], birth = birth.AddDays(-1), _random.Next(0, 1000));
        var gender = id.Gender;
        var name = Surnames[_random.Next(Surnames.Length)] + (gender == Gender.Male ? MaleGiven : FemaleGiven)[_random.Next(20)];

        PersonTypes types;
        FollowUpTier tier;
        var health = HealthSection.Empty;
        var child = ChildSection.Empty;
        var elderly = ElderlySection.Empty;
        var smd = false;
        switch (group)
        {
            case "elderly":
                types = Pick((PersonTypes.LivingAlone, 30), (PersonTypes.EmptyNest, 30), (PersonTypes.LeftBehindElderly, 15), (PersonTypes.Widowed, 10), (PersonTypes.ExtremePoverty, 8), (PersonTypes.Incapacitated, 7));
                if (_random.Next(4) == 0) types |= PersonTypes.MinimumLiving;
                tier = age >= 80 && (types & (PersonTypes.LivingAlone | PersonTypes.EmptyNest | PersonTypes.LeftBehindElderly)) != 0 ? FollowUpTier.HighRisk
                    : (types & (PersonTypes.Incapacitated | PersonTypes.ExtremePoverty)) != 0 ? FollowUpTier.Key : FollowUpTier.General;
                health = new HealthSection(Pick(("高血压", 35), ("糖尿病", 20), ("高血压、冠心病", 15), ("", 30)), "", Pick((SelfCareAbility.Independent, 60), (SelfCareAbility.Partial, 30), (SelfCareAbility.Dependent, 10)),
                    Pick(("", 50), ("女儿每周探望", 30), ("邻居照应", 20)));
                elderly = new ElderlySection(Pick(("养老金", 60), ("低保金", 25), ("子女供养", 15)), Pick(("独居", 40), ("与配偶同住", 40), ("与子女同住", 20)), Pick(("生活基本自理", 60), ("需要助餐服务", 25), ("需要上门照护", 15)));
                break;
            case "child":
                types = Pick((PersonTypes.LeftBehindChild, 55), (PersonTypes.ChildInDifficulty, 30), (PersonTypes.DeFactoUnsupportedChild, 10), (PersonTypes.Orphan, 5));
                tier = (types & (PersonTypes.LeftBehindChild)) != 0 ? FollowUpTier.General : FollowUpTier.Key;
                child = new ChildSection(age < 6 ? "" : Pick(("长洲小学", 40), ("黄埔实验学校", 30), ("深井中学", 30)), age >= 12 && _random.Next(3) == 0,
                    Pick(("在东莞务工", 40), ("在深圳务工", 30), ("不详", 30)), Pick(("在广州务工", 40), ("已再婚", 20), ("不详", 40)), "",
                    Surnames[_random.Next(Surnames.Length)] + FemaleGiven[_random.Next(20)], Pick(("祖母", 50), ("祖父", 30), ("姑姑", 20)), "",
                    Pick((GuardianshipAssessment.Good, 50), (GuardianshipAssessment.Fair, 35), (GuardianshipAssessment.Poor, 15)));
                break;
            case "disabled":
                types = PersonTypes.Disabled | Pick((PersonTypes.None, 60), (PersonTypes.MinimumLiving, 30), (PersonTypes.ExtremePovertySevereDisability, 10));
                var category = _random.Next(1, 8);
                var grade = _random.Next(1, 5);
                smd = category == 6 && _random.Next(2) == 0;
                tier = grade <= 2 ? FollowUpTier.Key : FollowUpTier.General;
                health = new HealthSection("", smd ? "病情稳定，规律服药" : "", grade <= 2 ? SelfCareAbility.Partial : SelfCareAbility.Independent, "",
                    id.Value + category + grade, category, grade, smd ? _random.Next(0, 3) : null);
                break;
            default:
                types = Pick((PersonTypes.MinimumLiving, 50), (PersonTypes.NearPoverty, 25), (PersonTypes.ExpenditureHardship, 15), (PersonTypes.SingleMotherInPoverty, 10));
                if (types == PersonTypes.SingleMotherInPoverty && gender == Gender.Male) types = PersonTypes.MinimumLiving;
                tier = FollowUpTier.General;
                break;
        }

        var registeredOn = today.AddDays(-_random.Next(60, 720));
        if (registeredOn < birth) registeredOn = birth;
        var phone = group == "child" ? "" : "1" + Pick(("3", 40), ("5", 25), ("8", 35)) + _random.Next(0, 10) + _random.Next(10000000, 99999999).ToString("D8");
        var details = new ValidPersonDetails(name, gender, Pick(("汉族", 92), ("壮族", 4), ("瑶族", 2), ("回族", 2)), birth, id, phone,
            group == "child" ? child.GuardianName : Surnames[_random.Next(Surnames.Length)] + MaleGiven[_random.Next(20)],
            "1" + "3" + _random.Next(0, 10) + _random.Next(10000000, 99999999).ToString("D8"),
            types, tier, group == "child" ? LegalBasis.GuardianConsent : Pick((LegalBasis.WrittenConsent, 70), (LegalBasis.StatutoryDuty, 30)),
            "", smd, health, elderly, child);
        var worker = workers.Count == 0 ? ((Guid, string)?)null : workers[_random.Next(workers.Count)];
        var person = Person.Register(stationId, community.Prefix, community.Id, household, relation, details, idHash(id.Value), worker?.Item1, registeredOn, rules);
        output.Persons.Add(person);
        if (!withVisits) return;

        // Most people are visited about on time; about one in six falls behind.
        var interval = rules.IntervalDays(tier, smd);
        var lagging = _random.Next(6) == 0;
        var day = registeredOn.AddDays(_random.Next(1, Math.Max(2, interval)));
        var stop = lagging ? today.AddDays(-interval - _random.Next(1, 40)) : today;
        while (day <= stop)
        {
            var method = Pick((VisitMethod.Home, 40), (VisitMethod.PhoneVideo, 45), (VisitMethod.Message, 5), (VisitMethod.PairedVolunteer, 6), (VisitMethod.NeighbourHelp, 4));
            var visitor = worker ?? (Guid.Empty, "社工");
            var record = new VisitRecord(Pick(("生活正常，饮食规律", 60), ("独自在家，情绪一般", 25), ("身体不适，已提醒就医", 15)),
                Pick(("无", 70), ("家中燃气软管老化", 10), ("浴室地面湿滑", 20)), Pick(("子女定期电话联系", 50), ("邻里照应", 30), ("无", 20)),
                Pick(("健康宣教", 40), ("协助申请临时救助", 10), ("送餐服务", 20), ("", 30)), "", "");
            var visit = Visit.Log(person, method, day, visitor.Item1 == Guid.Empty ? null : visitor.Item1, visitor.Item2, record, today, day.ToDateTime(new TimeOnly(10, 0), DateTimeKind.Utc));
            person.RecordVisit(day, rules);
            output.Visits.Add(visit);
            if (_random.Next(40) == 0)
                output.Needs.Add(Need.Found(person, visit, Pick((NeedCategory.Material, 50), (NeedCategory.Companionship, 30), (NeedCategory.Medical, 20)),
                    Pick(("需要一台电风扇", 30), ("希望有人陪同复诊", 30), ("孩子需要书包和文具", 20), ("需要助行器", 20)), day));
            day = day.AddDays(Math.Max(1, (int)(interval * (0.55 + _random.NextDouble() * 0.4))));
        }
    }

    private T Pick<T>(params (T Value, int Weight)[] choices)
    {
        var total = choices.Sum(c => c.Weight);
        var n = _random.Next(total);
        foreach (var (value, weight) in choices)
        {
            if (n < weight) return value;
            n -= weight;
        }
        return choices[^1].Value;
    }

    private double NextGaussian() =>
        Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());
}
