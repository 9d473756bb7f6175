using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Shegong.Domain.Visits;
using Shegong.Web.Features.Common;
using Shegong.Web.Features.Registry;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Auth;

namespace Shegong.Web.Features.Visits;

/// <summary>/api/v1/visits and /api/v1/visit-rules.</summary>
public static class VisitsApi
{
    public sealed record LogVisitRequest(VisitMethod? Method, DateOnly? VisitedOn, VisitRecord? Record, IReadOnlyList<LogVisit.NeedInput>? Needs);

    public static void Map(RouteGroupBuilder api)
    {
        var visits = api.MapGroup("").WithTags("走访 Visits");
        var workers = visits.MapGroup("").RequireAuthorization(Policies.StationWorkers);

        workers.MapPost("/persons/{id:guid}/visits", async Task<Results<Created<IdResponse>, NotFound<ProblemDetailsLike>, ValidationProblem, ConflictProblem, UnprocessableProblem>> (Guid id, LogVisitRequest b, [FromHeader(Name = VisitKeys.Field)] string? key,
                LogVisit.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            {
                // An Idempotency-Key makes a retry safe: the same key and body answer the first visit (201, same id), the
                // same key with another body is refused (422); keys are the caller's own.
                if (key is not null && !VisitSubmission.IsValidKey(key))
                    return ErrorHandling.Validation(l, [(VisitKeys.Field, $"{VisitKeys.Field}：{l["Visits.KeyFormat"]}")]);
                var r = await h.HandleAsync(new LogVisit.Command(id, b.Method, b.VisitedOn, b.Record, b.Needs, key), ct);
                if (r.Outcome == Outcome.Invalid && r.Errors is [(VisitKeys.Field, var message)])
                    return UnprocessableProblem.Of(l["Visits.KeyReusedTitle"], message);
                return r.ToResults<Created<IdResponse>, UnprocessableProblem>(l, x => TypedResults.Created($"/api/v1/persons/{id}", new IdResponse(x.Id!.Value)));
            })
            .WithSummary("记一次走访（方式、日期、记录各节、发现的需求）；可带 Idempotency-Key 头，重试不会重复记录 (Log a visit; an Idempotency-Key header makes retries safe)");

        workers.MapGet("/visits/queue", async (bool? all, GetWorkQueue.Handler h, CancellationToken ct) =>
                TypedResults.Ok(await h.HandleAsync(new GetWorkQueue.Query(all != true), ct)))
            .WithSummary("本周走访：逾期、本周到期、本周已访；默认只看本人负责的 (This week's work: overdue, due, done)");

        workers.MapGet("/visits/overdue", async ([AsParameters] OverdueQuery q, ListPersons.Handler h, CancellationToken ct) =>
                TypedResults.Ok(await h.HandleAsync(new ListPersons.Query(Tier: q.Tier, Community: q.Community, WorkerId: q.WorkerId, OverdueOnly: true,
                    Page: q.Page ?? 1, PageSize: q.PageSize ?? 20), ct)))
            .WithSummary("逾期未访名单，按到期日排序 (Overdue persons, most overdue first)");

        visits.MapGet("/visit-rules", async Task<Results<Ok<GetVisitRules.Result>, NotFound<ProblemDetailsLike>>> (
                string? region, GetVisitRules.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                await h.HandleAsync(new GetVisitRules.Query(region), ct) is { } r ? TypedResults.Ok(r) : ErrorHandling.NotFound(l))
            .WithSummary("走访频次规则（本级或继承自上级）(Visit rules in force for a region)");

        visits.MapPut("/visit-rules", async (UpdateVisitRules.Command c, HttpContext http, UpdateVisitRules.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                !VersionTag.TryRead(http, c.Version, out var version) ? VersionTag.Invalid(l)
                    : (await h.HandleAsync(c with { Version = version }, ct)).ToSaved(l))
            .RequireAuthorization(Policies.VisitRuleEditors)
            .WithSummary("设置本区域走访规则并重新排期 (Set a region's visit rules; due dates are re-planned)");
    }

    public sealed record OverdueQuery(Shegong.Domain.Registry.FollowUpTier? Tier, string? Community, Guid? WorkerId, int? Page, int? PageSize);
}
