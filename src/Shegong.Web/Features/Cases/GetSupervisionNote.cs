using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Cases;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Cases;

/// <summary>One supervision note with its advice: only its readers find it (anyone else: null, a 404); every read audited.</summary>
public static class GetSupervisionNote
{
    public sealed record Query(Guid Id);

    public sealed record Result(Guid Id, Guid StationId, string StationName, SupervisionKind Kind, IReadOnlyList<Guid> Workers,
        IReadOnlyList<string> WorkerNames, Guid? CaseId, DateOnly On, string Topic, string Advice, int Minutes, Guid SupervisorId, string SupervisorName);

    public sealed class Handler(ShegongDbContext db)
    {
        public async Task<Result?> HandleAsync(Query q, CancellationToken ct = default)
        {
            var n = await db.Set<SupervisionNote>().AsNoTracking().SingleOrDefaultAsync(x => x.Id == q.Id, ct);
            if (n is null) return null;
            var userIds = n.Workers.Append(n.SupervisorId).Distinct().ToList();
            var names = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
            var station = await db.Stations.AsNoTracking().Where(s => s.Id == n.StationId).Select(s => s.Name).SingleOrDefaultAsync(ct) ?? "";
            db.RecordRead(nameof(SupervisionNote), n.Id.ToString(), n.StationId, n.RegionPrefix, "supervision note with advice");
            await db.SaveChangesAsync(ct);
            return new Result(n.Id, n.StationId, station, n.Kind, n.Workers, n.Workers.Select(w => names.GetValueOrDefault(w, "")).ToList(), n.CaseId, n.On,
                n.Topic, n.Advice, n.Minutes, n.SupervisorId, names.GetValueOrDefault(n.SupervisorId, ""));
        }
    }
}
