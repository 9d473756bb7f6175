using Shegong.Web.Infrastructure.Privacy;
using Shegong.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;
using Shegong.Web.Infrastructure.Audit;
using Shegong.Domain.Audit;

namespace Shegong.Web.Infrastructure.Data;

public sealed class SqliteShegongDbContext(DbContextOptions<SqliteShegongDbContext> options, IScopeProvider scope, IAuditContext audit, IFieldProtector fields,
    AuditMac? auditMac = null)
    : ShegongDbContext(options, scope, audit, fields, auditMac)
{
    // Every SQLite context, however it was made (host, design time, tests), can compute the names' sort key in SQL.
    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
    {
        base.OnConfiguring(optionsBuilder);
        optionsBuilder.AddInterceptors(SqliteNameKeyFunction.Instance);
    }
}

public sealed class PostgresShegongDbContext(DbContextOptions<PostgresShegongDbContext> options, IScopeProvider scope, IAuditContext audit, IFieldProtector fields,
    AuditMac? auditMac = null)
    : ShegongDbContext(options, scope, audit, fields, auditMac)
{
}
