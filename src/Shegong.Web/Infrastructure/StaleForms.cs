using System.Net;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Localization;

namespace Shegong.Web.Infrastructure;

/// <summary>
/// A page form post the framework refuses — a form that is no longer on the page (a colleague already delivered, so
/// <c>deliver-…</c> is gone), an expired or missing antiforgery token, a body over the size limit — ends in Blazor's
/// bare 400 (English text in Development, nothing otherwise). People get a Chinese page instead: 页面已过期，请刷新后重试
/// with a link back to the page, or 文件过大 for an oversized post. API requests are left alone.
/// </summary>
public static class StaleForms
{
    public static IApplicationBuilder UseShegongStaleForms(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (!HttpMethods.IsPost(http.Request.Method) || http.Request.Path.StartsWithSegments("/api")
            || http.GetEndpoint()?.Metadata.GetMetadata<ComponentTypeMetadata>() is null)
        {
            await next(http);
            return;
        }
        var original = http.Response.Body;
        var gate = new GateStream(http, original);
        http.Response.Body = gate;
        var tooLarge = false;
        try
        {
            await next(http);
            // Push out anything still buffered in a pipe over the gate (not when failing: the error page must still be able to start).
            if (http.Features.Get<IHttpResponseBodyFeature>() is StreamResponseBodyFeature f && ReferenceEquals(f.Stream, gate))
                await f.CompleteAsync();
        }
        catch (Exception e) when (TooLarge(e) && !http.Response.HasStarted)
        {
            tooLarge = true;
        }
        finally
        {
            http.Response.Body = original;
        }
        if (http.Response.HasStarted) return;
        if (tooLarge) await WritePageAsync(http, tooLarge: true);
        else if (http.Response.StatusCode == StatusCodes.Status400BadRequest && !gate.PassedThrough)
        {
            var error = http.Features.Get<IAntiforgeryValidationFeature>()?.Error;
            await WritePageAsync(http, tooLarge: error is not null && TooLarge(error));
        }
    });

    private static bool TooLarge(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }) return true;
            // Form limits (value length, multipart body length) are reported as InvalidDataException.
            if (e is InvalidDataException && e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }

    private static async Task WritePageAsync(HttpContext http, bool tooLarge)
    {
        var l = http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        http.Response.Clear();
        http.Response.StatusCode = tooLarge ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest;
        http.Response.ContentType = "text/html; charset=utf-8";
        var title = tooLarge ? l["Error.TooLargeTitle"] : l["Error.StaleFormTitle"];
        var detail = tooLarge ? l["Error.TooLarge"] : l["Error.StaleForm"];
        // Back to the page itself (a GET shows its current state); only a local path, never a URL from outside.
        var back = WebUtility.HtmlEncode(http.Request.PathBase + http.Request.Path + http.Request.QueryString);
        string E(string text) => WebUtility.HtmlEncode(text);
        var lang = System.Globalization.CultureInfo.CurrentUICulture.Name is { Length: > 0 } name ? name : "zh-CN";
        // The app's own stylesheet and classes (as the sign-in page), so the page looks like the rest of Shegong.
        await http.Response.WriteAsync($"""
            <!DOCTYPE html><html lang="{E(lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{E(title)}</title><link rel="stylesheet" href="/app.css?v=3"></head>
            <body><main class="bare"><section class="card" role="alert"><h1>{E(title)}</h1><p>{E(detail)}</p>
            <p class="actions"><a class="btn primary" href="{back}">{E(l["Error.StaleFormBack"])}</a> <a class="btn" href="/">{E(l["Nav.Home"])}</a></p>
            </section></main></body></html>
            """);
    }

    /// <summary>
    /// Holds back what the framework writes while the status is 400 (its English explanation), and passes everything
    /// else straight through so a normal page still streams.
    /// </summary>
    private sealed class GateStream(HttpContext http, Stream inner) : Stream
    {
        private bool? swallow;
        public bool PassedThrough => swallow == false;

        private bool Swallow => swallow ??= http.Response.StatusCode == StatusCodes.Status400BadRequest;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { if (!Swallow) inner.Flush(); }
        public override Task FlushAsync(CancellationToken ct) => Swallow ? Task.CompletedTask : inner.FlushAsync(ct);
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) { if (!Swallow) inner.Write(buffer, offset, count); }
        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
            Swallow ? Task.CompletedTask : inner.WriteAsync(buffer, offset, count, ct);
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default) =>
            Swallow ? ValueTask.CompletedTask : inner.WriteAsync(buffer, ct);
    }
}
