using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Shegong.Domain.Access;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Auth;
using Shegong.Web.Infrastructure.Excel;

namespace Shegong.Web.Features.Registry;

/// <summary>
/// /api/v1/persons — the ledger as Excel: template, check, import, error report, export. Downloads (GET) accept the
/// browser's sign-in cookie as well as a bearer token, because the import page links to them and a link cannot
/// carry a token; uploads (POST) take a bearer token only, so no other site can post on a signed-in user's behalf.
/// </summary>
public static class PersonsExcelApi
{
    [ApiName("ImportCheckResponse")] public sealed record CheckResponse(string UploadId, ImportPersons.Report Report);
    [ApiName("ImportPersonsResponse")] public sealed record ImportResponse(int Persons, int Households, int SkippedRows, long ElapsedMs);
    [ApiName("LedgerUpdatePreviewResponse")] public sealed record UpdatePreviewResponse(string UploadId, UpdatePersonsFromLedger.Preview Preview);
    [ApiName("LedgerUpdateResponse")] public sealed record UpdateResponse(int Persons, int Households, long ElapsedMs);

    public static void Map(RouteGroupBuilder api)
    {
        // Cookie first, bearer last: when neither signs the caller in, the bearer's 401 (not a login redirect) is the answer.
        var downloads = api.MapGroup("/persons").WithTags("人员台账 Registry")
            .RequireAuthorization(Policies.ApiOrBrowser, Policies.StationWorkers);
        var uploads = api.MapGroup("/persons").WithTags("人员台账 Registry")
            .RequireAuthorization(Policies.StationWorkers)
            .DisableAntiforgery(); // bearer-token API, not a browser form

        downloads.MapGet("/template", (IStringLocalizer<SharedResource> l) =>
            {
                var stream = new MemoryStream();
                PersonSheet.WriteTemplate(stream, l);
                XlsxCompat.Repair(stream); // so that openpyxl 3.0 (pandas on Debian) opens it too
                return TypedResults.File(stream, PersonSheet.ContentType, "人员台账导入模板.xlsx");
            })
            .WithSummary("下载人员台账导入模板（中文表头、填写说明、示例）(The ledger import template)")
            .Produces(200, contentType: PersonSheet.ContentType);

        uploads.MapPost("/import/check", async Task<Results<Ok<CheckResponse>, ValidationProblem>> (
                IFormFile file, string? encoding, ImportPersons.Handler h, PersonImportUploads.Handler store, IStringLocalizer<SharedResource> l,
                IConfiguration config, CancellationToken requestAborted) =>
            {
                if (PersonImportUploads.Check(file, l) is { } problem) return ErrorHandling.Validation(l, [("file", problem)]);
                var options = PersonImportUploads.Options(file.FileName, encoding, config);
                // Stopped when the client goes away or the time limit passes: a hostile file costs no more than that.
                using var limit = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
                limit.CancelAfter(TimeSpan.FromSeconds(PersonImportJobs.TimeLimitSeconds(config)));
                var ct = limit.Token;
                await using var upload = file.OpenReadStream();
                var id = await store.SaveAsync(upload, options, ct);
                await using var stream = (await store.OpenAsync(id, ct))!;
                ImportPersons.Report report;
                try
                {
                    using var log = store.CreateErrorLog(id, l);
                    report = await h.ValidateAsync(stream, options, ct, log: log);
                }
                catch (OperationCanceledException) when (!requestAborted.IsCancellationRequested)
                {
                    store.DeleteFile(id);
                    return ErrorHandling.Validation(l, [("file", $"{l["Field.File"]}：{l["Import.TimedOut", PersonImportJobs.TimeLimitSeconds(config)]}")]);
                }
                if (report.FileError is { } fileError)
                {
                    store.DeleteFile(id);
                    return ErrorHandling.Validation(l, [("file", $"{l["Field.File"]}：{fileError}")]);
                }
                await store.SaveReportAsync(id, report, ct);
                return TypedResults.Ok(new CheckResponse(id, report));
            })
            .WithSummary("检查导入文件：逐行校验，列出每个错误（行号、列、问题），不保存任何人员；返回 uploadId 供下载错误报告；文件本身无法读取时 400 (Check a file; stores no person)");

        uploads.MapPost("/import", async Task<IResult> (IFormFile file, bool? onlyValid, string? encoding, ImportPersons.Handler h, IStringLocalizer<SharedResource> l,
                IConfiguration config, CancellationToken requestAborted) =>
            {
                if (PersonImportUploads.Check(file, l) is { } problem) return ErrorHandling.Validation(l, [("file", problem)]);
                using var limit = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
                limit.CancelAfter(TimeSpan.FromSeconds(PersonImportJobs.TimeLimitSeconds(config)));
                await using var upload = file.OpenReadStream();
                using var stream = new MemoryStream();
                await upload.CopyToAsync(stream, limit.Token);
                stream.Position = 0;
                ImportPersons.Result r;
                try { r = await h.ImportAsync(stream, PersonImportUploads.Options(file.FileName, encoding, config), onlyValid == true, limit.Token); }
                catch (OperationCanceledException) when (!requestAborted.IsCancellationRequested)
                {
                    return ErrorHandling.Validation(l, [("file", $"{l["Field.File"]}：{l["Import.TimedOut", PersonImportJobs.TimeLimitSeconds(config)]}")]);
                }
                if (r.Report.FileError is { } fileError) return ErrorHandling.Validation(l, [("file", $"{l["Field.File"]}：{fileError}")]);
                return r.Imported
                    ? TypedResults.Ok(new ImportResponse(r.Persons, r.Households, r.SkippedRows, r.ElapsedMs))
                    : TypedResults.Problem(r.Refusal, statusCode: 400, title: l["Error.ValidationTitle"], extensions: new Dictionary<string, object?> { ["report"] = r.Report });
            })
            .WithSummary("导入人员：onlyValid=false 时有任何错误则全部不导入；onlyValid=true 只导入无误的户。一个事务，失败不留半份 (Import; all or only the valid households, one transaction)")
            .Produces<ImportResponse>().ProducesValidationProblem().ProducesProblem(400);

        uploads.MapPost("/import/update/check", async Task<IResult> (IFormFile file, string? encoding, ClaimsPrincipal user, UpdatePersonsFromLedger.Handler h,
                PersonImportUploads.Handler store, IStringLocalizer<SharedResource> l, IConfiguration config, CancellationToken requestAborted) =>
            {
                if (PersonImportUploads.Check(file, l) is { } problem) return ErrorHandling.Validation(l, [("file", problem)]);
                var options = PersonImportUploads.Options(file.FileName, encoding, config);
                using var limit = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
                limit.CancelAfter(TimeSpan.FromSeconds(PersonImportJobs.TimeLimitSeconds(config)));
                await using var upload = file.OpenReadStream();
                var id = await store.SaveAsync(upload, options, limit.Token);
                await using var stream = (await store.OpenAsync(id, limit.Token))!;
                UpdatePersonsFromLedger.Preview preview;
                try { preview = await h.PreviewAsync(stream, options, user.IsInRole(Roles.StationManager), limit.Token); }
                catch (OperationCanceledException) when (!requestAborted.IsCancellationRequested)
                {
                    store.DeleteFile(id);
                    return ErrorHandling.Validation(l, [("file", $"{l["Field.File"]}：{l["Import.TimedOut", PersonImportJobs.TimeLimitSeconds(config)]}")]);
                }
                if (preview.Report.FileError is { } fileError)
                {
                    store.DeleteFile(id);
                    return ErrorHandling.Validation(l, [("file", $"{l["Field.File"]}：{fileError}")]);
                }
                await store.SavePreviewAsync(id, preview, limit.Token);
                await store.SaveReportAsync(id, preview.Report, limit.Token);
                return TypedResults.Ok(new UpdatePreviewResponse(id, preview));
            })
            .WithSummary("按身份证号更新：检查文件并列出每人将要修改的字段（原值、新值；电话等脱敏，站长除外）与不在本次文件中的人员，不保存任何修改 (Preview an update by ID number; stores nothing)")
            .Produces<UpdatePreviewResponse>().ProducesValidationProblem();

        uploads.MapPost("/import/update/{uploadId}/apply", async Task<IResult> (string uploadId, UpdatePersonsFromLedger.Handler h, PersonImportUploads.Handler store,
                IStringLocalizer<SharedResource> l, IConfiguration config, CancellationToken requestAborted) =>
            {
                if (await store.LoadPreviewAsync(uploadId, requestAborted) is not { } seen) return ErrorHandling.NotFound(l);
                await using var stream = await store.OpenAsync(uploadId, requestAborted);
                if (stream is null) return ErrorHandling.NotFound(l);
                using var limit = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
                limit.CancelAfter(TimeSpan.FromSeconds(PersonImportJobs.TimeLimitSeconds(config)));
                var r = await h.ApplyAsync(stream, await store.OptionsAsync(uploadId, limit.Token), seen, limit.Token);
                if (r.Applied) store.DeleteFile(uploadId);
                return r.Applied
                    ? TypedResults.Ok(new UpdateResponse(r.Persons, r.Households, r.ElapsedMs))
                    : TypedResults.Problem(r.Refusal, statusCode: r.Stale ? 409 : 400, title: l[r.Stale ? "Error.ConflictTitle" : "Error.ValidationTitle"]);
            })
            .WithSummary("确认按身份证号更新：在一个事务中应用预览列出的修改；预览之后有人修改过其中的人员或户时全部不应用 (409) (Apply a previewed update in one transaction; 409 when edited since)")
            .Produces<UpdateResponse>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(409);

        downloads.MapGet("/import/{uploadId}/errors", async Task<IResult> (string uploadId, PersonImportUploads.Handler store, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            {
                if (await store.LoadReportAsync(uploadId, ct) is not { } report) return ErrorHandling.NotFound(l);
                var stream = new MemoryStream();
                // The full report written by the check as it went; the kept list when there is none (an import's refusal, an update).
                if (report.FileError is null && store.ReadErrorLog(uploadId) is { } log) PersonImportErrors.Write(stream, log, l);
                else PersonImportErrors.Write(stream, report, l);
                XlsxCompat.Repair(stream);
                return TypedResults.File(stream, PersonSheet.ContentType, "人员导入错误报告.xlsx");
            })
            .WithSummary("下载检查的错误报告（行号、列、问题）(The check's error report as Excel)")
            .Produces(200, contentType: PersonSheet.ContentType).ProducesProblem(404);

        downloads.MapGet("/export", async Task<IResult> ([AsParameters] PersonsApi.ListQuery q, bool? full, string? format, string? encoding, ClaimsPrincipal user,
                HttpRequest request, ExportPersons.Handler h, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            {
                if (PersonsApi.IdNumberInAddress(request, l) is { } refused) return refused;
                var stream = new MemoryStream();
                var csv = format == "csv";
                var r = await h.HandleAsync(new ExportPersons.Query(q.ToQuery(), full == true, csv, encoding), user.IsInRole(Roles.StationManager), stream, ct);
                if (r.Outcome == ExportPersons.Outcome.Forbidden)
                    return TypedResults.Problem(l["Export.FullForbidden"], statusCode: 403, title: l["Error.ForbiddenTitle"]);
                if (csv)
                {
                    stream.Position = 0;
                    return TypedResults.File(stream, encoding == "gb18030" ? "text/csv; charset=gb18030" : "text/csv; charset=utf-8", ExportPersons.Handler.FileName(full == true, "csv", l));
                }
                XlsxCompat.Repair(stream);
                return TypedResults.File(stream, PersonSheet.ContentType, ExportPersons.Handler.FileName(full == true, "xlsx", l));
            })
            .WithSummary("按列表的筛选条件导出人员台账（模板格式；format=csv 导出 CSV，encoding=gb18030 或 UTF-8）；身份证号、电话默认脱敏，full=true 仅站长可用并记入审计 (Export the filtered list; full values for station managers only, audited)")
            .Produces(200, contentType: PersonSheet.ContentType).ProducesProblem(403);
    }
}
