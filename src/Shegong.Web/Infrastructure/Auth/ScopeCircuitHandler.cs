using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Shegong.Web.Infrastructure.Auth;

/// <summary>
/// Gives an interactive (Blazor Server) component the signed-in user's scope: a circuit has no request, so without
/// this its scope would be nothing. Takes the circuit's authentication state when the circuit opens and follows its
/// changes. The pages today are static SSR (they run in the request); this is in place for the first interactive one.
/// </summary>
public sealed class ScopeCircuitHandler(AuthenticationStateProvider authentication, ScopeProvider scopes) : CircuitHandler, IDisposable
{
    private bool _subscribed;

    public override async Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        scopes.CircuitUser = (await authentication.GetAuthenticationStateAsync()).User;
        if (!_subscribed)
        {
            authentication.AuthenticationStateChanged += OnChanged;
            _subscribed = true;
        }
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    private async void OnChanged(Task<AuthenticationState> state)
    {
        // Until the new state is known the circuit sees nothing (fails closed), never the old user's data.
        scopes.CircuitUser = null;
        try { scopes.CircuitUser = (await state).User; }
        catch (Exception) { scopes.CircuitUser = null; }
    }

    public void Dispose()
    {
        if (!_subscribed) return;
        authentication.AuthenticationStateChanged -= OnChanged;
        _subscribed = false;
        scopes.CircuitUser = null;
    }
}
