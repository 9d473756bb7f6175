using Microsoft.Extensions.Localization;
using Shegong.Domain.Cases;
using Shegong.Web.Features.Common;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Cases;

/// <summary>接案表: the presenting problem and the request, at intake (versioned).</summary>
public static class WriteIntake
{
    public sealed record Command(Guid CaseId, int Version, string? PresentingProblem, string? Request);

    public sealed class Handler(ShegongDbContext db, IStringLocalizer<SharedResource> l)
    {
        public Task<CommandResult> HandleAsync(Command c, CancellationToken ct = default) =>
            CaseWrites.ChangeAsync(db, l, c.CaseId, c.Version, (x, _) => x.WriteIntake(IntakeRecord.Checked(c.PresentingProblem, c.Request)), ct);
    }
}
