using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Activities;
using Shegong.Domain.Statistics;
using Shegong.Web.Infrastructure.Data;
using Shegong.Web.Infrastructure.Statistics;

namespace Shegong.Web.Features.Activities;

/// <summary>
/// Group and activity figures, at the station's node: groups by stage (a balance: a group counts in a stage from the
/// day it entered it until the day it entered the next), and per month activities held and their participants by
/// kind (group sessions — whose participants are the members present, i.e. attendance in person-times — and
/// community activities by kind, with their headcount). An edited activity is taken out as it was and put in as it is.
/// </summary>
public sealed class ActivityTallies : ITallyContributor
{
    public IReadOnlyCollection<StatDimension> Dimensions { get; } =
        [StatDimension.GroupsByStage, StatDimension.ActivitiesHeld, StatDimension.ActivityParticipants];

    public Task CollectAsync(ShegongDbContext db, TallyDeltas deltas, CancellationToken ct)
    {
        foreach (var e in db.ChangeTracker.Entries<Group>())
        {
            var g = e.Entity;
            if (e.State == EntityState.Added)
                foreach (var (stage, from, to) in Spans(g)) Span(deltas, g.RegionPrefix, stage, from, to, +1);
            else if (e.State == EntityState.Modified && e.Property(x => x.Stage).OriginalValue != g.Stage)
            {
                // Stages only move forward, one at a time: the group leaves the old stage and enters the new one on the same day.
                var old = e.Property(x => x.Stage).OriginalValue;
                var on = g.EnteredOn(g.Stage)!.Value;
                deltas.Add(g.RegionPrefix, StatDimension.GroupsByStage, StatFigure.MonthOf(on), (int)old, -1);
                deltas.Add(g.RegionPrefix, StatDimension.GroupsByStage, StatFigure.MonthOf(on), (int)g.Stage, +1);
            }
        }
        foreach (var e in db.ChangeTracker.Entries<Activity>())
        {
            if (e.State is EntityState.Modified or EntityState.Deleted)
                Held(deltas, e.Property(x => x.RegionPrefix).OriginalValue, e.Property(x => x.Kind).OriginalValue, e.Property(x => x.HeldOn).OriginalValue,
                    e.Property(x => x.ParticipantsCount).OriginalValue, -1);
            if (e.State is EntityState.Added or EntityState.Modified)
                Held(deltas, e.Entity.RegionPrefix, e.Entity.Kind, e.Entity.HeldOn, e.Entity.ParticipantsCount, +1);
        }
        return Task.CompletedTask;
    }

    public async Task RecountAsync(ShegongDbContext db, TallyDeltas deltas, CancellationToken ct)
    {
        var groups = db.Set<Group>().IgnoreQueryFilters().AsNoTracking()
            .Select(g => new { g.RegionPrefix, g.Stage, g.StartedOn, g.FormedOn, g.TurnedOn, g.MaturedOn, g.EndedOn }).AsAsyncEnumerable();
        await foreach (var g in groups.WithCancellation(ct))
        {
            DateOnly?[] entered = [g.StartedOn, g.FormedOn, g.TurnedOn, g.MaturedOn, g.EndedOn];
            for (var s = GroupStage.Preparing; s <= g.Stage; s++)
                Span(deltas, g.RegionPrefix, s, entered[(int)s - 1]!.Value, s < g.Stage ? entered[(int)s] : null, +1);
        }
        var activities = db.Set<Activity>().IgnoreQueryFilters().AsNoTracking()
            .Select(a => new { a.RegionPrefix, a.Kind, a.HeldOn, a.ParticipantsCount }).AsAsyncEnumerable();
        await foreach (var a in activities.WithCancellation(ct)) Held(deltas, a.RegionPrefix, a.Kind, a.HeldOn, a.ParticipantsCount, +1);
    }

    /// <summary>The stages a group has been in: (stage, entered, left — null while it is there).</summary>
    private static IEnumerable<(GroupStage Stage, DateOnly From, DateOnly? To)> Spans(Group g)
    {
        for (var s = GroupStage.Preparing; s <= g.Stage; s++)
            yield return (s, g.EnteredOn(s)!.Value, s < g.Stage ? g.EnteredOn(s + 1) : null);
    }

    private static void Span(TallyDeltas deltas, string prefix, GroupStage stage, DateOnly from, DateOnly? to, int sign)
    {
        deltas.Add(prefix, StatDimension.GroupsByStage, StatFigure.MonthOf(from), (int)stage, sign);
        if (to is { } left) deltas.Add(prefix, StatDimension.GroupsByStage, StatFigure.MonthOf(left), (int)stage, -sign);
    }

    private static void Held(TallyDeltas deltas, string prefix, ActivityKind kind, DateOnly on, int participants, int sign)
    {
        deltas.Add(prefix, StatDimension.ActivitiesHeld, StatFigure.MonthOf(on), (int)kind, sign);
        deltas.Add(prefix, StatDimension.ActivityParticipants, StatFigure.MonthOf(on), (int)kind, sign * (long)participants);
    }
}
