using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Shegong.Domain.Cases;
using Shegong.Web.Features.Common;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Auth;

namespace Shegong.Web.Features.Cases;

/// <summary>
/// /api/v1/supervision-notes — 督导记录. Written only by a supervisor assigned to the station (anyone else: 400 with the
/// reason); read by the author, the workers a note concerns, the station manager and the station's assigned supervisors,
/// every other caller gets 404 (never 403, which would tell it exists). Each read of a note's advice is audited; the
/// list and the export carry no advice.
/// </summary>
public static class SupervisionApi
{
    [ApiName("WriteSupervisionNoteRequest")] public sealed record WriteRequest(Guid StationId, SupervisionKind? Kind, IReadOnlyList<Guid>? Workers, Guid? CaseId,
        DateOnly? On, string? Topic, string? Advice, int? Minutes);

    public sealed record ListQuery(Guid? StationId = null, Guid? WorkerId = null, Guid? CaseId = null, int Page = 1, int PageSize = 20);

    public static void Map(RouteGroupBuilder api)
    {
        var notes = api.MapGroup("/supervision-notes").WithTags("个案 Cases").RequireAuthorization(Policies.StationViewers);
        notes.MapGet("/", async ([AsParameters] ListQuery q, ListSupervisionNotes.Handler h, CancellationToken ct) =>
                TypedResults.Ok(await h.HandleAsync(new ListSupervisionNotes.Query(q.StationId, q.WorkerId, q.CaseId, q.Page, q.PageSize), ct)))
            .WithSummary("可查看的督导记录（不含督导意见；本人所写、涉及本人的、站长：全站、所督导站的督导） (Supervision notes the caller may read, without the advice)");
        notes.MapGet("/export", async ([AsParameters] ListQuery q, ExportSupervisionNotes.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                TypedResults.File(await h.HandleAsync(new ListSupervisionNotes.Query(q.StationId, q.WorkerId, q.CaseId), ct), "text/csv; charset=utf-8",
                    $"{l["Supervision.ExportFile"]}-{ChinaTime.Today:yyyyMMdd}.csv"))
            .RequireAuthorization(Policies.ApiOrBrowser, Policies.StationViewers)
            .Produces(200, contentType: "text/csv")
            .WithSummary("导出可查看的督导记录（CSV，不含督导意见；记入审计） (Export the notes the caller may read: CSV without the advice; audited)");
        notes.MapGet("/{id:guid}", async Task<Results<Ok<GetSupervisionNote.Result>, NotFound<ProblemDetailsLike>>> (Guid id, GetSupervisionNote.Handler h,
                IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                await h.HandleAsync(new GetSupervisionNote.Query(id), ct) is { } r ? TypedResults.Ok(r) : ErrorHandling.NotFound(l))
            .WithSummary("一条督导记录及督导意见；每次查看记入审计 (A supervision note with its advice; every read audited)");
        notes.MapPost("/", async (WriteRequest b, WriteSupervisionNote.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await h.HandleAsync(new WriteSupervisionNote.Command(b.StationId, b.Kind, b.Workers, b.CaseId, b.On, b.Topic, b.Advice, b.Minutes), ct))
                    .ToCreated(l, id => $"/api/v1/supervision-notes/{id}"))
            .WithSummary("督导写督导记录：个别（一名社工，可关联其个案）或团体（多名社工）；主题、督导意见、时长、日期；仅限被指派到该站的督导 (A supervisor assigned to the station writes a note)");
    }
}
