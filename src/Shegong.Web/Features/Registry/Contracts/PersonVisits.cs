using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Registry;
using Shegong.Domain.Visits;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Registry.Contracts;

/// <summary>
/// How Visits changes a person's visit planning.
/// <para>
/// Decision: Registry owns the person, <b>including</b> the planning fields <c>LastVisitOn</c> and
/// <c>NextVisitDue</c>. They are not Visits' data stored on another table: Registry itself re-plans them whenever it
/// registers, updates, re-types or changes the status of a person, and one rule (<see cref="Person.RecordVisit"/>,
/// <see cref="Person.Replan"/>) computes them. Visits owns the visit, the needs found and the visit rules; it never
/// sets a person's field itself but asks Registry through these methods.
/// </para>
/// <para>
/// They work in the caller's unit of work (the tracked person is changed and saved with the caller's one
/// SaveChanges), so a visit and the due date it moves commit together, and the person's version (a concurrency
/// token) still decides between two visits logged at once.
/// </para>
/// </summary>
public static class PersonVisits
{
    /// <summary>The person about to be visited (tracked, so that <see cref="RecordVisitAsync"/> changes the same row), or null.</summary>
    public static async Task<VisitSubject?> VisitSubjectAsync(this ShegongDbContext db, Guid personId, CancellationToken ct) =>
        await db.Persons.SingleOrDefaultAsync(p => p.Id == personId, ct) is { } person ? VisitSubject.Of(person) : null;

    /// <summary>A visit on <paramref name="visitedOn"/>: the last visit and the next due date move by the rules given.</summary>
    public static async Task RecordVisitAsync(this ShegongDbContext db, Guid personId, DateOnly visitedOn, VisitRuleSet rules, CancellationToken ct)
    {
        var person = await db.Persons.FindAsync([personId], ct) ?? throw new InvalidOperationException($"person {personId} is not on file");
        person.RecordVisit(visitedOn, rules);
    }

    /// <summary>
    /// The visit rules under <paramref name="prefix"/> changed: every active person there is re-planned (in batches of
    /// 1,000, each saved; the most specific set covering a person applies). Returns how many due dates moved.
    /// </summary>
    public static async Task<int> ReplanPersonsAsync(this ShegongDbContext db, string prefix, IReadOnlyList<VisitRuleSet> sets, CancellationToken ct)
    {
        var count = 0;
        var last = Guid.Empty;
        db.SuppressEntityAudit = true;
        try
        {
            while (true)
            {
                var batch = await db.Persons.IgnoreQueryFilters()
                    .Where(p => p.RegionPrefix.StartsWith(prefix) && p.Status == PersonStatus.Active && p.Id.CompareTo(last) > 0)
                    .OrderBy(p => p.Id).Take(1000).ToListAsync(ct);
                if (batch.Count == 0) break;
                foreach (var p in batch)
                {
                    var before = p.NextVisitDue;
                    p.Replan(VisitRuleSet.For(p.RegionPrefix, sets));
                    if (p.NextVisitDue != before) count++;
                }
                await db.SaveChangesAsync(ct);
                last = batch[^1].Id;
                db.ChangeTracker.Clear();
            }
        }
        finally { db.SuppressEntityAudit = false; }
        return count;
    }
}
