using Microsoft.EntityFrameworkCore;
using Shegong.Web.Features.Audit.Contracts;
using Shegong.Web.Infrastructure.Auth;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Accounts;

/// <summary>Accounts in the audit log: display name and user name ("李社工 (worker)").</summary>
internal sealed class AccountAuditNames : IAuditRecordNamer
{
    public IReadOnlyCollection<string> EntityTypes => [nameof(AppUser)];

    public async Task<IReadOnlyDictionary<Guid, string>> NamesAsync(ShegongDbContext db, string entityType, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        var rows = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).Select(u => new { u.Id, u.DisplayName, u.UserName }).ToListAsync(ct);
        return rows.ToDictionary(r => r.Id, r => $"{r.DisplayName} ({r.UserName})");
    }
}
