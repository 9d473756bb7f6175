using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Shegong.Domain.Common;
using Shegong.Domain.Registry;
using Shegong.Web.Features.Common;
using Shegong.Web.Infrastructure.Data;
using Shegong.Web.Features.Visits.Contracts;

namespace Shegong.Web.Features.Registry;

/// <summary>Moved away (迁出) or deceased (已故), or back on file: the record and its history stay; nothing is deleted.</summary>
public static class ChangePersonStatus
{
    public sealed record Command(Guid Id, int Version, PersonStatus Status, DateOnly? On, string? Note);

    public sealed class Handler(ShegongDbContext db, IStringLocalizer<SharedResource> l)
    {
        public async Task<CommandResult> HandleAsync(Command c, CancellationToken ct = default)
        {
            var person = await db.Persons.SingleOrDefaultAsync(p => p.Id == c.Id, ct);
            if (person is null) return CommandResult.NotFound;
            if (!db.MatchesVersion(person, c.Version)) return CommandResult.Conflict(l);
            if (c.On is not { } on) return CommandResult.Invalid("StatusChangedOn", $"{l["Field.StatusChangedOn"]}：{l["Error.Required"]}");
            // Back on file: the ID number must not be active elsewhere meanwhile.
            if (c.Status == PersonStatus.Active && person.IdHash is { } hash
                && await PersonDuplicates.IdOnFileAsync(db, l, hash, person.Id, ct) is { } message)
                return CommandResult.Invalid("IdNumber", message);
            try
            {
                person.ChangeStatus(c.Status, on, c.Note, await db.RulesForAsync(person.RegionPrefix, ct));
                await db.SaveChangesAsync(ct);
                return CommandResult.Ok(person.Id, person);
            }
            catch (DomainException e) { return CommandResult.Invalid(l, e); }
            catch (DbUpdateConcurrencyException) { return CommandResult.Conflict(l); }
        }
    }
}
