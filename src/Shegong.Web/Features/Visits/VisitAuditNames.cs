using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Visits;
using Shegong.Web.Features.Audit.Contracts;
using Shegong.Web.Features.Registry.Contracts;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Visits;

/// <summary>Visits in the audit log: the visited person's masked name and the date.</summary>
internal sealed class VisitAuditNames : IAuditRecordNamer
{
    public IReadOnlyCollection<string> EntityTypes => [nameof(Visit)];

    public async Task<IReadOnlyDictionary<Guid, string>> NamesAsync(ShegongDbContext db, string entityType, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        var rows = await (from v in db.Visits.AsNoTracking().Where(v => ids.Contains(v.Id))
                          join p in db.PersonEntries() on v.PersonId equals p.Id
                          select new { v.Id, p.Name, v.VisitedOn }).ToListAsync(ct);
        return rows.ToDictionary(r => r.Id, r => $"{AuditNames.MaskPersonName(r.Name)} {r.VisitedOn:yyyy-MM-dd}");
    }
}
