namespace Shegong.Web.Features.Common;

/// <summary>The body of a 201 Created from any module's API: the new record's id.</summary>
public sealed record IdResponse(Guid Id);

/// <summary>A full phone number shown on request (each reveal audited).</summary>
public sealed record PhoneResponse(string Phone);
