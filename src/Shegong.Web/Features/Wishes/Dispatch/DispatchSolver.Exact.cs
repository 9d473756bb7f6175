using Google.OrTools.Sat;

namespace Shegong.Web.Features.Wishes.Dispatch;

public static partial class DispatchSolver
{
    /// <summary>
    /// The exact model for small rounds (CP-SAT): an integer number of units per eligible (donor, wish) pair; each
    /// wish's free units, each donor's capacity and budget as linear constraints; maximise the value. Seeded with the
    /// flow plan, so it only returns something at least as good. Null when it finds nothing in time.
    /// </summary>
    private static (Plan Plan, bool Optimal, long Bound)? Exact(Problem p, Plan hint, double seconds)
    {
        var model = new CpModel();
        var pairs = new List<(int Donor, int Wish, IntVar Units)>();
        var byWish = new List<IntVar>[p.W];
        for (var d = 0; d < p.D; d++)
        {
            var own = new List<IntVar>();
            var values = new List<long>();
            foreach (var c in p.DonorCells[d])
                foreach (var w in p.CellWishes[c])
                {
                    var x = model.NewIntVar(0, Math.Min(p.Units[w], p.Capacity[d]), "");
                    model.AddHint(x, hint.UnitsOfPair(d, w));
                    pairs.Add((d, w, x));
                    own.Add(x);
                    values.Add(p.Value[w]);
                    (byWish[w] ??= []).Add(x);
                }
            if (own.Count == 0) continue;
            model.Add(LinearExpr.Sum(own) <= p.Capacity[d]);
            model.Add(LinearExpr.WeightedSum(own, values) <= p.Budget[d]);
        }
        for (var w = 0; w < p.W; w++)
            if (byWish[w] is { Count: > 1 } vars) model.Add(LinearExpr.Sum(vars) <= p.Units[w]);
        model.Maximize(LinearExpr.WeightedSum(pairs.Select(x => x.Units), pairs.Select(x => p.Value[x.Wish])));

        var solver = new CpSolver { StringParameters = $"max_time_in_seconds:{seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)} num_workers:2" };
        var status = solver.Solve(model);
        if (status is not (CpSolverStatus.Optimal or CpSolverStatus.Feasible)) return null;
        var plan = new Plan(p);
        foreach (var (d, w, x) in pairs)
            if (solver.Value(x) is var n and > 0) plan.Add(d, w, (int)n);
        return (plan, status == CpSolverStatus.Optimal, (long)Math.Floor(solver.BestObjectiveBound));
    }
}
