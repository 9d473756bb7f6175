using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Shegong.IntegrationTests.Infrastructure;

namespace Shegong.IntegrationTests.Features.Host;

/// <summary>
/// X-Forwarded-For is honoured only from the proxies the configuration names: by default from nobody — not even
/// loopback, which ASP.NET Core would trust on its own. Seen through the login throttle (2 attempts a minute per
/// client address), with every request arriving from 127.0.0.1 as a local reverse proxy's would.
/// </summary>
public sealed class ForwardedHeadersTests(AppFixture app)
{
    /// <summary>Gives every request the peer address 127.0.0.1 (the test server has none), before anything else runs.</summary>
    private sealed class FromLoopback : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => builder =>
        {
            builder.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = IPAddress.Loopback;
                return nextMiddleware(context);
            });
            next(builder);
        };
    }

    private WebApplicationFactory<Program> Host(params (string Key, string Value)[] settings)
    {
        var all = new Dictionary<string, string?> { ["Auth:LoginAttemptsPerMinute"] = "2" };
        foreach (var (k, v) in settings) all[k] = v;
        return app.CreateFactory(all).WithWebHostBuilder(b => b.ConfigureServices(s => s.AddTransient<IStartupFilter, FromLoopback>()));
    }

    /// <summary>Three sign-in attempts (an unknown account), each with its own X-Forwarded-For; their status codes.</summary>
    private static async Task<int[]> AttemptsAsync(WebApplicationFactory<Program> host, params string[] forwardedFor)
    {
        using var client = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var codes = new List<int>();
        foreach (var address in forwardedFor)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/token")
            {
                Content = JsonContent.Create(new { userName = "nobody-" + Guid.NewGuid().ToString("N")[..8], password = "wrong-password-1" }),
            };
            request.Headers.Add("X-Forwarded-For", address);
            codes.Add((int)(await client.SendAsync(request)).StatusCode);
        }
        return [.. codes];
    }

    [Fact]
    public async Task By_default_no_proxy_is_trusted_so_a_client_cannot_escape_its_limit_with_X_Forwarded_For()
    {
        await using var host = Host();
        (await AttemptsAsync(host, "198.51.100.1", "198.51.100.2", "198.51.100.3")).ShouldBe([401, 401, 429]);
    }

    [Fact]
    public async Task From_a_configured_known_proxy_the_forwarded_client_address_is_the_one_limited()
    {
        await using var host = Host(("ForwardedHeaders:KnownProxies", "127.0.0.1"));
        (await AttemptsAsync(host, "198.51.100.1", "198.51.100.2", "198.51.100.3")).ShouldBe([401, 401, 401]);
        // The proxy appends the address it saw: the right-most entry is the client's, whatever the client wrote before it.
        (await AttemptsAsync(host, "203.0.113.9, 198.51.100.7", "203.0.113.10, 198.51.100.7", "198.51.100.7")).ShouldBe([401, 401, 429]);
    }

    [Fact]
    public async Task A_known_network_is_trusted_and_a_proxy_that_is_not_listed_is_not()
    {
        await using (var trusted = Host(("ForwardedHeaders:KnownNetworks:0", "127.0.0.0/8")))
            (await AttemptsAsync(trusted, "198.51.100.1", "198.51.100.2", "198.51.100.3")).ShouldBe([401, 401, 401]);
        await using var other = Host(("ForwardedHeaders:KnownProxies", "10.1.2.3"), ("ForwardedHeaders:KnownNetworks", "192.168.0.0/16"));
        (await AttemptsAsync(other, "198.51.100.1", "198.51.100.2", "198.51.100.3")).ShouldBe([401, 401, 429]);
    }

    [Fact]
    public void A_known_proxy_that_is_not_an_address_stops_the_start_naming_the_setting()
    {
        using var host = Host(("ForwardedHeaders:KnownProxies", "proxy.example"));
        Should.Throw<InvalidOperationException>(() => host.CreateClient()).Message.ShouldContain("ForwardedHeaders:KnownProxies");
    }
}
