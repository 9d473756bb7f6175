using Quartz;
using Shegong.Web.Infrastructure.Auth;

namespace Shegong.Web.Features.Accounts;

/// <summary>Deletes sessions (and their refresh tokens) that ended more than a day ago, and failure counters a day old.</summary>
public static class SessionCleanup
{
    public sealed class Handler(Sessions sessions, Infrastructure.Data.ShegongDbContext db)
    {
        public async Task<int> HandleAsync(CancellationToken ct = default)
        {
            var before = DateTime.UtcNow.AddDays(-1);
            var failures = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ExecuteDeleteAsync(
                db.LoginFailures.Where(f => f.LastFailureUtc < before), ct);
            return await sessions.DeleteEndedAsync(ct) + failures;
        }
    }

    /// <summary>Every hour; idempotent, so two nodes running it at once do no harm.</summary>
    [DisallowConcurrentExecution]
    public sealed class Job(Handler handler, Infrastructure.Auth.ScopeProvider scopes) : IJob
    {
        public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
        {
            using var system = scopes.RunAsSystem("job session-cleanup: every account's ended sessions");
            await handler.HandleAsync(cancellationToken);
        }
    }
}
