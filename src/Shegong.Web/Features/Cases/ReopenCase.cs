using Microsoft.Extensions.Localization;
using Shegong.Domain.Cases;
using Shegong.Web.Features.Common;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Cases;

/// <summary>A closed case reopened with a reason: back to intervention, to be evaluated and closed again.</summary>
public static class ReopenCase
{
    public sealed record Command(Guid CaseId, int Version, string? Reason);

    public sealed class Handler(ShegongDbContext db, IStringLocalizer<SharedResource> l)
    {
        public Task<CommandResult> HandleAsync(Command c, CancellationToken ct = default) =>
            CaseWrites.ChangeAsync(db, l, c.CaseId, c.Version, (x, user) => x.Reopen(c.Reason, ChinaTime.Today, user), ct);
    }
}
