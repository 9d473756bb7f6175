using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace Shegong.Web.Infrastructure.Auth;

/// <summary>
/// Access tokens: the principal and its expiry, protected by Data Protection (so any node sharing the key ring can
/// read them). Short-lived (<c>Auth:AccessTokenMinutes</c>, 15 by default) and, like a cookie, valid only while its
/// session is (<see cref="SessionValidator"/>).
/// </summary>
public sealed class AccessTokens(IDataProtectionProvider protection)
{
    private readonly TicketDataFormat _format = new(protection.CreateProtector("Shegong.AccessToken.v1"));

    public string Create(System.Security.Claims.ClaimsPrincipal principal, DateTimeOffset expiresUtc) =>
        _format.Protect(new AuthenticationTicket(principal,
            new AuthenticationProperties { IssuedUtc = DateTimeOffset.UtcNow, ExpiresUtc = expiresUtc }, AccessTokenHandler.SchemeName));

    public AuthenticationTicket? Read(string token) => _format.Unprotect(token);
}

public sealed class AccessTokenOptions : AuthenticationSchemeOptions;

/// <summary>
/// The bearer scheme (<c>Authorization: Bearer …</c>) of the API. Refuses a token that is malformed, expired, or
/// whose session was revoked or whose account's security stamp changed (checked against the database per request).
/// </summary>
public sealed class AccessTokenHandler(IOptionsMonitor<AccessTokenOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    AccessTokens tokens, SessionValidator sessions) : AuthenticationHandler<AccessTokenOptions>(options, logger, encoder)
{
    public static readonly string SchemeName = Microsoft.AspNetCore.Identity.IdentityConstants.BearerScheme;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var ticket = tokens.Read(header["Bearer ".Length..].Trim());
        if (ticket?.Properties.ExpiresUtc is not { } expires) return AuthenticateResult.Fail("Invalid token.");
        if (expires <= TimeProvider.GetUtcNow()) return AuthenticateResult.Fail("Token expired.");
        if (!await sessions.IsValidAsync(ticket.Principal)) return AuthenticateResult.Fail("Session ended.");
        return AuthenticateResult.Success(new AuthenticationTicket(ticket.Principal, ticket.Properties, Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.Append("WWW-Authenticate", "Bearer");
        return Task.CompletedTask;
    }
}
