using Shegong.Web.Infrastructure.Privacy;
using Shegong.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;
using Shegong.Web.Infrastructure.Audit;
using Shegong.Domain.Audit;

namespace Shegong.Web.Infrastructure.Data;

public sealed class SqliteShegongDbContext(DbContextOptions<SqliteShegongDbContext> options, IScopeProvider scope, IAuditContext audit, IFieldProtector fields)
    : ShegongDbContext(options, scope, audit, fields)
{
    internal override Task LockAuditHeadAsync(string chain, CancellationToken cancellationToken) =>
        // A write as the transaction's first statement makes SQLite take its (database-wide) write lock now, not at
        // commit; the same statement makes the chain's head when it has none. SQLite has one writer anyway.
        Database.ExecuteSqlAsync($"INSERT INTO audit_heads (chain, last_sequence, last_hash) VALUES ({chain}, 0, {AuditEntry.GenesisHash}) ON CONFLICT (chain) DO NOTHING", cancellationToken);
}

public sealed class PostgresShegongDbContext(DbContextOptions<PostgresShegongDbContext> options, IScopeProvider scope, IAuditContext audit, IFieldProtector fields)
    : ShegongDbContext(options, scope, audit, fields)
{
    internal override async Task LockAuditHeadAsync(string chain, CancellationToken cancellationToken)
    {
        // Only this chain's head is locked, so saves of other chains (other stations) never wait for this one.
        // The first save of a chain makes its head; a concurrent first save of the same chain waits on the
        // uncommitted row and then finds it, so no head is made twice and no insert fails.
        await Database.ExecuteSqlAsync($"INSERT INTO audit_heads (chain, last_sequence, last_hash) VALUES ({chain}, 0, {AuditEntry.GenesisHash}) ON CONFLICT (chain) DO NOTHING", cancellationToken);
        await Database.ExecuteSqlAsync($"SELECT 1 FROM audit_heads WHERE chain = {chain} FOR UPDATE", cancellationToken);
    }
}
