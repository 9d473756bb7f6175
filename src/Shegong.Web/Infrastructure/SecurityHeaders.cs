using System.Security.Cryptography;
using System.Text;
using Microsoft.Net.Http.Headers;

namespace Shegong.Web.Infrastructure;

/// <summary>
/// The headers every response carries, set in one place just before the headers go out (so error pages, status
/// pages and static files get them too):
/// <list type="bullet">
/// <item>a Content-Security-Policy without 'unsafe-inline': pages run only Shegong's own script files (no inline
/// script or handler is left in the pages; the API reference's inline start-up script gets a per-response nonce),
/// and only its own stylesheet (no inline style attribute either); nothing may frame a page
/// (<c>frame-ancestors 'none'</c>, and X-Frame-Options: DENY for older browsers); API responses may load nothing;</item>
/// <item>X-Content-Type-Options: nosniff and Referrer-Policy: same-origin;</item>
/// <item>Cache-Control: no-store on every response that is not a static file, the OpenAPI document or the API
/// reference — pages behind sign-in, API data, <c>reveal=true</c> answers, claim look-ups and downloads alike: none
/// of them may be kept by a browser or a proxy;</item>
/// <item>Retry-After on a 429 (the throttles count per minute), and application/problem+json for an API error body.</item>
/// </list>
/// The Server header is switched off in Kestrel (<c>AddServerHeader = false</c>), cookies are Secure over HTTPS.
/// </summary>
public static class SecurityHeaders
{
    public const string PagePolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; "
        + "connect-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /// <summary>The Scalar API reference: its start-up script is inline (nonce), and its components set style attributes.</summary>
    public static string DocsPolicy(string nonce) => $"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; "
        + "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public const string DocsPath = "/api/docs";

    public static IApplicationBuilder UseShegongSecurityHeaders(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var docs = http.Request.Path.StartsWithSegments(DocsPath);
        var nonce = docs ? Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)) : null;
        http.Response.OnStarting(() =>
        {
            Apply(http, nonce);
            return Task.CompletedTask;
        });
        if (nonce is null || !HttpMethods.IsGet(http.Request.Method))
        {
            await next(http);
            return;
        }
        // The reference page is small: buffer it and give its inline scripts the nonce.
        var original = http.Response.Body;
        using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        try { await next(http); }
        finally { http.Response.Body = original; }
        var bytes = buffer.ToArray();
        if (http.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true)
        {
            bytes = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(bytes).Replace("<script", $"<script nonce=\"{nonce}\"", StringComparison.OrdinalIgnoreCase));
            http.Response.ContentLength = bytes.Length;
        }
        await original.WriteAsync(bytes, http.RequestAborted);
    });

    private static void Apply(HttpContext http, string? nonce)
    {
        var headers = http.Response.Headers;
        var path = http.Request.Path;
        var api = path.StartsWithSegments("/api") && nonce is null;
        headers.ContentSecurityPolicy = nonce is not null ? DocsPolicy(nonce) : api ? ApiPolicy : PagePolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "same-origin";
        headers.Remove(HeaderNames.Server);
        if (!IsStatic(http)) headers.CacheControl = "no-store";
        if (http.Response.StatusCode == StatusCodes.Status429TooManyRequests && !headers.ContainsKey(HeaderNames.RetryAfter))
            headers.RetryAfter = "60";
        if (api && http.Response.StatusCode >= 400
            && http.Response.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true)
            http.Response.ContentType = "application/problem+json; charset=utf-8";
    }

    /// <summary>What may be cached: wwwroot files (no endpoint), the OpenAPI document and the API reference.</summary>
    private static bool IsStatic(HttpContext http)
    {
        var path = http.Request.Path;
        if (path.StartsWithSegments("/openapi") || path.StartsWithSegments(DocsPath)) return http.Response.StatusCode < 400;
        return http.GetEndpoint() is null && http.Response.StatusCode is >= 200 and < 400 && HttpMethods.IsGet(http.Request.Method)
            && !path.StartsWithSegments("/api") && Path.HasExtension(path.Value);
    }
}
