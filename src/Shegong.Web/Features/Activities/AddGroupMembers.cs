using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Shegong.Domain.Activities;
using Shegong.Domain.Common;
using Shegong.Domain.Registry;
using Shegong.Web.Features.Common;
using Shegong.Web.Features.Registry.Contracts;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Activities;

/// <summary>Adds registry persons of the station to a group (until it ends); someone already in it is skipped.</summary>
public static class AddGroupMembers
{
    public const int MaxMembers = 200;

    public sealed record Command(Guid GroupId, IReadOnlyList<Guid>? PersonIds);

    public sealed class Handler(ShegongDbContext db, IStringLocalizer<SharedResource> l)
    {
        public async Task<CommandResult> HandleAsync(Command c, CancellationToken ct = default)
        {
            if (!db.SeesPeople()) return CommandResult.NotFound;
            var group = await db.Set<Group>().AsNoTracking().SingleOrDefaultAsync(g => g.Id == c.GroupId, ct);
            if (group is null) return CommandResult.NotFound;
            var ids = (c.PersonIds ?? []).Distinct().ToList();
            if (ids.Count == 0) return ActivityErrors.Invalid(l, "PersonIds", "Activities.ChooseMembers");
            var existing = await db.Set<GroupMember>().Where(m => m.GroupId == group.Id).Select(m => m.PersonId).ToListAsync(ct);
            var adding = ids.Except(existing).ToList();
            if (existing.Count + adding.Count > MaxMembers) return ActivityErrors.Invalid(l, "PersonIds", "Activities.TooManyMembers", MaxMembers);
            // Only persons on this station's file (the scope filter keeps others out: they are not found).
            var persons = await db.PersonEntries().Where(p => adding.Contains(p.Id)).Select(p => new { p.Id, p.StationId, p.Status }).ToListAsync(ct);
            if (persons.Count != adding.Count) return ActivityErrors.Invalid(l, "PersonIds", "Activities.PersonNotFound");
            if (persons.Any(p => p.Status != PersonStatus.Active)) return ActivityErrors.Invalid(l, "PersonIds", "Activities.PersonNotActive");
            try
            {
                var today = ChinaTime.Today;
                foreach (var p in persons) db.Set<GroupMember>().Add(group.Admit(p.Id, p.StationId, today));
                await db.SaveChangesAsync(ct);
                return CommandResult.Ok(group.Id);
            }
            catch (DomainException e) { db.ChangeTracker.Clear(); return ActivityErrors.Invalid(l, e); }
            catch (DbUpdateException) { db.ChangeTracker.Clear(); return CommandResult.Conflict(l); }
        }
    }
}
