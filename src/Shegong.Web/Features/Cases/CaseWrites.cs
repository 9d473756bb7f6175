using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Shegong.Domain.Cases;
using Shegong.Domain.Common;
using Shegong.Web.Features.Common;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Cases;

/// <summary>
/// The one way a use case changes a case: found through the scope filter (another station's, or a case the caller is
/// not restricted to, is not found), the version matched, the domain rule applied, its stage changes added, saved.
/// A refusal writes nothing.
/// </summary>
internal static class CaseWrites
{
    public static IQueryable<Case> CasesOf(this ShegongDbContext db) => db.Set<Case>();

    public static async Task<CommandResult> ChangeAsync(ShegongDbContext db, IStringLocalizer l, Guid id, int? version,
        Func<Case, Guid, Task> change, CancellationToken ct)
    {
        if (db.Scope.UserId is not { } user) return CommandResult.NotFound;
        var c = await db.CasesOf().SingleOrDefaultAsync(x => x.Id == id, ct);
        if (c is null) return CommandResult.NotFound;
        if (version is { } v && !db.MatchesVersion(c, v)) return CommandResult.Conflict(l);
        try
        {
            await change(c, user);
            db.Set<CaseStageChange>().AddRange(c.NewChanges);
            // A closed case (or one not taken) leaves nothing to do: its open tasks end with it.
            if (!c.IsOpen) await CaseTaskSync.EndOpenAsync(db, c.Id, null, TaskClosure.CaseClosed, Infrastructure.ChinaTime.Today, user, ct);
            await db.SaveChangesAsync(ct);
            return CommandResult.Ok(c.Id, c);
        }
        catch (DomainException e) { return CommandResult.Invalid(l, e); }
        catch (DbUpdateConcurrencyException) { return CommandResult.Conflict(l); }
    }

    public static Task<CommandResult> ChangeAsync(ShegongDbContext db, IStringLocalizer l, Guid id, int? version, Action<Case, Guid> change, CancellationToken ct) =>
        ChangeAsync(db, l, id, version, (c, u) => { change(c, u); return Task.CompletedTask; }, ct);
}
