using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Shegong.Domain.Cases;
using Shegong.Domain.Registry;
using Shegong.Web.Features.Common;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Auth;

namespace Shegong.Web.Features.Cases;

/// <summary>
/// /api/v1/cases and /api/v1/referrals — cases, their documents, notes and referrals. A case the caller may not read
/// (another station's; inside the station, one they are not a worker of, unless manager or assigned supervisor) is
/// 404 for every read and write. Writes of the case and of a referral are versioned (ETag / If-Match).
/// </summary>
public static class CasesApi
{
    [ApiName("OpenCaseRequest")] public sealed record OpenRequest(Guid PersonId, CaseSource? Source, RiskLevel? Risk, string? PresentingProblem, string? Request,
        Guid? NeedId = null, Guid? ReferralReceiptId = null, Guid? WorkerId = null, IReadOnlyList<Guid>? CoWorkers = null, bool ForHousehold = false);
    [ApiName("CaseIntakeRequest")] public sealed record IntakeRequest(int Version, string? PresentingProblem, string? Request);
    [ApiName("CaseAssessmentRequest")] public sealed record AssessmentRequest(int Version, string? Problems, string? Strengths, RiskLevel? Risk, string? RiskNote,
        string? FamilyAndSupport, IReadOnlyList<ChecklistItem>? Checklist);
    [ApiName("CasePlanRequest")] public sealed record PlanRequest(int Version, IReadOnlyList<WritePlan.Goal>? Goals);
    [ApiName("CaseEvaluationRequest")] public sealed record EvaluationRequest(int Version, IReadOnlyList<GoalAttainment>? Goals, string? Summary);
    [ApiName("CaseAdvanceRequest")] public sealed record AdvanceRequest(int Version, CaseStage? To);
    [ApiName("CaseDeclineRequest")] public sealed record DeclineRequest(int Version, string? Reason, string? ReferredTo);
    [ApiName("CaseClosingRequest")] public sealed record ClosingRequest(int Version, ClosingReason? Reason, string? Outcome);
    [ApiName("CaseClosingDecisionRequest")] public sealed record DecisionRequest(int Version, bool Approve, string? Reason);
    [ApiName("CaseReopenRequest")] public sealed record ReopenRequest(int Version, string? Reason);
    [ApiName("CaseWorkersRequest")] public sealed record WorkersRequest(int Version, Guid? WorkerId, IReadOnlyList<Guid>? CoWorkers);
    [ApiName("CaseNoteRequest")] public sealed record NoteRequest(DateOnly? On, ContactMethod? Method, int? Minutes, string? Text, DateOnly? NextContactOn = null);
    [ApiName("SendReferralRequest")] public sealed record ReferralRequest(ReceiverKind? ReceiverKind, string? ReceiverName, Guid? ReceiverStationId, string? Reason,
        string? Request, SharedField Shared, LegalBasis? Basis, string? BasisNote, int? FeedbackDays);
    [ApiName("ReferralAnswerRequest")] public sealed record AnswerRequest(int Version, ReferralStatus? Status, string? Feedback, DateOnly? On);
    [ApiName("ReferralConfirmationRequest")] public sealed record ConfirmRequest(int Version, DateOnly? On, ConfirmationMethod? Method, ConfirmationAnswer? Answer, string? Note);
    [ApiName("SupervisorAssignmentRequest")] public sealed record AssignRequest(Guid SupervisorId, Guid StationId, bool Assign = true);

    [ApiName("LinkageMeetingRequest")] public sealed record MeetingRequest(DateOnly? HeldOn, IReadOnlyList<PartyInput>? Parties, IReadOnlyList<Guid>? CaseIds,
        string? Minutes, IReadOnlyList<DecisionInput>? Decisions);
    [ApiName("TaskDoneRequest")] public sealed record TaskDoneRequest(int Version);

    [ApiName("CaseChecklistRequest")] public sealed record ChecklistRequest(int? Version, IReadOnlyList<string?> Items);

    public sealed record ListQuery(CaseStage? Stage = null, bool OpenOnly = false, bool MineOnly = false, string? Name = null, int Page = 1, int PageSize = 20);

    public static void Map(RouteGroupBuilder api)
    {
        var cases = api.MapGroup("/cases").WithTags("个案 Cases");
        // Reads admit every role that sees stations: the scope filter decides, and a case the caller may not read is 404 (never 403, which would tell it exists).
        cases.MapGet("/", async ([AsParameters] ListQuery q, ListCases.Handler h, CancellationToken ct) =>
                TypedResults.Ok(await h.HandleAsync(new ListCases.Query(q.Stage, q.OpenOnly, q.MineOnly, q.Name, q.Page, q.PageSize), ct)))
            .RequireAuthorization(Policies.StationViewers)
            .WithSummary("可查看的个案（本人负责或协作的；站长：全站；督导：所督导的站）；按阶段、姓名查找 (Cases the caller may read; by stage and name)");

        cases.MapGet("/export", async ([AsParameters] ListQuery q, ExportCases.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                TypedResults.File(await h.HandleAsync(new ListCases.Query(q.Stage, q.OpenOnly, q.MineOnly, q.Name), ct), "text/csv; charset=utf-8",
                    $"{l["Cases.ExportFile"]}-{ChinaTime.Today:yyyyMMdd}.csv"))
            .RequireAuthorization(Policies.ApiOrBrowser, Policies.StationViewers)
            .Produces(200, contentType: "text/csv")
            .WithSummary("导出可查看的个案列表（CSV，不含任何记录和文书内容；记入审计） (Export the list the caller may read: CSV, no narrative fields; audited)");

        cases.MapGet("/{id:guid}", async Task<Results<Ok<GetCase.Result>, NotFound<ProblemDetailsLike>>> (Guid id, GetCase.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                await h.HandleAsync(new GetCase.Query(id), ct) is { } r ? TypedResults.Ok(r) : ErrorHandling.NotFound(l))
            .RequireAuthorization(Policies.StationViewers)
            .WithSummary("个案全部文书、过程记录、转介；每次查看记入审计 (A case with its documents, notes and referrals; every read audited)");

        cases.MapGet("/checklist", async (CaseChecklists h, CancellationToken ct) => TypedResults.Ok(await h.ItemsAsync(ct: ct)))
            .RequireAuthorization(Policies.StationWorkers)
            .WithSummary("本站的预估清单（未设置时为默认清单） (The station's assessment checklist, or the default one)");
        cases.MapPut("/checklist", async (ChecklistRequest b, HttpContext http, CaseChecklists h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                !VersionTag.TryRead(http, b.Version ?? 0, out var v) ? VersionTag.Invalid(l)
                    : (await h.SetAsync(b.Items, b.Version is null && http.Request.Headers.IfMatch.Count == 0 ? null : v, ct)).ToSaved(l))
            .RequireAuthorization(Policies.StationManagers)
            .WithSummary("站长设置本站的预估清单 (The station manager sets the station's checklist)");

        var writes = cases.MapGroup("").RequireAuthorization(Policies.StationWorkers);
        writes.MapPost("/", async (OpenRequest b, OpenCase.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await h.HandleAsync(new OpenCase.Command(b.PersonId, b.Source, b.Risk, b.PresentingProblem, b.Request, b.NeedId, b.ReferralReceiptId,
                    b.WorkerId, b.CoWorkers, b.ForHousehold), ct)).ToCreated(l, id => $"/api/v1/cases/{id}"))
            .WithSummary("接案：为台账人员开个案（可由走访需求一步转入，或接收他站转介） (Open a case at intake, from a visit's need or a referral received)");

        writes.MapPut("/{id:guid}/intake", async (Guid id, IntakeRequest b, HttpContext http, WriteIntake.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                !VersionTag.TryRead(http, b.Version, out var v) ? VersionTag.Invalid(l)
                    : (await h.HandleAsync(new WriteIntake.Command(id, v, b.PresentingProblem, b.Request), ct)).ToSaved(l))
            .WithSummary("接案表 (The intake form)");
        writes.MapPut("/{id:guid}/assessment", async (Guid id, AssessmentRequest b, HttpContext http, WriteAssessment.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                !VersionTag.TryRead(http, b.Version, out var v) ? VersionTag.Invalid(l)
                    : (await h.HandleAsync(new WriteAssessment.Command(id, v, b.Problems, b.Strengths, b.Risk, b.RiskNote, b.FamilyAndSupport, b.Checklist), ct)).ToSaved(l))
            .WithSummary("预估：问题、优势、风险、家庭与支持网络、评估清单 (The assessment)");
        writes.MapPut("/{id:guid}/plan", async (Guid id, PlanRequest b, HttpContext http, WritePlan.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                !VersionTag.TryRead(http, b.Version, out var v) ? VersionTag.Invalid(l)
                    : (await h.HandleAsync(new WritePlan.Command(id, v, b.Goals), ct)).ToSaved(l))
            .WithSummary("服务计划：目标、措施、目标日期 (The service plan: goals, measures, target dates)");
        writes.MapPut("/{id:guid}/evaluation", async (Guid id, EvaluationRequest b, HttpContext http, WriteEvaluation.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                !VersionTag.TryRead(http, b.Version, out var v) ? VersionTag.Invalid(l)
                    : (await h.HandleAsync(new WriteEvaluation.Command(id, v, b.Goals, b.Summary), ct)).ToSaved(l))
            .WithSummary("评估：逐项目标达成情况 (The evaluation: attainment per goal)");
        writes.MapPost("/{id:guid}/advance", async (Guid id, AdvanceRequest b, HttpContext http, AdvanceCase.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                !VersionTag.TryRead(http, b.Version, out var v) ? VersionTag.Invalid(l)
                    : (await h.HandleAsync(new AdvanceCase.Command(id, v, b.To), ct)).ToSaved(l))
            .WithSummary("进入下一阶段（不可跳过，需完成本阶段文书） (Move to the next stage; none skipped)");
        writes.MapPost("/{id:guid}/decline", async (Guid id, DeclineRequest b, HttpContext http, DeclineCase.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                !VersionTag.TryRead(http, b.Version, out var v) ? VersionTag.Invalid(l)
                    : (await h.HandleAsync(new DeclineCase.Command(id, v, b.Reason, b.ReferredTo), ct)).ToSaved(l))
            .WithSummary("不予接案，已转介他处 (Not taken at intake, referred elsewhere)");
        writes.MapPost("/{id:guid}/closing", async (Guid id, ClosingRequest b, HttpContext http, RequestClosing.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                !VersionTag.TryRead(http, b.Version, out var v) ? VersionTag.Invalid(l)
                    : (await h.HandleAsync(new RequestClosing.Command(id, v, b.Reason, b.Outcome), ct)).ToSaved(l))
            .WithSummary("结案报告，提交站长审批（需先完成评估） (Closing report, sent for the station manager's approval)");
        writes.MapPost("/{id:guid}/closing/decision", async (Guid id, DecisionRequest b, HttpContext http, DecideClosing.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                !VersionTag.TryRead(http, b.Version, out var v) ? VersionTag.Invalid(l)
                    : (await h.HandleAsync(new DecideClosing.Command(id, v, b.Approve, b.Reason), ct)).ToSaved(l))
            .WithSummary("站长批准结案或退回（退回需说明理由） (The station manager approves or sends back the closing)");
        writes.MapPost("/{id:guid}/reopen", async (Guid id, ReopenRequest b, HttpContext http, ReopenCase.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                !VersionTag.TryRead(http, b.Version, out var v) ? VersionTag.Invalid(l)
                    : (await h.HandleAsync(new ReopenCase.Command(id, v, b.Reason), ct)).ToSaved(l))
            .WithSummary("重开已结案个案（需说明理由） (Reopen a closed case, with a reason)");
        writes.MapPut("/{id:guid}/workers", async (Guid id, WorkersRequest b, HttpContext http, ChangeCaseWorkers.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                !VersionTag.TryRead(http, b.Version, out var v) ? VersionTag.Invalid(l)
                    : (await h.HandleAsync(new ChangeCaseWorkers.Command(id, v, b.WorkerId, b.CoWorkers), ct)).ToSaved(l))
            .WithSummary("站长更换负责社工和协作社工（阅读权限随之改变） (The station manager changes the worker in charge and the co-workers; who may read follows)");
        writes.MapPost("/{id:guid}/notes", async (Guid id, NoteRequest b, AddCaseNote.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await h.HandleAsync(new AddCaseNote.Command(id, b.On, b.Method, b.Minutes, b.Text, b.NextContactOn), ct)).ToCreated(l, n => $"/api/v1/cases/{id}"))
            .WithSummary("过程记录：日期、方式、时长、内容、下次联系日期（已结案不可写） (A process note, optionally the next contact date; none on a closed case)");
        writes.MapPost("/{id:guid}/referrals", async (Guid id, ReferralRequest b, SendReferral.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await h.HandleAsync(new SendReferral.Command(id, b.ReceiverKind, b.ReceiverName, b.ReceiverStationId, b.Reason, b.Request, b.Shared,
                    b.Basis, b.BasisNote, b.FeedbackDays), ct)).ToCreated(l, _ => $"/api/v1/cases/{id}"))
            .WithSummary("转介：接收单位、原因、请求事项、共享的个人信息（仅所选）、同意或法定依据、反馈期限（工作日） (Send a referral)");

        var referrals = api.MapGroup("/referrals").WithTags("个案 Cases").RequireAuthorization(Policies.StationWorkers);
        referrals.MapGet("/inbox", async (bool? openOnly, ListReferralInbox.Handler h, CancellationToken ct) =>
                TypedResults.Ok(await h.HandleAsync(new ListReferralInbox.Query(openOnly == true), ct)))
            .WithSummary("本站收到的他站转介（仅对方共享的信息；查看记入审计） (Referrals received from other stations: only the shared fields; audited)");
        referrals.MapPost("/{id:guid}/answer", async (Guid id, AnswerRequest b, HttpContext http, AnswerReferral.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                !VersionTag.TryRead(http, b.Version, out var v) ? VersionTag.Invalid(l)
                    : (await h.HandleAsync(new AnswerReferral.Command(id, v, b.Status, b.Feedback, b.On), ct)).ToSaved(l))
            .WithSummary("接收方答复：接收、拒绝、办结（附反馈）；系统内社工站在收件箱中答复 (The receiver's answer: accepted, declined, done with feedback)");
        referrals.MapPost("/{id:guid}/confirmation", async (Guid id, ConfirmRequest b, HttpContext http, ConfirmReferral.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                !VersionTag.TryRead(http, b.Version, out var v) ? VersionTag.Invalid(l)
                    : (await h.HandleAsync(new ConfirmReferral.Command(id, v, b.On, b.Method, b.Answer, b.Note), ct)).ToSaved(l))
            .WithSummary("闭环：办结后向服务对象本人核实（电话或走访、日期、是否得到服务） (Closed loop: the person's own confirmation)");

        var meetings = api.MapGroup("/meetings").WithTags("个案 Cases");
        meetings.MapPost("/", async (MeetingRequest b, RecordMeeting.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await h.HandleAsync(new RecordMeeting.Command(b.HeldOn, b.Parties, b.CaseIds, b.Minutes, b.Decisions), ct)).ToCreated(l, id => $"/api/v1/meetings/{id}"))
            .RequireAuthorization(Policies.StationWorkers)
            .WithSummary("联动会议：日期、与会单位和人员、讨论的个案、会议纪要、决定（负责人、期限、所涉个案；成为任务） (A linkage meeting; its decisions become tasks)");
        meetings.MapGet("/{id:guid}", async Task<Results<Ok<GetMeeting.Result>, NotFound<ProblemDetailsLike>>> (Guid id, GetMeeting.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                await h.HandleAsync(id, ct: ct) is { } r ? TypedResults.Ok(r) : ErrorHandling.NotFound(l))
            .RequireAuthorization(Policies.StationViewers)
            .WithSummary("联动会议及纪要（所讨论个案的社工、站长、所派督导可看；每次查看记入审计） (A meeting and its minutes; every read audited)");
        meetings.MapGet("/{id:guid}/export", async Task<Results<FileContentHttpResult, NotFound<ProblemDetailsLike>>> (Guid id, GetMeeting.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                await h.ExportAsync(id, ct) is { } bytes
                    ? TypedResults.File(bytes, "text/csv; charset=utf-8", $"{l["Meetings.ExportFile"]}-{ChinaTime.Today:yyyyMMdd}.csv")
                    : ErrorHandling.NotFound(l))
            .RequireAuthorization(Policies.ApiOrBrowser, Policies.StationViewers)
            .Produces(200, contentType: "text/csv")
            .WithSummary("导出会议纪要（CSV；仅可查看者；记入审计） (Export a meeting's minutes: CSV, its readers only; audited)");

        var tasks = api.MapGroup("/tasks").WithTags("个案 Cases").RequireAuthorization(Policies.StationWorkers);
        tasks.MapGet("/", async (ListTasks.Handler h, CancellationToken ct) => TypedResults.Ok(await h.HandleAsync(new ListTasks.Query(), ct)))
            .WithSummary("我的任务：逾期、今天、本周（今后 6 天）到期的下次联系、计划目标、转介反馈期限、会议决定 (The caller's tasks: overdue, today, this week)");
        tasks.MapPost("/{id:guid}/done", async (Guid id, TaskDoneRequest b, HttpContext http, CompleteTask.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                !VersionTag.TryRead(http, b.Version, out var v) ? VersionTag.Invalid(l)
                    : (await h.HandleAsync(new CompleteTask.Command(id, v), ct)).ToSaved(l))
            .WithSummary("会议决定标记为已完成（其他任务在来源完成后自动消失） (Mark a meeting's decision done)");

        var supervisors = api.MapGroup("/supervisor-assignments").WithTags("个案 Cases").RequireAuthorization(Policies.StationCreators);
        supervisors.MapGet("/", async (AssignSupervisor.Handler h, CancellationToken ct) => TypedResults.Ok(await h.ListAsync(ct)))
            .WithSummary("督导与社工站的指派 (Supervisors assigned to stations)");
        supervisors.MapPost("/", async (AssignRequest b, AssignSupervisor.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await h.HandleAsync(new AssignSupervisor.Command(b.SupervisorId, b.StationId, b.Assign), ct)).ToNoContent(l))
            .WithSummary("指派或撤销督导（管理员、民政干部） (Assign a supervisor to a station, or withdraw)");
    }
}
