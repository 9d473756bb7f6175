using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Shegong.Domain.Registry;
using Shegong.Web.Features.Common;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Data;
using Shegong.Web.Infrastructure.Privacy;
using Shegong.Web.Features.Visits.Contracts;

namespace Shegong.Web.Features.Registry;

/// <summary>
/// Edits a person's details. <see cref="Command.Version"/> is what the editor loaded: a change made meanwhile by
/// someone else is never overwritten. A tier or rule-relevant change re-plans the next visit at once.
/// </summary>
public static class UpdatePerson
{
    public sealed record Command(Guid Id, int Version, PersonDetails Person, Guid? ResponsibleWorkerId);

    public sealed class Handler(ShegongDbContext db, IStringLocalizer<SharedResource> l, LookupHasher hasher)
    {
        public async Task<CommandResult> HandleAsync(Command c, CancellationToken ct = default)
        {
            var person = await db.Persons.SingleOrDefaultAsync(p => p.Id == c.Id, ct);
            if (person is null) return CommandResult.NotFound;
            if (!db.MatchesVersion(person, c.Version)) return CommandResult.Conflict(l);

            var (valid, ruleErrors) = PersonRules.Validate(c.Person, ChinaTime.Today);
            var errors = RegistryErrors.Describe(l, ruleErrors);
            if (c.ResponsibleWorkerId is { } workerId && !(await db.StationWorkersAsync(person.StationId, ct)).Any(w => w.Id == workerId))
                errors.Add(("ResponsibleWorkerId", $"{l["Field.ResponsibleWorkerId"]}：{l["Registry.WorkerNotOurs"]}"));
            string? idHash = null;
            if (valid?.Id is { } id)
            {
                idHash = await hasher.HashAsync(id.Value, ct);
                if (person.Status == PersonStatus.Active && await PersonDuplicates.IdOnFileAsync(db, l, idHash, person.Id, ct) is { } message)
                    errors.Add(("IdNumber", message));
            }
            if (errors.Count > 0 || valid is null) return new CommandResult(Outcome.Invalid, errors);

            person.Update(valid, idHash, c.ResponsibleWorkerId, await db.RulesForAsync(person.RegionPrefix, ct), Infrastructure.ChinaTime.Today);
            try
            {
                await db.SaveChangesAsync(ct);
                return CommandResult.Ok(person.Id, person);
            }
            catch (DbUpdateConcurrencyException) { return CommandResult.Conflict(l); }
            catch (DbUpdateException) when (idHash is not null)
            {
                db.ChangeTracker.Clear();
                var message = await PersonDuplicates.IdOnFileAsync(db, l, idHash, c.Id, ct);
                if (message is null) throw;
                return CommandResult.Invalid("IdNumber", message);
            }
        }
    }
}
