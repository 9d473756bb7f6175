using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Shegong.Web.Features.Common;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Auth;

namespace Shegong.Web.Features.Wishes.Dispatch;

/// <summary>
/// /api/v1/wishes/donors and /api/v1/wishes/dispatch (the station's staff: donor pool, suggestions, offers);
/// answering an offer is open to the linked donor too; /api/v1/notifications for every signed-in user.
/// </summary>
public static class DispatchApi
{
    [ApiName("MakeOfferRequest")] public sealed record OfferRequest(Guid WishId, Guid DonorId, int Units = 1);
    [ApiName("AnswerOfferResponse")] public sealed record AnswerResponse(Guid OfferId, Guid? ClaimId);

    public static void Map(RouteGroupBuilder api)
    {
        var staff = api.MapGroup("/wishes").WithTags("精准派单 Dispatch")
            .RequireAuthorization(Policies.StationWorkers);

        staff.MapGet("/donors", async (ListDonors.Handler h, CancellationToken ct) => TypedResults.Ok(await h.HandleAsync(ct)))
            .WithSummary("本站爱心资源库（电话、邮箱已遮蔽）(The station's donor pool)");

        staff.MapGet("/donors/{id:guid}", async Task<Results<Ok<ListDonors.Item>, NotFound<ProblemDetailsLike>>> (Guid id, ListDonors.Handler h,
                IStringLocalizer<SharedResource> l, CancellationToken ct) => await h.GetAsync(id, ct) is { } d ? TypedResults.Ok(d) : ErrorHandling.NotFound(l))
            .WithSummary("一位捐赠方 (A donor)");

        staff.MapGet("/donors/{id:guid}/phone", async Task<Results<Ok<PhoneResponse>, NotFound<ProblemDetailsLike>>> (Guid id, ListDonors.Handler h,
                IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                await h.RevealPhoneAsync(id, ct) is { } phone ? TypedResults.Ok(new PhoneResponse(phone)) : ErrorHandling.NotFound(l))
            .WithSummary("捐赠方完整电话（用于电话派单，每次查看留痕）(A donor's full phone number; audited)");

        staff.MapPost("/donors", async (SaveDonor.Command c, SaveDonor.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await h.HandleAsync(c with { Id = null }, ct)).ToCreated(l, id => $"/api/v1/wishes/donors/{id}"))
            .WithSummary("加入捐赠方（可由以往认领人一步加入：fromClaimId）(Add a donor, optionally from a past claimant)");

        staff.MapPut("/donors/{id:guid}", async (Guid id, SaveDonor.Command c, HttpContext http, SaveDonor.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                !VersionTag.TryRead(http, c.Version, out var version) ? VersionTag.Invalid(l)
                    : (await h.HandleAsync(c with { Id = id, Version = version }, ct)).ToSaved(l))
            .WithSummary("修改捐赠方（电话、邮箱留空或省略则不变；clearEmail: true 清除邮箱）(Edit a donor; a blank or omitted phone or email keeps the stored one; clearEmail: true removes the email)");

        staff.MapGet("/dispatch/suggestions", async (GetSuggestions.Handler h, CancellationToken ct, bool includePublished = false,
                [FromQuery] Guid[]? skip = null) => TypedResults.Ok(await h.HandleAsync(new GetSuggestions.Query(includePublished, skip), ct)))
            .WithSummary("派单建议：最小费用流求解，满足偏好、预算与可认领份数，总价值最大 (Suggested donor for each wish)");

        staff.MapGet("/dispatch/offers", async (ListOffers.Handler h, CancellationToken ct) => TypedResults.Ok(await h.ForStationAsync(ct)))
            .WithSummary("本站派单记录 (The station's offers)");

        staff.MapPost("/dispatch/offers", async (OfferRequest b, MakeOffer.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await h.HandleAsync(new MakeOffer.Command(b.WishId, b.DonorId, b.Units), ct)).ToCreated(l, id => $"/api/v1/wishes/dispatch/offers/{id}"))
            .WithSummary("派单：把心愿份数派给一位捐赠方并通知对方 (Offer wish units to a donor and notify them)");

        // The donor answers through their own account; staff record a donor's answer given by phone.
        var answer = api.MapGroup("/wishes/dispatch/offers").WithTags("精准派单 Dispatch");
        answer.MapGet("/mine", async (ListOffers.Handler h, CancellationToken ct) => TypedResults.Ok(await h.ForDonorAsync(ct)))
            .WithSummary("我收到的派单（捐赠方账号）(Offers made to me)");
        answer.MapPost("/{id:guid}/accept", (Guid id, HttpContext http, AnswerOffer.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                AnswerAsync(id, true, http, h, l, ct))
            .WithSummary("接受派单：生成认领（来源：精准派单）(Accept: becomes a claim with source Dispatch)");
        answer.MapPost("/{id:guid}/decline", (Guid id, HttpContext http, AnswerOffer.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                AnswerAsync(id, false, http, h, l, ct))
            .WithSummary("谢绝派单：心愿回到待派单 (Decline: the wish goes back to the pool)");
    }

    private static async Task<Results<Ok<AnswerResponse>, NotFound<ProblemDetailsLike>, ValidationProblem, ConflictProblem>> AnswerAsync(Guid id, bool accept, HttpContext http, AnswerOffer.Handler h, IStringLocalizer<SharedResource> l,
        CancellationToken ct)
    {
        var command = new AnswerOffer.Command(id, accept);
        var isStaff = http.User.Admits(Policies.StationWorkers);
        var r = isStaff ? await h.ForStaffAsync(command, ct) : await h.ForDonorAsync(command, ct);
        return r.Outcome.ToResults(l, _ => TypedResults.Ok(new AnswerResponse(id, r.ClaimId)));
    }
}
