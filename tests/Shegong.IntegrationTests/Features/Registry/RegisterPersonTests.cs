using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shegong.Domain.Registry;
using Shegong.IntegrationTests.Infrastructure;
using Shegong.Web.Features.Audit;
using static Shegong.IntegrationTests.Features.Registry.RegistryApi;

namespace Shegong.IntegrationTests.Features.Registry;

/// <summary>Registering a person: masking and audited reads, the identity rules, one active record per ID number, possible duplicates.</summary>
public sealed class RegisterPersonTests(AppFixture app)
{
    [Fact]
    public async Task A_registered_person_is_read_masked_or_revealed_and_every_read_is_audited()
    {
        using var worker = await app.ClientAsAsync("worker");
        var id = NewId(gender: Gender.Female);
        var details = Details(id, FollowUpTier.Key) with { EmergencyContactPhone = "(020) 8765 4321" };
        var personId = await RegisterAsync(worker, Request(details, Changzhou));

        var masked = await GetAsync(worker, personId);
        masked.IdNumber.ShouldBe(id.Value[..6] + "********" + id.Value[14..]);
        masked.IdNumber.Length.ShouldBe(18);
        masked.Phone.ShouldBe("138****5678");
        masked.EmergencyContactPhone.ShouldBe("020-****4321");
        masked.Revealed.ShouldBeFalse();
        // Birth date and gender were taken from the ID number; the plan starts at registration.
        masked.BirthDate.ShouldBe(id.BirthDate);
        masked.Gender.ShouldBe(Gender.Female);
        masked.Name.ShouldBe(details.Name!);
        masked.CommunityCode.ShouldBe(Changzhou);
        masked.CommunityName.ShouldBe("长洲社区居民委员会");
        masked.RegisteredOn.ShouldBe(Today);
        masked.LastVisitOn.ShouldBeNull();
        masked.NextVisitDue.ShouldBe(Today.AddDays(30));
        masked.Status.ShouldBe(PersonStatus.Active);
        masked.Relation.ShouldBe(HouseholdRelation.Head);
        masked.Household.Address.ShouldBe("长洲路 18 号 301");
        masked.Household.ActualAddress.ShouldBe("长洲路 18 号 301");
        masked.Household.Members.Select(m => m.Id).ShouldBe([personId]);
        masked.Version.ShouldBe(0);

        var full = await GetAsync(worker, personId, reveal: true);
        full.IdNumber.ShouldBe(id.Value);
        full.Phone.ShouldBe("13812345678");
        full.EmergencyContactPhone.ShouldBe("020-87654321");
        full.Revealed.ShouldBeTrue();

        // The list shows the masked number only.
        var listed = await ListAsync(worker, $"?name={Uri.EscapeDataString(details.Name!)}");
        listed.Items.Single().IdNumberMasked.ShouldBe(masked.IdNumber);

        using var manager = await app.ClientAsAsync("manager");
        var audit = (await manager.GetFromJsonAsync<SearchAudit.Result>($"/api/v1/audit?entityType=Person&entityId={personId}&action=Read", Json))!;
        audit.Items.ShouldAllBe(e => e.EntityType == "Person" && e.EntityId == personId.ToString() && e.UserName == "worker");
        audit.Items.Count(e => e.Details == "file").ShouldBe(1);
        audit.Items.Count(e => e.Details.Contains("full:")).ShouldBe(1);
        // No full number ever reaches the log.
        audit.Items.ShouldAllBe(e => !e.Details.Contains(id.Value));
        var created = (await manager.GetFromJsonAsync<SearchAudit.Result>($"/api/v1/audit?entityType=Person&entityId={personId}&action=Create", Json))!;
        created.Total.ShouldBe(1);
    }

    public static TheoryData<string, string, string> IdentityFaults => new()
    {
        { "checkDigit", "IdNumber", "身份证号：校验位不正确，请核对最后一位" },
        { "birthDate", "BirthDate", "出生日期：与身份证号中的出生日期不一致" },
        { "gender", "Gender", "性别：与身份证号中的性别不一致（第 17 位奇数为男、偶数为女）" },
        { "mobileLength", "Phone", "电话：手机号应为 11 位" },
        { "mobilePrefix", "EmergencyContactPhone", "紧急联系人电话：不是有效的手机号或固定电话（手机 11 位；固话如 020-87654321）" },
        { "card", "DisabilityCardNumber", "残疾人证号：前 18 位与本人身份证号不一致" },
    };

    [Theory]
    [MemberData(nameof(IdentityFaults))]
    public async Task Identity_faults_are_a_400_naming_the_field_in_Chinese_and_nothing_is_stored(string fault, string field, string message)
    {
        using var worker = await app.ClientAsAsync("worker");
        var id = NewId(gender: Gender.Male);
        var details = Details(id);
        details = fault switch
        {
            // Birth date and gender entered: with the number refused they cannot be read from it.
            "checkDigit" => details with { IdNumber = id.Value[..17] + (id.Value[17] == '0' ? '1' : '0'), BirthDate = id.BirthDate, Gender = Gender.Male },
            "birthDate" => details with { BirthDate = id.BirthDate.AddDays(1) },
            "gender" => details with { Gender = Gender.Female },
            "mobileLength" => details with { Phone = "1381234567" },
            "mobilePrefix" => details with { EmergencyContactPhone = "12345678901" },
            _ => details with { Types = PersonTypes.Disabled, Health = new HealthSection(DisabilityCardNumber: NewId().Value + "42") },
        };
        var before = await PersonCountAsync(app);

        var response = await PostAsync(worker, Request(details));
        (await ErrorsAsync(response, field)).ShouldBe([message]);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("title").GetString().ShouldBe("输入有误，请按提示修改");
        problem.GetProperty("errors").EnumerateObject().Count().ShouldBe(1, "only the broken field is reported");

        (await PersonCountAsync(app)).ShouldBe(before);
        (await ListAsync(worker, $"?name={Uri.EscapeDataString(details.Name!)}")).Total.ShouldBe(0);
    }

    [Fact]
    public async Task All_faults_of_a_form_are_reported_at_once()
    {
        using var worker = await app.ClientAsAsync("worker");
        var details = Details(null) with { Name = " ", IdNumber = "44011219400101001", Phone = "12345", Tier = null, LegalBasis = null };
        var response = await PostAsync(worker, Request(details) with { CommunityCode = "440106001001" });
        (await ErrorsAsync(response, "Name")).Single().ShouldEndWith("：不能为空");
        (await ErrorsAsync(response, "IdNumber")).ShouldBe(["身份证号：应为 18 位"]);
        (await ErrorsAsync(response, "Phone"))[0].ShouldStartWith("电话：");
        (await ErrorsAsync(response, "Tier")).ShouldBe(["跟进分级：不能为空"]);
        (await ErrorsAsync(response, "LegalBasis")).ShouldBe(["信息收集依据：不能为空"]);
        (await ErrorsAsync(response, "CommunityCode")).ShouldBe(["社区/村代码：440106001001 不是本站辖区内的社区/村"]);
    }

    [Fact]
    public async Task One_ID_number_is_on_file_once_and_another_station_is_not_told_whose_it_is()
    {
        using var worker = await app.ClientAsAsync("worker");
        using var worker2 = await app.ClientAsAsync("worker2");
        var id = NewId();
        var first = Details(id);
        var firstId = await RegisterAsync(worker, Request(first));

        // Same station, another spelling of the number (spaces, lowercase x): refused with the name.
        var again = await PostAsync(worker, Request(Details(id) with { IdNumber = $"{id.Value[..6]} {id.Value[6..14]} {id.Value[14..].ToLowerInvariant()}" }));
        var mine = (await ErrorsAsync(again, "IdNumber")).Single();
        mine.ShouldStartWith("身份证号：");
        mine.ShouldContain("已登记");
        mine.ShouldContain(first.Name!);

        // Another station: refused without saying who or where.
        var before = await PersonCountAsync(app);
        var elsewhere = await PostAsync(worker2, Request(Details(id), Yuezhou));
        var theirs = (await ErrorsAsync(elsewhere, "IdNumber")).Single();
        theirs.ShouldStartWith("身份证号：");
        theirs.ShouldContain("其他社工站");
        theirs.ShouldNotContain(first.Name!);
        theirs.ShouldNotContain("长洲");
        (await PersonCountAsync(app)).ShouldBe(before);

        // Once moved away, the other station may register the number.
        (await ChangeStatusAsync(worker, firstId, 0, PersonStatus.MovedAway, Today, "迁往天河区五山街道")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var movedAway = await GetAsync(worker, firstId);
        movedAway.Status.ShouldBe(PersonStatus.MovedAway);
        movedAway.NextVisitDue.ShouldBeNull();
        var secondId = await RegisterAsync(worker2, Request(Details(id), Yuezhou));
        (await GetAsync(worker2, secondId, reveal: true)).IdNumber.ShouldBe(id.Value);

        // And now the first station cannot put its record back on file.
        var back = await ChangeStatusAsync(worker, firstId, movedAway.Version, PersonStatus.Active, Today);
        (await ErrorsAsync(back, "IdNumber")).Single().ShouldContain("其他社工站");
        (await GetAsync(worker, firstId)).Status.ShouldBe(PersonStatus.MovedAway);

        // The exact search of each station finds its own record only.
        (await SearchAsync(worker2, new { idNumber = id.Value })).Items.Select(i => i.Id).ShouldBe([secondId]);
        (await SearchAsync(worker, new { idNumber = id.Value, status = "MovedAway" })).Items.Select(i => i.Id).ShouldBe([firstId]);
    }

    [Fact]
    public async Task A_similar_name_with_the_same_birth_date_asks_for_confirmation_then_registers()
    {
        using var worker = await app.ClientAsAsync("worker");
        var first = Details(null);
        var firstId = await RegisterAsync(worker, Request(first, Meiyuan));
        var similarName = first.Name![..^1] + (first.Name[^1] == '甲' ? '乙' : '甲');
        var second = Details(null, name: similarName) with { BirthDate = first.BirthDate, Gender = first.Gender };
        var before = await PersonCountAsync(app);

        var response = await PostAsync(worker, Request(second, Meiyuan));
        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var conflict = (await response.Content.ReadFromJsonAsync<Shegong.Web.Features.Registry.PersonsApi.RegisterConflict>(Json))!;
        conflict.Title.ShouldBe("疑似重复登记");
        conflict.Detail.ShouldContain("确认不是同一人");
        var candidate = conflict.PossibleDuplicates.ShouldHaveSingleItem();
        candidate.Id.ShouldBe(firstId);
        candidate.Name.ShouldBe(first.Name);
        candidate.BirthDate.ShouldBe(first.BirthDate!.Value);
        candidate.Community.ShouldBe("梅园社区居民委员会");
        (await PersonCountAsync(app)).ShouldBe(before);

        // The same name and birth date in another community, or on another day in this one, is no duplicate.
        await RegisterAsync(worker, Request(second, Shenjing));
        await RegisterAsync(worker, Request(second with { BirthDate = first.BirthDate.Value.AddDays(1) }, Meiyuan));

        var secondId = await RegisterAsync(worker, Request(second, Meiyuan, confirm: true));
        secondId.ShouldNotBe(firstId);
        (await GetAsync(worker, secondId)).Name.ShouldBe(similarName);
    }

    [Fact]
    public async Task A_second_member_joins_an_existing_household()
    {
        using var worker = await app.ClientAsAsync("worker");
        var headId = await RegisterNewAsync(worker, community: Shenjing);
        var head = await GetAsync(worker, headId);
        var spouse = Request(Details(NewId()), Shenjing) with { HouseholdId = head.Household.Id, Relation = HouseholdRelation.Spouse, NewHousehold = null };
        var spouseId = await RegisterAsync(worker, spouse);

        var members = (await GetAsync(worker, spouseId)).Household.Members;
        members.Select(m => (m.Id, m.Relation)).ShouldBe([(headId, HouseholdRelation.Head), (spouseId, HouseholdRelation.Spouse)]);

        // A second head, or the household from another community, is refused.
        var secondHead = await PostAsync(worker, spouse with { Person = Details(NewId()), Relation = HouseholdRelation.Head });
        (await ErrorsAsync(secondHead, "Relation")).Single().ShouldContain("已有户主");
        var otherCommunity = await PostAsync(worker, spouse with { Person = Details(NewId()), CommunityCode = Huangchuan });
        (await ErrorsAsync(otherCommunity, "HouseholdId")).ShouldBe(["所选家庭不在这个社区"]);
    }

    [Fact]
    public async Task The_responsible_worker_must_be_of_the_station()
    {
        using var worker = await app.ClientAsAsync("worker");
        var worker2Id = await UserIdAsync(app, "worker2");
        var response = await PostAsync(worker, Request(Details(NewId()), worker: worker2Id));
        (await ErrorsAsync(response, "ResponsibleWorkerId")).ShouldBe(["责任社工：请选择本站的社工"]);

        var managerId = await UserIdAsync(app, "manager");
        var personId = await RegisterAsync(worker, Request(Details(NewId()), worker: managerId));
        var person = await GetAsync(worker, personId);
        person.ResponsibleWorkerId.ShouldBe(managerId);
        person.ResponsibleWorkerName.ShouldBe("陈站长");
    }
}
