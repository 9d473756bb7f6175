using Shegong.Web.Infrastructure.Privacy;
using Shegong.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;
using Shegong.Web.Infrastructure.Audit;

namespace Shegong.Web.Infrastructure.Data;

public sealed class SqliteShegongDbContext(DbContextOptions<SqliteShegongDbContext> options, IScopeProvider scope, IAuditContext audit, IFieldProtector fields)
    : ShegongDbContext(options, scope, audit, fields)
{
    internal override Task LockAuditHeadAsync(CancellationToken cancellationToken) =>
        // A write as the transaction's first statement makes SQLite take its write lock now, not at commit.
        Database.ExecuteSqlRawAsync("UPDATE audit_head SET last_sequence = last_sequence WHERE id = 1", cancellationToken);
}

public sealed class PostgresShegongDbContext(DbContextOptions<PostgresShegongDbContext> options, IScopeProvider scope, IAuditContext audit, IFieldProtector fields)
    : ShegongDbContext(options, scope, audit, fields)
{
    internal override Task LockAuditHeadAsync(CancellationToken cancellationToken) =>
        Database.ExecuteSqlRawAsync("SELECT 1 FROM audit_head WHERE id = 1 FOR UPDATE", cancellationToken);
}
