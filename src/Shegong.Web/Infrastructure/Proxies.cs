using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Shegong.Web.Infrastructure;

/// <summary>
/// X-Forwarded-For/-Proto/-Host, honoured only from the reverse proxies the configuration names
/// (<c>ForwardedHeaders:KnownProxies</c>: addresses; <c>ForwardedHeaders:KnownNetworks</c>: CIDR ranges; each a list or
/// a comma-separated string). Nothing is trusted by default — not even loopback, which ASP.NET Core would trust — so a
/// client cannot choose the address its login throttle, rate limits and audit entries see. Behind a trusted proxy the
/// right-most address it adds is the client's (<c>ForwardedHeaders:ForwardLimit</c>, default 1 proxy hop).
/// </summary>
public static class Proxies
{
    public const string Section = "ForwardedHeaders";

    public static IServiceCollection AddShegongProxies(this IServiceCollection services, IConfiguration config)
    {
        var proxies = Entries(config, "KnownProxies").Select(v => IPAddress.TryParse(v, out var ip) ? ip
            : throw new InvalidOperationException($"{Section}:KnownProxies: '{v}' is not an IP address.")).ToList();
        var networks = Entries(config, "KnownNetworks").Select(v => System.Net.IPNetwork.TryParse(v, out var n) ? n
            : throw new InvalidOperationException($"{Section}:KnownNetworks: '{v}' is not a network in CIDR notation (e.g. 10.0.0.0/24).")).ToList();
        var limit = config.GetValue<int?>($"{Section}:ForwardLimit") ?? 1;
        if (limit < 1) throw new InvalidOperationException($"{Section}:ForwardLimit must be 1 or more.");
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            o.ForwardLimit = limit;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var p in proxies) o.KnownProxies.Add(p);
            foreach (var n in networks) o.KnownIPNetworks.Add(n);
            // Headers from an address that is not a known proxy are left as they are, and ignored.
            o.RequireHeaderSymmetry = false;
        });
        return services;
    }

    /// <summary>
    /// First in the pipeline: everything after it sees the client's address and scheme. Without a known proxy or
    /// network the middleware is left out: with both lists empty it would take the headers from anyone.
    /// </summary>
    public static IApplicationBuilder UseShegongProxies(this IApplicationBuilder app)
    {
        var options = app.ApplicationServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<ForwardedHeadersOptions>>().Value;
        return options.KnownProxies.Count + options.KnownIPNetworks.Count == 0 ? app : app.UseForwardedHeaders();
    }

    private static IEnumerable<string> Entries(IConfiguration config, string key)
    {
        var section = config.GetSection($"{Section}:{key}");
        var values = section.GetChildren().Any() ? section.GetChildren().Select(c => c.Value ?? "") : [section.Value ?? ""];
        return values.SelectMany(v => v.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }
}
