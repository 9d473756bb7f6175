using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Registry;
using Shegong.Web.Features.Audit.Contracts;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Registry;

/// <summary>Persons and households in the audit log: by the person's (or the head's) masked name.</summary>
internal sealed class RegistryAuditNames : IAuditRecordNamer
{
    public IReadOnlyCollection<string> EntityTypes => [nameof(Person), nameof(Household)];

    public async Task<IReadOnlyDictionary<Guid, string>> NamesAsync(ShegongDbContext db, string entityType, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        var rows = entityType == nameof(Person)
            ? await db.Persons.AsNoTracking().Where(p => ids.Contains(p.Id)).Select(p => new { p.Id, p.Name }).ToListAsync(ct)
            : await db.Persons.AsNoTracking().Where(p => ids.Contains(p.HouseholdId)).OrderBy(p => p.Id).Select(p => new { Id = p.HouseholdId, p.Name }).ToListAsync(ct);
        return rows.GroupBy(r => r.Id).ToDictionary(g => g.Key, g => AuditNames.MaskPersonName(g.First().Name));
    }
}
