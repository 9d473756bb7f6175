using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.DependencyInjection;
using Shegong.IntegrationTests.Features.Registry;
using Shegong.IntegrationTests.Features.Wishes;
using Shegong.IntegrationTests.Infrastructure;
using Shegong.Web.Infrastructure;

namespace Shegong.IntegrationTests.Features.Api;

/// <summary>The OpenAPI document says what the API does: one schema per type under a name that says what it is, every error answer, the wire form of flag enums and nulls.</summary>
public sealed class ApiDocumentTests(AppFixture app)
{
    /// <summary>Nested names that mean nothing outside their class (seven request bodies were once all "Command").</summary>
    private static readonly string[] Meaningless = ["Command", "Result", "Query", "Item", "Detail", "Report", "Request", "Response", "Row", "Entry", "Card", "Sort", "Decision", "Figures"];

    private async Task<JsonElement> DocumentAsync()
    {
        using var client = app.AnonymousClient();
        return JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json")).RootElement;
    }

    private IEnumerable<ApiDescription> Endpoints() =>
        app.Factory.Services.GetRequiredService<IApiDescriptionGroupCollectionProvider>().ApiDescriptionGroups.Items
            .SelectMany(g => g.Items).Where(d => d.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true);

    [Fact]
    public async Task Every_body_and_response_refers_to_the_schema_of_its_own_type_under_a_name_that_says_what_it_is()
    {
        var doc = await DocumentAsync();
        var schemas = doc.GetProperty("components").GetProperty("schemas");
        var names = schemas.EnumerateObject().Select(p => p.Name).ToList();
        names.Where(n => Meaningless.Contains(n) || n.EndsWith("Api", StringComparison.Ordinal)).ShouldBeEmpty();

        // Every type the API reads or writes, and every type inside them: no two share a name.
        var types = new HashSet<Type>();
        var checkedBodies = 0;
        foreach (var endpoint in Endpoints())
        {
            doc.GetProperty("paths").TryGetProperty(PathOf(endpoint), out var path).ShouldBeTrue(PathOf(endpoint));
            path.TryGetProperty(endpoint.HttpMethod!.ToLowerInvariant(), out var operation).ShouldBeTrue($"{endpoint.HttpMethod} {PathOf(endpoint)}");
            foreach (var body in endpoint.ParameterDescriptions.Where(p => p.Source == BindingSource.Body && Ours(p.Type)))
            {
                Collect(body.Type, types);
                var reference = RefOf(operation.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema"));
                reference.ShouldBe("#/components/schemas/" + ApiDocument.NameOf(body.Type), $"{endpoint.HttpMethod} {endpoint.RelativePath}");
                checkedBodies++;
            }
            foreach (var response in endpoint.SupportedResponseTypes.Where(r => r.Type is not null && Ours(r.Type)))
            {
                Collect(response.Type!, types);
                var content = operation.GetProperty("responses").GetProperty(response.StatusCode.ToString()).GetProperty("content");
                var schema = content.EnumerateObject().First().Value.GetProperty("schema");
                var element = Element(response.Type!);
                var reference = RefOf(element == response.Type ? schema : schema.GetProperty("items"));
                reference.ShouldBe("#/components/schemas/" + ApiDocument.NameOf(element), $"{endpoint.HttpMethod} {endpoint.RelativePath} {response.StatusCode}");
            }
        }
        checkedBodies.ShouldBeGreaterThan(20); // the loop saw the API (25 bodies when this was written)
        var clashes = types.Where(t => !t.IsGenericType).GroupBy(ApiDocument.NameOf).Where(g => g.Count() > 1)
            .Select(g => g.Key + ": " + string.Join(", ", g.Select(t => t.FullName))).ToList();
        clashes.ShouldBeEmpty();
        foreach (var type in types.Where(t => !t.IsGenericType && (t.IsEnum || t.IsClass)))
            names.ShouldContain(ApiDocument.NameOf(type));
    }

    [Fact]
    public async Task Every_operation_documents_its_error_answers_with_a_problem_body()
    {
        var doc = await DocumentAsync();
        var anonymous = Endpoints().Where(e => e.ActionDescriptor.EndpointMetadata.OfType<Microsoft.AspNetCore.Authorization.IAllowAnonymous>().Any())
            .Select(e => (e.HttpMethod!.ToLowerInvariant(), PathOf(e))).ToHashSet();
        anonymous.ShouldContain(("post", "/api/v1/auth/token"));
        var operations = 0;
        foreach (var path in doc.GetProperty("paths").EnumerateObject().Where(p => p.Name.StartsWith("/api/", StringComparison.Ordinal)))
        foreach (var op in path.Value.EnumerateObject())
        {
            operations++;
            var where = $"{op.Name} {path.Name}";
            var responses = op.Value.GetProperty("responses").EnumerateObject().ToDictionary(r => r.Name, r => r.Value);
            var errors = responses.Where(r => r.Key[0] is '4' or '5').ToList();
            errors.ShouldNotBeEmpty(where);
            foreach (var (status, response) in errors)
                response.TryGetProperty("content", out var content).ShouldBeTrue($"{where} {status} has no body");
            if (!anonymous.Contains((op.Name, path.Name))) responses.ShouldContainKey("401", where);
            var parameters = op.Value.TryGetProperty("parameters", out var p) ? p.EnumerateArray().ToList() : [];
            if (parameters.Count > 0 || op.Value.TryGetProperty("requestBody", out _)) responses.ShouldContainKey("400", where);
            if (parameters.Any(x => x.GetProperty("in").GetString() == "path" && x.GetProperty("name").GetString() is "id" or "code" or "uploadId"))
                responses.ShouldContainKey("404", where);
            if (parameters.Any(x => x.GetProperty("name").GetString() == "If-Match"))
            {
                responses.ShouldContainKey("409", where);
                responses["204"].GetProperty("headers").TryGetProperty("ETag", out _).ShouldBeTrue(where);
            }
        }
        operations.ShouldBeGreaterThan(60);
        // The versioned writes are the ones that take If-Match.
        var ifMatch = doc.GetProperty("paths").EnumerateObject().SelectMany(p => p.Value.EnumerateObject()
            .Where(o => o.Value.TryGetProperty("parameters", out var ps) && ps.EnumerateArray().Any(x => x.GetProperty("name").GetString() == "If-Match"))
            .Select(o => $"{o.Name} {p.Name}")).ToList();
        ifMatch.ShouldBe([
            "put /api/v1/persons/{id}", "post /api/v1/persons/{id}/status", "put /api/v1/households/{id}", "put /api/v1/wishes/{id}",
            "post /api/v1/wishes/{id}/review", "post /api/v1/wishes/{id}/return-visit", "put /api/v1/wishes/donors/{id}", "put /api/v1/visit-rules",
            "put /api/v1/stations/{id}",
            "post /api/v1/groups/{id}/stage", "put /api/v1/groups/{id}/sessions/{sessionId}/attendance", "put /api/v1/activities/{id}",
            "put /api/v1/cases/checklist", "put /api/v1/cases/{id}/intake", "put /api/v1/cases/{id}/assessment", "put /api/v1/cases/{id}/plan",
            "put /api/v1/cases/{id}/evaluation", "post /api/v1/cases/{id}/advance", "post /api/v1/cases/{id}/decline", "post /api/v1/cases/{id}/closing",
            "post /api/v1/cases/{id}/closing/decision", "post /api/v1/cases/{id}/reopen", "put /api/v1/cases/{id}/workers", "post /api/v1/referrals/{id}/answer",
            "post /api/v1/referrals/{id}/confirmation", "post /api/v1/tasks/{id}/done"], ignoreOrder: true);
        // Writes that change a versioned record without taking its version answer its new version too.
        foreach (var (method, path) in new[] { ("post", "/api/v1/wishes/{id}/deliveries"), ("post", "/api/v1/wishes/{id}/claims/{claimId}/withdraw"), ("post", "/api/v1/persons/{id}/events") })
            doc.GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("responses").GetProperty("204")
                .GetProperty("headers").TryGetProperty("ETag", out _).ShouldBeTrue($"{method} {path}");
    }

    [Fact]
    public async Task Flag_enums_enums_and_nullable_fields_are_described_as_they_travel()
    {
        var schemas = (await DocumentAsync()).GetProperty("components").GetProperty("schemas");
        foreach (var flags in new[] { "PersonTypes", "AssistanceKinds" })
        {
            var schema = schemas.GetProperty(flags);
            schema.GetProperty("type").GetString().ShouldBe("string");
            schema.GetProperty("x-ms-enum-flags").GetProperty("isFlags").GetBoolean().ShouldBeTrue();
            schema.GetProperty("enum").EnumerateArray().Select(e => e.GetString()).ShouldContain("MinimumLiving");
        }
        // An enum used somewhere as nullable has no null member; the nullable property says null itself.
        var status = schemas.GetProperty("WishStatus");
        status.GetProperty("enum").EnumerateArray().ShouldAllBe(e => e.ValueKind == JsonValueKind.String);
        var listFilter = schemas.GetProperty("ListWishesItem").GetProperty("properties").GetProperty("status");
        listFilter.GetProperty("$ref").GetString().ShouldBe("#/components/schemas/WishStatus");

        var register = schemas.GetProperty("RegisterPersonRequest");
        var required = register.GetProperty("required").EnumerateArray().Select(e => e.GetString()).ToList();
        required.ShouldBe(["relation", "person"], ignoreOrder: true);
        register.GetProperty("properties").GetProperty("communityCode").GetProperty("type").EnumerateArray().Select(t => t.GetString())
            .ShouldBe(["null", "string"], ignoreOrder: true);

        var dates = schemas.GetProperty("ListWishesDates");
        dates.GetProperty("required").EnumerateArray().Select(e => e.GetString()).ShouldBe(["createdOn"]);
        foreach (var date in new[] { "submittedOn", "publishedOn", "claimedOn", "deliveredOn", "closedOn" })
            dates.GetProperty("properties").GetProperty(date).GetProperty("type").EnumerateArray().Select(t => t.GetString()).ShouldContain("null");
        // A nullable enum property is "null or the enum".
        var nullableEnums = schemas.EnumerateObject().SelectMany(s => s.Value.TryGetProperty("properties", out var ps) ? ps.EnumerateObject() : [])
            .Where(p => p.Value.TryGetProperty("oneOf", out var one) && one.EnumerateArray().Any(x => x.TryGetProperty("$ref", out _))).ToList();
        nullableEnums.ShouldNotBeEmpty();
        foreach (var p in nullableEnums)
            p.Value.GetProperty("oneOf").EnumerateArray().Select(x => x.TryGetProperty("type", out var t) ? t.GetString() : "ref").ShouldBe(["null", "ref"]);
    }

    [Fact]
    public async Task A_versioned_write_answers_its_new_version_as_ETag_and_takes_If_Match_in_place_of_the_body_version()
    {
        using var worker = await app.ClientAsAsync("worker");
        var registered = RegistryApi.Details(RegistryApi.NewId());
        var id = await RegistryApi.RegisterAsync(worker, RegistryApi.Request(registered));
        var person = await RegistryApi.GetAsync(worker, id);
        var details = registered with { Phone = "13912345678" };

        var first = await RegistryApi.UpdateAsync(worker, id, person.Version, details);
        first.StatusCode.ShouldBe(HttpStatusCode.NoContent, await first.Content.ReadAsStringAsync());
        first.Headers.ETag!.Tag.ShouldBe($"\"{person.Version + 1}\"");
        (await RegistryApi.GetAsync(worker, id)).Version.ShouldBe(person.Version + 1);

        // If-Match wins over the body's version: the stale body version is ignored, the header's is checked.
        var withHeader = Put(id, person.Version, details, first.Headers.ETag.Tag);
        var second = await worker.SendAsync(withHeader);
        second.StatusCode.ShouldBe(HttpStatusCode.NoContent, await second.Content.ReadAsStringAsync());
        second.Headers.ETag!.Tag.ShouldBe($"\"{person.Version + 2}\"");
        var stale = await worker.SendAsync(Put(id, person.Version + 2, details, first.Headers.ETag.Tag));
        stale.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        stale.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");

        var bad = await worker.SendAsync(Put(id, person.Version + 2, details, "\"two\""));
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        errors.GetProperty("If-Match")[0].GetString()!.ShouldStartWith("If-Match：应为记录的版本号");
        (await RegistryApi.GetAsync(worker, id)).Version.ShouldBe(person.Version + 2); // nothing written by the refused ones
    }

    [Fact]
    public async Task A_reported_event_answers_the_person_s_new_version_and_the_next_edit_uses_it_without_a_read()
    {
        using var worker = await app.ClientAsAsync("worker");
        var registered = RegistryApi.Details(RegistryApi.NewId());
        var id = await RegistryApi.RegisterAsync(worker, RegistryApi.Request(registered));
        var before = await RegistryApi.GetAsync(worker, id);
        var reported = await worker.PostAsJsonAsync($"/api/v1/persons/{id}/events", new { on = ChinaTime.Today, note = "住院" });
        reported.StatusCode.ShouldBe(HttpStatusCode.NoContent, await reported.Content.ReadAsStringAsync());
        var tag = reported.Headers.ETag!.Tag;
        tag.ShouldBe($"\"{(await RegistryApi.GetAsync(worker, id)).Version}\"");
        tag.ShouldNotBe($"\"{before.Version}\"");
        var edit = await worker.SendAsync(Put(id, before.Version, registered with { Phone = "13912345678" }, tag));
        edit.StatusCode.ShouldBe(HttpStatusCode.NoContent, await edit.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_wish_detail_carries_its_dates_and_a_claim_date_only_while_a_claim_stands()
    {
        var (_, wish) = await WishApi.PublishedAsync(app);
        using var worker = await app.ClientAsAsync("worker");
        var dates = (await worker.GetFromJsonAsync<JsonElement>($"/api/v1/wishes/{wish}")).GetProperty("dates");
        var today = ChinaTime.Today.ToString("yyyy-MM-dd");
        dates.GetProperty("createdOn").GetString().ShouldBe(today);
        dates.GetProperty("submittedOn").GetString().ShouldBe(today);
        dates.GetProperty("publishedOn").GetString().ShouldBe(today);
        dates.GetProperty("claimedOn").ValueKind.ShouldBe(JsonValueKind.Null);
        dates.GetProperty("deliveredOn").ValueKind.ShouldBe(JsonValueKind.Null);
        dates.GetProperty("closedOn").ValueKind.ShouldBe(JsonValueKind.Null);

        using var citizen = app.AnonymousClient();
        var claim = await citizen.PostAsJsonAsync("/api/v1/board/claims", WishApi.Claim(wish));
        claim.StatusCode.ShouldBe(HttpStatusCode.OK, await claim.Content.ReadAsStringAsync());
        var code = (await claim.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        (await worker.GetFromJsonAsync<JsonElement>($"/api/v1/wishes/{wish}")).GetProperty("dates").GetProperty("claimedOn").GetString().ShouldBe(today);

        (await citizen.PostAsJsonAsync("/api/v1/board/claims/withdraw", new { code })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await worker.GetFromJsonAsync<JsonElement>($"/api/v1/wishes/{wish}")).GetProperty("dates").GetProperty("claimedOn").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    private static HttpRequestMessage Put(Guid id, int bodyVersion, Shegong.Domain.Registry.PersonDetails details, string ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/persons/{id}")
        {
            Content = JsonContent.Create(new Shegong.Web.Features.Registry.PersonsApi.UpdateRequest(bodyVersion, details, null), options: RegistryApi.Json),
        };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return request;
    }

    /// <summary>The schema a body refers to: <c>$ref</c>, or the one in <c>oneOf</c> beside <c>null</c> when the body is optional.</summary>
    private static string? RefOf(JsonElement schema) =>
        schema.TryGetProperty("$ref", out var direct) ? direct.GetString()
        : schema.TryGetProperty("oneOf", out var one) ? one.EnumerateArray().Select(RefOf).SingleOrDefault(r => r is not null)
        : null;

    private static string PathOf(ApiDescription endpoint) =>
        "/" + System.Text.RegularExpressions.Regex.Replace(endpoint.RelativePath!.Split('?')[0].TrimEnd('/'), @"\{([^:}]+)(:[^}]*)?\}", "{$1}");

    private static bool Ours(Type type) => Element(type).Namespace?.StartsWith("Shegong.", StringComparison.Ordinal) == true;

    private static Type Element(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsArray) return Element(type.GetElementType()!);
        if (type.IsGenericType && type.GetInterfaces().Append(type).Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>)))
            return Element(type.GetGenericArguments()[^1]);
        return type;
    }

    private static void Collect(Type type, HashSet<Type> seen)
    {
        type = Element(type);
        if (!Ours(type) || !seen.Add(type) || type.IsEnum) return;
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance)) Collect(property.PropertyType, seen);
    }
}
