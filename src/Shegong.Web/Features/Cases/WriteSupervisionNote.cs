using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Shegong.Domain.Cases;
using Shegong.Domain.Common;
using Shegong.Web.Features.Common;
using Shegong.Web.Features.Registry.Contracts;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Cases;

/// <summary>
/// 督导记录: a supervisor assigned to the station writes a supervision note — individual (one worker of the station,
/// optionally one of that worker's cases) or group (several workers). Anyone else — a worker, a manager, an officer, a
/// supervisor not assigned to that station — is refused with a message naming the station; nothing is written.
/// </summary>
public static class WriteSupervisionNote
{
    public sealed record Command(Guid StationId, SupervisionKind? Kind, IReadOnlyList<Guid>? Workers, Guid? CaseId, DateOnly? On,
        string? Topic, string? Advice, int? Minutes);

    public sealed class Handler(ShegongDbContext db, IStringLocalizer<SharedResource> l)
    {
        public async Task<CommandResult> HandleAsync(Command c, CancellationToken ct = default)
        {
            if (db.Scope.UserId is not { } user) return CommandResult.NotFound;
            var refused = CommandResult.Invalid("StationId", $"{l["Field.StationId"]}：{l["Supervision.NotAssigned"]}");
            if (!db.Scope.Supervises) return refused;
            var station = await db.Stations.AsNoTracking().Where(s => s.Id == c.StationId).Select(s => new { s.Id, s.RegionPrefix }).SingleOrDefaultAsync(ct);
            if (station is null || !await db.Set<SupervisorAssignment>().AnyAsync(a => a.UserId == user && a.StationId == station.Id, ct)) return refused;
            var staff = (await db.StationWorkersAsync(station.Id, ct)).Select(w => w.Id).ToHashSet();
            if ((c.Workers ?? []).Any(w => !staff.Contains(w)))
                return CommandResult.Invalid("Workers", $"{l["Field.Workers"]}：{l["Supervision.NotStationWorker"]}");
            (Guid, Guid, IReadOnlyCollection<Guid>)? caseOf = null;
            if (c.CaseId is { } caseId)
            {
                // The supervisor reads the station's cases (the scope filter); another station's case is not found.
                var found = await db.CasesOf().AsNoTracking().Where(x => x.Id == caseId).Select(x => new { x.Id, x.StationId, x.WorkerId, x.CoWorkers }).SingleOrDefaultAsync(ct);
                if (found is null) return CommandResult.Invalid("CaseId", $"{l["Field.CaseId"]}：{l["Error.NotFound"]}");
                caseOf = (found.Id, found.StationId, [found.WorkerId, .. found.CoWorkers]);
            }
            try
            {
                var note = SupervisionNote.Write(station.Id, station.RegionPrefix, c.Kind, c.Workers, caseOf, c.On, c.Topic, c.Advice, c.Minutes,
                    user, ChinaTime.Today, DateTime.UtcNow);
                db.Set<SupervisionNote>().Add(note);
                await db.SaveChangesAsync(ct);
                return CommandResult.Ok(note.Id);
            }
            catch (DomainException e) { return CommandResult.Invalid(l, e); }
        }

        /// <summary>The stations the caller supervises (for the form's picker), in code order.</summary>
        public async Task<IReadOnlyList<(Guid Id, string Name)>> StationsAsync(CancellationToken ct = default)
        {
            if (db.Scope.UserId is not { } user || !db.Scope.Supervises) return [];
            var rows = await (from a in db.Set<SupervisorAssignment>().AsNoTracking()
                              join s in db.Stations.AsNoTracking() on a.StationId equals s.Id
                              where a.UserId == user
                              orderby s.RegionPrefix
                              select new { s.Id, s.Name }).ToListAsync(ct);
            return rows.Select(r => (r.Id, r.Name)).ToList();
        }
    }
}
