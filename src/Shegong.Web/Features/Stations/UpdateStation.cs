using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Shegong.Domain.Common;
using Shegong.Domain.Stations;
using Shegong.Web.Features.Common;
using Shegong.Web.Infrastructure.Data;
using Shegong.Web.Infrastructure.Statistics;

namespace Shegong.Web.Features.Stations;

/// <summary>
/// Edits a station's details, status and 六有 checklist. <see cref="Command.Version"/> is the version the editor
/// loaded; if the station changed since, nothing is saved (no silent overwrite).
/// </summary>
public static class UpdateStation
{
    public sealed record ChecklistEntry(SixHasItem Item, bool Met, string? Note, DateOnly? CheckedOn = null);
    public sealed record Command(Guid Id, string? Name, string? Address, string? OperatingOrganization, DateOnly? BuiltOn, bool IsDemonstration,
        StationStatus Status, DateOnly? OperatingSince, IReadOnlyList<ChecklistEntry>? Checklist, int Version, string? Phone = null, string? ServiceHours = null);

    public sealed class Handler(ShegongDbContext db, IStringLocalizer<SharedResource> l, IHttpContextAccessor accessor, StatCache figures)
    {
        public async Task<CommandResult> HandleAsync(Command c, CancellationToken ct = default)
        {
            // The staff list decides the staffing item of the checklist.
            var station = await db.Stations.Include(s => s.Staff).SingleOrDefaultAsync(s => s.Id == c.Id, ct);
            if (station is null) return CommandResult.NotFound;
            // The database checks the version too, for an edit that lands between our read and our write.
            if (!db.MatchesVersion(station, c.Version)) return CommandResult.Conflict(l);
            try
            {
                station.UpdateDetails(c.Name ?? "", c.Address, c.OperatingOrganization, c.BuiltOn, c.IsDemonstration);
                // Absent (an older client): the contact stays as it is.
                if (c.Phone is not null || c.ServiceHours is not null) station.SetContact(c.Phone ?? station.Phone, c.ServiceHours ?? station.ServiceHours);
                if (c.Status == StationStatus.Operating)
                {
                    if (c.OperatingSince is not { } since)
                        return CommandResult.Invalid("OperatingSince", $"{l["Field.OperatingSince"]}：{l["Error.Required"]}");
                    station.StartOperating(since);
                }
                else station.StopOperating();
                if (c.Checklist is not null)
                    station.SetChecklist(c.Checklist.Select(e => new SixHasEntry(e.Item, e.Met, e.Note ?? "", e.CheckedOn)),
                        StationChecker.Name(accessor), StationChecker.Today);
                await db.SaveChangesAsync(ct);
                // The dashboards count the 六有 items met: a figure cache must not outlive this change.
                figures.Changed();
                return CommandResult.Ok(station.Id, station);
            }
            catch (DomainException e) { return CommandResult.Invalid(l, e); }
            catch (DbUpdateConcurrencyException) { return CommandResult.Conflict(l); }
        }
    }
}
