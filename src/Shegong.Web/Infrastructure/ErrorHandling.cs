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
                        BadHttpRequestException b => TypedResults.Problem(l["Error.BadRequest"], statusCode: b.StatusCode, title: l["Error.BadRequestTitle"]),
                        _ => TypedResults.Problem(l["Error.Internal"], statusCode: 500, title: l["Error.InternalTitle"]),
                    };
                    await result.ExecuteAsync(http);
                }
                else
                {
                    http.Response.ContentType = "text/html; charset=utf-8";
                    await http.Response.WriteAsync($"<!DOCTYPE html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><title>{l["Error.InternalTitle"]}</title><body style=\"font-family:sans-serif;padding:2rem\"><h1>{l["Error.InternalTitle"]}</h1><p>{l["Error.Internal"]}</p><p><a href=\"/\">{l["Nav.Home"]}</a></p></body></html>");
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
        var text = l[d.Code, d.Args];
        return field.ResourceNotFound ? text : $"{field}：{text}";
    }

    public static NotFound<ProblemDetailsLike> NotFound(IStringLocalizer l) =>
        TypedResults.NotFound(new ProblemDetailsLike(l["Error.NotFoundTitle"], l["Error.NotFound"], 404));
}

/// <summary>A ProblemDetails body for typed 404/409 results (keeps OpenAPI honest).</summary>
public sealed record ProblemDetailsLike(string Title, string Detail, int Status);
