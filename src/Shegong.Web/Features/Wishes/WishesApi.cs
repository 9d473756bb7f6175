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
    [ApiName("ReviewWishRequest")] public sealed record ReviewRequest(int Version, ReviewWish.Decision Decision, string? Reason);
    public sealed record ClaimResponse(string Code, IReadOnlyList<Guid> ClaimIds);
    [ApiName("DeliverWishRequest")] public sealed record DeliveryRequest(Guid ClaimId, DateOnly? DeliveredOn, string? Note);
    [ApiName("WithdrawClaimRequest")] public sealed record WithdrawRequest(string? Reason);
    /// <summary>A confirmation code, in the body: it is the key to a citizen's claims and never goes in an address.</summary>
    [ApiName("ClaimCodeRequest")] public sealed record CodeRequest(string? Code);
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
                (await h.HandleAsync(c, ct)).ToCreated(l, id => $"/api/v1/wishes/{id}"))
            .WithSummary("点单：为在册人员登记微心愿（可由走访发现的需求一步生成）(Record a wish)");

        wishes.MapPut("/{id:guid}", async (Guid id, EditWish.Command c, HttpContext http, EditWish.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                !VersionTag.TryRead(http, c.Version, out var version) ? VersionTag.Invalid(l)
                    : (await h.HandleAsync(c with { Id = id, Version = version }, ct)).ToSaved(l))
            .WithSummary("修改草稿或被退回的心愿（需带 version）(Correct a draft or rejected wish)");

        wishes.MapDelete("/{id:guid}", async (Guid id, int version, EditWish.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await h.DiscardAsync(id, version, ct)).ToNoContent(l))
            .WithSummary("放弃草稿或被退回的心愿（从未公开，删除并留痕；来源需求重新打开）(Discard a draft or rejected wish)");

        wishes.MapPost("/{id:guid}/review", async Task<Results<SavedVersion, NotFound<ProblemDetailsLike>, ValidationProblem, ConflictProblem, ForbiddenProblem>> (
                Guid id, ReviewRequest b, HttpContext http, ReviewWish.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            {
                // Submitting is every worker's; publishing or rejecting is the station manager's.
                if (b.Decision != ReviewWish.Decision.Submit && !http.User.IsInRole(Roles.StationManager))
                    return ForbiddenProblem.Of(l, l["Wish.ReviewManagerOnly"]);
                if (!VersionTag.TryRead(http, b.Version, out var version)) return VersionTag.Invalid(l);
                return (await h.HandleAsync(new ReviewWish.Command(id, version, b.Decision, b.Reason), ct)).ToSaved<ForbiddenProblem>(l);
            })
            .WithSummary("提交审核、审核通过（公开认领）或退回并说明理由 (Submit, approve or reject)");

        wishes.MapPost("/{id:guid}/deliveries", async (Guid id, DeliveryRequest b, DeliverWish.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await h.DeliverAsync(new DeliverWish.DeliveryCommand(id, b.ClaimId, b.DeliveredOn, b.Note), ct)).ToChanged(l))
            .WithSummary("登记送达（一项认领的全部份数；日期、说明）(Record a claim's delivery)");

        wishes.MapPost("/{id:guid}/return-visit", async (Guid id, ReturnVisitRequest b, HttpContext http, DeliverWish.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                !VersionTag.TryRead(http, b.Version, out var version) ? VersionTag.Invalid(l)
                    : (await h.ReturnVisitAsync(new DeliverWish.ReturnVisitCommand(id, version, b.VisitedOn, b.Fulfilled, b.Quality, b.Satisfaction,
                        b.BeneficiaryRating, b.Note), ct)).ToSaved(l))
            .WithSummary("回访结单：是否实现、质量、满意度、受助人评分（群众评单）1–5 (Return visit that closes the wish)");

        wishes.MapGet("/{id:guid}/claims/{claimId:guid}/phone", async Task<Results<Ok<PhoneResponse>, NotFound<ProblemDetailsLike>>> (
                Guid id, Guid claimId, ClaimContact.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                await h.RevealPhoneAsync(id, claimId, ct) is { } phone ? TypedResults.Ok(new PhoneResponse(phone)) : ErrorHandling.NotFound(l))
            .WithSummary("认领人完整电话（用于联系送达，每次查看留痕）(A claimant's full phone number; audited)");

        wishes.MapPost("/{id:guid}/claims/{claimId:guid}/withdraw", async (Guid id, Guid claimId, WithdrawRequest b, ClaimContact.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await h.WithdrawAsync(new ClaimContact.WithdrawCommand(id, claimId, b.Reason), ct)).ToChanged(l))
            .WithSummary("代认领人撤回认领（需说明原因；份数回到认领清单，派单捐赠方的预算和份数退回）(Withdraw a claim for its claimant)");

        // Photos: shown with the sign-in cookie as well (the wish page's <img> cannot carry a token); uploads by bearer token only.
        var photoViews = api.MapGroup("/wishes").WithTags("微心愿 Wishes")
            .RequireAuthorization(Policies.ApiOrBrowser, Policies.StationWorkers);
        photoViews.MapGet("/{id:guid}/photos/{photoId:guid}", async Task<IResult> (Guid id, Guid photoId, WishPhotos.Handler h, IStringLocalizer<SharedResource> l, HttpContext http, CancellationToken ct) =>
            {
                if (await h.GetAsync(id, photoId, ct) is not { } photo) return ErrorHandling.NotFound(l);
                http.Response.Headers.CacheControl = "private, no-store";
                return TypedResults.File(photo.Data, photo.ContentType);
            })
            .WithSummary("查看照片（仅本站工作人员，每次查看留痕）(A photo of a wish or a delivery; every view audited)")
            .Produces(200, null, "image/jpeg", "image/png").ProducesProblem(404);

        wishes.MapPost("/{id:guid}/photos", async Task<Results<NoContent, NotFound<ProblemDetailsLike>, ValidationProblem, ConflictProblem>> (Guid id, HttpRequest request, WishPhotos.Handler h, IConfiguration config, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            {
                if (!request.HasFormContentType) return CommandResult.Invalid("Photo", $"{l["Field.Photo"]}：{l["Error.Required"]}").ToNoContent(l);
                var form = await request.ReadFormAsync(ct);
                Guid? claimId = null;
                if (!string.IsNullOrWhiteSpace(form["claimId"]))
                {
                    if (!Guid.TryParse(form["claimId"], out var c)) return CommandResult.Invalid("ClaimId", $"{l["Field.ClaimId"]}：{l["Error.NotAnId"]}").ToNoContent(l);
                    claimId = c;
                }
                IReadOnlyList<byte[]> files;
                try { files = await WishPhotos.ReadAsync(form.Files, "photo", WishPhotos.MaxBytes(config), ct); }
                catch (Domain.Common.DomainException e) { return CommandResult.Invalid(l, e).ToNoContent(l); }
                if (files.Count == 0) return CommandResult.Invalid("Photo", $"{l["Field.Photo"]}：{l["Error.Required"]}").ToNoContent(l);
                return (await h.AddAsync(new WishPhotos.Command(id, claimId, files), ct)).ToNoContent(l);
            })
            .DisableAntiforgery() // bearer-token API, not a browser form
            .WithSummary("上传照片（字段 photo，可多张；JPEG/PNG，每张不超过 5 MB；claimId 表示该项认领的送达凭证）(Upload photos of the wish or of a delivery)");

        var board = api.MapGroup("/board").WithTags("认领清单 Public board").AllowAnonymous();

        board.MapGet("/", async ([AsParameters] ListBoard.Query q, ListBoard.Handler h, CancellationToken ct) => TypedResults.Ok(await h.HandleAsync(q, ct)))
            .WithSummary("公开认领清单（匿名化：姓氏+某、年龄段、社区、需求、价值、剩余份数）(The anonymised claim list)");

        board.MapPost("/claims", async Task<Results<Ok<ClaimResponse>, NotFound<ProblemDetailsLike>, ValidationProblem, ConflictProblem, TooManyRequestsProblem>> (ClaimWishes.Command c, HttpContext http, BoardThrottle throttle, ClaimWishes.Handler h,
                IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            {
                if (!throttle.TryAcquire(http)) return TooManyRequestsProblem.Of(l["Login.ThrottledTitle"], l["Claim.Throttled"]);
                var r = await h.HandleAsync(c, ct);
                return r.Outcome.ToResults<Ok<ClaimResponse>, TooManyRequestsProblem>(l, _ => TypedResults.Ok(new ClaimResponse(r.Code!, r.ClaimIds)));
            })
            .WithSummary("认领一个或多个心愿（可认领多份）；返回确认码，凭码查看或撤回 (Claim; returns a confirmation code)");

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
            .WithSummary("凭确认码撤回认领，份数回到认领清单；确认码放在请求体中 (Withdraw your claims; the code in the body)")
            .Produces(204).ProducesValidationProblem().ProducesProblem(404).ProducesProblem(429);
    }
}
