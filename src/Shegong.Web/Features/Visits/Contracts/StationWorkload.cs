using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Registry;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Visits.Contracts;

/// <summary>
/// The station's visit workload for its manager (the scope filter keeps it to the user's station): people overdue
/// station-wide, and per responsible worker the people on file, overdue and due by Sunday. People with no responsible
/// worker are one row of their own (<see cref="Row.WorkerId"/> null).
/// </summary>
public static class StationWorkload
{
    public sealed record Row(Guid? WorkerId, string Worker, int OnFile, int Overdue, int DueThisWeek);
    public sealed record Result(int Overdue, IReadOnlyList<Row> Workers);

    public static async Task<Result> StationWorkloadAsync(this ShegongDbContext db, Guid stationId, CancellationToken ct = default)
    {
        var today = ChinaTime.Today;
        var weekEnd = today.AddDays(6 - (((int)today.DayOfWeek + 6) % 7));
        var rows = await db.Persons.AsNoTracking().Where(p => p.StationId == stationId && p.Status == PersonStatus.Active)
            .GroupBy(p => p.ResponsibleWorkerId)
            .Select(g => new
            {
                WorkerId = g.Key, OnFile = g.Count(),
                Overdue = g.Count(p => p.NextVisitDue < today),
                Due = g.Count(p => p.NextVisitDue >= today && p.NextVisitDue <= weekEnd),
            }).ToListAsync(ct);
        var ids = rows.Where(r => r.WorkerId != null).Select(r => r.WorkerId!.Value).ToList();
        var names = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).Select(u => new { u.Id, u.DisplayName }).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        // Every worker of the station, also one with an empty queue.
        string[] roles = [Domain.Access.Roles.SocialWorker, Domain.Access.Roles.StationManager];
        var roleIds = await db.Roles.Where(r => roles.Contains(r.Name!)).Select(r => r.Id).ToListAsync(ct);
        var staff = await db.Users.AsNoTracking().Where(u => u.StationId == stationId && db.UserRoles.Any(ur => ur.UserId == u.Id && roleIds.Contains(ur.RoleId)))
            .Select(u => new { u.Id, u.DisplayName }).ToListAsync(ct);
        var result = rows.Select(r => new Row(r.WorkerId, r.WorkerId is { } w ? names.GetValueOrDefault(w, "") : "", r.OnFile, r.Overdue, r.Due)).ToList();
        result.AddRange(staff.Where(s => rows.All(r => r.WorkerId != s.Id)).Select(s => new Row(s.Id, s.DisplayName, 0, 0, 0)));
        return new Result(rows.Sum(r => r.Overdue),
            result.OrderByDescending(r => r.Overdue).ThenByDescending(r => r.OnFile).ThenBy(r => r.Worker, StringComparer.Ordinal).ToList());
    }
}
