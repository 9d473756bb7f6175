using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Shegong.Domain.Cases;
using Shegong.Domain.Common;
using Shegong.Web.Features.Common;
using Shegong.Web.Features.Registry.Contracts;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Cases;

/// <summary>
/// The station manager puts another worker in charge of a case or changes its co-workers (a worker leaves, the load
/// is shared out). Who may read the case follows at once: every record of the case that carries its access list
/// (<see cref="ICaseRecord"/> — stage changes, notes, referrals and whatever a module adds; not a supervision note,
/// whose readers are its own); tasks and meetings, whose readers are the case's and more, follow by their own rule
/// (<c>CaseTaskSync.WorkersChangedAsync</c>)
/// gets the new list in the same transaction, so the worker taken off the case reads none of it from then on.
/// </summary>
public static class ChangeCaseWorkers
{
    public sealed record Command(Guid CaseId, int Version, Guid? WorkerId, IReadOnlyList<Guid>? CoWorkers);

    public sealed class Handler(ShegongDbContext db, IStringLocalizer<SharedResource> l)
    {
        public async Task<CommandResult> HandleAsync(Command c, CancellationToken ct = default)
        {
            if (db.Scope.UserId is null) return CommandResult.NotFound;
            var @case = await db.CasesOf().SingleOrDefaultAsync(x => x.Id == c.CaseId, ct);
            if (@case is null) return CommandResult.NotFound;
            if (!db.Scope.ManagesStation || db.Scope.StationId != @case.StationId)
                return CommandResult.Invalid("WorkerId", $"{l["Field.WorkerId"]}：{l["Cases.OnlyManagerAssigns"]}");
            if (!db.MatchesVersion(@case, c.Version)) return CommandResult.Conflict(l);
            if (c.WorkerId is not { } worker || worker == Guid.Empty) return CommandResult.Invalid("WorkerId", $"{l["Field.WorkerId"]}：{l["Error.Required"]}");
            var staff = (await db.StationWorkersAsync(@case.StationId, ct)).Select(w => w.Id).ToHashSet();
            if (!staff.Contains(worker)) return CommandResult.Invalid("WorkerId", $"{l["Field.WorkerId"]}：{l["Cases.NotStationWorker"]}");
            var co = c.CoWorkers ?? [];
            if (co.Any(w => !staff.Contains(w))) return CommandResult.Invalid("CoWorkers", $"{l["Field.CoWorkers"]}：{l["Cases.NotStationWorker"]}");
            try
            {
                var before = @case.WorkerId;
                @case.SetWorkers(worker, co);
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                await db.SaveChangesAsync(ct);
                await FollowAsync(db, @case, ct);
                // Tasks move to the new worker in charge; decisions keep their owner; meetings about the case follow.
                await CaseTaskSync.WorkersChangedAsync(db, @case, before, ct);
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                return CommandResult.Ok(@case.Id, @case);
            }
            catch (DomainException e) { return CommandResult.Invalid(l, e); }
            catch (DbUpdateConcurrencyException) { return CommandResult.Conflict(l); }
        }
    }

    /// <summary>Copies the case's access list to every record of the case (<see cref="ICaseRecord"/>), whichever module's.</summary>
    public static async Task FollowAsync(ShegongDbContext db, Case c, CancellationToken ct)
    {
        var types = db.Model.GetEntityTypes()
            .Where(t => typeof(ICaseRecord).IsAssignableFrom(t.ClrType))
            .Select(t => t.ClrType).ToList();
        foreach (var type in types)
            await (Task)typeof(ChangeCaseWorkers).GetMethod(nameof(FollowOneAsync), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
                .MakeGenericMethod(type).Invoke(null, [db, c.Id, c.AccessList, ct])!;
    }

    private static Task<int> FollowOneAsync<T>(ShegongDbContext db, Guid caseId, string access, CancellationToken ct) where T : class =>
        db.Set<T>().Where(e => EF.Property<Guid>(e, "CaseId") == caseId)
            .ExecuteUpdateAsync(s => s.SetProperty(e => EF.Property<string>(e, "AccessList"), access), ct);
}
