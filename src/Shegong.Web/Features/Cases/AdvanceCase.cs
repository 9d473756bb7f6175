using Microsoft.Extensions.Localization;
using Shegong.Domain.Cases;
using Shegong.Web.Features.Common;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Cases;

/// <summary>The case moves to its next stage (CaseFlow refuses a skipped stage or a missing document).</summary>
public static class AdvanceCase
{
    public sealed record Command(Guid CaseId, int Version, CaseStage? To);

    public sealed class Handler(ShegongDbContext db, IStringLocalizer<SharedResource> l)
    {
        public Task<CommandResult> HandleAsync(Command c, CancellationToken ct = default) =>
            CaseWrites.ChangeAsync(db, l, c.CaseId, c.Version, (x, user) =>
                x.Advance(c.To ?? throw new Shegong.Domain.Common.DomainException("To", "Error.Required"), ChinaTime.Today, user), ct);
    }
}
