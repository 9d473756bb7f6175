using Shegong.Web.Infrastructure.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Shegong.Domain.Access;
using Shegong.Web.Infrastructure.Audit;
using Shegong.Web.Infrastructure.Auth;

namespace Shegong.Web.Infrastructure.Data;

/// <summary>Used by <c>dotnet ef migrations add ... --context SqliteShegongDbContext</c>.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteShegongDbContext>
{
    public SqliteShegongDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteShegongDbContext>().UseSqlite("Data Source=design.db").Options,
            new FixedScope(DataScope.System), new SystemAuditContext(), new DesignTimeFieldProtector());
}

/// <summary>Used by <c>dotnet ef migrations add ... --context PostgresShegongDbContext</c>.</summary>
public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresShegongDbContext>
{
    public PostgresShegongDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresShegongDbContext>().UseNpgsql("Host=localhost;Database=shegong_design").Options,
            new FixedScope(DataScope.System), new SystemAuditContext(), new DesignTimeFieldProtector());
}

public sealed class FixedScope(DataScope scope) : IScopeProvider
{
    public DataScope Current { get; } = scope;
}

public sealed class SystemAuditContext : IAuditContext
{
    public Guid? UserId => null;
    public string UserName => "system";
    public string IpAddress => "";
}
