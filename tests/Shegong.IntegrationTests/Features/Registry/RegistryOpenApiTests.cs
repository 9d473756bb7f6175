using System.Text.Json;
using Shegong.IntegrationTests.Infrastructure;

namespace Shegong.IntegrationTests.Features.Registry;

public sealed class RegistryOpenApiTests(AppFixture app)
{
    [Fact]
    public async Task The_registry_and_visit_endpoints_are_in_the_OpenApi_document()
    {
        using var client = app.AnonymousClient();
        var json = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json")).RootElement;
        var paths = json.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        paths.ShouldContain("/api/v1/persons");
        paths.ShouldContain("/api/v1/persons/{id}");
        paths.ShouldContain("/api/v1/persons/{id}/status");
        paths.ShouldContain("/api/v1/persons/{id}/events");
        paths.ShouldContain("/api/v1/persons/{id}/visits");
        paths.ShouldContain("/api/v1/visits/queue");
        paths.ShouldContain("/api/v1/visits/overdue");
        paths.ShouldContain("/api/v1/visit-rules");
        // The list's filters are documented.
        var filters = json.GetProperty("paths").GetProperty("/api/v1/persons").GetProperty("get").GetProperty("parameters")
            .EnumerateArray().Select(p => p.GetProperty("name").GetString()!.ToLowerInvariant()).ToList();
        filters.ShouldContain("status");
        // The exact ID-number search is a POST with the number in the body, never a query parameter.
        filters.ShouldNotContain("idnumber");
        paths.ShouldContain("/api/v1/persons/search");
        json.GetProperty("paths").GetProperty("/api/v1/persons/search").TryGetProperty("post", out _).ShouldBeTrue();
    }
}
