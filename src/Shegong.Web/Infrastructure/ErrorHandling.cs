using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Shegong.Domain.Common;

namespace Shegong.Web.Infrastructure;

/// <summary>
/// No stack trace reaches a user: API callers get ProblemDetails with a Chinese title, page visitors the error page.
/// A rule broken deep down (<see cref="DomainException"/>) still becomes a 400 naming the field.
/// </summary>
public static class ErrorHandling
{
    public static IApplicationBuilder UseShegongErrors(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = StatusOf,
            // A refused request (4xx) is the caller's mistake, not a fault: one information line without the exception,
            // whose message may quote the submitted value ("Failed to bind parameter … from \"…\""). A 5xx keeps
            // the framework's error entry with its stack trace.
            SuppressDiagnosticsCallback = c =>
            {
                var status = StatusOf(c.Exception);
                if (status >= 500) return false;
                c.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Shegong.Input")
                    .LogInformation("{Method} {Path} refused with {Status}: {Reason}", c.HttpContext.Request.Method,
                        c.HttpContext.Request.Path.Value, status, c.Exception.GetType().Name);
                return true;
            },
            ExceptionHandler = async http =>
            {
                var ex = http.Features.Get<IExceptionHandlerFeature>()?.Error;
                var l = http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
                if (http.Request.Path.StartsWithSegments("/api"))
                {
                    IResult result = ex switch
                    {
                        DomainException d => Validation(l, d),
                        DbUpdateConcurrencyException => TypedResults.Problem(l["Error.Concurrency"], statusCode: 409, title: l["Error.ConflictTitle"]),
                        _ when StatusOf(ex!) == StatusCodes.Status413PayloadTooLarge =>
                            TypedResults.Problem(l["Error.TooLarge"], statusCode: 413, title: l["Error.TooLargeTitle"]),
                        _ when StatusOf(ex!) == StatusCodes.Status400BadRequest && ex is not BadHttpRequestException =>
                            TypedResults.Problem(l["Error.BadRequest"], statusCode: 400, title: l["Error.BadRequestTitle"]),
                        BadHttpRequestException b when b.StatusCode == 400 && UnreadableJsonField(l, b) is { } f =>
                            TypedResults.ValidationProblem(new Dictionary<string, string[]> { [f.Key] = [f.Message] }, detail: l["Error.BadRequest"],
                                title: l["Error.BadRequestTitle"]),
                        BadHttpRequestException b => TypedResults.Problem(l["Error.BadRequest"], statusCode: b.StatusCode, title: l["Error.BadRequestTitle"]),
                        _ => TypedResults.Problem(l["Error.Internal"], statusCode: 500, title: l["Error.InternalTitle"]),
                    };
                    await result.ExecuteAsync(http);
                }
                else
                {
                    // An oversized body says so (文件过大), a refused one says what is wrong, not "something went wrong".
                    var status = StatusOf(ex!);
                    var (title, detail) = status switch
                    {
                        StatusCodes.Status413PayloadTooLarge => (l["Error.TooLargeTitle"].Value, l["Error.TooLarge"].Value),
                        400 when ex is DomainException d => (l["Error.ValidationTitle"].Value, Message(l, d)),
                        < 500 => (l["Error.BadRequestTitle"].Value, l["Error.BadRequest"].Value),
                        _ => (l["Error.InternalTitle"].Value, l["Error.Internal"].Value),
                    };
                    await WritePageAsync(http, l, title, detail);
                }
            },
        });
        return app;
    }

    /// <summary>The status a failure answers with: only what is not the caller's doing is a 5xx.</summary>
    public static int StatusOf(Exception ex) => ex switch
    {
        DomainException => StatusCodes.Status400BadRequest,
        DbUpdateConcurrencyException => StatusCodes.Status409Conflict,
        BadHttpRequestException b => b.StatusCode,
        // A form over the reader's limits (value length, multipart body length).
        InvalidDataException i when i.Message.Contains("limit", StringComparison.OrdinalIgnoreCase) => StatusCodes.Status413PayloadTooLarge,
        // The last line behind InputGuard: text PostgreSQL cannot store (NUL: 22021, untranslatable: 22P05) is the input's fault.
        DbUpdateException { InnerException: Npgsql.PostgresException { SqlState: "22021" or "22P05" } } => StatusCodes.Status400BadRequest,
        Npgsql.PostgresException { SqlState: "22021" or "22P05" } => StatusCodes.Status400BadRequest,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>A 400 naming one field: ValidationProblem for the API, a Chinese page for people.</summary>
    public static async Task WriteBadRequestAsync(HttpContext http, IStringLocalizer l, string key, string message)
    {
        http.Response.StatusCode = StatusCodes.Status400BadRequest;
        if (http.Request.Path.StartsWithSegments("/api"))
            await TypedResults.ValidationProblem(new Dictionary<string, string[]> { [key] = [message] }, detail: l["Error.BadRequest"],
                title: l["Error.ValidationTitle"]).ExecuteAsync(http);
        else
            await WritePageAsync(http, l, l["Error.ValidationTitle"], message);
    }

    /// <summary>An error page in the app's own stylesheet (no inline style: the CSP allows none).</summary>
    public static Task WritePageAsync(HttpContext http, IStringLocalizer l, string title, string detail)
    {
        string E(string text) => System.Net.WebUtility.HtmlEncode(text);
        var lang = System.Globalization.CultureInfo.CurrentUICulture.Name == "en" ? "en" : "zh-CN";
        http.Response.ContentType = "text/html; charset=utf-8";
        return http.Response.WriteAsync($"""
            <!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{E(title)}</title><link rel="stylesheet" href="/app.css?v=3"></head>
            <body><main class="bare"><section class="card" role="alert"><h1>{E(title)}</h1><p>{E(detail)}</p>
            <p class="actions"><a class="btn" href="/">{E(l["Nav.Home"])}</a></p></section></main></body></html>
            """);
    }

    /// <summary>Empty error responses get a body: ProblemDetails in Chinese for the API, the not-found page for people.</summary>
    public static void UseShegongStatusPages(this WebApplication app)
    {
        app.UseWhen(http => http.Request.Path.StartsWithSegments("/api"), api => api.UseStatusCodePages(async context =>
        {
            var http = context.HttpContext;
            var l = http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
            var (title, detail) = http.Response.StatusCode switch
            {
                401 => (l["Error.UnauthorizedTitle"], l["Error.Unauthorized"]),
                403 => (l["Error.ForbiddenTitle"], l["Error.Forbidden"]),
                404 => (l["Error.NotFoundTitle"], l["Error.NotFound"]),
                405 => (l["Error.BadRequestTitle"], l["Error.MethodNotAllowed"]),
                429 => (l["Login.ThrottledTitle"], l["Login.Throttled"]),
                _ => (l["Error.BadRequestTitle"], l["Error.BadRequest"]),
            };
            await TypedResults.Problem(detail, statusCode: http.Response.StatusCode, title: title).ExecuteAsync(http);
        }));
        app.UseWhen(http => !http.Request.Path.StartsWithSegments("/api"),
            pages => pages.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
        // Routing after the status pages (not first, where WebApplication puts it unless told): a re-executed request
        // has its endpoint cleared and must be routed again to reach the 404 page; otherwise an unknown address
        // answers an empty 404 and the browser shows its own error page.
        app.UseRouting();
    }

    /// <summary>
    /// A JSON body that does not bind ("budget": "abc", "decision": "Maybe") names the member System.Text.Json stopped at:
    /// "本轮预算（元）：值的格式不正确，无法识别" under the key "Budget", like any other field error.
    /// </summary>
    private static (string Key, string Message)? UnreadableJsonField(IStringLocalizer l, Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is DisallowedCharacterException { Path: { } at })
                return InputGuard.Problem(l, at.StartsWith("$.", StringComparison.Ordinal) ? at[2..] : "Body");
            if (x is not System.Text.Json.JsonException { Path: { Length: > 2 } path } || !path.StartsWith("$.", StringComparison.Ordinal)) continue;
            var member = path[2..];
            var top = member.Split('.', '[')[0];
            if (top.Length == 0) return null;
            var key = char.ToUpperInvariant(top[0]) + top[1..];
            var name = l["Field." + key];
            return (key, $"{(name.ResourceNotFound ? member : name.Value)}：{l["Error.ValueUnreadable"]}");
        }
        return null;
    }

    public static ValidationProblem Validation(IStringLocalizer l, DomainException d) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [d.Field] = [Message(l, d)] },
            title: l["Error.ValidationTitle"]);

    public static ValidationProblem Validation(IStringLocalizer l, IEnumerable<(string Field, string Message)> errors) =>
        TypedResults.ValidationProblem(errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
            title: l["Error.ValidationTitle"]);

    /// <summary>"名称：不能为空" — the field's name, then what is wrong.</summary>
    public static string Message(IStringLocalizer l, DomainException d)
    {
        var field = l["Field." + d.Field];
        var text = l[d.Code, Args(l, d.Args)];
        return field.ResourceNotFound ? text : $"{field}：{text}";
    }

    /// <summary>Arguments that are message keys (<see cref="LocalizedArg"/>) are shown translated.</summary>
    public static object[] Args(IStringLocalizer l, object[] args) =>
        args.Select(a => a is LocalizedArg k ? (object)l[k.Key].Value : a).ToArray();

    public static NotFound<ProblemDetailsLike> NotFound(IStringLocalizer l) =>
        TypedResults.NotFound(new ProblemDetailsLike(l["Error.NotFoundTitle"], l["Error.NotFound"], 404));
}

/// <summary>A ProblemDetails body for typed 404/409 results (keeps OpenAPI honest).</summary>
public sealed record ProblemDetailsLike(string Title, string Detail, int Status);
