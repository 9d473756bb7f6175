using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Shegong.Web.Features.Common;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Auth;

namespace Shegong.Web.Features.Accounts;

/// <summary>/api/v1/users — administrators manage the accounts of their scope.</summary>
public static class UsersApi
{
    public sealed record UpdateUserRequest(string? DisplayName, string? Role, Guid? StationId, string? RegionCode, string? Phone, bool Locked, string? ConcurrencyStamp);
    public sealed record ResetPasswordRequest(string? NewPassword);

    public static void Map(RouteGroupBuilder api)
    {
        var users = api.MapGroup("/users").WithTags("用户 Users")
            .RequireAuthorization(Policies.Administrators);

        users.MapGet("/", async ([AsParameters] ListUsers.Query q, ListUsers.Handler h, CancellationToken ct) =>
                TypedResults.Ok(await h.HandleAsync(q, ct)))
            .WithSummary("用户列表 (List users in scope)");

        users.MapGet("/{id:guid}", async Task<Results<Ok<GetUser.Result>, NotFound<ProblemDetailsLike>>> (
                Guid id, GetUser.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                await h.HandleAsync(id, ct) is { } u ? TypedResults.Ok(u) : ErrorHandling.NotFound(l))
            .WithSummary("用户详情，含电话；记入审计日志 (User details; audited read)");

        users.MapPost("/", async Task<Results<Created<IdResponse>, ValidationProblem>> (
                CreateUser.Command c, CreateUser.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            {
                var r = await h.HandleAsync(c, ct);
                return r.Id is { } id ? TypedResults.Created($"/api/v1/users/{id}", new IdResponse(id)) : ErrorHandling.Validation(l, r.Errors);
            })
            .WithSummary("新建用户 (Create a user)");

        users.MapPut("/{id:guid}", async Task<Results<NoContent, NotFound<ProblemDetailsLike>, ValidationProblem, ConflictProblem>> (
                Guid id, UpdateUserRequest b, UpdateUser.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            {
                var r = await h.HandleAsync(new UpdateUser.Command(id, b.DisplayName, b.Role, b.StationId, b.RegionCode, b.Phone, b.Locked, b.ConcurrencyStamp), ct);
                if (!r.Found) return ErrorHandling.NotFound(l);
                if (r.Errors.Count == 0) return TypedResults.NoContent();
                if (r.Errors[0].Field == "") return ConflictProblem.Of(l);
                return ErrorHandling.Validation(l, r.Errors);
            })
            .WithSummary("修改用户 (Update a user; 409 when changed meanwhile)");

        users.MapPost("/{id:guid}/password", async Task<Results<NoContent, NotFound<ProblemDetailsLike>, ValidationProblem>> (
                Guid id, ResetPasswordRequest b, ResetPassword.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            {
                var r = await h.HandleAsync(new ResetPassword.Command(id, b.NewPassword), ct);
                if (!r.Found) return ErrorHandling.NotFound(l);
                return r.Errors.Count == 0 ? TypedResults.NoContent() : ErrorHandling.Validation(l, r.Errors);
            })
            .WithSummary("重置密码；结束该用户的全部会话，不解除管理员锁定 (Reset a password; ends every session, keeps an administrator's lock)");

        users.MapDelete("/{id:guid}/sessions", async Task<Results<NoContent, NotFound<ProblemDetailsLike>>> (
                Guid id, EndSessions.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                await h.HandleAsync(new EndSessions.Command(id), ct) ? TypedResults.NoContent() : ErrorHandling.NotFound(l))
            .WithSummary("结束该用户的全部会话：网页登录与 API 令牌立即失效 (End every session of a user: cookies and tokens stop working at once)");
    }
}

