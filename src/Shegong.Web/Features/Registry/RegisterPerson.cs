using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Shegong.Domain.Regions;
using Shegong.Domain.Registry;
using Shegong.Web.Features.Common;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Data;
using Shegong.Web.Infrastructure.Privacy;
using Shegong.Web.Features.Visits.Contracts;

namespace Shegong.Web.Features.Registry;

/// <summary>
/// Puts a person on the station's ledger, in a new household (as its head) or in an existing one. Refuses an ID
/// number already on file (found by its keyed hash, never by decrypting); shows a person with a similar name and
/// the same birth date in the same community as a possible duplicate and saves only once the worker confirms.
/// </summary>
public static class RegisterPerson
{
    public sealed record Command(
        string? CommunityCode,
        Guid? HouseholdId,
        HouseholdRelation Relation,
        HouseholdDetails? NewHousehold,
        PersonDetails Person,
        Guid? ResponsibleWorkerId,
        bool ConfirmNotDuplicate = false);

    public sealed record Result(CommandResult Outcome, IReadOnlyList<DuplicateCandidate> PossibleDuplicates)
    {
        public bool NeedsConfirmation => PossibleDuplicates.Count > 0 && !Outcome.Succeeded;
    }

    public sealed class Handler(ShegongDbContext db, IStringLocalizer<SharedResource> l, LookupHasher hasher)
    {
        public async Task<Result> HandleAsync(Command c, CancellationToken ct = default)
        {
            if (db.Scope.StationId is not { } stationId) return new(CommandResult.NotFound, []);
            var errors = new List<(string, string)>();

            // The community must be one of the station's own.
            Region? community = null;
            if (!RegionCode.TryParse(c.CommunityCode, out var code, out var codeError))
                errors.Add(("CommunityCode", $"{l["Field.CommunityCode"]}：{l[codeError, c.CommunityCode ?? ""]}"));
            else if (!code.Prefix.StartsWith(db.Scope.RegionPrefix, StringComparison.Ordinal) || code.Level != RegionLevel.Community
                     || (community = await db.Regions.AsNoTracking().SingleOrDefaultAsync(r => r.Prefix == code.Prefix, ct)) is null)
                errors.Add(("CommunityCode", $"{l["Field.CommunityCode"]}：{l["Registry.CommunityNotOurs", code.Full]}"));

            var today = ChinaTime.Today;
            var (valid, ruleErrors) = PersonRules.Validate(c.Person, today);
            errors.AddRange(RegistryErrors.Describe(l, ruleErrors));

            Household? household = null;
            if (c.HouseholdId is { } householdId)
            {
                household = await db.Households.SingleOrDefaultAsync(h => h.Id == householdId, ct);
                if (household is null) errors.Add(("HouseholdId", $"{l["Field.HouseholdId"]}：{l["Error.NotFound"]}"));
                else if (community is not null && household.CommunityId != community.Id)
                    errors.Add(("HouseholdId", l["Registry.HouseholdOtherCommunity"]));
                if (c.Relation == HouseholdRelation.Head && household is not null)
                    errors.Add(("Relation", $"{l["Field.Relation"]}：{l["Registry.HeadExists"]}"));
            }
            else if (community is not null)
            {
                var (created, householdErrors) = Household.Create(stationId, community.Prefix, community.Id,
                    c.NewHousehold ?? new HouseholdDetails(null, null, null, null, null, AssistanceKinds.None));
                errors.AddRange(RegistryErrors.Describe(l, householdErrors));
                household = created;
            }

            if (c.ResponsibleWorkerId is { } workerId && !(await db.StationWorkersAsync(stationId, ct)).Any(w => w.Id == workerId))
                errors.Add(("ResponsibleWorkerId", $"{l["Field.ResponsibleWorkerId"]}：{l["Registry.WorkerNotOurs"]}"));

            string? idHash = null;
            if (valid?.Id is { } id)
            {
                idHash = await hasher.HashAsync(id.Value, ct);
                if (await PersonDuplicates.IdOnFileAsync(db, l, idHash, null, ct) is { } message) errors.Add(("IdNumber", message));
            }
            if (errors.Count > 0 || valid is null || household is null || community is null)
                return new(new CommandResult(Outcome.Invalid, errors), []);

            if (!c.ConfirmNotDuplicate)
            {
                var similar = await PersonDuplicates.SimilarAsync(db, community.Id, valid.Name, valid.BirthDate, null, ct);
                if (similar.Count > 0)
                    return new(CommandResult.Invalid("", l["Registry.PossibleDuplicate"]), similar);
            }

            var rules = await db.RulesForAsync(community.Prefix, ct);
            var relation = c.HouseholdId is null ? HouseholdRelation.Head : c.Relation;
            var person = Person.Register(stationId, community.Prefix, community.Id, household, relation, valid, idHash, c.ResponsibleWorkerId, today, rules);
            if (c.HouseholdId is null) db.Households.Add(household);
            db.Persons.Add(person);
            try
            {
                await db.SaveChangesAsync(ct);
                return new(CommandResult.Ok(person.Id), []);
            }
            catch (DbUpdateException) when (idHash is not null)
            {
                // Lost a race for the unique ID index: someone registered the same number meanwhile.
                db.ChangeTracker.Clear();
                var message = await PersonDuplicates.IdOnFileAsync(db, l, idHash, null, ct);
                if (message is null) throw;
                return new(CommandResult.Invalid("IdNumber", message), []);
            }
        }
    }
}

/// <summary>A person already on file who may be the same one (name and birth date), shown before saving.</summary>
public sealed record DuplicateCandidate(Guid Id, string Name, DateOnly BirthDate, string Community);

internal static class PersonDuplicates
{
    /// <summary>The message when an active person anywhere has this ID number; names them only within the caller's scope.</summary>
    public static async Task<string?> IdOnFileAsync(ShegongDbContext db, IStringLocalizer l, string idHash, Guid? exceptPersonId, CancellationToken ct)
    {
        var mine = await db.Persons.AsNoTracking()
            .Where(p => p.IdHash == idHash && p.Status == PersonStatus.Active && p.Id != exceptPersonId)
            .Select(p => p.Name).FirstOrDefaultAsync(ct);
        if (mine is not null) return $"{l["Field.IdNumber"]}：{l["Registry.IdOnFile", mine]}";
        // Elsewhere: say that it exists, not who or where (the other station's people are not ours to see).
        var elsewhere = await db.Persons.IgnoreQueryFilters()
            .AnyAsync(p => p.IdHash == idHash && p.Status == PersonStatus.Active && p.Id != exceptPersonId, ct);
        return elsewhere ? $"{l["Field.IdNumber"]}：{l["Registry.IdOnFileElsewhere"]}" : null;
    }

    /// <summary>Same community and birth date, and the same name or one that differs by a single character.</summary>
    public static async Task<List<DuplicateCandidate>> SimilarAsync(ShegongDbContext db, Guid communityId, string name, DateOnly birthDate,
        Guid? exceptPersonId, CancellationToken ct)
    {
        var sameDay = await db.Persons.AsNoTracking()
            .Where(p => p.CommunityId == communityId && p.BirthDate == birthDate && p.Id != exceptPersonId)
            .Select(p => new { p.Id, p.Name, p.BirthDate, Community = db.Regions.Where(r => r.Id == p.CommunityId).Select(r => r.Name).First() })
            .ToListAsync(ct);
        return sameDay.Where(p => Similar(p.Name, name)).Select(p => new DuplicateCandidate(p.Id, p.Name, p.BirthDate, p.Community)).ToList();
    }

    /// <summary>Edit distance of at most one (王芳 / 王方 / 王小芳).</summary>
    public static bool Similar(string a, string b)
    {
        if (a == b) return true;
        if (Math.Abs(a.Length - b.Length) > 1) return false;
        if (a.Length > b.Length) (a, b) = (b, a);
        int i = 0, j = 0, edits = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j]) { i++; j++; continue; }
            if (++edits > 1) return false;
            if (a.Length == b.Length) i++;
            j++;
        }
        return edits + (b.Length - j) + (a.Length - i) <= 1;
    }
}
