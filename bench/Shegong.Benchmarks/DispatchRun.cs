using System.Diagnostics;
using Shegong.Web.Features.Wishes.Dispatch;

namespace Shegong.Benchmarks;

/// <summary>
/// <c>dispatch --wishes 50000 --donors 5000 --seed 1</c>: a generated dispatch round (values 50–800 yuan, 1–3 units,
/// 8 categories, 30 communities; donors with 1–3 preferred categories, 0–3 communities, budget 500–20,000 yuan,
/// capacity 1–40) solved by <see cref="DispatchSolver"/> and by the greedy baseline; prints value and wall time.
/// </summary>
public static class DispatchRun
{
    public static int Run(string[] args)
    {
        int Arg(string name, int fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1]) : fallback;
        var wishCount = Arg("--wishes", 50_000);
        var donorCount = Arg("--donors", 5_000);
        var seed = Arg("--seed", 1);
        if (Arg("--small", 0) is var small and > 0) return Small(small, seed);
        var (wishes, donors) = Generate(wishCount, donorCount, seed);
        Console.WriteLine($"dispatch: {wishCount:N0} wishes ({wishes.Sum(w => w.Units):N0} units, ¥{wishes.Sum(w => w.UnitValue * w.Units):N0}), " +
            $"{donorCount:N0} donors (capacity {donors.Sum(d => d.Capacity):N0} units, budget ¥{donors.Sum(d => d.Budget):N0}), seed {seed}, {Environment.ProcessorCount} CPUs");

        // Warm-up on a small instance so that JIT and native-library loading are not timed.
        var (ww, wd) = Generate(500, 50, seed + 1);
        DispatchSolver.Solve(ww, wd);

        var clock = Stopwatch.StartNew();
        var greedy = DispatchSolver.Greedy(wishes, donors);
        var greedyTime = clock.Elapsed;
        clock.Restart();
        var best = DispatchSolver.Solve(wishes, donors);
        var bestTime = clock.Elapsed;
        Console.WriteLine($"greedy:  matched ¥{greedy.MatchedValue:N2} in {greedyTime.TotalMilliseconds:N0} ms ({greedy.Assignments.Count:N0} assignments)");
        Console.WriteLine($"solver:  matched ¥{best.MatchedValue:N2} in {bestTime.TotalMilliseconds:N0} ms ({best.Assignments.Count:N0} assignments, " +
            $"{best.Rounds} flow rounds, plan from {best.Method})");
        Console.WriteLine($"rounds:  {string.Join(" → ", best.RoundValues.Select(v => v.ToString("N0")))}");
        Console.WriteLine($"bound:   ¥{best.UpperBound:N2} (upper bound: the smaller of the unit and the budget relaxation); solver reaches {best.MatchedValue / Math.Max(1, best.UpperBound):P2} of it, " +
            $"greedy {greedy.MatchedValue / Math.Max(1, best.UpperBound):P2}; solver/greedy = {best.MatchedValue / Math.Max(1, greedy.MatchedValue):N4}");
        var problem = DispatchSolver.Check(wishes, donors, best.Assignments) ?? DispatchSolver.Check(wishes, donors, greedy.Assignments);
        Console.WriteLine(problem is null ? "check:   every assignment within budget, capacity and preferences" : "check FAILED: " + problem);
        return problem is null ? 0 : 1;
    }

    /// <summary>
    /// <c>dispatch --small 200</c>: station-sized rounds (20–80 wishes, 5–25 donors, same distributions) solved by greedy,
    /// by the flow rounds alone and exactly (CP-SAT), to show how far the heuristic is from the optimum.
    /// </summary>
    private static int Small(int count, int seed)
    {
        var random = new Random(seed);
        DispatchSolver.Solve(Generate(30, 8, seed).Item1, Generate(30, 8, seed).Item2); // warm-up
        double flowSum = 0, greedySum = 0, flowWorst = 1, greedyWorst = 1;
        int optimal = 0, counted = 0;
        var exactTime = TimeSpan.Zero;
        for (var i = 0; i < count; i++)
        {
            var (wishes, donors) = Generate(random.Next(20, 81), random.Next(5, 26), seed * 1000 + i);
            var greedy = DispatchSolver.Greedy(wishes, donors);
            var flow = DispatchSolver.Solve(wishes, donors, new DispatchSolver.Options(ExactPairsLimit: 0));
            var exact = DispatchSolver.Solve(wishes, donors, new DispatchSolver.Options(ExactSeconds: 5));
            exactTime += exact.Elapsed;
            if (DispatchSolver.Check(wishes, donors, exact.Assignments) is { } problem) { Console.WriteLine("check FAILED: " + problem); return 1; }
            if (exact.Method.StartsWith("exact")) optimal++;
            if (exact.MatchedValue == 0) continue;
            counted++;
            var f = (double)(flow.MatchedValue / exact.MatchedValue);
            var g = (double)(greedy.MatchedValue / exact.MatchedValue);
            flowSum += f; greedySum += g;
            flowWorst = Math.Min(flowWorst, f); greedyWorst = Math.Min(greedyWorst, g);
        }
        Console.WriteLine($"small rounds: {count} (20–80 wishes, 5–25 donors), seed {seed}; CP-SAT proved the optimum in {optimal}, mean {exactTime.TotalMilliseconds / count:N0} ms a round");
        Console.WriteLine($"flow rounds / optimum: mean {flowSum / counted:P2}, worst {flowWorst:P2}");
        Console.WriteLine($"greedy / optimum:      mean {greedySum / counted:P2}, worst {greedyWorst:P2}");
        return 0;
    }

    public static (List<DispatchSolver.WishInput>, List<DispatchSolver.DonorInput>) Generate(int wishCount, int donorCount, int seed)
    {
        var random = new Random(seed);
        var areas = Enumerable.Range(1, 30).Select(i => $"440112010{i:000}").ToArray();
        var wishes = Enumerable.Range(0, wishCount).Select(_ => new DispatchSolver.WishInput(Guid.NewGuid(), random.Next(1, 9),
            areas[random.Next(areas.Length)], random.Next(50, 801), random.Next(1, 4))).ToList();
        var donors = Enumerable.Range(0, donorCount).Select(_ => new DispatchSolver.DonorInput(Guid.NewGuid(),
            Enumerable.Range(1, 8).OrderBy(_ => random.Next()).Take(random.Next(1, 4)).ToHashSet(),
            areas.OrderBy(_ => random.Next()).Take(random.Next(0, 4)).ToHashSet(),
            random.Next(5, 201) * 100m, random.Next(1, 41))).ToList();
        return (wishes, donors);
    }
}
