using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Shegong.Domain.Stations;
using Shegong.Web.Features.Common;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Auth;

namespace Shegong.Web.Features.Stations;

/// <summary>/api/v1/stations — a station outside the caller's scope is 404 for reads and writes alike.</summary>
public static class StationsApi
{
    public sealed record UpdateStationRequest(string? Name, string? Address, string? OperatingOrganization, DateOnly? BuiltOn, bool IsDemonstration,
        StationStatus Status, DateOnly? OperatingSince, IReadOnlyList<UpdateStation.ChecklistEntry>? Checklist, int Version, string? Phone = null, string? ServiceHours = null);
    [ApiName("AddStaffRequest")] public sealed record StaffRequest(string? Name, string? Position, string? Certificate, string? Phone);
    [ApiName("AddRoomRequest")] public sealed record RoomRequest(string? CommunityCode, string? Name, string? Address, DateOnly? OpenedOn);

    private static async ValueTask<object?> StationWriteFilter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var l = http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        if (http.Request.RouteValues.TryGetValue("id", out var raw) && Guid.TryParse(raw?.ToString(), out var id))
        {
            var db = http.RequestServices.GetRequiredService<Infrastructure.Data.ShegongDbContext>();
            if (!await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(db.Stations, s => s.Id == id))
                return ErrorHandling.NotFound(l);
        }
        if (!http.User.Admits(Policies.StationEditors))
            return TypedResults.Problem(l["Error.Forbidden"], statusCode: StatusCodes.Status403Forbidden, title: l["Error.ForbiddenTitle"]);
        return await next(context);
    }

    public static void Map(RouteGroupBuilder api)
    {
        var stations = api.MapGroup("/stations").WithTags("社工站 Stations")
            .RequireAuthorization(Policies.StationViewers);
        // Writes: a station outside the scope is 404 whatever the role; inside it, roles that may not edit get 403.
        var edit = stations.MapGroup("").AddEndpointFilter(StationWriteFilter);

        stations.MapGet("/", async ([AsParameters] ListStations.Query q, ListStations.Handler h, CancellationToken ct) =>
                TypedResults.Ok(await h.HandleAsync(q, ct)))
            .WithSummary("社工站列表 (Stations in scope; filters name, status, region; paging)");

        stations.MapGet("/{id:guid}", async Task<Results<Ok<GetStation.Result>, NotFound<ProblemDetailsLike>>> (
                Guid id, GetStation.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                await h.HandleAsync(id, ct) is { } s ? TypedResults.Ok(s) : ErrorHandling.NotFound(l))
            .WithSummary("社工站详情 (Station details)");

        stations.MapPost("/", async (CreateStation.Command c, CreateStation.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await h.HandleAsync(c, ct)).ToCreated(l, id => $"/api/v1/stations/{id}"))
            .RequireAuthorization(Policies.StationCreators)
            .WithSummary("新建社工站，每个乡镇/街道一个 (Create the station of a township)");

        edit.MapPut("/{id:guid}", async (Guid id, UpdateStationRequest b, HttpContext http, UpdateStation.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                !VersionTag.TryRead(http, b.Version, out var version) ? VersionTag.Invalid(l)
                    : (await h.HandleAsync(new UpdateStation.Command(id, b.Name, b.Address, b.OperatingOrganization, b.BuiltOn, b.IsDemonstration,
                        b.Status, b.OperatingSince, b.Checklist, version, b.Phone, b.ServiceHours), ct)).ToSaved(l))
            .WithSummary("修改社工站；version 不符时返回 409 (Update; 409 when changed meanwhile)")
            .ProducesProblem(403);

        edit.MapPost("/{id:guid}/staff", async (Guid id, StaffRequest b, AddStaffMember.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await h.HandleAsync(new AddStaffMember.Command(id, b.Name, b.Position, b.Certificate, b.Phone), ct))
                    .ToCreated(l, _ => $"/api/v1/stations/{id}"))
            .WithSummary("添加工作人员 (Add a staff member)")
            .ProducesProblem(403);

        edit.MapDelete("/{id:guid}/staff/{staffId:guid}", async (Guid id, Guid staffId, RemoveStaffMember.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await h.HandleAsync(new RemoveStaffMember.Command(id, staffId), ct)).ToNoContent(l))
            .WithSummary("移除工作人员 (Remove a staff member)")
            .ProducesProblem(403);

        edit.MapPost("/{id:guid}/rooms", async (Guid id, RoomRequest b, AddSocialWorkRoom.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await h.HandleAsync(new AddSocialWorkRoom.Command(id, b.CommunityCode, b.Name, b.Address, b.OpenedOn), ct))
                    .ToCreated(l, _ => $"/api/v1/stations/{id}"))
            .WithSummary("新建社区社工室 (Open a community social work room)")
            .ProducesProblem(403);
    }
}
