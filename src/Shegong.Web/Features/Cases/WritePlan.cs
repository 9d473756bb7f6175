using Microsoft.Extensions.Localization;
using Shegong.Domain.Cases;
using Shegong.Web.Features.Common;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Cases;

/// <summary>服务计划: goals, each with its measures and target date (numbered in order).</summary>
public static class WritePlan
{
    public sealed record Goal(string? Text, string? Measures, DateOnly? TargetDate);
    public sealed record Command(Guid CaseId, int Version, IReadOnlyList<Goal>? Goals);

    public sealed class Handler(ShegongDbContext db, IStringLocalizer<SharedResource> l)
    {
        public Task<CommandResult> HandleAsync(Command c, CancellationToken ct = default) =>
            CaseWrites.ChangeAsync(db, l, c.CaseId, c.Version, async (x, user) =>
            {
                x.WritePlan(PlanRecord.Checked((c.Goals ?? []).Select(g => (g.Text, g.Measures, g.TargetDate)).ToList(), ChinaTime.Today));
                // Each goal's target date is a task of the case's worker until the evaluation.
                await CaseTaskSync.PlanWrittenAsync(db, x, ChinaTime.Today, user, ct);
            }, ct);
    }
}
