using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Shegong.Domain.Activities;
using Shegong.Domain.Common;
using Shegong.Web.Features.Common;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Audit;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Activities;

/// <summary>
/// A group's session (节次): date, time, topic, content notes, duration and who of the members came (the others are
/// absent). The number is the next of the group's. No session once the group has ended. The attendance can be corrected
/// afterwards (versioned).
/// </summary>
public static class RecordSession
{
    public sealed record Command(Guid GroupId, DateOnly? HeldOn, TimeOnly? StartsAt, int? DurationMinutes, string? Topic, string? Content,
        IReadOnlyList<Guid>? PresentPersonIds);

    public sealed record AttendanceCommand(Guid GroupId, Guid SessionId, int Version, IReadOnlyList<Guid>? PresentPersonIds);

    public sealed class Handler(ShegongDbContext db, IStringLocalizer<SharedResource> l, IAuditContext who)
    {
        public async Task<CommandResult> HandleAsync(Command c, CancellationToken ct = default)
        {
            if (!db.SeesPeople()) return CommandResult.NotFound;
            for (var attempt = 0; ; attempt++)
            {
                var group = await db.Set<Group>().AsNoTracking().SingleOrDefaultAsync(g => g.Id == c.GroupId, ct);
                if (group is null) return CommandResult.NotFound;
                var members = await db.Set<GroupMember>().Where(m => m.GroupId == group.Id).Select(m => m.PersonId).ToListAsync(ct);
                var number = await db.Set<Activity>().Where(a => a.GroupId == group.Id).Select(a => (int?)a.SessionNumber).MaxAsync(ct) ?? 0;
                var organiser = who.UserId ?? Guid.Empty;
                var name = who.DisplayName ?? await db.Users.Where(u => u.Id == organiser).Select(u => u.DisplayName).SingleOrDefaultAsync(ct) ?? who.UserName;
                try
                {
                    var session = group.HoldSession(number + 1, c.HeldOn, c.StartsAt, c.DurationMinutes, c.Topic, c.Content, organiser,
                        Guard.Optional(name, "OrganiserName", 30), members, (c.PresentPersonIds ?? []).Distinct().ToList(), ChinaTime.Today);
                    db.Set<Activity>().Add(session);
                    await db.SaveChangesAsync(ct);
                    return CommandResult.Ok(session.Id, session);
                }
                catch (DomainException e) { db.ChangeTracker.Clear(); return ActivityErrors.Invalid(l, e); }
                // Two workers recording the group's next session at once: the unique (group, number) decides; the loser takes the next number.
                catch (DbUpdateException) when (attempt < 3) { db.ChangeTracker.Clear(); }
            }
        }

        public async Task<CommandResult> CorrectAttendanceAsync(AttendanceCommand c, CancellationToken ct = default)
        {
            if (!db.SeesPeople()) return CommandResult.NotFound;
            var session = await db.Set<Activity>().Include(a => a.Attendance).SingleOrDefaultAsync(a => a.Id == c.SessionId && a.GroupId == c.GroupId, ct);
            if (session is null) return CommandResult.NotFound;
            if (!db.MatchesVersion(session, c.Version)) return CommandResult.Conflict(l);
            var members = await db.Set<GroupMember>().Where(m => m.GroupId == c.GroupId).Select(m => m.PersonId).ToListAsync(ct);
            try
            {
                session.CorrectAttendance(members, (c.PresentPersonIds ?? []).Distinct().ToList());
                await db.SaveChangesAsync(ct);
                return CommandResult.Ok(session.Id, session);
            }
            catch (DomainException e) { db.ChangeTracker.Clear(); return ActivityErrors.Invalid(l, e); }
            catch (DbUpdateConcurrencyException) { db.ChangeTracker.Clear(); return CommandResult.Conflict(l); }
        }
    }
}
