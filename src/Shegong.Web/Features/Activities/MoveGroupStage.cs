using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Shegong.Domain.Activities;
using Shegong.Domain.Common;
using Shegong.Web.Features.Common;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Activities;

/// <summary>Moves a group on to its next stage (one at a time, never back); 结束 needs the end evaluation. Versioned: a stale version is 409.</summary>
public static class MoveGroupStage
{
    public sealed record Command(Guid Id, int Version, GroupStage? Stage, GroupAttainment? Attainment = null, string? MembersFeedback = null, string? Reflection = null);

    public sealed class Handler(ShegongDbContext db, IStringLocalizer<SharedResource> l)
    {
        public async Task<CommandResult> HandleAsync(Command c, CancellationToken ct = default)
        {
            if (!db.SeesPeople()) return CommandResult.NotFound;
            var group = await db.Set<Group>().SingleOrDefaultAsync(g => g.Id == c.Id, ct);
            if (group is null) return CommandResult.NotFound;
            if (!db.MatchesVersion(group, c.Version)) return CommandResult.Conflict(l);
            try
            {
                var evaluation = new GroupEvaluation(c.Attainment, c.MembersFeedback ?? "", c.Reflection ?? "");
                group.MoveTo(c.Stage, evaluation, ChinaTime.Today);
                await db.SaveChangesAsync(ct);
                return CommandResult.Ok(group.Id, group);
            }
            catch (DomainException e) { db.ChangeTracker.Clear(); return ActivityErrors.Invalid(l, e); }
            catch (DbUpdateConcurrencyException) { db.ChangeTracker.Clear(); return CommandResult.Conflict(l); }
        }
    }
}
