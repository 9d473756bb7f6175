using Shegong.Web.Features.Wishes.Dispatch;
using static Shegong.Web.Features.Wishes.Dispatch.DispatchSolver;

namespace Shegong.IntegrationTests.Features.Wishes;

/// <summary>The suggestion solver on its own (no database): feasibility always, optimality where greedy fails, never worse than greedy.</summary>
public sealed class DispatchSolverTests
{
    private static readonly HashSet<int> Any = [];
    private static HashSet<string> NoAreas => [];

    [Fact]
    public void Beats_greedy_when_the_first_donor_should_leave_the_dear_wish_to_a_specialist()
    {
        var dear = new WishInput(Guid.NewGuid(), 4, "A", 500m, 1);
        var cheap = new WishInput(Guid.NewGuid(), 1, "A", 300m, 1);
        var generalist = new DonorInput(Guid.NewGuid(), Any, NoAreas, 1000m, 1);
        var specialist = new DonorInput(Guid.NewGuid(), new HashSet<int> { 4 }, NoAreas, 500m, 1);
        WishInput[] wishes = [dear, cheap];
        DonorInput[] donors = [generalist, specialist];

        var greedy = Greedy(wishes, donors);
        var best = Solve(wishes, donors);

        greedy.MatchedValue.ShouldBe(500m);
        best.MatchedValue.ShouldBe(800m);
        best.Assignments.ShouldContain(a => a.WishId == dear.Id && a.DonorId == specialist.Id);
        best.Assignments.ShouldContain(a => a.WishId == cheap.Id && a.DonorId == generalist.Id);
        Check(wishes, donors, best.Assignments).ShouldBeNull();
    }

    [Fact]
    public void A_budget_is_never_exceeded_even_when_capacity_would_allow_more()
    {
        var wishes = Enumerable.Range(0, 6).Select(i => new WishInput(Guid.NewGuid(), 1, "A", 100m + 100m * i, 1)).ToList(); // 100…600
        DonorInput[] donors = [new(Guid.NewGuid(), Any, NoAreas, 750m, 10)];
        var best = Solve(wishes, donors);
        Check(wishes, donors, best.Assignments).ShouldBeNull();
        best.MatchedValue.ShouldBeLessThanOrEqualTo(750m);
        best.MatchedValue.ShouldBeGreaterThanOrEqualTo(700m); // 600 + 100, or 500 + 200 …
    }

    [Fact]
    public void Preferences_of_category_and_community_are_respected()
    {
        WishInput[] wishes = [new(Guid.NewGuid(), 1, "A", 100m, 2), new(Guid.NewGuid(), 2, "A", 100m, 1), new(Guid.NewGuid(), 1, "B", 100m, 1)];
        DonorInput[] donors = [new(Guid.NewGuid(), new HashSet<int> { 1 }, new HashSet<string> { "A" }, 10_000m, 10)];
        var best = Solve(wishes, donors);
        best.Assignments.ShouldHaveSingleItem().WishId.ShouldBe(wishes[0].Id);
        best.Assignments[0].Units.ShouldBe(2);
        best.MatchedValue.ShouldBe(200m);
    }

    [Fact]
    public void On_random_instances_every_plan_is_feasible_at_least_as_good_as_greedy_and_within_the_bound()
    {
        for (var seed = 1; seed <= 40; seed++)
        {
            var random = new Random(seed);
            var areas = new[] { "A", "B", "C", "D" };
            var wishes = Enumerable.Range(0, random.Next(1, 60)).Select(_ => new WishInput(Guid.NewGuid(), random.Next(1, 5),
                areas[random.Next(areas.Length)], random.Next(5, 81) * 10m, random.Next(1, 4))).ToList();
            var donors = Enumerable.Range(0, random.Next(1, 12)).Select(_ => new DonorInput(Guid.NewGuid(),
                Enumerable.Range(1, 4).Where(_ => random.Next(3) == 0).ToHashSet(), areas.Where(_ => random.Next(3) == 0).ToHashSet(),
                random.Next(0, 30) * 100m, random.Next(0, 8))).ToList();
            var greedy = Greedy(wishes, donors);
            var best = Solve(wishes, donors);
            Check(wishes, donors, greedy.Assignments).ShouldBeNull($"greedy, seed {seed}");
            Check(wishes, donors, best.Assignments).ShouldBeNull($"solver, seed {seed}");
            best.MatchedValue.ShouldBeGreaterThanOrEqualTo(greedy.MatchedValue, $"seed {seed}");
            best.MatchedValue.ShouldBeLessThanOrEqualTo(best.UpperBound, $"seed {seed}");
            best.MatchedValue.ShouldBe(best.Assignments.Sum(a => a.Value));
        }
    }

    [Fact]
    public void Nothing_to_match_gives_an_empty_plan()
    {
        Solve([], []).Assignments.ShouldBeEmpty();
        Solve([new WishInput(Guid.NewGuid(), 1, "A", 100m, 1)], []).MatchedValue.ShouldBe(0m);
        Solve([], [new DonorInput(Guid.NewGuid(), Any, NoAreas, 100m, 1)]).MatchedValue.ShouldBe(0m);
    }

    [Fact]
    public void A_station_sized_round_is_solved_exactly_and_the_flow_rounds_alone_come_close()
    {
        // Budget 1,000 and two units: 700 + 300 is the optimum; the dearest pair (700 + 400) does not fit.
        WishInput[] wishes = [new(Guid.NewGuid(), 1, "A", 700m, 1), new(Guid.NewGuid(), 1, "A", 400m, 1), new(Guid.NewGuid(), 1, "A", 300m, 1)];
        DonorInput[] donors = [new(Guid.NewGuid(), Any, NoAreas, 1000m, 2)];
        var exact = Solve(wishes, donors);
        exact.Method.ShouldBe("exact (CP-SAT)");
        exact.MatchedValue.ShouldBe(1000m);
        exact.UpperBound.ShouldBe(1000m);
        Solve(wishes, donors, new Options(ExactPairsLimit: 0)).MatchedValue.ShouldBe(1000m);
        Greedy(wishes, donors).MatchedValue.ShouldBe(1000m);

        for (var seed = 1; seed <= 20; seed++)
        {
            var random = new Random(seed);
            var ws = Enumerable.Range(0, 30).Select(_ => new WishInput(Guid.NewGuid(), random.Next(1, 4), "A", random.Next(5, 81) * 10m, random.Next(1, 3))).ToList();
            var ds = Enumerable.Range(0, 6).Select(_ => new DonorInput(Guid.NewGuid(), Enumerable.Range(1, 3).Where(_ => random.Next(2) == 0).ToHashSet(),
                NoAreas, random.Next(5, 30) * 100m, random.Next(1, 6))).ToList();
            var best = Solve(ws, ds);
            var flowOnly = Solve(ws, ds, new Options(ExactPairsLimit: 0));
            Check(ws, ds, best.Assignments).ShouldBeNull($"seed {seed}");
            best.MatchedValue.ShouldBeGreaterThanOrEqualTo(flowOnly.MatchedValue, $"seed {seed}");
            flowOnly.MatchedValue.ShouldBeGreaterThanOrEqualTo(best.MatchedValue * 0.9m, $"seed {seed}");
        }
    }
}
