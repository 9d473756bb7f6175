using Shegong.Domain.Common;
using Shegong.Domain.Registry;
using Shegong.Domain.Visits;

namespace Shegong.UnitTests.Visits;

public sealed class VisitRuleSetTests
{
    private static readonly DateOnly Day = new(2026, 3, 10);

    [Fact]
    public void The_defaults_are_weekly_monthly_quarterly_next_day_and_four_a_year()
    {
        var rules = VisitRuleSet.Default();
        (rules.RegionPrefix, rules.HighRiskDays, rules.KeyDays, rules.GeneralDays, rules.EventResponseDays, rules.MentalDisorderVisitsPerYear)
            .ShouldBe(("", 7, 30, 90, 1, 4));
        VisitRuleSet.Default("440112").RegionPrefix.ShouldBe("440112");
    }

    [Theory]
    [InlineData(FollowUpTier.HighRisk, false, 7)]
    [InlineData(FollowUpTier.Key, false, 30)]
    [InlineData(FollowUpTier.General, false, 90)]
    [InlineData(FollowUpTier.HighRisk, true, 7)]
    [InlineData(FollowUpTier.Key, true, 30)]
    [InlineData(FollowUpTier.General, true, 90)]   // 365 / 4 = 91: the quarterly default already meets it
    public void The_interval_follows_the_tier(FollowUpTier tier, bool severeMentalDisorder, int days) =>
        VisitRuleSet.Default().IntervalDays(tier, severeMentalDisorder).ShouldBe(days);

    [Theory]
    [InlineData(4, 91)]
    [InlineData(6, 60)]
    [InlineData(12, 30)]
    [InlineData(52, 7)]
    public void A_severe_mental_disorder_caps_the_interval_at_a_year_divided_by_the_visits_required(int perYear, int cap)
    {
        var rules = VisitRuleSet.Create("44", 7, 60, 180, 1, perYear);
        rules.IntervalDays(FollowUpTier.General, true).ShouldBe(cap);
        rules.IntervalDays(FollowUpTier.General, false).ShouldBe(180);
        rules.IntervalDays(FollowUpTier.HighRisk, true).ShouldBe(Math.Min(7, cap));
    }

    [Fact]
    public void The_next_visit_is_due_one_interval_after_the_last_visit_or_the_registration()
    {
        var rules = VisitRuleSet.Default();
        rules.NextDue(FollowUpTier.Key, false, null, Day, null).ShouldBe(Day.AddDays(30));
        rules.NextDue(FollowUpTier.Key, false, Day.AddDays(5), Day, null).ShouldBe(Day.AddDays(35));
        // A visit logged before the registration date still counts from itself.
        rules.NextDue(FollowUpTier.General, false, Day.AddDays(-10), Day, null).ShouldBe(Day.AddDays(80));
        rules.NextDue(FollowUpTier.General, true, null, Day, null).ShouldBe(Day.AddDays(90));
        VisitRuleSet.Create("", 7, 30, 366, 1, 4).NextDue(FollowUpTier.General, true, null, Day, null).ShouldBe(Day.AddDays(91));
    }

    [Fact]
    public void An_event_brings_the_due_date_forward_but_never_pushes_it_back()
    {
        var rules = VisitRuleSet.Create("", 7, 30, 90, 2, 4);
        rules.NextDue(FollowUpTier.General, false, Day, Day, Day.AddDays(10)).ShouldBe(Day.AddDays(12));
        rules.NextDue(FollowUpTier.HighRisk, false, Day, Day, Day.AddDays(6)).ShouldBe(Day.AddDays(7));   // 8 > 7
        rules.NextDue(FollowUpTier.HighRisk, false, Day, Day, Day.AddDays(5)).ShouldBe(Day.AddDays(7));   // equal
        rules.NextDue(FollowUpTier.HighRisk, false, Day, Day, Day.AddDays(4)).ShouldBe(Day.AddDays(6));
        // An event reported for a day before the last visit still asks for a visit within the response time.
        rules.NextDue(FollowUpTier.General, false, Day, Day, Day.AddDays(-3)).ShouldBe(Day.AddDays(-1));
    }

    [Fact]
    public void The_most_specific_matching_prefix_wins()
    {
        var national = VisitRuleSet.Create("", 7, 30, 90, 1, 4);
        var province = VisitRuleSet.Create("44", 7, 30, 80, 1, 4);
        var district = VisitRuleSet.Create("440112", 7, 30, 70, 1, 4);
        var township = VisitRuleSet.Create("440112010", 7, 30, 60, 1, 4);
        var community = VisitRuleSet.Create("440112010003", 7, 30, 50, 1, 4);
        var elsewhere = VisitRuleSet.Create("440106", 7, 30, 40, 1, 4);
        VisitRuleSet[] sets = [elsewhere, national, community, township, district, province];

        VisitRuleSet.For("440112010003", sets).ShouldBeSameAs(community);
        VisitRuleSet.For("440112010001", sets).ShouldBeSameAs(township);
        VisitRuleSet.For("440112001001", sets).ShouldBeSameAs(district);
        VisitRuleSet.For("440113001001", sets).ShouldBeSameAs(province);
        VisitRuleSet.For("440106001001", sets).ShouldBeSameAs(elsewhere);
        VisitRuleSet.For("110105001001", sets).ShouldBeSameAs(national);
        VisitRuleSet.For("440112010", sets).ShouldBeSameAs(township);
        VisitRuleSet.For("4401", sets).ShouldBeSameAs(province);   // a deeper set does not apply to the whole city
    }

    [Fact]
    public void Without_any_set_the_national_default_applies()
    {
        var rules = VisitRuleSet.For("440112010003", []);
        (rules.RegionPrefix, rules.GeneralDays).ShouldBe(("", 90));
        VisitRuleSet.For("110105001001", [VisitRuleSet.Create("44", 7, 30, 60, 1, 4)]).GeneralDays.ShouldBe(90);
    }

    [Theory]
    [InlineData(8, 7, 90, "HighRiskDays")]
    [InlineData(7, 91, 90, "KeyDays")]
    [InlineData(31, 30, 29, "HighRiskDays")]
    public void A_higher_tier_may_not_be_visited_less_often(int highRisk, int key, int general, string field)
    {
        var e = Should.Throw<DomainException>(() => VisitRuleSet.Create("44", highRisk, key, general, 1, 4));
        (e.Field, e.Code).ShouldBe((field, "VisitRules.TierOrder"));
    }

    [Fact]
    public void Equal_intervals_for_all_tiers_are_allowed()
    {
        var rules = VisitRuleSet.Create("44", 14, 14, 14, 1, 4);
        rules.IntervalDays(FollowUpTier.HighRisk, false).ShouldBe(14);
        rules.IntervalDays(FollowUpTier.General, false).ShouldBe(14);
    }

    [Theory]
    [InlineData(0, 30, 90, 1, 4, "HighRiskDays", 1, 366)]
    [InlineData(7, 0, 90, 1, 4, "KeyDays", 1, 366)]
    [InlineData(7, 30, 367, 1, 4, "GeneralDays", 1, 366)]
    [InlineData(7, 30, 90, 0, 4, "EventResponseDays", 1, 30)]
    [InlineData(7, 30, 90, 31, 4, "EventResponseDays", 1, 30)]
    [InlineData(7, 30, 90, 1, 0, "MentalDisorderVisitsPerYear", 1, 52)]
    [InlineData(7, 30, 90, 1, 53, "MentalDisorderVisitsPerYear", 1, 52)]
    public void Values_out_of_range_are_refused_with_the_range(int highRisk, int key, int general, int eventDays, int perYear, string field, int min, int max)
    {
        var e = Should.Throw<DomainException>(() => VisitRuleSet.Create("44", highRisk, key, general, eventDays, perYear));
        (e.Field, e.Code).ShouldBe((field, "Error.Range"));
        e.Args.ShouldBe(new object[] { min, max });
    }

    [Fact]
    public void A_refused_change_leaves_the_set_as_it_was()
    {
        var rules = VisitRuleSet.Create("44", 7, 30, 90, 1, 4);
        rules.Change(5, 20, 60, 2, 6);
        var version = rules.Version;
        Should.Throw<DomainException>(() => rules.Change(40, 30, 90, 1, 4));
        Should.Throw<DomainException>(() => rules.Change(7, 30, 90, 1, 99));
        (rules.HighRiskDays, rules.KeyDays, rules.GeneralDays, rules.EventResponseDays, rules.MentalDisorderVisitsPerYear).ShouldBe((5, 20, 60, 2, 6));
        rules.Version.ShouldBe(version);
    }

    [Fact]
    public void Every_accepted_change_moves_the_version_on()
    {
        var rules = VisitRuleSet.Create("44", 7, 30, 90, 1, 4);
        var created = rules.Version;
        rules.Change(7, 30, 60, 1, 4);
        rules.Version.ShouldBe(created + 1);
        rules.Change(7, 30, 60, 1, 4);
        rules.Version.ShouldBe(created + 2);
    }

    [Fact]
    public void A_created_set_does_not_carry_the_version_of_an_inherited_region() =>
        VisitRuleSet.Create("44", 7, 30, 90, 1, 4).Version.ShouldNotBe(0);
}

/// <summary>How a person's plan follows visits, events and status changes (the rules above applied by <see cref="Person"/>).</summary>
public sealed class PersonPlanningTests
{
    private static readonly DateOnly Registered = new(2026, 1, 5);
    private static readonly VisitRuleSet Rules = VisitRuleSet.Default();

    private static Person NewPerson(FollowUpTier tier = FollowUpTier.Key, bool severeMentalDisorder = false)
    {
        var station = Guid.NewGuid();
        var (household, _) = Household.Create(station, "440112010003", Guid.NewGuid(), new HouseholdDetails("长洲路 1 号", null, null, null, null, AssistanceKinds.None));
        var (details, errors) = PersonRules.Validate(new PersonDetails("王秀英", null, null, null, "11010519491231002X", null, null, null,
            PersonTypes.LivingAlone, tier, LegalBasis.WrittenConsent, null, severeMentalDisorder), Registered);
        errors.ShouldBeEmpty();
        return Person.Register(station, "440112010003", household!.CommunityId, household, HouseholdRelation.Head, details!, "hash", null, Registered, Rules);
    }

    [Fact]
    public void A_new_person_is_due_one_interval_after_registration()
    {
        NewPerson().NextVisitDue.ShouldBe(Registered.AddDays(30));
        NewPerson(FollowUpTier.General, severeMentalDisorder: true).NextVisitDue.ShouldBe(Registered.AddDays(90));
        NewPerson().Version.ShouldBe(0);
    }

    [Fact]
    public void An_older_visit_entered_late_does_not_move_the_last_visit_back()
    {
        var person = NewPerson();
        person.RecordVisit(Registered.AddDays(20), Rules);
        person.RecordVisit(Registered.AddDays(10), Rules);
        person.LastVisitOn.ShouldBe(Registered.AddDays(20));
        person.NextVisitDue.ShouldBe(Registered.AddDays(50));
        person.Version.ShouldBe(2);
    }

    [Fact]
    public void A_visit_on_or_after_a_reported_event_answers_it()
    {
        var person = NewPerson();
        person.ReportEvent(Registered.AddDays(5), " 摔倒住院 ", Rules);
        (person.EventReportedOn, person.EventNote, person.NextVisitDue).ShouldBe(((DateOnly?)Registered.AddDays(5), "摔倒住院", (DateOnly?)Registered.AddDays(6)));

        person.RecordVisit(Registered.AddDays(4), Rules);   // before the event: still pending
        person.EventReportedOn.ShouldBe(Registered.AddDays(5));
        person.NextVisitDue.ShouldBe(Registered.AddDays(6));

        person.RecordVisit(Registered.AddDays(5), Rules);   // the same day counts
        person.EventReportedOn.ShouldBeNull();
        person.EventNote.ShouldBe("");
        person.NextVisitDue.ShouldBe(Registered.AddDays(35));
    }

    [Fact]
    public void Visits_and_events_need_an_active_person_and_a_visit_after_birth()
    {
        var person = NewPerson();
        Should.Throw<DomainException>(() => person.RecordVisit(new DateOnly(1949, 12, 30), Rules)).Code.ShouldBe("Visit.BeforeBirth");
        person.ChangeStatus(PersonStatus.MovedAway, Registered, "迁出", Rules);
        person.NextVisitDue.ShouldBeNull();
        Should.Throw<DomainException>(() => person.RecordVisit(Registered, Rules)).Code.ShouldBe("Person.NotActive");
        Should.Throw<DomainException>(() => person.ReportEvent(Registered, "摔倒", Rules)).Code.ShouldBe("Person.NotActive");
        person.LastVisitOn.ShouldBeNull();
    }

    [Fact]
    public void Status_changes_follow_their_rules()
    {
        var person = NewPerson();
        Should.Throw<DomainException>(() => person.ChangeStatus(PersonStatus.Active, Registered, null, Rules)).Code.ShouldBe("Person.StatusUnchanged");
        Should.Throw<DomainException>(() => person.ChangeStatus(PersonStatus.MovedAway, Registered.AddDays(-1), null, Rules)).Code.ShouldBe("Person.StatusBeforeRegistration");
        person.ChangeStatus(PersonStatus.Deceased, Registered.AddDays(3), "病故", Rules);
        (person.Status, person.StatusChangedOn, person.StatusNote, person.NextVisitDue).ShouldBe((PersonStatus.Deceased, (DateOnly?)Registered.AddDays(3), "病故", (DateOnly?)null));
        Should.Throw<DomainException>(() => person.ChangeStatus(PersonStatus.Active, Registered.AddDays(4), null, Rules)).Code.ShouldBe("Person.DeceasedIsFinal");
        person.Status.ShouldBe(PersonStatus.Deceased);
    }

    [Fact]
    public void A_refused_status_change_leaves_the_person_as_it_was()
    {
        var person = NewPerson();
        Should.Throw<DomainException>(() => person.ChangeStatus(PersonStatus.MovedAway, Registered, new string('迁', 201), Rules)).Field.ShouldBe("StatusNote");
        (person.Status, person.StatusChangedOn, person.NextVisitDue).ShouldBe((PersonStatus.Active, (DateOnly?)null, (DateOnly?)Registered.AddDays(30)));
    }

    [Fact]
    public void A_refused_event_leaves_the_person_as_it_was()
    {
        var person = NewPerson();
        Should.Throw<DomainException>(() => person.ReportEvent(Registered, " ", Rules)).Field.ShouldBe("EventNote");
        person.EventReportedOn.ShouldBeNull();
    }

    [Fact]
    public void A_visit_keeps_the_tier_at_the_time_and_refuses_the_future_and_the_long_past()
    {
        var person = NewPerson(FollowUpTier.HighRisk);
        var today = Registered.AddDays(10);
        var visit = Visit.Log(person, VisitMethod.PhoneVideo, today, null, " 李社工 ", new VisitRecord(BasicLiving: " 正常 "), today, DateTime.UtcNow);
        (visit.Tier, visit.VisitorName, visit.Record.BasicLiving, visit.PersonId, visit.StationId).ShouldBe((FollowUpTier.HighRisk, "李社工", "正常", person.Id, person.StationId));
        Should.Throw<DomainException>(() => Visit.Log(person, VisitMethod.Home, today.AddDays(1), null, "李社工", VisitRecord.Empty, today, DateTime.UtcNow)).Code.ShouldBe("Visit.InFuture");
        Should.Throw<DomainException>(() => Visit.Log(person, VisitMethod.Home, Registered.AddYears(-1).AddDays(-1), null, "李社工", VisitRecord.Empty, today, DateTime.UtcNow)).Code.ShouldBe("Visit.TooOld");
        Visit.Log(person, VisitMethod.Home, Registered.AddYears(-1), null, "李社工", VisitRecord.Empty, today, DateTime.UtcNow).VisitedOn.ShouldBe(Registered.AddYears(-1));
        Should.Throw<DomainException>(() => Visit.Log(person, (VisitMethod)99, today, null, "李社工", VisitRecord.Empty, today, DateTime.UtcNow)).Field.ShouldBe("Method");
        Should.Throw<DomainException>(() => Visit.Log(person, VisitMethod.Home, today, null, " ", VisitRecord.Empty, today, DateTime.UtcNow)).Field.ShouldBe("VisitorName");
    }
}
