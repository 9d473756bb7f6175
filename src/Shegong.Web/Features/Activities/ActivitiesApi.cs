using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Shegong.Domain.Activities;
using Shegong.Web.Features.Common;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Auth;

namespace Shegong.Web.Features.Activities;

/// <summary>
/// /api/v1/groups (小组: stages, members, sessions with attendance) and /api/v1/activities (社区活动). Reads for the
/// station's staff and the officers above it (who get counts, never members or attendance); writes for the station's staff.
/// </summary>
public static class ActivitiesApi
{
    [ApiName("MoveGroupStageRequest")]
    public sealed record StageRequest(int Version, GroupStage? Stage, GroupAttainment? Attainment, string? MembersFeedback, string? Reflection);
    [ApiName("AddGroupMembersRequest")] public sealed record MembersRequest(IReadOnlyList<Guid>? PersonIds);
    [ApiName("RecordSessionRequest")]
    public sealed record SessionRequest(DateOnly? HeldOn, TimeOnly? StartsAt, int? DurationMinutes, string? Topic, string? Content, IReadOnlyList<Guid>? PresentPersonIds);
    [ApiName("SessionAttendanceRequest")] public sealed record AttendanceRequest(int Version, IReadOnlyList<Guid>? PresentPersonIds);
    [ApiName("EditActivityRequest")]
    public sealed record EditRequest(int Version, ActivityKind? Kind, string? Title, DateOnly? HeldOn, TimeOnly? StartsAt, int? DurationMinutes, string? Place,
        Guid? OrganiserId, int? ParticipantsCount, string? Summary);

    public static void Map(RouteGroupBuilder api)
    {
        var reads = api.MapGroup("/groups").WithTags("小组 Groups").RequireAuthorization(Policies.StationViewers);
        var groups = api.MapGroup("/groups").WithTags("小组 Groups").RequireAuthorization(Policies.StationWorkers);

        reads.MapGet("/", async (GroupStage? stage, int? page, ListGroups.Handler h, CancellationToken ct) =>
                TypedResults.Ok(await h.HandleAsync(new ListGroups.Query(stage, page ?? 1), ct)))
            .WithSummary("小组列表（成员数、已开展节数；可按阶段筛选）(Groups, with member and session counts)");

        reads.MapGet("/{id:guid}", async Task<Results<Ok<GetGroup.Result>, NotFound<ProblemDetailsLike>>> (
                Guid id, GetGroup.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                await h.HandleAsync(new GetGroup.Query(id), ct) is { } r ? TypedResults.Ok(r) : ErrorHandling.NotFound(l))
            .WithSummary("小组详情：阶段、节次；成员、出勤、内容记录和评估仅本站工作人员可见（people 为空表示只看数字），支持/治疗小组的记录每次查看留痕 (A group; members and notes for the station's staff only, audited)");

        groups.MapPost("/", async (CreateGroup.Command c, CreateGroup.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await h.HandleAsync(c, ct)).ToCreated(l, id => $"/api/v1/groups/{id}"))
            .WithSummary("新建小组（名称、目标、类型、负责社工、计划节数），从筹备期开始 (Set up a group)");

        groups.MapPost("/{id:guid}/stage", async (Guid id, StageRequest b, HttpContext http, MoveGroupStage.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                !VersionTag.TryRead(http, b.Version, out var version) ? VersionTag.Invalid(l)
                    : (await h.HandleAsync(new MoveGroupStage.Command(id, version, b.Stage, b.Attainment, b.MembersFeedback, b.Reflection), ct)).ToSaved(l))
            .WithSummary("进入下一阶段（筹备→形成→转折→成熟→结束，逐级向前）；结束需目标达成、组员反馈、社工反思；version 或 If-Match 不符时 409 (Next stage; the end needs the evaluation)");

        groups.MapPost("/{id:guid}/members", async (Guid id, MembersRequest b, AddGroupMembers.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await h.HandleAsync(new AddGroupMembers.Command(id, b.PersonIds), ct)).ToNoContent(l))
            .WithSummary("加入成员（本站在册人员；已在组内的跳过；结束后不能再加）(Add registry persons as members)");

        groups.MapPost("/{id:guid}/sessions", async (Guid id, SessionRequest b, RecordSession.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await h.HandleAsync(new RecordSession.Command(id, b.HeldOn, b.StartsAt, b.DurationMinutes, b.Topic, b.Content, b.PresentPersonIds), ct))
                    .ToCreated(l, sid => $"/api/v1/groups/{id}#session-{sid}"))
            .WithSummary("记录一节活动：日期、时间、主题、内容、时长、出席成员（未列出的记为缺席）；小组结束后不能再记 (Record a session with attendance)");

        groups.MapPut("/{id:guid}/sessions/{sessionId:guid}/attendance", async (Guid id, Guid sessionId, AttendanceRequest b, HttpContext http,
                RecordSession.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                !VersionTag.TryRead(http, b.Version, out var version) ? VersionTag.Invalid(l)
                    : (await h.CorrectAttendanceAsync(new RecordSession.AttendanceCommand(id, sessionId, version, b.PresentPersonIds), ct)).ToSaved(l))
            .WithSummary("更正一节的出勤（出席成员名单）；version 或 If-Match 不符时 409 (Correct a session's attendance)");

        var activityReads = api.MapGroup("/activities").WithTags("社区活动 Activities").RequireAuthorization(Policies.StationViewers);
        var activities = api.MapGroup("/activities").WithTags("社区活动 Activities").RequireAuthorization(Policies.StationWorkers);

        activityReads.MapGet("/", async Task<Results<Ok<ListActivities.Result>, ValidationProblem>> (string? month, int? page, ListActivities.Handler h,
                IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                await h.HandleAsync(new ListActivities.Query(month, page ?? 1), ct) is { } r ? TypedResults.Ok(r)
                    : ErrorHandling.Validation(l, [("month", $"{l["Activities.Field.Month"]}：{l["Activities.MonthFormat"]}")]))
            .WithSummary("社区活动列表；month=2026-11 只看该月 (Community activities; month=yyyy-MM)");

        activityReads.MapGet("/{id:guid}", async Task<Results<Ok<ListActivities.Detail>, NotFound<ProblemDetailsLike>>> (
                Guid id, ListActivities.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                await h.GetAsync(id, ct) is { } d ? TypedResults.Ok(d) : ErrorHandling.NotFound(l))
            .WithSummary("社区活动详情；到场的在册人员仅本站工作人员可见 (A community activity; attendees for the station's staff only)");

        activities.MapPost("/", async (RecordActivity.Command c, RecordActivity.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await h.HandleAsync(c, ct)).ToCreated(l, id => $"/api/v1/activities/{id}"))
            .WithSummary("登记社区活动：类型、名称、日期时间、地点、组织社工、参与人数、小结、到场的在册人员（可选）(Record a community activity)");

        activities.MapPut("/{id:guid}", async (Guid id, EditRequest b, HttpContext http, RecordActivity.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                !VersionTag.TryRead(http, b.Version, out var version) ? VersionTag.Invalid(l)
                    : (await h.EditAsync(new RecordActivity.EditCommand(id, version, b.Kind, b.Title, b.HeldOn, b.StartsAt, b.DurationMinutes, b.Place,
                        b.OrganiserId, b.ParticipantsCount, b.Summary), ct)).ToSaved(l))
            .WithSummary("更正社区活动；version 或 If-Match 不符时 409 (Correct a community activity)");
    }
}
