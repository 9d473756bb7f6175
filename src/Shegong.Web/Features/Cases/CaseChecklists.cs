using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Shegong.Domain.Cases;
using Shegong.Domain.Common;
using Shegong.Web.Features.Common;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Cases;

/// <summary>
/// The assessment checklist of the caller's station (预估清单): the station's own items when its manager set them,
/// otherwise the default list (Cases.Checklist.Default.1…8 in Strings.tsv).
/// </summary>
public sealed class CaseChecklists(ShegongDbContext db, IStringLocalizer<SharedResource> l)
{
    public const int DefaultCount = 8;

    public async Task<IReadOnlyList<string>> ItemsAsync(IStringLocalizer? localizer = null, CancellationToken ct = default)
    {
        var own = await db.Set<CaseChecklist>().AsNoTracking().Select(c => c.Items).FirstOrDefaultAsync(ct);
        if (own is { Count: > 0 }) return own;
        var loc = localizer ?? l;
        return Enumerable.Range(1, DefaultCount).Select(i => loc["Cases.Checklist.Default." + i].Value).ToList();
    }

    /// <summary>The station manager sets the station's items (in order).</summary>
    public async Task<CommandResult> SetAsync(IReadOnlyList<string?> items, int? version, CancellationToken ct = default)
    {
        if (db.Scope.StationId is not { } station || !db.Scope.ManagesStation) return CommandResult.NotFound;
        var list = await db.Set<CaseChecklist>().SingleOrDefaultAsync(ct);
        if (list is null)
        {
            list = CaseChecklist.For(station, db.Scope.RegionPrefix);
            db.Set<CaseChecklist>().Add(list);
        }
        else if (version is { } v && !db.MatchesVersion(list, v)) return CommandResult.Conflict(l);
        try
        {
            list.Set(items);
            await db.SaveChangesAsync(ct);
            return CommandResult.Ok(list.Id, list);
        }
        catch (DomainException e) { return CommandResult.Invalid(l, e); }
        catch (DbUpdateConcurrencyException) { return CommandResult.Conflict(l); }
    }
}
