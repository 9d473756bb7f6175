using Microsoft.Extensions.Localization;
using Shegong.Domain.Activities;
using Shegong.Domain.Common;
using Shegong.Web.Features.Common;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Activities;

/// <summary>A worker sets up a group (小组) of the station: name, goal, type, workers in charge, planned sessions. It starts in 筹备.</summary>
public static class CreateGroup
{
    public sealed record Command(string? Name, string? Goal, GroupType? Type, Guid? LeadWorkerId, Guid? CoWorkerId, int? PlannedSessions);

    public sealed class Handler(ShegongDbContext db, IStringLocalizer<SharedResource> l)
    {
        public async Task<CommandResult> HandleAsync(Command c, CancellationToken ct = default)
        {
            if (await db.OwnStationAsync(ct) is not { } station) return CommandResult.NotFound;
            try
            {
                var group = Group.Create(station.Id, station.RegionPrefix, c.Name, c.Goal, c.Type, c.LeadWorkerId, c.CoWorkerId, c.PlannedSessions, ChinaTime.Today);
                var workers = await db.WorkerNamesAsync(station.Id, ct);
                if (!workers.ContainsKey(group.LeadWorkerId)) return ActivityErrors.Invalid(l, "LeadWorkerId", "Activities.NotStationWorker");
                if (group.CoWorkerId is { } co && !workers.ContainsKey(co)) return ActivityErrors.Invalid(l, "CoWorkerId", "Activities.NotStationWorker");
                db.Set<Group>().Add(group);
                await db.SaveChangesAsync(ct);
                return CommandResult.Ok(group.Id, group);
            }
            catch (DomainException e) { return ActivityErrors.Invalid(l, e); }
        }
    }
}
