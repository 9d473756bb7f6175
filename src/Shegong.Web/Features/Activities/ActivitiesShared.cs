using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Shegong.Domain.Access;
using Shegong.Domain.Activities;
using Shegong.Domain.Common;
using Shegong.Web.Features.Common;
using Shegong.Web.Features.Registry.Contracts;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Activities;

internal static class ActivityErrors
{
    /// <summary>"计划节数：请填写 1 到 100 之间的数" for each broken rule; field names of this module are keyed "Activities.Field.*".</summary>
    public static CommandResult Invalid(IStringLocalizer l, DomainException e) =>
        new(Outcome.Invalid, e.Each.Select(x => (x.Field, Message(l, x.Field, l[x.Code, ErrorHandling.Args(l, x.Args)]))).ToList());

    public static CommandResult Invalid(IStringLocalizer l, string field, string code, params object[] args) =>
        CommandResult.Invalid(field, Message(l, field, l[code, args]));

    private static string Message(IStringLocalizer l, string field, string text)
    {
        var name = l["Activities.Field." + field];
        return name.ResourceNotFound ? text : $"{name}：{text}";
    }
}

internal static class ActivityQueries
{
    public sealed record Station(Guid Id, string RegionPrefix);

    /// <summary>The caller's own station (only its staff record groups and activities); null for anyone else.</summary>
    public static async Task<Station?> OwnStationAsync(this ShegongDbContext db, CancellationToken ct)
    {
        if (db.Scope is not { Kind: ScopeKind.Station, StationId: { } id }) return null;
        return await db.Stations.AsNoTracking().Where(s => s.Id == id).Select(s => new Station(s.Id, s.RegionPrefix)).SingleOrDefaultAsync(ct);
    }

    /// <summary>Whether the caller may see who is in a group and who came (personal data): the station's own staff, or the system.</summary>
    public static bool SeesPeople(this ShegongDbContext db) => db.Scope.Kind is ScopeKind.Station or ScopeKind.All;

    /// <summary>A group's type whose session notes are sensitive (support and therapy groups): each read of them is audited.</summary>
    public static bool HasSensitiveNotes(GroupType type) => type is GroupType.Support or GroupType.Therapy;

    public static async Task<Dictionary<Guid, string>> WorkerNamesAsync(this ShegongDbContext db, Guid stationId, CancellationToken ct) =>
        (await db.StationWorkersAsync(stationId, ct)).ToDictionary(w => w.Id, w => w.Name);
}
