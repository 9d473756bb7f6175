using Microsoft.Extensions.Localization;
using Shegong.Domain.Cases;
using Shegong.Web.Features.Common;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Cases;

/// <summary>The station manager approves the closing (the case is closed) or sends it back with a reason.</summary>
public static class DecideClosing
{
    public sealed record Command(Guid CaseId, int Version, bool Approve, string? Reason);

    public sealed class Handler(ShegongDbContext db, IStringLocalizer<SharedResource> l)
    {
        public Task<CommandResult> HandleAsync(Command c, CancellationToken ct = default) =>
            CaseWrites.ChangeAsync(db, l, c.CaseId, c.Version, (x, user) =>
            {
                if (c.Approve) x.ApproveClosing(db.Scope.ManagesStation, ChinaTime.Today, user);
                else x.RefuseClosing(db.Scope.ManagesStation, c.Reason, ChinaTime.Today, user);
            }, ct);
    }
}
