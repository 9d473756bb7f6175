using Microsoft.Extensions.Localization;
using Shegong.Domain.Cases;
using Shegong.Web.Features.Common;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Cases;

/// <summary>Intake ends "not taken, referred elsewhere": why, and to whom.</summary>
public static class DeclineCase
{
    public sealed record Command(Guid CaseId, int Version, string? Reason, string? ReferredTo);

    public sealed class Handler(ShegongDbContext db, IStringLocalizer<SharedResource> l)
    {
        public Task<CommandResult> HandleAsync(Command c, CancellationToken ct = default) =>
            CaseWrites.ChangeAsync(db, l, c.CaseId, c.Version, (x, user) => x.DeclineAtIntake(c.Reason, c.ReferredTo, ChinaTime.Today, user), ct);
    }
}
