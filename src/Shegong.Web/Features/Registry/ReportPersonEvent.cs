using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Shegong.Domain.Common;
using Shegong.Web.Features.Common;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Data;
using Shegong.Web.Features.Visits.Contracts;

namespace Shegong.Web.Features.Registry;

/// <summary>A major event (a fall, a hospital stay, a death in the family): the next visit becomes due within the response time.</summary>
public static class ReportPersonEvent
{
    public sealed record Command(Guid Id, DateOnly? On, string? Note);

    public sealed class Handler(ShegongDbContext db, IStringLocalizer<SharedResource> l)
    {
        public async Task<CommandResult> HandleAsync(Command c, CancellationToken ct = default)
        {
            var person = await db.Persons.SingleOrDefaultAsync(p => p.Id == c.Id, ct);
            if (person is null) return CommandResult.NotFound;
            var on = c.On ?? ChinaTime.Today;
            if (on > ChinaTime.Today) return CommandResult.Invalid("EventOn", $"{l["Field.EventOn"]}：{l["Visit.InFuture"]}");
            try
            {
                person.ReportEvent(on, c.Note, await db.RulesForAsync(person.RegionPrefix, ct));
                await db.SaveChangesAsync(ct);
                return CommandResult.Ok(person.Id, person);
            }
            catch (DomainException e) { return CommandResult.Invalid(l, e); }
            catch (DbUpdateConcurrencyException) { return CommandResult.Conflict(l); }
        }
    }
}
