using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Shegong.Web.Infrastructure.Audit;
using Shegong.Web.Infrastructure.Auth;
using Shegong.Web.Infrastructure.Privacy;

namespace Shegong.Web.Infrastructure.Data;

public static class DataServices
{
    public const string SqliteDefault = "Data Source=data/shegong.db";

    /// <summary><c>Database:Provider</c> = Sqlite (default) or Postgres; <c>ConnectionStrings:Shegong</c>.</summary>
    public static IServiceCollection AddShegongData(this IServiceCollection services, IConfiguration config, string contentRoot)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<ScopeProvider>();
        services.AddScoped<IScopeProvider>(sp => sp.GetRequiredService<ScopeProvider>());
        // Interactive components (a circuit has no request) get the signed-in user's scope from the circuit's authentication state.
        services.TryAddEnumerable(ServiceDescriptor.Scoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler, ScopeCircuitHandler>());
        services.AddScoped<HttpAuditContext>();
        services.AddScoped<IAuditContext>(sp => sp.GetRequiredService<HttpAuditContext>());
        services.AddSingleton<AppSecretStore>();
        services.AddSingleton<IFieldProtector, EnvelopeFieldProtector>();
        services.AddSingleton<LookupHasher>();
        services.AddSingleton<AuditMac>();
        services.AddSingleton<RotateKeys>();
        services.AddSingleton<Statistics.StatCache>();
        services.AddSingleton<Statistics.FigureCommits>();

        var provider = config["Database:Provider"] ?? "Sqlite";
        // EF Core's check that a context is not used by two threads at once sets an async-local twice per row read —
        // a fifth of a visit's allocations. On in Development and tests (where a misuse would show), off in production.
        var environment = config["environment"] ?? "Production";
        var threadChecks = config.GetValue("Database:ThreadSafetyChecks", environment is "Development" or "Testing");
        var connection = config.GetConnectionString("Shegong");
        if (provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase))
        {
            if (string.IsNullOrWhiteSpace(connection))
                throw new InvalidOperationException("Database:Provider=Postgres needs ConnectionStrings:Shegong.");
            // Statements the host sends again and again (the figures' reads, EF Core's queries) are prepared once per
            // connection, unless the connection string says otherwise: planning costs as much as running them.
            var npgsql = new Npgsql.NpgsqlConnectionStringBuilder(connection);
            if (!connection.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase))
            {
                npgsql.MaxAutoPrepare = 200;
                npgsql.AutoPrepareMinUsages = 2;
            }
            connection = npgsql.ConnectionString;
            // The options are built once (not per request): they name only singletons.
            services.AddDbContext<ShegongDbContext, PostgresShegongDbContext>((sp, o) => o.UseNpgsql(connection)
                .AddInterceptors(sp.GetRequiredService<Statistics.FigureCommits>()).EnableThreadSafetyChecks(threadChecks), optionsLifetime: ServiceLifetime.Singleton);
        }
        else
        {
            connection = string.IsNullOrWhiteSpace(connection) ? SqliteDefault : connection;
            var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connection);
            if (!Path.IsPathRooted(builder.DataSource) && builder.DataSource != ":memory:")
                builder.DataSource = Path.Combine(contentRoot, builder.DataSource);
            var folder = Path.GetDirectoryName(builder.DataSource);
            if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
            builder.DefaultTimeout = 30;
            var cs = builder.ToString();
            services.AddDbContext<ShegongDbContext, SqliteShegongDbContext>((sp, o) => o.UseSqlite(cs)
                .AddInterceptors(sp.GetRequiredService<Statistics.FigureCommits>()).EnableThreadSafetyChecks(threadChecks), optionsLifetime: ServiceLifetime.Singleton);
        }
        // Pending figure changes are folded into the levels above every few seconds (off with Jobs:Enabled=false: tests fold by hand).
        if (config.GetValue("Jobs:Enabled", true)) services.AddHostedService<Statistics.StatFolderService>();
        return services;
    }
}
