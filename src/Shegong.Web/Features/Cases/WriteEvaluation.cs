using Microsoft.Extensions.Localization;
using Shegong.Domain.Cases;
using Shegong.Web.Features.Common;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Cases;

/// <summary>评估: the attainment of every goal of the plan and a summary.</summary>
public static class WriteEvaluation
{
    public sealed record Command(Guid CaseId, int Version, IReadOnlyList<GoalAttainment>? Goals, string? Summary);

    public sealed class Handler(ShegongDbContext db, IStringLocalizer<SharedResource> l)
    {
        public Task<CommandResult> HandleAsync(Command c, CancellationToken ct = default) =>
            CaseWrites.ChangeAsync(db, l, c.CaseId, c.Version, async (x, user) =>
            {
                x.WriteEvaluation(c.Goals ?? [], c.Summary);
                // Every goal evaluated: the goals' target dates are no longer tasks.
                await CaseTaskSync.EndOpenAsync(db, x.Id, TaskKind.GoalTarget, TaskClosure.Satisfied, ChinaTime.Today, user, ct);
            }, ct);
    }
}
