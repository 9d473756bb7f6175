using Shegong.Web.Infrastructure.Privacy;
using Shegong.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;
using Shegong.Web.Infrastructure.Audit;
using Shegong.Domain.Audit;

namespace Shegong.Web.Infrastructure.Data;

public sealed class SqliteShegongDbContext(DbContextOptions<SqliteShegongDbContext> options, IScopeProvider scope, IAuditContext audit, IFieldProtector fields)
    : ShegongDbContext(options, scope, audit, fields)
{
}

public sealed class PostgresShegongDbContext(DbContextOptions<PostgresShegongDbContext> options, IScopeProvider scope, IAuditContext audit, IFieldProtector fields)
    : ShegongDbContext(options, scope, audit, fields)
{
}
