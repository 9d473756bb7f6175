using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Activities;
using Shegong.Web.Features.Registry.Contracts;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Activities;

/// <summary>
/// One group: its stage history, members, sessions with attendance and, once ended, its evaluation. Members,
/// attendance and the evaluation are for the station's own staff; an officer above the station gets the counts only
/// (<see cref="Result.People"/> is null). A support or therapy group's session notes are sensitive: every read of
/// them is written to the audit log.
/// </summary>
public static class GetGroup
{
    public sealed record Query(Guid Id);

    public sealed record Member(Guid PersonId, string Name, int Sessions);
    public sealed record Attendee(Guid PersonId, bool Present);
    public sealed record Session(Guid Id, int Version, int Number, DateOnly HeldOn, TimeOnly? StartsAt, int DurationMinutes, string Topic,
        string Content, string OrganiserName, int Present);
    public sealed record StageDates(DateOnly StartedOn, DateOnly? FormedOn, DateOnly? TurnedOn, DateOnly? MaturedOn, DateOnly? EndedOn);
    /// <summary>What only the station's staff see: who is in the group, who came, the content notes, the evaluation.</summary>
    public sealed record PeopleView(IReadOnlyList<Member> Members, IReadOnlyDictionary<Guid, IReadOnlyList<Attendee>> Attendance,
        IReadOnlyDictionary<Guid, string> Notes, GroupEvaluation? Evaluation);
    public sealed record Result(Guid Id, int Version, string Name, string Goal, GroupType Type, GroupStage Stage, StageDates Dates,
        Guid LeadWorkerId, string LeadWorkerName, Guid? CoWorkerId, string CoWorkerName, int PlannedSessions, int MemberCount,
        IReadOnlyList<Session> Sessions, PeopleView? People);

    public sealed class Handler(ShegongDbContext db)
    {
        public async Task<Result?> HandleAsync(Query q, CancellationToken ct = default)
        {
            // Everything but the (encrypted) evaluation, which is read only for the station's staff.
            var g = await db.Set<Group>().AsNoTracking().Where(x => x.Id == q.Id).Select(x => new
            {
                x.Id, x.Version, x.StationId, x.RegionPrefix, x.Name, x.Goal, x.Type, x.Stage, x.StartedOn, x.FormedOn, x.TurnedOn, x.MaturedOn, x.EndedOn,
                x.LeadWorkerId, x.CoWorkerId, x.PlannedSessions, IsEnded = x.Stage == GroupStage.Ended,
            }).SingleOrDefaultAsync(ct);
            if (g is null) return null;
            var people = db.SeesPeople();
            var workers = (await db.Users.AsNoTracking().Where(u => u.Id == g.LeadWorkerId || u.Id == g.CoWorkerId)
                .Select(u => new { u.Id, u.DisplayName }).ToListAsync(ct)).ToDictionary(u => u.Id, u => u.DisplayName);
            // Sessions without their notes first: the notes are read (decrypted) only for those who may see them.
            var sessions = await db.Set<Activity>().AsNoTracking().Where(a => a.GroupId == g.Id).OrderBy(a => a.SessionNumber)
                .Select(a => new Session(a.Id, a.Version, a.SessionNumber, a.HeldOn, a.StartsAt, a.DurationMinutes, a.Title, "", a.OrganiserName, a.ParticipantsCount))
                .ToListAsync(ct);
            var memberCount = await db.Set<GroupMember>().CountAsync(m => m.GroupId == g.Id, ct);
            PeopleView? view = null;
            if (people)
            {
                var members = await (from m in db.Set<GroupMember>().AsNoTracking().Where(m => m.GroupId == g.Id)
                                     join p in db.PersonEntries() on m.PersonId equals p.Id
                                     select new { m.PersonId, p.Name, m.Id }).ToListAsync(ct);
                var rows = await (from x in db.Set<ActivityAttendance>().AsNoTracking()
                                  join a in db.Set<Activity>() on x.ActivityId equals a.Id
                                  where a.GroupId == g.Id
                                  select new { x.ActivityId, x.PersonId, x.Present }).ToListAsync(ct);
                var notes = await db.Set<Activity>().AsNoTracking().Where(a => a.GroupId == g.Id).Select(a => new { a.Id, a.Content }).ToListAsync(ct);
                var attended = rows.Where(r => r.Present).GroupBy(r => r.PersonId).ToDictionary(x => x.Key, x => x.Count());
                view = new PeopleView(
                    members.OrderBy(m => m.Id).Select(m => new Member(m.PersonId, m.Name, attended.GetValueOrDefault(m.PersonId))).ToList(),
                    rows.GroupBy(r => r.ActivityId).ToDictionary(x => x.Key, x => (IReadOnlyList<Attendee>)x.Select(r => new Attendee(r.PersonId, r.Present)).ToList()),
                    notes.ToDictionary(n => n.Id, n => n.Content),
                    g.IsEnded ? await db.Set<Group>().AsNoTracking().Where(x => x.Id == g.Id).Select(x => x.Evaluation).SingleAsync(ct) : null);
                if (ActivityQueries.HasSensitiveNotes(g.Type) && notes.Any(n => n.Content.Length > 0) || g.IsEnded)
                {
                    db.RecordRead(nameof(Group), g.Id.ToString(), g.StationId, g.RegionPrefix, "session notes and evaluation");
                    await db.SaveChangesAsync(ct);
                }
                sessions = sessions.Select(s => s with { Content = view.Notes.GetValueOrDefault(s.Id, "") }).ToList();
            }
            return new Result(g.Id, g.Version, g.Name, g.Goal, g.Type, g.Stage, new StageDates(g.StartedOn, g.FormedOn, g.TurnedOn, g.MaturedOn, g.EndedOn),
                g.LeadWorkerId, workers.GetValueOrDefault(g.LeadWorkerId, ""), g.CoWorkerId, g.CoWorkerId is { } co ? workers.GetValueOrDefault(co, "") : "",
                g.PlannedSessions, memberCount, sessions, view);
        }
    }
}
