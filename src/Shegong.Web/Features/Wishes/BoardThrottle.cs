using System.Threading.RateLimiting;

namespace Shegong.Web.Features.Wishes;

/// <summary>Claims and code look-ups from the public board, per client address (<c>Wishes:BoardPostsPerMinute</c>, default 10).</summary>
public sealed class BoardThrottle(IConfiguration config)
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = config.GetValue("Wishes:BoardPostsPerMinute", 10),
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));

    public bool TryAcquire(HttpContext http)
    {
        using var lease = _limiter.AttemptAcquire(http.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        return lease.IsAcquired;
    }
}
