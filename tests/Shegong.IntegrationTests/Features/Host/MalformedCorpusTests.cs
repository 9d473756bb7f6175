using System.Collections;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Shegong.IntegrationTests.Infrastructure;
using Shegong.Web.Infrastructure.Data;
using Shegong.Web.Infrastructure.Seed;

namespace Shegong.IntegrationTests.Features.Host;

/// <summary>
/// A corpus of malformed requests to every operation the host maps, found in its EndpointDataSource (a new endpoint is
/// covered without touching this test): every write gets missing and null members, wrong types, 100,000-character
/// strings, NUL and other control characters, lone surrogates, huge numbers, bad dates and enums, JSON nested past the
/// limit, broken multipart bodies and wrong content types; every read gets garbage in each of its query parameters.
/// None may answer 5xx, and none may leave a stack trace, an error entry or a submitted value in the log. Runs on a
/// database of its own (seeded like the shared one), since a malformed request may still be a valid one.
/// </summary>
public sealed class MalformedCorpusTests(AppFixture app)
{
    private const string Marker = "ZQXMARK";

    [Fact]
    public async Task No_malformed_request_to_any_endpoint_answers_5xx_or_logs_a_stack_trace_or_its_value()
    {
        var connection = await app.ScratchDatabaseAsync("corpus_" + Guid.NewGuid().ToString("N")[..6]);
        var logs = new CapturingLogs();
        await using var factory = app.CreateFactory(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Shegong"] = connection,
                ["Logging:LogLevel:Default"] = "Information",
                ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning",
            })
            .WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(logs)));
        using (var scope = factory.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<ShegongDbContext>().Database.MigrateAsync();
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedIfEmptyAsync(TextWriter.Null);
        }

        HttpClient Anonymous() => factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var anonymous = Anonymous();
        var bearers = new List<HttpClient>();
        foreach (var user in new[] { "manager", "worker", "admin", "officer", "donor" })
        {
            var token = await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { userName = user, password = AppFixture.DemoPassword });
            token.EnsureSuccessStatusCode();
            var client = Anonymous();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
                (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString());
            bearers.Add(client);
        }
        var browser = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        (await AppFixture.PostFormAsync(browser, "/account/login", "login",
            new() { ["Input.UserName"] = "manager", ["Input.Password"] = AppFixture.DemoPassword })).StatusCode.ShouldBe(HttpStatusCode.Found);

        var endpoints = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Endpoint: e, Methods: e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []))
            .Where(e => e.Methods.Count > 0)
            // Sign-out and token endpoints last: a malformed request there may still end the session the others use.
            .OrderBy(e => e.Endpoint.RoutePattern.RawText!.Contains("/auth") || e.Endpoint.RoutePattern.RawText!.Contains("logout") ? 1 : 0)
            .ToList();
        logs.Clear();

        var results = new List<(string Request, int Status)>();
        var writes = 0;
        var reads = 0;
        foreach (var (endpoint, methods) in endpoints)
        {
            var page = endpoint.Metadata.GetMetadata<ComponentTypeMetadata>() is not null;
            foreach (var method in methods)
            {
                var path = Path(endpoint.RoutePattern, "ABCD-EFGH");
                var clients = page ? [browser] : IsAnonymous(endpoint) ? [anonymous] : bearers;
                var client = await ChooseAsync(clients, method, path, endpoint);
                var requests = HttpMethods.IsGet(method) || HttpMethods.IsHead(method)
                    ? ReadCorpus(method, endpoint, page).ToList()
                    : WriteCorpus(method, endpoint, page).ToList();
                if (HttpMethods.IsGet(method)) reads++; else writes++;
                foreach (var make in requests)
                {
                    using var request = make();
                    var label = $"{request.Method} {request.RequestUri} [{request.Content?.Headers.ContentType}] {Describe(request)}";
                    using var response = await client.SendAsync(request);
                    results.Add((label, (int)response.StatusCode));
                }
            }
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"{results.Count} requests to {writes} write and {reads} read operations; "
            + string.Join(", ", results.GroupBy(r => r.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}")));
        writes.ShouldBeGreaterThan(30);
        reads.ShouldBeGreaterThan(30);
        results.Count.ShouldBeGreaterThanOrEqualTo(200);
        var failures = results.Where(r => r.Status >= 500).Select(r => $"{r.Status} {r.Request}").ToList();
        failures.ShouldBeEmpty($"{failures.Count} of {results.Count} malformed requests answered 5xx:\n{string.Join("\n", failures.Take(40))}");

        var entries = logs.Entries.ToList();
        entries.Where(e => e.Level >= LogLevel.Error).Select(e => e.Text).ShouldBeEmpty();
        entries.Where(e => e.Exception is not null).Select(e => $"{e.Category}: {e.Text} {e.Exception!.GetType().Name}").ShouldBeEmpty();
        entries.Where(e => e.Text.Contains("   at ", StringComparison.Ordinal)).Select(e => e.Text[..Math.Min(300, e.Text.Length)]).ShouldBeEmpty();
        entries.Where(e => e.Text.Contains(Marker, StringComparison.Ordinal)).Select(e => $"{e.Category}: {e.Text[..Math.Min(300, e.Text.Length)]}").ShouldBeEmpty();
        // The refusals are logged, at information level, one line each.
        entries.ShouldContain(e => e.Category == "Shegong.Input" && e.Level == LogLevel.Information);

        foreach (var c in bearers) c.Dispose();
        browser.Dispose();
    }

    // ---- what is sent --------------------------------------------------------------------------------------------

    private static IEnumerable<Func<HttpRequestMessage>> WriteCorpus(string method, RouteEndpoint endpoint, bool page)
    {
        var pattern = endpoint.RoutePattern;
        var path = Path(pattern, "ABCD-EFGH");
        var body = BodyType(endpoint);
        var template = body is null ? new JsonObject() : Sample(body, 0) as JsonObject ?? new JsonObject();
        Func<HttpRequestMessage> Json(string text, string type = "application/json") => () =>
        {
            var r = new HttpRequestMessage(new HttpMethod(method), path) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(text)) };
            r.Content.Headers.TryAddWithoutValidation("Content-Type", type);
            return r;
        };

        // Whole bodies.
        foreach (var text in new[]
                 {
                     "{}", "null", "[]", "\"" + Marker + "\"", "42", "{not json", "{\"a\":", "", "{\"" + Marker + "\":\"\\u0000\"}",
                     new string('[', 5000) + new string(']', 5000), Nested(200), "{\"x\":" + new string('9', 5000) + "}",
                     "\u0000" + Marker, "{" + string.Join(",", Enumerable.Range(0, 2000).Select(i => $"\"k{i}\":1")) + "}",
                 })
            yield return Json(text);
        yield return Json(template.ToJsonString(), "text/plain");
        yield return Json("<xml>" + Marker + "</xml>", "application/xml");
        yield return Json(template.ToJsonString(), "application/json; charset=latin1");

        // Forms: page posts, uploads, and a form where JSON is expected.
        yield return Form(method, path, new() { ["_handler"] = "x", ["Input.Name"] = Marker + "\u0000" });
        yield return Form(method, path, new() { ["Input.Name"] = new string('x', 100_000) + Marker });
        yield return Form(method, path, new() { ["_handler"] = "\u0001" });
        yield return () => Multipart(method, path, "--XYZ\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"a.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n\u00ff\u00d8" + Marker, "XYZ");
        yield return () => Multipart(method, path, "garbage without any boundary " + Marker, "XYZ");
        yield return () => Multipart(method, path, "--XYZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\u0000.xlsx\"\r\n\r\nPK\r\n--XYZ--\r\n", "XYZ");
        yield return () => Multipart(method, path, "--XYZ\r\nContent-Disposition: form-data; name=\"claimId\"\r\n\r\n" + Marker + "\u0000\r\n--XYZ--\r\n", "XYZ");
        yield return () => Multipart(method, path, "--XYZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.xlsx\"\r\n\r\nPK\u0003\u0004 not a workbook " + Marker + "\r\n--XYZ--\r\n", "XYZ");
        yield return () =>
        {
            var r = new HttpRequestMessage(new HttpMethod(method), path) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes("--XYZ\r\n")) };
            r.Content.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data");
            return r;
        };
        // Garbage in the route values and the query string.
        foreach (var value in new[] { "%01", "%C0%AF", new string('9', 400), "-1", "%F0%9F%98%80" })
        {
            var odd = Path(pattern, value);
            if (odd != path) yield return () => new HttpRequestMessage(new HttpMethod(method), odd) { Content = JsonContent.Create(template) };
        }
        yield return () => new HttpRequestMessage(new HttpMethod(method), path + "?version=abc&id=%00&page=" + new string('9', 40)) { Content = JsonContent.Create(template) };

        if (page || body is null) yield break;
        // Member by member.
        foreach (var (name, value) in template.ToList())
        {
            foreach (var replacement in Replacements(value))
            {
                var copy = (JsonObject)template.DeepClone();
                if (ReferenceEquals(replacement, Missing)) copy.Remove(name);
                else copy[name] = replacement?.DeepClone();
                yield return Json(copy.ToJsonString().Replace("\"@@SURROGATE@@\"", "\"\\ud800" + Marker + "\"").Replace("\"@@NESTED@@\"", Nested(80)));
            }
            // One level down: each member of a nested object set to null, NUL and the wrong type.
            if (value is JsonObject nested)
                foreach (var (inner, _) in nested.ToList())
                    foreach (var replacement in new JsonNode?[] { null, JsonValue.Create(Marker + "\u0000"), JsonValue.Create(new string('x', 100_000)), new JsonArray() })
                    {
                        var copy = (JsonObject)template.DeepClone();
                        ((JsonObject)copy[name]!)[inner] = replacement?.DeepClone();
                        yield return Json(copy.ToJsonString());
                    }
            if (value is JsonArray { Count: > 0 } array && array[0] is JsonObject element)
                foreach (var (inner, _) in element.ToList())
                {
                    var copy = (JsonObject)template.DeepClone();
                    ((JsonObject)((JsonArray)copy[name]!)[0]!)[inner] = JsonValue.Create(Marker + "\u0000");
                    yield return Json(copy.ToJsonString());
                    copy = (JsonObject)template.DeepClone();
                    ((JsonArray)copy[name]!).Add(null);
                    yield return Json(copy.ToJsonString());
                }
        }
        yield return Json(template.ToJsonString()); // the sample itself: may even succeed, never a 500
    }

    /// <summary>Stands for "leave the member out".</summary>
    private static readonly JsonObject Missing = new() { ["@@missing"] = true };

    private static IEnumerable<JsonNode?> Replacements(JsonNode? value)
    {
        yield return Missing;
        yield return null;
        yield return JsonValue.Create(Marker + "\u0000");
        yield return JsonValue.Create("\u0001\u001f" + Marker);
        yield return JsonValue.Create("@@SURROGATE@@");
        yield return JsonValue.Create(new string('x', 100_000) + Marker);
        yield return JsonNode.Parse("1" + new string('0', 30));
        yield return JsonNode.Parse("-1e308");
        yield return JsonValue.Create(-1);
        yield return JsonValue.Create("2026-13-45");
        yield return JsonValue.Create("NotAValue" + Marker);
        yield return JsonValue.Create(true);
        yield return new JsonObject { ["x"] = Marker };
        yield return new JsonArray(JsonValue.Create(Marker), null, JsonValue.Create(1));
        yield return JsonValue.Create("@@NESTED@@");
    }

    private static IEnumerable<Func<HttpRequestMessage>> ReadCorpus(string method, RouteEndpoint endpoint, bool page)
    {
        var path = Path(endpoint.RoutePattern, "ABCD-EFGH");
        var names = QueryNames(endpoint).Append("page").Append("unknown").Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var garbage = new[]
        {
            "abc" + Marker, "", "%00" + Marker, "%01", "%ED%A0%80", new string('9', 40), "-2147483649", "2026-13-45", "1e999",
            Uri.EscapeDataString(new string('x', 100_000)), "NotAValue", "true%00", "%", "%ZZ",
        };
        foreach (var name in names)
            foreach (var value in garbage)
                yield return () => new HttpRequestMessage(new HttpMethod(method), $"{path}?{name}={value}");
        yield return () => new HttpRequestMessage(new HttpMethod(method), $"{path}?{string.Join("&", names.Select(n => $"{n}=x&{n}=%00"))}");
        foreach (var value in new[] { "%01%7F", new string('9', 400), "%ED%A0%80", "..%2F..%2Fetc" })
        {
            var odd = Path(endpoint.RoutePattern, value);
            if (odd != path) yield return () => new HttpRequestMessage(new HttpMethod(method), odd);
        }
        if (page) yield break;
    }

    private static Func<HttpRequestMessage> Form(string method, string path, Dictionary<string, string> fields) => () =>
        new HttpRequestMessage(new HttpMethod(method), path) { Content = new FormUrlEncodedContent(fields) };

    private static HttpRequestMessage Multipart(string method, string path, string body, string boundary)
    {
        var r = new HttpRequestMessage(new HttpMethod(method), path) { Content = new ByteArrayContent(Encoding.Latin1.GetBytes(body)) };
        r.Content.Headers.TryAddWithoutValidation("Content-Type", $"multipart/form-data; boundary={boundary}");
        return r;
    }

    private static string Nested(int depth) => new string('[', depth) + "\"" + Marker + "\"" + new string(']', depth);

    private static string Describe(HttpRequestMessage r) =>
        r.Content is ByteArrayContent or StringContent ? Shorten(r.Content.ReadAsStringAsync().Result) : r.Content is null ? "" : r.Content.GetType().Name;

    private static string Shorten(string s) => s.Length > 160 ? s[..160] + "…" : s;

    // ---- the endpoints -------------------------------------------------------------------------------------------

    private static string Path(RoutePattern pattern, string value)
    {
        var parts = new List<string>();
        foreach (var segment in pattern.PathSegments)
        {
            var text = new StringBuilder();
            foreach (var part in segment.Parts)
            {
                switch (part)
                {
                    case RoutePatternLiteralPart l: text.Append(l.Content); break;
                    case RoutePatternSeparatorPart s: text.Append(s.Content); break;
                    case RoutePatternParameterPart p:
                        var constraints = p.ParameterPolicies.Select(x => x.Content ?? "").ToList();
                        text.Append(constraints.Contains("guid") ? Guid.NewGuid().ToString()
                            : constraints.Any(c => c is "int" or "long") ? "1"
                            : value);
                        break;
                }
            }
            parts.Add(text.ToString());
        }
        return "/" + string.Join("/", parts);
    }

    private static bool IsAnonymous(Endpoint e) =>
        e.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAllowAnonymous>() is not null;

    /// <summary>The first client the endpoint lets in, so the corpus reaches the binding and the handler.</summary>
    private static async Task<HttpClient> ChooseAsync(IReadOnlyList<HttpClient> clients, string method, string path, RouteEndpoint endpoint)
    {
        if (clients.Count == 1) return clients[0];
        foreach (var client in clients)
        {
            // A write is probed with a body that cannot bind: the policy decides before binding, so nothing is written.
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (!HttpMethods.IsGet(method)) request.Content = new StringContent("{not json", Encoding.UTF8, "application/json");
            using var response = await client.SendAsync(request);
            if (response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)) return client;
        }
        return clients[0];
    }

    private static Type? BodyType(Endpoint endpoint)
    {
        if (endpoint.Metadata.OfType<IAcceptsMetadata>().FirstOrDefault(a => a.RequestType is not null) is { RequestType: { } t }
            && t.Assembly.GetName().Name!.StartsWith("Shegong")) return t;
        var method = endpoint.Metadata.OfType<MethodInfo>().FirstOrDefault();
        return method?.GetParameters().Select(p => p.ParameterType)
            .FirstOrDefault(t => t.Assembly.GetName().Name!.StartsWith("Shegong") && t.IsClass && t.GetMethod("<Clone>$") is not null
                && !method.GetParameters().Any(p => p.ParameterType == t && p.GetCustomAttribute<AsParametersAttribute>() is not null));
    }

    private static IEnumerable<string> QueryNames(Endpoint endpoint)
    {
        if (endpoint.Metadata.GetMetadata<ComponentTypeMetadata>() is { } component)
            return component.Type.GetProperties(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)
                .Select(p => p.GetCustomAttribute<SupplyParameterFromQueryAttribute>() is { } q ? q.Name ?? p.Name : null)
                .OfType<string>();
        var route = ((RouteEndpoint)endpoint).RoutePattern.Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var method = endpoint.Metadata.OfType<MethodInfo>().FirstOrDefault();
        if (method is null) return [];
        var names = new List<string>();
        foreach (var p in method.GetParameters())
        {
            if (p.GetCustomAttribute<AsParametersAttribute>() is not null)
                names.AddRange(p.ParameterType.GetProperties().Select(x => Camel(x.Name)));
            else if (IsSimple(p.ParameterType) && !route.Contains(p.Name!)) names.Add(p.Name!);
        }
        return names;
    }

    private static bool IsSimple(Type t)
    {
        t = Nullable.GetUnderlyingType(t) ?? t;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(Guid) || t == typeof(DateOnly) || t == typeof(DateTime)
            || t == typeof(decimal) || t == typeof(DateTimeOffset) || t == typeof(string[]);
    }

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    /// <summary>A plausible JSON value of a type: every member present, strings marked so a logged value would be seen.</summary>
    private static JsonNode? Sample(Type type, int depth)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t == typeof(string)) return JsonValue.Create("样例" + Marker);
        if (t == typeof(Guid)) return JsonValue.Create(Guid.NewGuid());
        if (t == typeof(bool)) return JsonValue.Create(true);
        if (t == typeof(int) || t == typeof(long) || t == typeof(short) || t == typeof(byte)) return JsonValue.Create(1);
        if (t == typeof(decimal) || t == typeof(double) || t == typeof(float)) return JsonValue.Create(1.5m);
        if (t == typeof(DateOnly)) return JsonValue.Create("2026-01-15");
        if (t == typeof(DateTime) || t == typeof(DateTimeOffset)) return JsonValue.Create("2026-01-15T08:00:00+08:00");
        if (t == typeof(TimeOnly)) return JsonValue.Create("08:30:00");
        if (t.IsEnum) return JsonValue.Create(Enum.GetNames(t).Last());
        if (depth > 4) return null;
        if (t.IsArray) return new JsonArray(Sample(t.GetElementType()!, depth + 1));
        if (t.IsGenericType && typeof(IDictionary).IsAssignableFrom(t)) return new JsonObject();
        if (t != typeof(string) && typeof(IEnumerable).IsAssignableFrom(t) && t.IsGenericType)
            return new JsonArray(Sample(t.GetGenericArguments()[0], depth + 1));
        if (!t.IsClass && !t.IsValueType) return null;
        var obj = new JsonObject();
        var ctor = t.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault();
        var members = ctor is { } c && c.GetParameters().Length > 0
            ? c.GetParameters().Select(p => (p.Name!, p.ParameterType))
            : t.GetProperties().Where(p => p.CanWrite).Select(p => (p.Name, p.PropertyType));
        foreach (var (name, memberType) in members) obj[Camel(name)] = Sample(memberType, depth + 1);
        return obj;
    }

    private sealed class CapturingLogs : ILoggerProvider
    {
        public readonly ConcurrentQueue<(string Category, LogLevel Level, string Text, Exception? Exception)> Queue = new();
        public IEnumerable<(string Category, LogLevel Level, string Text, Exception? Exception)> Entries => Queue;
        public void Clear() => Queue.Clear();
        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);
        public void Dispose() { }

        private sealed class Logger(CapturingLogs owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel)) owner.Queue.Enqueue((category, logLevel, formatter(state, exception), exception));
            }
        }
    }
}
