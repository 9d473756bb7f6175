using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Shegong.Domain.Cases;
using Shegong.Domain.Common;
using Shegong.Web.Features.Common;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Cases;

/// <summary>
/// 联动会议: the date, the parties present, the station's cases discussed, the minutes and the decisions — each a task
/// on its case for its owner (a station worker, or the case's worker when a unit owns it). The cases are found
/// through the scope filter: another station's case, or one the caller does not work on, is named as not found.
/// Nothing is written unless the whole form is right.
/// </summary>
public static class RecordMeeting
{
    public sealed record Command(DateOnly? HeldOn, IReadOnlyList<PartyInput>? Parties, IReadOnlyList<Guid>? CaseIds, string? Minutes,
        IReadOnlyList<DecisionInput>? Decisions);

    public sealed class Handler(ShegongDbContext db, IStringLocalizer<SharedResource> l)
    {
        public async Task<CommandResult> HandleAsync(Command c, CancellationToken ct = default)
        {
            if (db.Scope.UserId is not { } user) return CommandResult.NotFound;
            var ids = (c.CaseIds ?? []).Take(LinkageMeeting.CasesMax + 1).ToList();
            // A row sent as null is an empty row: its required fields are named.
            var parties = (c.Parties ?? []).Take(LinkageMeeting.PartiesMax + 1).Select(p => p ?? new PartyInput(null)).ToList();
            var decisionRows = (c.Decisions ?? []).Take(LinkageMeeting.DecisionsMax + 1).Select(d => d ?? new DecisionInput(null, null, null, null, null)).ToList();
            var found = await db.CasesOf().AsNoTracking().Where(x => ids.Contains(x.Id)).ToDictionaryAsync(x => x.Id, ct);
            var station = found.Values.Select(x => x.StationId).FirstOrDefault();
            var owners = decisionRows.Select(d => d.OwnerWorkerId).OfType<Guid>().Distinct().ToList();
            // An owner is an account of the cases' station (the accounts the caller sees are those of their station).
            var staff = owners.Count == 0 ? [] : await db.Users.AsNoTracking().Where(u => owners.Contains(u.Id) && u.StationId == station)
                .Select(u => u.Id).ToListAsync(ct);
            try
            {
                var (meeting, links, tasks) = LinkageMeeting.Record(c.HeldOn, parties, ids.Select(id => (id, found.GetValueOrDefault(id))).ToList(),
                    c.Minutes, decisionRows, staff.Contains, user, ChinaTime.Today, DateTime.UtcNow);
                db.Set<LinkageMeeting>().Add(meeting);
                db.Set<LinkageMeetingCase>().AddRange(links);
                db.Set<CaseTask>().AddRange(tasks);
                await db.SaveChangesAsync(ct);
                return CommandResult.Ok(meeting.Id);
            }
            catch (DomainException e) { return CommandResult.Invalid(l, e); }
        }
    }
}
