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
            StatusCodeSelector = ex => ex switch
            {
                DomainException => StatusCodes.Status400BadRequest,
                DbUpdateConcurrencyException => StatusCodes.Status409Conflict,
                BadHttpRequestException b => b.StatusCode,
                _ => StatusCodes.Status500InternalServerError,
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
                        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
                            TypedResults.Problem(l["Error.TooLarge"], statusCode: 413, title: l["Error.TooLargeTitle"]),
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
                    // An oversized body says so (文件过大), not "something went wrong".
                    var (title, detail) = ex is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }
                        ? (l["Error.TooLargeTitle"], l["Error.TooLarge"]) : (l["Error.InternalTitle"], l["Error.Internal"]);
                    http.Response.ContentType = "text/html; charset=utf-8";
                    await http.Response.WriteAsync($"<!DOCTYPE html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><title>{title}</title><body style=\"font-family:sans-serif;padding:2rem\"><h1>{title}</h1><p>{detail}</p><p><a href=\"/\">{l["Nav.Home"]}</a></p></body></html>");
                }
            },
        });
        return app;
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
