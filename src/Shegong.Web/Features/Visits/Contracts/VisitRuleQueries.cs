using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Visits;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Visits.Contracts;

/// <summary>
/// Visits owns the visit rules (走访频次); Registry plans each person's next visit from them when it registers,
/// updates or changes a person, and so reads them here.
/// </summary>
public static class VisitRuleQueries
{
    /// <summary>The visit rules that apply to a region: its most specific set, else the national default.</summary>
    public static async Task<VisitRuleSet> RulesForAsync(this ShegongDbContext db, string regionPrefix, CancellationToken ct)
    {
        // Candidate prefixes of the region: "", 2, 4, 6, 9 and 12 digits.
        var candidates = new[] { 0, 2, 4, 6, 9, 12 }.Where(n => n <= regionPrefix.Length).Select(n => regionPrefix[..n]).ToList();
        var sets = await db.VisitRuleSets.AsNoTracking().Where(s => candidates.Contains(s.RegionPrefix)).ToListAsync(ct);
        return VisitRuleSet.For(regionPrefix, sets);
    }
}
