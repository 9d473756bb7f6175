using System.Security.Claims;
using Shegong.Domain.Access;

namespace Shegong.Web.Infrastructure.Auth;

/// <summary>The caller's data scope, read from the signed-in user's claims.</summary>
public interface IScopeProvider
{
    DataScope Current { get; }
}

/// <summary>
/// Per request (or per DI scope): the signed-in user's scope in a request, nothing for anonymous callers, and
/// <b>nothing</b> outside a request (a job, a command, a background service, a component outside a request) unless
/// the code asks for the system scope by name with <see cref="RunAsSystem"/> — the one way to see everything, so
/// every use can be found with <c>grep -rn RunAsSystem</c>. <see cref="Override"/> lets work that continues a user's
/// request (a background import) or a test act as a given scope.
/// </summary>
public sealed class ScopeProvider(IHttpContextAccessor accessor, ILogger<ScopeProvider> log) : IScopeProvider
{
    public DataScope? Override { get; set; }

    /// <summary>Why the system scope is in force (the reason given to <see cref="RunAsSystem"/>), else null.</summary>
    public string? SystemReason { get; private set; }

    /// <summary>
    /// The signed-in user of an interactive component's circuit, which runs outside any request
    /// (<see cref="ScopeCircuitHandler"/> keeps it); null elsewhere. Static SSR pages run in the request and use its user.
    /// </summary>
    public ClaimsPrincipal? CircuitUser { get; set; }

    public DataScope Current => Override ?? FromUser(accessor.HttpContext?.User ?? CircuitUser);

    /// <summary>
    /// Acts as the system (sees every station, region and account) until the returned handle is disposed, after
    /// which the scope is what it was. <paramref name="reason"/> says which command, job, seed or start-up task
    /// this is (logged at debug level).
    /// </summary>
    public IDisposable RunAsSystem(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        var previous = (Override, SystemReason);
        Override = DataScope.System;
        SystemReason = reason;
        log.LogDebug("System scope: {Reason}", reason);
        return new Restore(this, previous);
    }

    private sealed class Restore(ScopeProvider provider, (DataScope? Override, string? Reason) previous) : IDisposable
    {
        private bool _done;
        public void Dispose()
        {
            if (_done) return;
            _done = true;
            (provider.Override, provider.SystemReason) = previous;
        }
    }

    /// <summary>The scope of a signed-in user; nothing (but the account's own records) without a binding; nothing for anonymous callers.</summary>
    public static DataScope FromUser(ClaimsPrincipal? user)
    {
        if (user?.Identity?.IsAuthenticated != true) return DataScope.None;
        var userId = Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : (Guid?)null;
        var prefix = user.FindFirstValue(ShegongClaims.RegionPrefix);
        if (prefix is null) return DataScope.None.OfUser(userId);
        if (Guid.TryParse(user.FindFirstValue(ShegongClaims.StationId), out var stationId))
            return DataScope.ForStation(stationId, prefix).OfUser(userId) with { ManagesStation = user.IsInRole(Roles.StationManager) };
        return DataScope.ForRegion(prefix).OfUser(userId) with { Supervises = user.IsInRole(Roles.Supervisor) };
    }
}

/// <summary>The system scope by name for code that holds a service provider (a command, a job, a background service).</summary>
public static class SystemScope
{
    /// <summary>See <see cref="ScopeProvider.RunAsSystem"/>: this DI scope acts as the system until disposed.</summary>
    public static IDisposable RunAsSystem(this IServiceProvider services, string reason) =>
        services.GetRequiredService<ScopeProvider>().RunAsSystem(reason);
}

public static class ShegongClaims
{
    public const string StationId = "shegong:station";
    public const string RegionPrefix = "shegong:region";
    public const string DisplayName = "shegong:display_name";
}
