using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Activities;
using Shegong.Web.Features.Audit.Contracts;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Activities;

/// <summary>Groups and activities in the audit log: the group's name; an activity's date and title (a session: its group's name and number).</summary>
internal sealed class ActivityAuditNames : IAuditRecordNamer
{
    public IReadOnlyCollection<string> EntityTypes => [nameof(Group), nameof(Activity)];

    public async Task<IReadOnlyDictionary<Guid, string>> NamesAsync(ShegongDbContext db, string entityType, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        if (entityType == nameof(Group))
            return await db.Set<Group>().AsNoTracking().Where(g => ids.Contains(g.Id)).Select(g => new { g.Id, g.Name }).ToDictionaryAsync(g => g.Id, g => g.Name, ct);
        var rows = await db.Set<Activity>().AsNoTracking().Where(a => ids.Contains(a.Id))
            .Select(a => new { a.Id, a.HeldOn, a.Title, a.SessionNumber }).ToListAsync(ct);
        return rows.ToDictionary(r => r.Id, r => $"{r.HeldOn:yyyy-MM-dd} {r.Title}" + (r.SessionNumber > 0 ? $" #{r.SessionNumber}" : ""));
    }
}
