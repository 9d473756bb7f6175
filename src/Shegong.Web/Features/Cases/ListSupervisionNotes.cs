using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Cases;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Cases;

/// <summary>
/// The supervision notes the caller may read (the scope filter: their author, the workers they concern, the station
/// manager, the station's assigned supervisors; nobody else finds one), newest first, by station, worker or case. The
/// list carries no advice (that is <see cref="GetSupervisionNote"/>, audited); the list itself is recorded as one read.
/// </summary>
public static class ListSupervisionNotes
{
    public sealed record Query(Guid? StationId = null, Guid? WorkerId = null, Guid? CaseId = null, int Page = 1, int PageSize = 20);

    public sealed record Item(Guid Id, Guid StationId, string StationName, SupervisionKind Kind, IReadOnlyList<Guid> Workers,
        IReadOnlyList<string> WorkerNames, Guid? CaseId, DateOnly On, string Topic, int Minutes, Guid SupervisorId, string SupervisorName);

    public sealed record Result(int Total, int Page, int PageSize, IReadOnlyList<Item> Items);

    public sealed class Handler(ShegongDbContext db)
    {
        public async Task<Result> HandleAsync(Query q, CancellationToken ct = default)
        {
            var size = Math.Clamp(q.PageSize, 1, 100);
            var page = Math.Max(1, q.Page);
            var notes = db.Set<SupervisionNote>().AsNoTracking();
            if (q.StationId is { } station) notes = notes.Where(n => n.StationId == station);
            if (q.CaseId is { } caseId) notes = notes.Where(n => n.CaseId == caseId);
            if (q.WorkerId is { } worker)
            {
                var token = Shegong.Domain.Common.WorkerAccess.Token(worker);
                notes = notes.Where(n => n.AccessList.Contains(token) && n.SupervisorId != worker);
            }
            var total = await notes.CountAsync(ct);
            var rows = await notes.OrderByDescending(n => n.On).ThenByDescending(n => n.Id).Skip((page - 1) * size).Take(size)
                .Select(n => new { n.Id, n.StationId, n.Kind, n.Workers, n.CaseId, n.On, n.Topic, n.Minutes, n.SupervisorId }).ToListAsync(ct);
            var userIds = rows.SelectMany(r => r.Workers).Concat(rows.Select(r => r.SupervisorId)).Distinct().ToList();
            var names = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
            var stationIds = rows.Select(r => r.StationId).Distinct().ToList();
            var stations = await db.Stations.AsNoTracking().Where(s => stationIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, ct);
            if (rows.Count > 0)
            {
                db.RecordRead(nameof(SupervisionNote), "list", db.Scope.StationId, db.Scope.RegionPrefix, $"supervision list: {rows.Count} notes, no advice");
                await db.SaveChangesAsync(ct);
            }
            return new Result(total, page, size, rows.Select(r => new Item(r.Id, r.StationId, stations.GetValueOrDefault(r.StationId, ""), r.Kind, r.Workers,
                r.Workers.Select(w => names.GetValueOrDefault(w, "")).ToList(), r.CaseId, r.On, r.Topic, r.Minutes, r.SupervisorId,
                names.GetValueOrDefault(r.SupervisorId, ""))).ToList());
        }
    }
}
