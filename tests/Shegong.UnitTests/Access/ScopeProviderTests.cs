using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Shegong.Domain.Access;
using Shegong.Web.Infrastructure.Auth;

namespace Shegong.UnitTests.Access;

public sealed class ScopeProviderTests
{
    private static readonly Guid Station = Guid.NewGuid();
    private static readonly Guid User = Guid.NewGuid();

    private static ClaimsPrincipal StationWorker() => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.NameIdentifier, User.ToString()),
        new Claim(ShegongClaims.StationId, Station.ToString()),
        new Claim(ShegongClaims.RegionPrefix, "440112010"),
    ], "test"));

    private static ScopeProvider Outside() => new(new HttpContextAccessor(), NullLogger<ScopeProvider>.Instance);

    [Fact]
    public void Outside_a_request_the_scope_is_nothing()
    {
        Outside().Current.ShouldBe(DataScope.None);
    }

    [Fact]
    public void In_a_request_the_scope_is_the_signed_in_users_and_nothing_for_anonymous_callers()
    {
        var accessor = new HttpContextAccessor { HttpContext = new DefaultHttpContext { User = StationWorker() } };
        var scope = new ScopeProvider(accessor, NullLogger<ScopeProvider>.Instance).Current;
        scope.ShouldBe(DataScope.ForStation(Station, "440112010").OfUser(User));
        accessor.HttpContext = new DefaultHttpContext();
        new ScopeProvider(accessor, NullLogger<ScopeProvider>.Instance).Current.ShouldBe(DataScope.None);
    }

    [Fact]
    public void The_system_scope_is_in_force_only_while_its_handle_lives_and_nesting_restores_the_outer_one()
    {
        var provider = Outside();
        using (provider.RunAsSystem("outer"))
        {
            provider.Current.ShouldBe(DataScope.System);
            var inner = provider.RunAsSystem("inner");
            provider.SystemReason.ShouldBe("inner");
            inner.Dispose();
            inner.Dispose(); // twice changes nothing
            provider.SystemReason.ShouldBe("outer");
            provider.Current.ShouldBe(DataScope.System);
        }
        provider.Current.ShouldBe(DataScope.None);
        provider.SystemReason.ShouldBeNull();
        Should.Throw<ArgumentException>(() => provider.RunAsSystem(" "));
    }

    [Fact]
    public void A_system_scope_taken_inside_a_users_override_gives_the_user_back_afterwards()
    {
        var provider = Outside();
        var user = DataScope.ForRegion("440112");
        provider.Override = user;
        using (provider.RunAsSystem("a look-up across stations")) provider.Current.ShouldBe(DataScope.System);
        provider.Current.ShouldBe(user);
    }

    private sealed class FakeAuthentication(ClaimsPrincipal user) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(user));
        public void Change(ClaimsPrincipal next) => NotifyAuthenticationStateChanged(Task.FromResult(new AuthenticationState(next)));
    }

    [Fact]
    public async Task An_interactive_circuit_gets_the_signed_in_users_scope_and_follows_a_sign_out()
    {
        var provider = Outside();
        var authentication = new FakeAuthentication(StationWorker());
        using var handler = new ScopeCircuitHandler(authentication, provider);
        await handler.OnCircuitOpenedAsync(null!, default);
        provider.Current.ShouldBe(DataScope.ForStation(Station, "440112010").OfUser(User));

        authentication.Change(new ClaimsPrincipal(new ClaimsIdentity()));
        provider.Current.ShouldBe(DataScope.None);

        authentication.Change(StationWorker());
        await handler.OnCircuitClosedAsync(null!, default);
        provider.Current.ShouldBe(DataScope.None);
    }
}
