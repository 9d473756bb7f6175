using System.Diagnostics;
using Google.OrTools.Graph;

namespace Shegong.Web.Features.Wishes.Dispatch;

/// <summary>
/// Suggests which donor takes which wish units (精准派单), maximising the total value matched while every donor stays
/// within their capacity (units), budget (yuan) and preferences (category and community; empty = any). Pure input →
/// output: no database, so the page, the tests and the benchmark call the same code.
/// <para>
/// A budget is a knapsack constraint that a flow cannot express exactly, so the solver works in rounds:
/// (1) a min-cost flow (OR-Tools) source → donor → (category, community) cell → wish unit → sink maximises value with
/// each donor's unit capacity cut to <c>min(capacity, ⌊budget ÷ cheapest eligible unit⌋)</c> — a relaxation, so its
/// value is an <see cref="Result.UpperBound"/> of any feasible plan; (2) the flow is decomposed cell by cell giving
/// budget-tight donors the cheaper units; (3) donors still over budget drop their dearest units; (4) a greedy pass
/// fills leftover room with the remaining units, dearest first. Donors that had to drop units get their unit
/// capacity cut to what they kept and the flow is solved again (at most <see cref="Options.MaxRounds"/> rounds or
/// until the time limit); the best plan is kept, and never one worse than the greedy baseline. Every returned
/// assignment satisfies budget, capacity and preferences by construction (and <see cref="Check"/> verifies it).
/// </para>
/// <para>
/// Station-sized rounds (at most <see cref="Options.ExactPairsLimit"/> eligible donor–wish pairs) are then solved
/// exactly with CP-SAT, seeded with the flow plan (see DispatchSolver.Exact.cs); large ones (the benchmark's 50,000 ×
/// 5,000) keep the flow plan, which on station-sized rounds reaches 99.8 % of the optimum on average.
/// </para>
/// </summary>
public static partial class DispatchSolver
{
    public sealed record WishInput(Guid Id, int Category, string Area, decimal UnitValue, int Units);
    public sealed record DonorInput(Guid Id, IReadOnlyCollection<int> Categories, IReadOnlyCollection<string> Areas, decimal Budget, int Capacity);
    public sealed record Assignment(Guid WishId, Guid DonorId, int Units, decimal UnitValue)
    {
        public decimal Value => UnitValue * Units;
    }
    public sealed record Result(IReadOnlyList<Assignment> Assignments, decimal MatchedValue, decimal UpperBound, int Rounds, string Method, TimeSpan Elapsed)
    {
        /// <summary>The value of the plan after each flow round (for the benchmark's report).</summary>
        public IReadOnlyList<decimal> RoundValues { get; init; } = [];
    }
    /// <param name="ExactPairsLimit">Instances with at most this many eligible (donor, wish) pairs — a station's usual round — are then
    /// solved exactly by CP-SAT, seeded with the flow plan; 0 turns it off.</param>
    public sealed record Options(int MaxRounds = 4, double TimeLimitSeconds = 4, int ExactPairsLimit = 20_000, double ExactSeconds = 1);

    public static bool Accepts(DonorInput d, WishInput w) =>
        (d.Categories.Count == 0 || d.Categories.Contains(w.Category)) && (d.Areas.Count == 0 || d.Areas.Contains(w.Area));

    /// <summary>The optimising solver (flow rounds with repair), never worse than <see cref="Greedy"/>.</summary>
    public static Result Solve(IReadOnlyList<WishInput> wishes, IReadOnlyList<DonorInput> donors, Options? options = null)
    {
        options ??= new Options();
        var clock = Stopwatch.StartNew();
        var p = new Problem(wishes, donors);
        var greedy = p.Fill(new Plan(p));
        var best = greedy;
        var method = "greedy";
        long upper = 0;
        var caps = new int[p.D];
        for (var d = 0; d < p.D; d++)
        {
            var cheapest = p.DonorCells[d].Count == 0 ? 0 : p.DonorCells[d].Min(c => p.CellMinValue[c]);
            caps[d] = cheapest <= 0 ? p.Capacity[d] : (int)Math.Min(p.Capacity[d], p.Budget[d] / cheapest);
        }
        var rounds = 0;
        var roundValues = new List<decimal>();
        // Another round only while half the time limit is left: a round of the largest instances takes ~0.2–0.6 s here.
        while (rounds < options.MaxRounds && (rounds == 0 || clock.Elapsed.TotalSeconds < options.TimeLimitSeconds / 2))
        {
            rounds++;
            var (flowValue, plan, dropped) = p.FlowRound(caps);
            if (rounds == 1) upper = flowValue;
            p.Fill(plan);
            roundValues.Add(plan.Value / 100m);
            if (plan.Value > best.Value) { best = plan; method = "min-cost flow"; }
            if (dropped.Count == 0) break;
            foreach (var (d, kept) in dropped) caps[d] = kept;
        }
        upper = Math.Min(upper, p.YuanBound());
        if (options.ExactPairsLimit > 0 && p.EligiblePairs() is var pairs and > 0 && pairs <= options.ExactPairsLimit
            && Exact(p, best, options.ExactSeconds) is var (exact, optimal, bound))
        {
            if (exact.Value > best.Value) { best = exact; method = "CP-SAT (time limit)"; }
            if (optimal) { method = "exact (CP-SAT)"; upper = best.Value; }
            else upper = Math.Min(upper, bound);
        }
        return new Result(best.ToAssignments(), best.Value / 100m, Math.Max(upper, best.Value) / 100m, rounds, method, clock.Elapsed) { RoundValues = roundValues };
    }

    /// <summary>The baseline: wishes by value (dearest first), each unit to the first eligible donor with room.</summary>
    public static Result Greedy(IReadOnlyList<WishInput> wishes, IReadOnlyList<DonorInput> donors)
    {
        var clock = Stopwatch.StartNew();
        var p = new Problem(wishes, donors);
        var plan = p.Fill(new Plan(p));
        return new Result(plan.ToAssignments(), plan.Value / 100m, plan.Value / 100m, 0, "greedy", clock.Elapsed);
    }

    /// <summary>The first rule an assignment list breaks (null when every assignment is feasible).</summary>
    public static string? Check(IReadOnlyList<WishInput> wishes, IReadOnlyList<DonorInput> donors, IReadOnlyList<Assignment> assignments)
    {
        var w = wishes.ToDictionary(x => x.Id);
        var d = donors.ToDictionary(x => x.Id);
        foreach (var a in assignments)
        {
            if (!w.TryGetValue(a.WishId, out var wish) || !d.TryGetValue(a.DonorId, out var donor)) return "unknown wish or donor";
            if (a.Units < 1) return "no units";
            if (!Accepts(donor, wish)) return $"donor {a.DonorId} does not accept wish {a.WishId}";
        }
        foreach (var g in assignments.GroupBy(a => a.WishId))
            if (g.Sum(a => a.Units) > w[g.Key].Units) return $"wish {g.Key} over its units";
        foreach (var g in assignments.GroupBy(a => a.DonorId))
        {
            if (g.Sum(a => a.Units) > d[g.Key].Capacity) return $"donor {g.Key} over capacity";
            if (g.Sum(a => a.Value) > d[g.Key].Budget) return $"donor {g.Key} over budget";
        }
        return null;
    }

    /// <summary>Indexed instance: values in fen (integers), wishes grouped into (category, community) cells.</summary>
    private sealed class Problem
    {
        public readonly IReadOnlyList<WishInput> Wishes;
        public readonly IReadOnlyList<DonorInput> Donors;
        public readonly int W, D, C;
        public readonly long[] Value;      // per wish, fen per unit
        public readonly int[] Units;       // per wish
        public readonly int[] CellOf;      // per wish
        public readonly long[] Budget;     // per donor, fen
        public readonly int[] Capacity;    // per donor
        public readonly List<int>[] DonorCells;
        public readonly List<int>[] CellDonors;
        public readonly long[] CellMinValue, CellMaxValue;
        public readonly int[] ByValueDesc; // wish indexes, dearest first
        public readonly List<int>[] CellWishes;

        public Problem(IReadOnlyList<WishInput> wishes, IReadOnlyList<DonorInput> donors)
        {
            Wishes = wishes; Donors = donors; W = wishes.Count; D = donors.Count;
            Value = new long[W]; Units = new int[W]; CellOf = new int[W];
            var cells = new Dictionary<(int, string), int>();
            var cellKeys = new List<(int Category, string Area)>();
            for (var i = 0; i < W; i++)
            {
                var w = wishes[i];
                Value[i] = (long)decimal.Round(w.UnitValue * 100m);
                Units[i] = Math.Max(0, w.Units);
                if (!cells.TryGetValue((w.Category, w.Area), out var c)) { c = cells.Count; cells.Add((w.Category, w.Area), c); cellKeys.Add((w.Category, w.Area)); }
                CellOf[i] = c;
            }
            C = cells.Count;
            CellWishes = Enumerable.Range(0, C).Select(_ => new List<int>()).ToArray();
            for (var i = 0; i < W; i++) if (Units[i] > 0) CellWishes[CellOf[i]].Add(i);
            CellMinValue = Enumerable.Repeat(long.MaxValue, C).ToArray();
            CellMaxValue = new long[C];
            for (var i = 0; i < W; i++)
                if (Units[i] > 0)
                {
                    CellMinValue[CellOf[i]] = Math.Min(CellMinValue[CellOf[i]], Value[i]);
                    CellMaxValue[CellOf[i]] = Math.Max(CellMaxValue[CellOf[i]], Value[i]);
                }
            Budget = new long[D]; Capacity = new int[D]; DonorCells = new List<int>[D];
            CellDonors = Enumerable.Range(0, C).Select(_ => new List<int>()).ToArray();
            for (var d = 0; d < D; d++)
            {
                var donor = donors[d];
                Budget[d] = Math.Max(0, (long)decimal.Floor(donor.Budget * 100m));
                Capacity[d] = Math.Max(0, donor.Capacity);
                DonorCells[d] = [];
                for (var c = 0; c < C; c++)
                {
                    if (CellMinValue[c] == long.MaxValue) continue;
                    var (cat, area) = cellKeys[c];
                    if ((donor.Categories.Count == 0 || donor.Categories.Contains(cat)) && (donor.Areas.Count == 0 || donor.Areas.Contains(area)))
                    {
                        DonorCells[d].Add(c);
                        CellDonors[c].Add(d);
                    }
                }
            }
            ByValueDesc = Enumerable.Range(0, W).OrderByDescending(i => Value[i]).ThenBy(i => i).ToArray();
        }

        /// <summary>One min-cost flow with the given unit capacities, decomposed and repaired to a feasible plan.</summary>
        public (long FlowValue, Plan Plan, List<(int Donor, int Kept)> Dropped) FlowRound(int[] caps)
        {
            var flow = new MinCostFlow();
            const int source = 0, sink = 1;
            int DonorNode(int d) => 2 + d;
            int CellNode(int c) => 2 + D + c;
            long supply = 0;
            var donorCellArcs = new List<(int Arc, int Donor, int Cell)>();
            for (var d = 0; d < D; d++)
            {
                var cap = Math.Min(caps[d], Capacity[d]);
                if (cap <= 0 || DonorCells[d].Count == 0) continue;
                flow.AddArcWithCapacityAndUnitCost(source, DonorNode(d), cap, 0);
                supply += cap;
                foreach (var c in DonorCells[d]) donorCellArcs.Add((flow.AddArcWithCapacityAndUnitCost(DonorNode(d), CellNode(c), cap, 0), d, c));
            }
            var wishArcs = new int[W];
            for (var i = 0; i < W; i++)
                wishArcs[i] = Units[i] > 0 ? flow.AddArcWithCapacityAndUnitCost(CellNode(CellOf[i]), sink, Units[i], -Value[i]) : -1;
            // Room nobody uses flows straight to the sink at no gain, so the flow only takes units that add value.
            flow.AddArcWithCapacityAndUnitCost(source, sink, supply, 0);
            flow.SetNodeSupply(source, supply);
            flow.SetNodeSupply(sink, -supply);
            var plan = new Plan(this);
            if (supply == 0) return (0, plan, []);
            var status = flow.Solve();
            if (status != MinCostFlowBase.Status.OPTIMAL) throw new InvalidOperationException($"min-cost flow: {status}");
            var flowValue = -flow.OptimalCost();

            // Decompose per cell: the units the flow chose (cheapest first) go to the donors that send flow into the cell,
            // budget-tight donors first, so that dear units land where the budget has room.
            var cellUnits = Enumerable.Range(0, C).Select(_ => new List<(int Wish, int Units)>()).ToArray();
            for (var i = 0; i < W; i++)
                if (wishArcs[i] >= 0 && flow.Flow(wishArcs[i]) is var f and > 0) cellUnits[CellOf[i]].Add((i, (int)f));
            foreach (var list in cellUnits) list.Sort((a, b) => Value[a.Wish].CompareTo(Value[b.Wish]));
            var sent = new Dictionary<int, List<(int Cell, int Units)>>();
            var donorFlow = new long[D];
            foreach (var (arc, d, c) in donorCellArcs)
                if (flow.Flow(arc) is var f and > 0)
                {
                    if (!sent.TryGetValue(d, out var l)) sent[d] = l = [];
                    l.Add((c, (int)f));
                    donorFlow[d] += f;
                }
            var cursor = new int[C];
            var taken = new int[C]; // units taken from cellUnits[c][cursor[c]]
            foreach (var d in sent.Keys.OrderBy(d => (double)Budget[d] / Math.Max(1, donorFlow[d])).ThenBy(d => d))
                foreach (var (c, units) in sent[d])
                {
                    var need = units;
                    while (need > 0 && cursor[c] < cellUnits[c].Count)
                    {
                        var (wish, available) = cellUnits[c][cursor[c]];
                        var n = Math.Min(need, available - taken[c]);
                        plan.Add(d, wish, n);
                        need -= n;
                        taken[c] += n;
                        if (taken[c] == available) { cursor[c]++; taken[c] = 0; }
                    }
                }
            // Repair: a donor over budget gives back its dearest units until it fits.
            var dropped = new List<(int, int)>();
            for (var d = 0; d < D; d++)
            {
                if (plan.Spent[d] <= Budget[d]) continue;
                foreach (var (wish, _) in plan.Of(d).OrderByDescending(x => Value[x.Wish]).ToList())
                {
                    while (plan.Spent[d] > Budget[d] && plan.Has(d, wish)) plan.Add(d, wish, -1);
                    if (plan.Spent[d] <= Budget[d]) break;
                }
                dropped.Add((d, plan.UnitsOf[d]));
            }
            return (flowValue, plan, dropped);
        }

        /// <summary>
        /// A second upper bound: a max flow in fen where a donor passes at most min(budget, capacity × dearest eligible
        /// unit) and a wish at most its value — the budget relaxation, complementing the unit relaxation of the flow rounds.
        /// </summary>
        public long YuanBound()
        {
            var flow = new MaxFlow();
            const int source = 0, sink = 1;
            for (var d = 0; d < D; d++)
            {
                if (DonorCells[d].Count == 0) continue;
                long dearest = 0;
                foreach (var c in DonorCells[d]) dearest = Math.Max(dearest, CellMaxValue[c]);
                flow.AddArcWithCapacity(source, 2 + d, Math.Min(Budget[d], Capacity[d] * dearest));
                foreach (var c in DonorCells[d]) flow.AddArcWithCapacity(2 + d, 2 + D + c, Budget[d]);
            }
            var cellValue = new long[C];
            for (var i = 0; i < W; i++) cellValue[CellOf[i]] += Value[i] * Units[i];
            for (var c = 0; c < C; c++) flow.AddArcWithCapacity(2 + D + c, sink, cellValue[c]);
            return flow.Solve(source, sink) == MaxFlow.Status.OPTIMAL ? flow.OptimalFlow() : long.MaxValue;
        }

        public long EligiblePairs()
        {
            long n = 0;
            for (var d = 0; d < D; d++) foreach (var c in DonorCells[d]) n += CellWishes[c].Count;
            return n;
        }

        /// <summary>Greedy fill of a plan: remaining units, dearest first, each to the first eligible donor with room.</summary>
        public Plan Fill(Plan plan)
        {
            var open = CellDonors.Select(l => new List<int>(l)).ToArray();
            foreach (var i in ByValueDesc)
            {
                var left = Units[i] - plan.Assigned[i];
                if (left <= 0) continue;
                var donorsHere = open[CellOf[i]];
                for (var k = 0; k < donorsHere.Count && left > 0; k++)
                {
                    var d = donorsHere[k];
                    var room = Capacity[d] - plan.UnitsOf[d];
                    if (room <= 0) { donorsHere.RemoveAt(k--); continue; }
                    var affordable = (Budget[d] - plan.Spent[d]) / Math.Max(1, Value[i]);
                    var n = (int)Math.Min(Math.Min(left, room), Value[i] == 0 ? left : affordable);
                    if (n <= 0) continue;
                    plan.Add(d, i, n);
                    left -= n;
                }
            }
            return plan;
        }
    }

    /// <summary>A plan under construction: units per (donor, wish), with running totals per donor and per wish.</summary>
    private sealed class Plan(Problem p)
    {
        private readonly Dictionary<(int Donor, int Wish), int> _units = [];
        private readonly Dictionary<int, HashSet<int>> _byDonor = [];
        public readonly long[] Spent = new long[p.D];
        public readonly int[] UnitsOf = new int[p.D];
        public readonly int[] Assigned = new int[p.W];
        public long Value { get; private set; }

        public void Add(int d, int wish, int n)
        {
            if (n == 0) return;
            var key = (d, wish);
            var now = _units.GetValueOrDefault(key) + n;
            if (now == 0) { _units.Remove(key); _byDonor[d].Remove(wish); }
            else
            {
                _units[key] = now;
                if (!_byDonor.TryGetValue(d, out var set)) _byDonor[d] = set = [];
                set.Add(wish);
            }
            Spent[d] += p.Value[wish] * n;
            UnitsOf[d] += n;
            Assigned[wish] += n;
            Value += p.Value[wish] * n;
        }

        public bool Has(int d, int wish) => _units.ContainsKey((d, wish));
        public int UnitsOfPair(int d, int wish) => _units.GetValueOrDefault((d, wish));
        public IEnumerable<(int Wish, int Units)> Of(int d) =>
            _byDonor.TryGetValue(d, out var set) ? set.Select(w => (w, _units[(d, w)])) : [];

        public IReadOnlyList<Assignment> ToAssignments() => _units
            .OrderBy(x => x.Key.Wish).ThenBy(x => x.Key.Donor)
            .Select(x => new Assignment(p.Wishes[x.Key.Wish].Id, p.Donors[x.Key.Donor].Id, x.Value, p.Wishes[x.Key.Wish].UnitValue))
            .ToList();
    }
}
