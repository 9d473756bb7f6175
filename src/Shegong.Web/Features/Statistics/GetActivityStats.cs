using Shegong.Domain.Activities;
using Shegong.Domain.Statistics;
using Shegong.Web.Features.Regions.Contracts;
using Shegong.Web.Infrastructure.Data;
using Shegong.Web.Infrastructure.Statistics;

namespace Shegong.Web.Features.Statistics;

/// <summary>
/// Group and community-activity figures of an area for a month, quarter or year, from the aggregate tallies: groups by
/// stage at the end of the period; group sessions held and their attendance (members present, person-times); community
/// activities and their participants by kind. For the caller's station or region, or any region under it, broken down
/// one level down. Counts only: never who.
/// </summary>
public static class GetActivityStats
{
    public sealed record Query(string? Region = null, string? Period = null);
    public sealed record Figures(IReadOnlyDictionary<GroupStage, long> GroupsByStage, long GroupsActive, long SessionsHeld, long Attendance,
        long CommunityActivities, long CommunityParticipants, IReadOnlyDictionary<ActivityKind, long> ActivitiesByKind,
        IReadOnlyDictionary<ActivityKind, long> ParticipantsByKind);
    public sealed record ChildFigures(string Prefix, string Code, string Name, Figures Figures);
    public sealed record Result(string RegionPrefix, string RegionName, string Period, DateOnly Start, DateOnly End, Figures Total,
        IReadOnlyList<ChildFigures> Children);

    private static readonly StatDimension[] Flows = [StatDimension.ActivitiesHeld, StatDimension.ActivityParticipants];

    public sealed class Handler(ShegongDbContext db, RegionNames names, StatCache cache)
    {
        public async Task<StatOutcome<Result>> HandleAsync(Query q, CancellationToken ct = default)
        {
            if (!StatPeriodInput.TryResolve(q.Period, out var period, allowYear: true)) return StatOutcome<Result>.InvalidPeriod;
            if (await StatArea.ResolveAsync(db, names, q.Region, ct) is not { } area) return StatOutcome<Result>.NotFound;
            return new StatOutcome<Result>(await cache.GetOrComputeAsync($"activities|{area.Prefix}|{period.Code}", () => ComputeAsync(area, period, ct)));
        }

        private async Task<Result> ComputeAsync(StatArea area, StatPeriod period, CancellationToken ct)
        {
            var childLength = area.HasChildren ? area.ChildLength : 0;
            var rows = (await StatReader.FlowsAsync(db, area.Prefix, childLength, Flows, period.Months.ToList(), ct))
                .Select(r => new Row(r.Node, r.Dimension, r.Key, r.Value)).ToList();
            rows.AddRange((await StatReader.BalancesAsync(db, area.Prefix, childLength, [StatDimension.GroupsByStage], period.LastMonth, ct))
                .Select(r => new Row(r.Node, r.Dimension, r.Key, r.Value)));
            var children = new List<ChildFigures>();
            if (area.HasChildren)
                children.AddRange((await area.ChildrenAsync(db, names, rows.Select(r => r.Child).Where(c => c != area.Prefix), ct))
                    .Select(r => new ChildFigures(r.Prefix, r.Code, r.Name, Sum(rows.Where(x => x.Child == r.Prefix)))));
            return new Result(area.Prefix, area.Name, period.Code, period.Start, period.End, Sum(rows.Where(r => r.Child == area.Prefix)), children);
        }
    }

    private sealed record Row(string Child, StatDimension Dimension, int Key, long Sum);

    private static Figures Sum(IEnumerable<Row> rows)
    {
        var list = rows.ToList();
        Dictionary<int, long> Of(StatDimension d) => list.Where(r => r.Dimension == d).GroupBy(r => r.Key).ToDictionary(g => g.Key, g => g.Sum(r => r.Sum));
        var stages = Of(StatDimension.GroupsByStage);
        var held = Of(StatDimension.ActivitiesHeld);
        var participants = Of(StatDimension.ActivityParticipants);
        var community = Enum.GetValues<ActivityKind>().Where(k => k != ActivityKind.GroupSession).ToList();
        return new Figures(
            Enum.GetValues<GroupStage>().ToDictionary(s => s, s => stages.GetValueOrDefault((int)s)),
            stages.Where(kv => kv.Key != (int)GroupStage.Ended).Sum(kv => kv.Value),
            held.GetValueOrDefault((int)ActivityKind.GroupSession), participants.GetValueOrDefault((int)ActivityKind.GroupSession),
            held.Where(kv => kv.Key != (int)ActivityKind.GroupSession).Sum(kv => kv.Value),
            participants.Where(kv => kv.Key != (int)ActivityKind.GroupSession).Sum(kv => kv.Value),
            community.ToDictionary(k => k, k => held.GetValueOrDefault((int)k)),
            community.ToDictionary(k => k, k => participants.GetValueOrDefault((int)k)));
    }
}
