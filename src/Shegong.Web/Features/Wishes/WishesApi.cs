using Microsoft.AspNetCore.Http.HttpResults;
using Shegong.Web.Features.Common;
using Microsoft.Extensions.Localization;
using Shegong.Domain.Access;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Auth;

namespace Shegong.Web.Features.Wishes;

/// <summary>/api/v1/wishes (the station's staff) and /api/v1/board (the public claim list, no login, rate-limited).</summary>
public static class WishesApi
{
    public sealed record ReviewRequest(int Version, ReviewWish.Decision Decision, string? Reason);
    public sealed record ClaimResponse(string Code, IReadOnlyList<Guid> ClaimIds);
    public sealed record DeliveryRequest(Guid ClaimId, DateOnly? DeliveredOn, string? Note);
    public sealed record WithdrawRequest(string? Reason);
    /// <summary>A confirmation code, in the body: it is the key to a citizen's claims and never goes in an address.</summary>
    public sealed record CodeRequest(string? Code);
    public sealed record ReturnVisitRequest(int Version, DateOnly? VisitedOn, bool? Fulfilled, int? Quality, int? Satisfaction, int? BeneficiaryRating, string? Note);

    public static void Map(RouteGroupBuilder api)
    {
        var wishes = api.MapGroup("/wishes").WithTags("微心愿 Wishes")
            .RequireAuthorization(Policies.StationWorkers);

        wishes.MapGet("/", async ([AsParameters] ListWishes.Query q, ListWishes.Handler h, CancellationToken ct) => TypedResults.Ok(await h.HandleAsync(q, ct)))
            .WithSummary("本站微心愿（含受助人姓名，仅工作人员）(The station's wishes)");

        wishes.MapGet("/{id:guid}", async Task<Results<Ok<ListWishes.Detail>, NotFound<ProblemDetailsLike>>> (
                Guid id, ListWishes.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                await h.GetAsync(id, ct) is { } d ? TypedResults.Ok(d) : ErrorHandling.NotFound(l))
            .WithSummary("微心愿详情及认领 (A wish and its claims)");

        wishes.MapPost("/", async (CreateWish.Command c, CreateWish.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await h.HandleAsync(c, ct)).ToHttp(l, r => TypedResults.Created($"/api/v1/wishes/{r.Id}", new IdResponse(r.Id!.Value))))
            .WithSummary("点单：为在册人员登记微心愿（可由走访发现的需求一步生成）(Record a wish)")
            .Produces<IdResponse>(201).ProducesValidationProblem().ProducesProblem(404);

        wishes.MapPut("/{id:guid}", async (Guid id, EditWish.Command c, EditWish.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await h.HandleAsync(c with { Id = id }, ct)).ToHttp(l, _ => TypedResults.NoContent()))
            .WithSummary("修改草稿或被退回的心愿（需带 version）(Correct a draft or rejected wish)")
            .Produces(204).ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409);

        wishes.MapDelete("/{id:guid}", async (Guid id, int version, EditWish.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await h.DiscardAsync(id, version, ct)).ToHttp(l, _ => TypedResults.NoContent()))
            .WithSummary("放弃草稿或被退回的心愿（从未公开，删除并留痕；来源需求重新打开）(Discard a draft or rejected wish)")
            .Produces(204).ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409);

        wishes.MapPost("/{id:guid}/review", async (Guid id, ReviewRequest b, HttpContext http, ReviewWish.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            {
                // Submitting is every worker's; publishing or rejecting is the station manager's.
                if (b.Decision != ReviewWish.Decision.Submit && !http.User.IsInRole(Roles.StationManager))
                    return TypedResults.Problem(l["Wish.ReviewManagerOnly"], statusCode: 403, title: l["Error.ForbiddenTitle"]);
                return (await h.HandleAsync(new ReviewWish.Command(id, b.Version, b.Decision, b.Reason), ct)).ToHttp(l, _ => TypedResults.NoContent());
            })
            .WithSummary("提交审核、审核通过（公开认领）或退回并说明理由 (Submit, approve or reject)")
            .Produces(204).ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);

        wishes.MapPost("/{id:guid}/deliveries", async (Guid id, DeliveryRequest b, DeliverWish.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await h.DeliverAsync(new DeliverWish.DeliveryCommand(id, b.ClaimId, b.DeliveredOn, b.Note), ct)).ToHttp(l, _ => TypedResults.NoContent()))
            .WithSummary("登记送达（一项认领的全部份数；日期、说明）(Record a claim's delivery)")
            .Produces(204).ProducesValidationProblem().ProducesProblem(404);

        wishes.MapPost("/{id:guid}/return-visit", async (Guid id, ReturnVisitRequest b, DeliverWish.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await h.ReturnVisitAsync(new DeliverWish.ReturnVisitCommand(id, b.Version, b.VisitedOn, b.Fulfilled, b.Quality, b.Satisfaction,
                    b.BeneficiaryRating, b.Note), ct)).ToHttp(l, _ => TypedResults.NoContent()))
            .WithSummary("回访结单：是否实现、质量、满意度、受助人评分（群众评单）1–5 (Return visit that closes the wish)")
            .Produces(204).ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409);

        wishes.MapGet("/{id:guid}/claims/{claimId:guid}/phone", async Task<IResult> (Guid id, Guid claimId, ClaimContact.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                await h.RevealPhoneAsync(id, claimId, ct) is { } phone ? TypedResults.Ok(new { phone }) : ErrorHandling.NotFound(l))
            .WithSummary("认领人完整电话（用于联系送达，每次查看留痕）(A claimant's full phone number; audited)");

        wishes.MapPost("/{id:guid}/claims/{claimId:guid}/withdraw", async (Guid id, Guid claimId, WithdrawRequest b, ClaimContact.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await h.WithdrawAsync(new ClaimContact.WithdrawCommand(id, claimId, b.Reason), ct)).ToHttp(l, _ => TypedResults.NoContent()))
            .WithSummary("代认领人撤回认领（需说明原因；份数回到认领清单，派单捐赠方的预算和份数退回）(Withdraw a claim for its claimant)")
            .Produces(204).ProducesValidationProblem().ProducesProblem(404);

        // Photos: shown with the sign-in cookie as well (the wish page's <img> cannot carry a token); uploads by bearer token only.
        var photoViews = api.MapGroup("/wishes").WithTags("微心愿 Wishes")
            .RequireAuthorization(Policies.ApiOrBrowser, Policies.StationWorkers);
        photoViews.MapGet("/{id:guid}/photos/{photoId:guid}", async Task<IResult> (Guid id, Guid photoId, WishPhotos.Handler h, IStringLocalizer<SharedResource> l, HttpContext http, CancellationToken ct) =>
            {
                if (await h.GetAsync(id, photoId, ct) is not { } photo) return ErrorHandling.NotFound(l);
                http.Response.Headers.CacheControl = "private, no-store";
                return TypedResults.File(photo.Data, photo.ContentType);
            })
            .WithSummary("查看照片（仅本站工作人员，每次查看留痕）(A photo of a wish or a delivery; every view audited)");

        wishes.MapPost("/{id:guid}/photos", async Task<IResult> (Guid id, HttpRequest request, WishPhotos.Handler h, IConfiguration config, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            {
                if (!request.HasFormContentType) return CommandResult.Invalid("Photo", $"{l["Field.Photo"]}：{l["Error.Required"]}").ToHttp(l, _ => TypedResults.NoContent());
                var form = await request.ReadFormAsync(ct);
                Guid? claimId = null;
                if (!string.IsNullOrWhiteSpace(form["claimId"]))
                {
                    if (!Guid.TryParse(form["claimId"], out var c)) return CommandResult.Invalid("ClaimId", $"{l["Field.ClaimId"]}：{l["Error.NotAnId"]}").ToHttp(l, _ => TypedResults.NoContent());
                    claimId = c;
                }
                IReadOnlyList<byte[]> files;
                try { files = await WishPhotos.ReadAsync(form.Files, "photo", WishPhotos.MaxBytes(config), ct); }
                catch (Domain.Common.DomainException e) { return CommandResult.Invalid(l, e).ToHttp(l, _ => TypedResults.NoContent()); }
                if (files.Count == 0) return CommandResult.Invalid("Photo", $"{l["Field.Photo"]}：{l["Error.Required"]}").ToHttp(l, _ => TypedResults.NoContent());
                return (await h.AddAsync(new WishPhotos.Command(id, claimId, files), ct)).ToHttp(l, _ => TypedResults.NoContent());
            })
            .DisableAntiforgery() // bearer-token API, not a browser form
            .WithSummary("上传照片（字段 photo，可多张；JPEG/PNG，每张不超过 5 MB；claimId 表示该项认领的送达凭证）(Upload photos of the wish or of a delivery)")
            .Produces(204).ProducesValidationProblem().ProducesProblem(404);

        var board = api.MapGroup("/board").WithTags("认领清单 Public board").AllowAnonymous();

        board.MapGet("/", async ([AsParameters] ListBoard.Query q, ListBoard.Handler h, CancellationToken ct) => TypedResults.Ok(await h.HandleAsync(q, ct)))
            .WithSummary("公开认领清单（匿名化：姓氏+某、年龄段、社区、需求、价值、剩余份数）(The anonymised claim list)");

        board.MapPost("/claims", async (ClaimWishes.Command c, HttpContext http, BoardThrottle throttle, ClaimWishes.Handler h,
                IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            {
                if (!throttle.TryAcquire(http)) return TypedResults.Problem(l["Claim.Throttled"], statusCode: 429, title: l["Login.ThrottledTitle"]);
                var r = await h.HandleAsync(c, ct);
                return r.Outcome.ToHttp(l, _ => TypedResults.Ok(new ClaimResponse(r.Code!, r.ClaimIds)));
            })
            .WithSummary("认领一个或多个心愿（可认领多份）；返回确认码，凭码查看或撤回 (Claim; returns a confirmation code)")
            .Produces<ClaimResponse>(200).ProducesValidationProblem().ProducesProblem(404).ProducesProblem(429);

        board.MapPost("/claims/lookup", async Task<IResult> (CodeRequest b, HttpContext http, BoardThrottle throttle, ClaimsByCode.Handler h,
                IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            {
                if (!throttle.TryAcquire(http)) return TypedResults.Problem(l["Claim.Throttled"], statusCode: 429, title: l["Login.ThrottledTitle"]);
                return await h.GetAsync(b.Code, ct) is { } items ? TypedResults.Ok(items) : ErrorHandling.NotFound(l);
            })
            .WithSummary("凭确认码查看自己的认领；确认码放在请求体 {\"code\": …} 中，不进网址 (Your claims, by confirmation code in the body)")
            .Produces<IReadOnlyList<ClaimsByCode.Item>>(200).ProducesProblem(404).ProducesProblem(429);

        board.MapPost("/claims/withdraw", async (CodeRequest b, HttpContext http, BoardThrottle throttle, ClaimsByCode.Handler h,
                IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            {
                if (!throttle.TryAcquire(http)) return TypedResults.Problem(l["Claim.Throttled"], statusCode: 429, title: l["Login.ThrottledTitle"]);
                return (await h.WithdrawAsync(b.Code, ct)).ToHttp(l, _ => TypedResults.NoContent());
            })
            .WithSummary("凭确认码撤回认领，份数回到认领清单；确认码放在请求体中 (Withdraw your claims; the code in the body)");
    }
}
