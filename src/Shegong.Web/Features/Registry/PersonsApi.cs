using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Shegong.Domain.Registry;
using Shegong.Web.Features.Common;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Auth;

namespace Shegong.Web.Features.Registry;

/// <summary>/api/v1/persons — the station's ledger. Another station's person is 404 for every read and write.</summary>
public static class PersonsApi
{
    [ApiName("RegisterPersonRequest")] public sealed record RegisterRequest(string? CommunityCode, Guid? HouseholdId, HouseholdRelation Relation, HouseholdDetails? NewHousehold,
        PersonDetails Person, Guid? ResponsibleWorkerId, bool ConfirmNotDuplicate = false);
    public sealed record RegisterConflict(string Title, string Detail, IReadOnlyList<DuplicateCandidate> PossibleDuplicates);
    [ApiName("UpdatePersonRequest")] public sealed record UpdateRequest(int Version, PersonDetails Person, Guid? ResponsibleWorkerId);
    [ApiName("PersonStatusRequest")] public sealed record StatusRequest(int Version, PersonStatus Status, DateOnly? On, string? Note);
    [ApiName("PersonEventRequest")] public sealed record EventRequest(DateOnly? On, string? Note);
    [ApiName("UpdateHouseholdRequest")] public sealed record HouseholdRequest(int Version, HouseholdDetails Details);

    /// <summary>The list's filters in the address; the ID number is not one of them (it goes in the body of <c>POST /persons/search</c>).</summary>
    public sealed record ListQuery(string? Name = null, PersonTypes? Type = null, FollowUpTier? Tier = null, string? Community = null,
        Guid? WorkerId = null, bool OverdueOnly = false, PersonStatus? Status = null, int Page = 1, int PageSize = 20,
        ListPersons.Sort? SortBy = null, bool Descending = false)
    {
        public ListPersons.Query ToQuery() => new(Name, null, Type, Tier, Community, WorkerId, OverdueOnly, Status, Page, PageSize, SortBy, Descending);
    }

    /// <summary>An ID number never travels in an address (proxy and server logs, browser history): a 400 that says where it goes.</summary>
    public static ValidationProblem? IdNumberInAddress(HttpRequest request, IStringLocalizer l) =>
        request.Query.Keys.Any(k => k.Equals("idNumber", StringComparison.OrdinalIgnoreCase))
            ? ErrorHandling.Validation(l, [("IdNumber", $"{l["Field.IdNumber"]}：{l["Persons.IdNumberInBody"]}")])
            : null;

    public static void Map(RouteGroupBuilder api)
    {
        var persons = api.MapGroup("/persons").WithTags("人员台账 Registry")
            .RequireAuthorization(Policies.StationWorkers);

        persons.MapGet("/", async Task<Results<Ok<ListPersons.Result>, ValidationProblem>> ([AsParameters] ListQuery q, HttpRequest request,
                ListPersons.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            {
                if (IdNumberInAddress(request, l) is { } refused) return refused;
                return TypedResults.Ok(await h.HandleAsync(q.ToQuery(), ct));
            })
            .WithSummary("人员列表：姓名、人员类型、分级、社区、责任社工、逾期；身份证号脱敏。按身份证号查找用 POST /persons/search (Persons; ID numbers masked; search by ID number with POST /persons/search)");

        persons.MapPost("/search", async (ListPersons.Query q, ListPersons.Handler h, CancellationToken ct) =>
                TypedResults.Ok(await h.HandleAsync(q, ct)))
            .WithSummary("按身份证号（精确）及列表的其他条件查找；条件放在请求体中，不进网址，查找记入审计 (Search by exact ID number and the list's filters, in the body; audited)");

        persons.MapGet("/{id:guid}", async Task<Results<Ok<GetPerson.Result>, NotFound<ProblemDetailsLike>>> (
                Guid id, bool? reveal, GetPerson.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                await h.HandleAsync(new GetPerson.Query(id, reveal == true), ct) is { } r ? TypedResults.Ok(r) : ErrorHandling.NotFound(l))
            .WithSummary("人员档案；reveal=true 显示完整身份证号和电话，记入审计 (A person's file; reveal=true shows full numbers and is audited)");

        persons.MapPost("/", async Task<Results<Created<IdResponse>, Conflict<RegisterConflict>, NotFound<ProblemDetailsLike>, ValidationProblem>> (
                RegisterRequest b, RegisterPerson.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            {
                var r = await h.HandleAsync(new RegisterPerson.Command(b.CommunityCode, b.HouseholdId, b.Relation, b.NewHousehold, b.Person,
                    b.ResponsibleWorkerId, b.ConfirmNotDuplicate), ct);
                if (r.NeedsConfirmation)
                    return TypedResults.Conflict(new RegisterConflict(l["Registry.PossibleDuplicateTitle"], l["Registry.PossibleDuplicate"], r.PossibleDuplicates));
                // Registration never meets a concurrent edit: its 409 is the duplicate check (the candidates listed).
                return r.Outcome.Outcome switch
                {
                    Outcome.Ok => TypedResults.Created($"/api/v1/persons/{r.Outcome.Id}", new IdResponse(r.Outcome.Id!.Value)),
                    Outcome.NotFound => ErrorHandling.NotFound(l),
                    _ => ErrorHandling.Validation(l, r.Outcome.Errors),
                };
            })
            .WithSummary("登记人员（新户或已有户）；疑似重复时返回 409 及候选人，确认后带 confirmNotDuplicate 重交 (Register; 409 lists possible duplicates)");

        persons.MapPut("/{id:guid}", async (Guid id, UpdateRequest b, HttpContext http, UpdatePerson.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                !VersionTag.TryRead(http, b.Version, out var version) ? VersionTag.Invalid(l)
                    : (await h.HandleAsync(new UpdatePerson.Command(id, version, b.Person, b.ResponsibleWorkerId), ct)).ToSaved(l))
            .WithSummary("修改人员信息；version 不符时 409 (Update; 409 when changed meanwhile)");

        persons.MapPost("/{id:guid}/status", async (Guid id, StatusRequest b, HttpContext http, ChangePersonStatus.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                !VersionTag.TryRead(http, b.Version, out var version) ? VersionTag.Invalid(l)
                    : (await h.HandleAsync(new ChangePersonStatus.Command(id, version, b.Status, b.On, b.Note), ct)).ToSaved(l))
            .WithSummary("迁出、已故或恢复在册；不删除 (Moved away, deceased, or back on file; nothing is deleted)");

        persons.MapPost("/{id:guid}/events", async (Guid id, EventRequest b, ReportPersonEvent.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await h.HandleAsync(new ReportPersonEvent.Command(id, b.On, b.Note), ct)).ToChanged(l))
            .WithSummary("报告重大事件，下次走访提前到响应时限内 (Report a major event: the next visit falls due within the response time)");

        api.MapPut("/households/{id:guid}", async (Guid id, HouseholdRequest b, HttpContext http, UpdateHousehold.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                !VersionTag.TryRead(http, b.Version, out var version) ? VersionTag.Invalid(l)
                    : (await h.HandleAsync(new UpdateHousehold.Command(id, version, b.Details), ct)).ToSaved(l))
            .WithTags("人员台账 Registry")
            .RequireAuthorization(Policies.StationWorkers)
            .WithSummary("修改家庭信息；version 不符时 409 (Update a household; 409 when changed meanwhile)");
    }
}
