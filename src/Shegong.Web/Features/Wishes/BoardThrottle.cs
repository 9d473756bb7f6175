using Shegong.Web.Infrastructure.Auth;

namespace Shegong.Web.Features.Wishes;

/// <summary>Claims and code look-ups from the public board, per client address (<c>Wishes:BoardPostsPerMinute</c>, default 10).</summary>
public sealed class BoardThrottle(IConfiguration config) : AddressThrottle(config, "Wishes:BoardPostsPerMinute", 10);
