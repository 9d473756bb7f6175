using Shegong.Domain.Cases;
using Shegong.Domain.Registry;
using Shegong.Domain.Statistics;
using Shegong.Web.Features.Regions.Contracts;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Data;
using Shegong.Web.Infrastructure.Statistics;

namespace Shegong.Web.Features.Statistics;

/// <summary>
/// Case, referral and supervision figures of an area for a month, quarter, half-year or year, from the aggregate
/// tallies only (dimensions 50–59, never the case rows): cases opened by source, risk at intake and person type; open
/// cases by stage at the end of the period; cases closed and not taken; the median days per stage (of the stages left
/// in the period); referrals sent in the period by receiver kind, how many of them the receiver closed and how many the
/// person confirmed (counted apart); referrals overdue today; supervision notes, hours and hours per social worker, and
/// the supervisor-to-worker ratio. For the caller's station or region, or any region under it, broken down one level down.
/// </summary>
public static class GetCaseStats
{
    public sealed record Query(string? Region = null, string? Period = null);

    public sealed record ReferralLine(ReceiverKind Kind, long Sent, long Declined, long Done, long Received, long Partly, long NotReceived,
        decimal? DoneRate, decimal? ConfirmedRate);

    public sealed record Figures(long Opened, IReadOnlyDictionary<CaseSource, long> OpenedBySource, IReadOnlyDictionary<RiskLevel, long> OpenedByRisk,
        IReadOnlyDictionary<PersonTypes, long> OpenedByType, long Active, IReadOnlyDictionary<CaseStage, long> ActiveByStage, long Closed, long NotTaken,
        IReadOnlyDictionary<CaseStage, decimal?> MedianDays, long ReferralsSent, long ReferralsDone, long ReferralsConfirmed, decimal? DoneRate,
        decimal? ConfirmedRate, IReadOnlyList<ReferralLine> Referrals, long ReferralsOverdue, long SupervisionNotes, long GroupSupervisions,
        decimal SupervisionHours, decimal WorkerHours, long Workers, long Supervisors, decimal? HoursPerWorker, decimal? WorkersPerSupervisor);

    public sealed record ChildFigures(string Prefix, string Code, string Name, Figures Figures);

    public sealed record Result(string RegionPrefix, string RegionName, string Period, DateOnly Start, DateOnly End, DateOnly Today, Figures Total,
        IReadOnlyList<ChildFigures> Children);

    /// <summary>The policy example of the supervisor-to-worker ratio (Shenzhen: 1 supervisor to 20 social workers).</summary>
    public const int PolicyWorkersPerSupervisor = 20;

    private static readonly StatDimension[] AreaFlows = [StatDimension.CasesOpened, StatDimension.CasesOpenedByType, StatDimension.CasesClosed,
        StatDimension.CaseStageDays, StatDimension.ReferralsSent, StatDimension.ReferralOutcomes, StatDimension.Supervision];
    private static readonly StatDimension[] ChildFlows = [StatDimension.CasesOpened, StatDimension.CasesClosed, StatDimension.ReferralsSent,
        StatDimension.ReferralOutcomes, StatDimension.Supervision];

    public sealed class Handler(ShegongDbContext db, RegionNames names, StatCache cache)
    {
        public async Task<StatOutcome<Result>> HandleAsync(Query q, CancellationToken ct = default)
        {
            if (!StatPeriodInput.TryResolve(q.Period, out var period, allowYear: true)) return StatOutcome<Result>.InvalidPeriod;
            if (await StatArea.ResolveAsync(db, names, q.Region, ct) is not { } area) return StatOutcome<Result>.NotFound;
            var today = ChinaTime.Today;
            return new StatOutcome<Result>(await cache.GetOrComputeAsync($"cases|{area.Prefix}|{period.Code}|{today:yyyyMMdd}", () => ComputeAsync(area, period, today, ct)));
        }

        private async Task<Result> ComputeAsync(StatArea area, StatPeriod period, DateOnly today, CancellationToken ct)
        {
            var childLength = area.HasChildren ? area.ChildLength : 0;
            var months = period.Months.ToList();
            // One command: the area's flows of the period (with the stage-days histograms, which the children do not
            // need), the children's flows for the comparison, open cases at the period's end, and the counters now.
            var batch = new StatBatch(area.Prefix, childLength);
            var areaFlows = batch.Flows(AreaFlows, months, children: false);
            var childFlows = childLength > 0 ? batch.Flows(ChildFlows, months) : (int?)null;
            var balances = batch.Balances([StatDimension.CasesByStage], [period.LastMonth]);
            var counters = batch.Flows([StatDimension.ReferralsDue, StatDimension.CaseStaff], [0, StatFigure.MonthOf(today)]);
            var read = await batch.ReadAsync(db, ct);
            var rows = read[areaFlows].Concat(childFlows is { } c ? read[c].Where(r => r.Node != area.Prefix) : []).Concat(read[balances]).Concat(read[counters]).ToList();
            var children = new List<ChildFigures>();
            if (area.HasChildren)
                children.AddRange((await area.ChildrenAsync(db, names, rows.Select(r => r.Node).Where(n => n != area.Prefix), ct))
                    .Select(r => new ChildFigures(r.Prefix, r.Code, r.Name, Sum(rows.Where(x => x.Node == r.Prefix).ToList(), today))));
            return new Result(area.Prefix, area.Name, period.Code, period.Start, period.End, today, Sum(rows.Where(r => r.Node == area.Prefix).ToList(), today), children);
        }
    }

    private static Figures Sum(List<StatRow> rows, DateOnly today)
    {
        Dictionary<int, long> Of(StatDimension d) => rows.Where(r => r.Dimension == d).GroupBy(r => r.Key).ToDictionary(g => g.Key, g => g.Sum(r => r.Value));
        var opened = Of(StatDimension.CasesOpened);
        var types = Of(StatDimension.CasesOpenedByType);
        var stages = Of(StatDimension.CasesByStage);
        var closed = Of(StatDimension.CasesClosed);
        var days = Of(StatDimension.CaseStageDays);
        var sent = Of(StatDimension.ReferralsSent);
        var outcomes = Of(StatDimension.ReferralOutcomes);
        var supervision = Of(StatDimension.Supervision);
        var staff = rows.Where(r => r.Dimension == StatDimension.CaseStaff && r.Period == 0).GroupBy(r => r.Key).ToDictionary(g => g.Key, g => g.Sum(r => r.Value));
        var overdue = CaseFigures.Overdue(rows.Where(r => r.Dimension == StatDimension.ReferralsDue).Select(r => (r.Period, r.Key, r.Value)), today);

        var active = Enum.GetValues<CaseStage>().Where(CaseFigures.IsActive).ToList();
        var medians = active.ToDictionary(s => s, s => WishFigures.Median(days.Where(kv => kv.Key / 1000 == (int)s).Select(kv => new KeyValuePair<int, long>(kv.Key % 1000, kv.Value))));
        var lines = Enum.GetValues<ReceiverKind>().Select(k =>
        {
            long O(int code) => outcomes.GetValueOrDefault((int)k * 100 + code);
            var s = sent.GetValueOrDefault((int)k);
            var done = O(CaseFigures.Done);
            var received = O(CaseFigures.AnswerBase + (int)ConfirmationAnswer.Received);
            return new ReferralLine(k, s, O(CaseFigures.Declined), done, received, O(CaseFigures.AnswerBase + (int)ConfirmationAnswer.Partly),
                O(CaseFigures.AnswerBase + (int)ConfirmationAnswer.NotReceived), Percent.Of(done, s), Percent.Of(received, s));
        }).ToList();
        var totalSent = lines.Sum(l => l.Sent);
        var totalDone = lines.Sum(l => l.Done);
        var totalReceived = lines.Sum(l => l.Received);
        var minutes = supervision.GetValueOrDefault(11) + supervision.GetValueOrDefault(12);
        var workerMinutes = supervision.GetValueOrDefault(21) + supervision.GetValueOrDefault(22);
        var workers = staff.GetValueOrDefault(CaseFigures.WorkersKey);
        var supervisors = staff.GetValueOrDefault(CaseFigures.SupervisorsKey);
        return new Figures(
            opened.Values.Sum(),
            Enum.GetValues<CaseSource>().ToDictionary(s => s, s => opened.Where(kv => CaseFigures.SourceOfKey(kv.Key) == s).Sum(kv => kv.Value)),
            Enum.GetValues<RiskLevel>().ToDictionary(r => r, r => opened.Where(kv => CaseFigures.RiskOfKey(kv.Key) == r).Sum(kv => kv.Value)),
            types.Where(kv => kv.Value != 0).OrderBy(kv => kv.Key).ToDictionary(kv => (PersonTypes)(1 << kv.Key), kv => kv.Value),
            stages.Where(kv => CaseFigures.IsActive((CaseStage)kv.Key)).Sum(kv => kv.Value),
            active.ToDictionary(s => s, s => stages.GetValueOrDefault((int)s)),
            closed.Where(kv => kv.Key < CaseFigures.NotTakenKey).Sum(kv => kv.Value),
            closed.Where(kv => kv.Key >= CaseFigures.NotTakenKey).Sum(kv => kv.Value),
            medians, totalSent, totalDone, totalReceived, Percent.Of(totalDone, totalSent), Percent.Of(totalReceived, totalSent), lines, overdue,
            supervision.GetValueOrDefault((int)SupervisionKind.Individual) + supervision.GetValueOrDefault((int)SupervisionKind.Group),
            supervision.GetValueOrDefault((int)SupervisionKind.Group),
            Hours(minutes), Hours(workerMinutes), workers, supervisors,
            workers == 0 ? null : Math.Round(workerMinutes / 60m / workers, 1, MidpointRounding.AwayFromZero),
            supervisors == 0 ? null : Math.Round(workers / (decimal)supervisors, 1, MidpointRounding.AwayFromZero));
    }

    private static decimal Hours(long minutes) => Math.Round(minutes / 60m, 1, MidpointRounding.AwayFromZero);
}
