using System.Net;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Shegong.IntegrationTests.Infrastructure;

namespace Shegong.IntegrationTests.Features.Host;

/// <summary>
/// Sign-in is required everywhere unless an endpoint is marked public: every endpoint of the host, called without
/// signing in, answers 401 (API, with a ProblemDetails body) or sends the browser to the sign-in page.
/// </summary>
public sealed class AccessTests(AppFixture app)
{
    /// <summary>The public endpoints (AllowAnonymous), by route: adding one is a decision, so it is listed here.</summary>
    private static readonly string[] Public =
    [
        "/account/login", "/account/denied", "/account/logout", "/not-found", "/culture/set",
        "/health/live", "/health/ready", "/openapi/{documentName}.json", "/api/docs/",
        "/api/v1/auth/token", "/api/v1/auth/refresh", "/api/v1/board/",
        "/board", "/board/claim", "/board/mine", "/board/disclosure",
    ];

    private List<RouteEndpoint> Endpoints() =>
        [.. app.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()];

    private static bool IsPublic(Endpoint e) => e.Metadata.GetMetadata<IAllowAnonymous>() is not null;

    [Fact]
    public async Task Every_endpoint_not_marked_public_refuses_a_caller_who_is_not_signed_in()
    {
        using var client = app.AnonymousClient();
        var checkedCount = 0;
        var wrong = new List<string>();
        foreach (var endpoint in Endpoints().Where(e => !IsPublic(e)))
        {
            var url = Fill(endpoint.RoutePattern);
            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), url);
                if (method is "POST" or "PUT" or "PATCH")
                {
                    // The content type the endpoint accepts, so that routing does not refuse it first (415).
                    var type = endpoint.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes.FirstOrDefault() ?? "application/json";
                    request.Content = new StringContent("{}", Encoding.UTF8);
                    request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(
                        type.StartsWith("multipart/") ? type + "; boundary=x" : type);
                }
                using var response = await client.SendAsync(request);
                checkedCount++;
                var status = (int)response.StatusCode;
                var location = response.Headers.Location?.ToString() ?? "";
                if (url.StartsWith("/api/"))
                {
                    if (status != 401) wrong.Add($"{method} {url}: {status} {location}");
                    else if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                        wrong.Add($"{method} {url}: 401 without ProblemDetails");
                }
                else if (status != 302 || !new Uri(new Uri("http://localhost"), location).AbsolutePath.Equals("/account/login"))
                    wrong.Add($"{method} {url}: {status} {location}");
            }
        }
        wrong.ShouldBeEmpty();
        checkedCount.ShouldBeGreaterThan(80);
    }

    [Fact]
    public void Only_the_listed_endpoints_are_public()
    {
        var open = Endpoints().Where(IsPublic).Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            .Where(route => !Public.Any(p => route == p || (p.EndsWith('/') && route.StartsWith(p, StringComparison.Ordinal))))
            .Distinct().ToList();
        open.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_mistyped_address_is_still_not_found_and_a_wrong_method_still_405_without_signing_in()
    {
        using var client = app.AnonymousClient();
        (await client.GetAsync("/no-such-page")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.GetAsync("/api/v1/no-such-thing")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.DeleteAsync("/api/v1/auth/token")).StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task An_api_file_that_also_takes_the_browser_cookie_answers_401_not_the_sign_in_page()
    {
        using var client = app.AnonymousClient();
        var response = await client.GetAsync("/api/v1/persons/template");
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Headers.Location.ShouldBeNull();
        using var officer = await app.BrowserAsAsync("officer");
        (await officer.GetAsync("/api/v1/persons/template")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    private static string Fill(RoutePattern pattern)
    {
        var segments = pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart p when p.ParameterPolicies.Any(x => x.Content == "guid") => Guid.Empty.ToString(),
            RoutePatternParameterPart p when p.Name.Equals("code", StringComparison.OrdinalIgnoreCase) => "440112",
            RoutePatternParameterPart => "x",
            _ => "",
        })));
        return "/" + string.Join("/", segments);
    }
}
