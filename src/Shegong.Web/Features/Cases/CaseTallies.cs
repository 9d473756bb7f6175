using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Access;
using Shegong.Domain.Cases;
using Shegong.Domain.Registry;
using Shegong.Domain.Statistics;
using Shegong.Web.Infrastructure.Auth;
using Shegong.Web.Infrastructure.Data;
using Shegong.Web.Infrastructure.Statistics;

namespace Shegong.Web.Features.Cases;

/// <summary>
/// Case, referral and supervision figures (dimensions 50–59, rules in <see cref="CaseFigures"/>). Cases are counted
/// from their dated stage changes (<see cref="CaseStageChange"/>, at the case's community): opened, open by stage (a
/// balance), ended, and the days spent in each stage (a histogram, so a median of any area and period is exact).
/// Referrals from their state columns: sent, and what became of them in the month they were sent (closed by the
/// receiver, the person's own answer); open referrals by deadline, so "overdue today" needs no nightly job. Supervision
/// notes and the staff counter (assigned supervisors, social workers) at the station's node.
/// </summary>
public sealed class CaseTallies : ITallyContributor
{
    public IReadOnlyCollection<StatDimension> Dimensions { get; } =
    [
        StatDimension.CasesOpened, StatDimension.CasesOpenedByType, StatDimension.CasesByStage, StatDimension.CasesClosed, StatDimension.CaseStageDays,
        StatDimension.ReferralsSent, StatDimension.ReferralOutcomes, StatDimension.ReferralsDue, StatDimension.Supervision, StatDimension.CaseStaff,
    ];

    private sealed record ChangeRow(Guid Id, Guid CaseId, CaseAction Action, CaseStage? From, CaseStage To, DateOnly On, string Prefix);
    private sealed record CaseFacts(CaseSource Source, RiskLevel Risk, PersonTypes Types, CaseStage? Stage, DateOnly? Since);

    public async Task CollectAsync(ShegongDbContext db, TallyDeltas deltas, CancellationToken ct)
    {
        await CollectCasesAsync(db, deltas, ct);
        foreach (var e in db.ChangeTracker.Entries<Referral>())
        {
            if (e.State is EntityState.Modified or EntityState.Deleted)
                Add(deltas, e.Property(x => x.RegionPrefix).OriginalValue, CaseFigures.OfReferral(e.Property(x => x.ReceiverKind).OriginalValue,
                    e.Property(x => x.SentOn).OriginalValue, e.Property(x => x.DueOn).OriginalValue, e.Property(x => x.Status).OriginalValue,
                    e.Property(x => x.ConfirmedAnswer).OriginalValue, -1));
            if (e.State is EntityState.Added or EntityState.Modified)
                Add(deltas, e.Entity.RegionPrefix, CaseFigures.OfReferral(e.Entity.ReceiverKind, e.Entity.SentOn, e.Entity.DueOn, e.Entity.Status, e.Entity.ConfirmedAnswer, +1));
        }
        foreach (var e in db.ChangeTracker.Entries<SupervisionNote>())
        {
            if (e.State is EntityState.Modified or EntityState.Deleted)
                Add(deltas, e.Property(x => x.RegionPrefix).OriginalValue, CaseFigures.OfSupervision(e.Property(x => x.Kind).OriginalValue,
                    e.Property(x => x.On).OriginalValue, e.Property(x => x.Minutes).OriginalValue, e.Property(x => x.Workers).OriginalValue.Count, -1));
            if (e.State is EntityState.Added or EntityState.Modified)
                Add(deltas, e.Entity.RegionPrefix, CaseFigures.OfSupervision(e.Entity.Kind, e.Entity.On, e.Entity.Minutes, e.Entity.Workers.Count, +1));
        }
        foreach (var e in db.ChangeTracker.Entries<SupervisorAssignment>())
        {
            if (e.State == EntityState.Added) deltas.Add(e.Entity.RegionPrefix, StatDimension.CaseStaff, 0, CaseFigures.SupervisorsKey, 1);
            if (e.State == EntityState.Deleted) deltas.Add(e.Property(x => x.RegionPrefix).OriginalValue, StatDimension.CaseStaff, 0, CaseFigures.SupervisorsKey, -1);
        }
        await CollectWorkersAsync(db, deltas, ct);
    }

    private static async Task CollectCasesAsync(ShegongDbContext db, TallyDeltas deltas, CancellationToken ct)
    {
        var added = db.ChangeTracker.Entries<CaseStageChange>().Where(e => e.State == EntityState.Added).Select(e => e.Entity)
            .Select(c => new ChangeRow(c.Id, c.CaseId, c.Action, c.From, c.To, c.On, c.RegionPrefix)).ToList();
        if (added.Count == 0) return;
        var facts = new Dictionary<Guid, CaseFacts>();
        foreach (var e in db.ChangeTracker.Entries<Case>())
            facts[e.Entity.Id] = e.State == EntityState.Added
                ? new CaseFacts(e.Entity.Source, e.Entity.OpenedRisk, e.Entity.PersonTypes, null, null)
                : new CaseFacts(e.Entity.Source, e.Entity.OpenedRisk, e.Entity.PersonTypes, e.Property(x => x.Stage).OriginalValue, e.Property(x => x.StageSince).OriginalValue);
        var missing = added.Select(c => c.CaseId).Distinct().Where(id => !facts.ContainsKey(id)).ToList();
        if (missing.Count > 0)
            foreach (var c in await db.Set<Case>().IgnoreQueryFilters().AsNoTracking().Where(c => missing.Contains(c.Id))
                         .Select(c => new { c.Id, c.Source, c.OpenedRisk, c.PersonTypes, c.Stage, c.StageSince }).ToListAsync(ct))
                facts[c.Id] = new CaseFacts(c.Source, c.OpenedRisk, c.PersonTypes, c.Stage, c.StageSince);
        foreach (var group in added.GroupBy(c => c.CaseId))
        {
            if (!facts.TryGetValue(group.Key, out var f)) continue;
            foreach (var (change, since) in Walk(group, f.Stage, f.Since))
                Add(deltas, change.Prefix, CaseFigures.OfChange(change.Action, change.From, change.To, change.On, since, f.Source, f.Risk, f.Types));
        }
    }

    /// <summary>
    /// A case's stage-moving changes in the order they happened, each with the day the case entered the stage it leaves:
    /// by date, and on one day the change that leaves the stage the case is in first (ids of one millisecond are not ordered).
    /// </summary>
    private static IEnumerable<(ChangeRow Change, DateOnly? Since)> Walk(IEnumerable<ChangeRow> changes, CaseStage? stage, DateOnly? since)
    {
        var left = changes.Where(c => CaseFigures.Moves(c.Action)).OrderBy(c => c.On).ThenBy(c => c.Id).ToList();
        while (left.Count > 0)
        {
            var day = left[0].On;
            var pick = left.FirstOrDefault(c => c.On == day && c.From == stage) ?? left[0];
            left.Remove(pick);
            yield return (pick, pick.From is null ? null : since);
            stage = pick.To;
            since = pick.On;
        }
    }

    /// <summary>Social workers of a station: a role given or taken, or an account moved to another station.</summary>
    private static async Task CollectWorkersAsync(ShegongDbContext db, TallyDeltas deltas, CancellationToken ct)
    {
        var roles = db.ChangeTracker.Entries<IdentityUserRole<Guid>>().Where(e => e.State is EntityState.Added or EntityState.Deleted).ToList();
        var moved = db.ChangeTracker.Entries<AppUser>().Where(e => e.State == EntityState.Modified && e.Property(u => u.RegionPrefix).IsModified
            && e.Property(u => u.RegionPrefix).OriginalValue != e.Entity.RegionPrefix).ToList();
        if (roles.Count == 0 && moved.Count == 0) return;
        var worker = await WorkerRoleIdAsync(db, ct);
        if (worker is null) return;
        foreach (var e in roles.Where(r => r.Entity.RoleId == worker))
        {
            var user = db.ChangeTracker.Entries<AppUser>().FirstOrDefault(u => u.Entity.Id == e.Entity.UserId)?.Entity
                ?? await db.Users.IgnoreQueryFilters().AsNoTracking().SingleOrDefaultAsync(u => u.Id == e.Entity.UserId, ct);
            if (user?.StationId is null) continue;
            deltas.Add(user.RegionPrefix, StatDimension.CaseStaff, 0, CaseFigures.WorkersKey, e.State == EntityState.Added ? 1 : -1);
        }
        foreach (var e in moved)
        {
            var id = e.Entity.Id;
            // A role added in this same save was counted above at the new place.
            if (roles.Any(r => r.Entity.UserId == id)) continue;
            if (!await db.UserRoles.AsNoTracking().AnyAsync(r => r.UserId == id && r.RoleId == worker, ct)) continue;
            if (e.Property(u => u.StationId).OriginalValue is not null)
                deltas.Add(e.Property(u => u.RegionPrefix).OriginalValue, StatDimension.CaseStaff, 0, CaseFigures.WorkersKey, -1);
            if (e.Entity.StationId is not null) deltas.Add(e.Entity.RegionPrefix, StatDimension.CaseStaff, 0, CaseFigures.WorkersKey, 1);
        }
    }

    private static Task<Guid?> WorkerRoleIdAsync(ShegongDbContext db, CancellationToken ct) =>
        db.Roles.AsNoTracking().Where(r => r.Name == Roles.SocialWorker).Select(r => (Guid?)r.Id).SingleOrDefaultAsync(ct);

    public async Task RecountAsync(ShegongDbContext db, TallyDeltas deltas, CancellationToken ct)
    {
        var facts = await db.Set<Case>().IgnoreQueryFilters().AsNoTracking()
            .Select(c => new { c.Id, c.Source, c.OpenedRisk, c.PersonTypes })
            .ToDictionaryAsync(c => c.Id, c => new CaseFacts(c.Source, c.OpenedRisk, c.PersonTypes, null, null), ct);
        var changes = db.Set<CaseStageChange>().IgnoreQueryFilters().AsNoTracking().OrderBy(c => c.CaseId)
            .Select(c => new ChangeRow(c.Id, c.CaseId, c.Action, c.From, c.To, c.On, c.RegionPrefix)).AsAsyncEnumerable();
        var current = new List<ChangeRow>();
        void Flush()
        {
            if (current.Count == 0 || !facts.TryGetValue(current[0].CaseId, out var f)) { current.Clear(); return; }
            foreach (var (change, since) in Walk(current, null, null))
                Add(deltas, change.Prefix, CaseFigures.OfChange(change.Action, change.From, change.To, change.On, since, f.Source, f.Risk, f.Types));
            current.Clear();
        }
        await foreach (var c in changes.WithCancellation(ct))
        {
            if (current.Count > 0 && current[0].CaseId != c.CaseId) Flush();
            current.Add(c);
        }
        Flush();

        var referrals = db.Set<Referral>().IgnoreQueryFilters().AsNoTracking()
            .Select(r => new { r.RegionPrefix, r.ReceiverKind, r.SentOn, r.DueOn, r.Status, r.ConfirmedAnswer }).AsAsyncEnumerable();
        await foreach (var r in referrals.WithCancellation(ct))
            Add(deltas, r.RegionPrefix, CaseFigures.OfReferral(r.ReceiverKind, r.SentOn, r.DueOn, r.Status, r.ConfirmedAnswer, +1));

        var notes = db.Set<SupervisionNote>().IgnoreQueryFilters().AsNoTracking()
            .Select(n => new { n.RegionPrefix, n.Kind, n.On, n.Minutes, n.Workers }).AsAsyncEnumerable();
        await foreach (var n in notes.WithCancellation(ct))
            Add(deltas, n.RegionPrefix, CaseFigures.OfSupervision(n.Kind, n.On, n.Minutes, n.Workers.Count, +1));

        foreach (var a in await db.Set<SupervisorAssignment>().IgnoreQueryFilters().AsNoTracking().GroupBy(a => a.RegionPrefix)
                     .Select(g => new { g.Key, N = g.Count() }).ToListAsync(ct))
            deltas.Add(a.Key, StatDimension.CaseStaff, 0, CaseFigures.SupervisorsKey, a.N);
        if (await WorkerRoleIdAsync(db, ct) is { } worker)
            foreach (var w in await (from u in db.Users.IgnoreQueryFilters().AsNoTracking()
                                     join ur in db.UserRoles.AsNoTracking() on u.Id equals ur.UserId
                                     where ur.RoleId == worker && u.StationId != null
                                     group u by u.RegionPrefix into g
                                     select new { g.Key, N = g.Count() }).ToListAsync(ct))
                deltas.Add(w.Key, StatDimension.CaseStaff, 0, CaseFigures.WorkersKey, w.N);
    }

    private static void Add(TallyDeltas deltas, string prefix, IEnumerable<FigureDelta> changes)
    {
        foreach (var d in changes) deltas.Add(prefix, d.Dimension, d.Period, d.Key, d.Delta);
    }
}
