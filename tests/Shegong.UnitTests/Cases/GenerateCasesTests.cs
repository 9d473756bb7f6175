using Shegong.Domain.Cases;
using Shegong.Web.Features.Cases;

namespace Shegong.UnitTests.Cases;

/// <summary>The benchmark's case generator makes cases a worker could have made: every rule of the domain kept, notes and referrals inside the open days.</summary>
public sealed class GenerateCasesTests
{
    [Fact]
    public void Generated_cases_keep_the_rules_and_come_near_the_asked_totals()
    {
        var today = new DateOnly(2026, 12, 2);
        var station = Guid.NewGuid();
        List<Guid> workers = [Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()];
        var batch = new GenerateCases.Batch();
        var random = new Random(5);
        for (var i = 0; i < 2_000; i++)
            GenerateCases.Make(batch, new VisitSubjectRef(Guid.NewGuid(), station, "440112010001", Guid.NewGuid()), workers, Guid.NewGuid(), today,
                WorkingCalendar.MondayToFriday, random, random.Next(21), random.Next(4));

        batch.Cases.Count.ShouldBe(2_000);
        batch.Notes.Count.ShouldBeInRange(18_000, 22_000);   // 10 a case
        batch.Referrals.Count.ShouldBeInRange(2_700, 3_300); // 1.5 a case
        var cases = batch.Cases.ToDictionary(c => c.Id);
        foreach (var stage in Enum.GetValues<CaseStage>()) batch.Cases.Count(c => c.Stage == stage).ShouldBeGreaterThan(20, stage.ToString());
        foreach (var n in batch.Notes)
        {
            var c = cases[n.CaseId];
            n.On.ShouldBeInRange(c.OpenedOn, c.ClosedOn ?? today);
            n.AccessList.ShouldBe(c.AccessList);
        }
        foreach (var r in batch.Referrals) r.SentOn.ShouldBeInRange(cases[r.CaseId].OpenedOn, cases[r.CaseId].ClosedOn ?? today);
        batch.Referrals.Count(r => r.IsOverdue(today)).ShouldBeInRange(1, batch.Referrals.Count / 5);
        batch.Referrals.Count(r => r.ConfirmedAnswer is not null).ShouldBeGreaterThan(0);
        batch.Cases.Where(c => c.Stage == CaseStage.Closed).ShouldAllBe(c => c.ClosingApprovedBy != null && c.Evaluation.IsWritten);
        batch.Changes.Count(x => x.Action == CaseAction.Opened).ShouldBe(2_000);
    }
}
