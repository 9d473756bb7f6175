using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Shegong.Domain.Activities;
using Shegong.Domain.Common;
using Shegong.Web.Features.Common;
using Shegong.Web.Features.Registry.Contracts;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Activities;

/// <summary>
/// A community activity (社区活动) of the station: kind, title, date and time, place, organiser (a worker of the station),
/// participants count, summary and, optionally, the registry persons who came. Corrected with its version.
/// </summary>
public static class RecordActivity
{
    public const int MaxAttendees = 500;

    public sealed record Command(ActivityKind? Kind, string? Title, DateOnly? HeldOn, TimeOnly? StartsAt, int? DurationMinutes, string? Place,
        Guid? OrganiserId, int? ParticipantsCount, string? Summary, IReadOnlyList<Guid>? PersonIds);

    public sealed record EditCommand(Guid Id, int Version, ActivityKind? Kind, string? Title, DateOnly? HeldOn, TimeOnly? StartsAt, int? DurationMinutes,
        string? Place, Guid? OrganiserId, int? ParticipantsCount, string? Summary);

    public sealed class Handler(ShegongDbContext db, IStringLocalizer<SharedResource> l)
    {
        public async Task<CommandResult> HandleAsync(Command c, CancellationToken ct = default)
        {
            if (await db.OwnStationAsync(ct) is not { } station) return CommandResult.NotFound;
            var workers = await db.WorkerNamesAsync(station.Id, ct);
            if (c.OrganiserId is { } o && !workers.ContainsKey(o)) return ActivityErrors.Invalid(l, "OrganiserId", "Activities.NotStationWorker");
            var ids = (c.PersonIds ?? []).Distinct().ToList();
            if (ids.Count > MaxAttendees) return ActivityErrors.Invalid(l, "PersonIds", "Activities.TooManyAttendees", MaxAttendees);
            if (ids.Count > 0 && await db.PersonEntries().CountAsync(p => ids.Contains(p.Id), ct) != ids.Count)
                return ActivityErrors.Invalid(l, "PersonIds", "Activities.PersonNotFound");
            try
            {
                var activity = Activity.Community(station.Id, station.RegionPrefix, c.Kind, c.Title, c.HeldOn, c.StartsAt, c.DurationMinutes, c.Place,
                    c.OrganiserId, c.OrganiserId is { } id ? workers[id] : "", c.ParticipantsCount, c.Summary, ChinaTime.Today);
                foreach (var p in ids) activity.AddAttendee(p);
                db.Set<Activity>().Add(activity);
                await db.SaveChangesAsync(ct);
                return CommandResult.Ok(activity.Id, activity);
            }
            catch (DomainException e) { db.ChangeTracker.Clear(); return ActivityErrors.Invalid(l, e); }
        }

        public async Task<CommandResult> EditAsync(EditCommand c, CancellationToken ct = default)
        {
            if (await db.OwnStationAsync(ct) is not { } station) return CommandResult.NotFound;
            var activity = await db.Set<Activity>().Include(a => a.Attendance).SingleOrDefaultAsync(a => a.Id == c.Id && a.GroupId == null, ct);
            if (activity is null) return CommandResult.NotFound;
            if (!db.MatchesVersion(activity, c.Version)) return CommandResult.Conflict(l);
            var workers = await db.WorkerNamesAsync(station.Id, ct);
            if (c.OrganiserId is { } o && !workers.ContainsKey(o)) return ActivityErrors.Invalid(l, "OrganiserId", "Activities.NotStationWorker");
            try
            {
                activity.Edit(c.Kind, c.Title, c.HeldOn, c.StartsAt, c.DurationMinutes, c.Place, c.OrganiserId, c.OrganiserId is { } id ? workers[id] : "",
                    c.ParticipantsCount, c.Summary, ChinaTime.Today);
                await db.SaveChangesAsync(ct);
                return CommandResult.Ok(activity.Id, activity);
            }
            catch (DomainException e) { db.ChangeTracker.Clear(); return ActivityErrors.Invalid(l, e); }
            catch (DbUpdateConcurrencyException) { db.ChangeTracker.Clear(); return CommandResult.Conflict(l); }
        }
    }
}
