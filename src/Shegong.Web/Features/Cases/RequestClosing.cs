using Microsoft.Extensions.Localization;
using Shegong.Domain.Cases;
using Shegong.Web.Features.Common;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Cases;

/// <summary>结案报告 and the request for the station manager's approval (needs this episode's evaluation).</summary>
public static class RequestClosing
{
    public sealed record Command(Guid CaseId, int Version, ClosingReason? Reason, string? Outcome);

    public sealed class Handler(ShegongDbContext db, IStringLocalizer<SharedResource> l)
    {
        public Task<CommandResult> HandleAsync(Command c, CancellationToken ct = default) =>
            CaseWrites.ChangeAsync(db, l, c.CaseId, c.Version, (x, user) => x.RequestClosing(c.Reason ?? 0, c.Outcome, ChinaTime.Today, user), ct);
    }
}
