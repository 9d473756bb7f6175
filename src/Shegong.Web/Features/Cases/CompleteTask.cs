using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Shegong.Domain.Cases;
using Shegong.Domain.Common;
using Shegong.Web.Features.Common;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Cases;

/// <summary>
/// A meeting's decision marked done by its owner (or by anyone who reads it: the case's workers, the station
/// manager). Other tasks end with their source (a note, the evaluation, the referral's result) and refuse this.
/// </summary>
public static class CompleteTask
{
    public sealed record Command(Guid TaskId, int Version);

    public sealed class Handler(ShegongDbContext db, IStringLocalizer<SharedResource> l)
    {
        public async Task<CommandResult> HandleAsync(Command c, CancellationToken ct = default)
        {
            if (db.Scope.UserId is not { } user) return CommandResult.NotFound;
            var task = await db.Set<CaseTask>().SingleOrDefaultAsync(t => t.Id == c.TaskId, ct);
            if (task is null) return CommandResult.NotFound;
            if (!db.MatchesVersion(task, c.Version)) return CommandResult.Conflict(l);
            try
            {
                task.MarkDone(user, ChinaTime.Today);
                await db.SaveChangesAsync(ct);
                return CommandResult.Ok(task.Id, task);
            }
            catch (DomainException e) { return CommandResult.Invalid(l, e); }
            catch (DbUpdateConcurrencyException) { return CommandResult.Conflict(l); }
        }
    }
}
