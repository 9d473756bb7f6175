using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Shegong.Domain.Audit;
using Shegong.Domain.Common;
using Shegong.Domain.Regions;
using Shegong.Domain.Registry;
using Shegong.Domain.Visits;
using Shegong.Web.Features.Common;
using Shegong.Web.Features.Registry;
using Shegong.Web.Infrastructure.Data;
using Shegong.Web.Features.Registry.Contracts;
using Shegong.Web.Features.Visits.Contracts;

namespace Shegong.Web.Features.Visits;

/// <summary>The visit rules in force for a region (its own set, or the one inherited from above).</summary>
public static class GetVisitRules
{
    public sealed record Query(string? RegionCode);
    public sealed record Result(string RegionPrefix, string RegionName, bool Inherited, string InheritedFrom, int HighRiskDays, int KeyDays,
        int GeneralDays, int EventResponseDays, int MentalDisorderVisitsPerYear, int Version, bool CanEdit);

    public sealed class Handler(ShegongDbContext db)
    {
        public async Task<Result?> HandleAsync(Query q, CancellationToken ct = default)
        {
            var prefix = db.Scope.RegionPrefix;
            if (!string.IsNullOrWhiteSpace(q.RegionCode))
            {
                if (!RegionCode.TryParse(q.RegionCode, out var code, out _)) return null;
                prefix = code.Prefix;
            }
            // Station users read the rules of their own township; region users those of anything under them.
            if (!db.Scope.IsAll && !prefix.StartsWith(db.Scope.RegionPrefix, StringComparison.Ordinal)) return null;
            var region = await db.Regions.AsNoTracking().Where(r => r.Prefix == prefix).Select(r => r.Name).SingleOrDefaultAsync(ct);
            if (region is null && prefix.Length > 0) return null;
            var rules = await db.RulesForAsync(prefix, ct);
            var from = rules.RegionPrefix == prefix ? "" :
                rules.RegionPrefix.Length == 0 ? "" : await db.Regions.Where(r => r.Prefix == rules.RegionPrefix).Select(r => r.Name).SingleAsync(ct);
            return new Result(prefix, region ?? "", rules.RegionPrefix != prefix, from, rules.HighRiskDays, rules.KeyDays, rules.GeneralDays,
                rules.EventResponseDays, rules.MentalDisorderVisitsPerYear, rules.RegionPrefix == prefix ? rules.Version : 0, db.Scope.CoversRegion(prefix));
        }
    }
}

/// <summary>
/// Sets a region's own visit rules (officers and administrators, within their scope) and re-plans the next due
/// date of every active person the change applies to, in the same transaction.
/// </summary>
public static class UpdateVisitRules
{
    public sealed record Command(string? RegionCode, int HighRiskDays, int KeyDays, int GeneralDays, int EventResponseDays, int MentalDisorderVisitsPerYear, int Version);

    public sealed class Handler(ShegongDbContext db, IStringLocalizer<SharedResource> l)
    {
        public async Task<CommandResult> HandleAsync(Command c, CancellationToken ct = default)
        {
            var prefix = db.Scope.RegionPrefix;
            if (!string.IsNullOrWhiteSpace(c.RegionCode))
            {
                if (!RegionCode.TryParse(c.RegionCode, out var code, out var error))
                    return CommandResult.Invalid("RegionCode", $"{l["Field.RegionCode"]}：{l[error, c.RegionCode]}");
                prefix = code.Prefix;
            }
            if (!db.Scope.CoversRegion(prefix) || (prefix.Length > 0 && !await db.Regions.AnyAsync(r => r.Prefix == prefix, ct)))
                return CommandResult.NotFound;

            var set = await db.VisitRuleSets.SingleOrDefaultAsync(s => s.RegionPrefix == prefix, ct);
            try
            {
                if (set is null)
                {
                    if (c.Version != 0) return CommandResult.Conflict(l);
                    set = VisitRuleSet.Create(prefix, c.HighRiskDays, c.KeyDays, c.GeneralDays, c.EventResponseDays, c.MentalDisorderVisitsPerYear);
                    db.VisitRuleSets.Add(set);
                }
                else
                {
                    if (!db.MatchesVersion(set, c.Version)) return CommandResult.Conflict(l);
                    set.Change(c.HighRiskDays, c.KeyDays, c.GeneralDays, c.EventResponseDays, c.MentalDisorderVisitsPerYear);
                }
            }
            catch (DomainException e) { return CommandResult.Invalid(l, e); }

            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            try
            {
                await db.SaveChangesAsync(ct);
                var replanned = await ReplanAsync(db, prefix, ct);
                db.RecordEvent(AuditAction.Update, nameof(Person), "replan:" + prefix, null, prefix, $"next visit re-planned for {replanned} persons");
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                return CommandResult.Ok(set.Id, set);
            }
            catch (DbUpdateException) { return CommandResult.Conflict(l); }
        }

        /// <summary>Recomputes due dates under a prefix: the rule sets that may cover a person there, applied by Registry.</summary>
        internal static async Task<int> ReplanAsync(ShegongDbContext db, string prefix, CancellationToken ct)
        {
            var sets = await db.VisitRuleSets.AsNoTracking()
                .Where(s => s.RegionPrefix.StartsWith(prefix) || prefix.StartsWith(s.RegionPrefix)).ToListAsync(ct);
            return await db.ReplanPersonsAsync(prefix, sets, ct);
        }
    }
}
