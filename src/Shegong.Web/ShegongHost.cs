using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Scalar.AspNetCore;
using Shegong.Web.Components;
using Shegong.Web.Features;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Auth;
using Shegong.Web.Infrastructure.Data;
using Shegong.Web.Infrastructure.Privacy;
using Shegong.Web.Infrastructure.Seed;

namespace Shegong.Web;

/// <summary>Builds the one host: one AddXxx and one MapXxx per concern.</summary>
public static class ShegongHost
{
    public static WebApplication Build(string[] args)
    {
        // `dotnet run` starts in the project folder; a built host started elsewhere serves the wwwroot copied beside it.
        var contentRoot = Directory.Exists(Path.Combine(Directory.GetCurrentDirectory(), "wwwroot"))
            ? Directory.GetCurrentDirectory()
            : AppContext.BaseDirectory;
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = contentRoot });
        var services = builder.Services;
        builder.WebHost.ConfigureKestrel(o => o.AddServerHeader = false);

        services.AddShegongData(builder.Configuration, builder.Environment.ContentRootPath);
        services.AddShegongAuth(builder.Configuration);
        services.AddShegongProxies(builder.Configuration);
        services.AddShegongLocalization();
        // The master key file and Data Protection, whose key ring is stored encrypted with it (docs/security.md).
        services.AddShegongKeys(builder.Configuration, builder.Environment);
        services.AddRazorComponents();
        // Chinese text is written as is, not as &#x...; entities.
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddCascadingAuthenticationState();
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
            o.SerializerOptions.Converters.Add(new SafeStringConverter()); // no NUL or other control character gets in
        });
        // X-Frame-Options is set on every response (SecurityHeaders), not only where a form token is made.
        services.AddAntiforgery(o => o.SuppressXFrameOptionsHeader = true);
        // Malformed requests reach the error handler, which answers with a Chinese ProblemDetails.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddShegongOpenApi(); // schema names, flag enums, nullability, 401/403 and ETag: Infrastructure/ApiDocument.cs
        services.AddHealthChecks().AddDbContextCheck<ShegongDbContext>("database", tags: ["ready"]);
        services.AddShegongFeatures(builder.Configuration);

        var app = builder.Build();

        // First: the client's address and scheme (from a known proxy only) before anything reads them.
        app.UseShegongProxies();
        app.UseShegongSecurityHeaders();
        app.UseShegongErrors();
        // Every cookie (sign-in, form token, language) is Secure when the request came over HTTPS.
        app.UseCookiePolicy(new CookiePolicyOptions { Secure = CookieSecurePolicy.SameAsRequest, MinimumSameSitePolicy = SameSiteMode.Lax });
        // Plain wwwroot files (not MapStaticAssets): the same whether run from the project, a copied bin or the e2e tests.
        app.UseStaticFiles();
        app.UseRequestLocalization();
        app.UseShegongStatusPages();
        app.UseAuthentication();
        app.UseAuthorization();
        // After authorization: a caller who may not post here gets 401/403, and no form is read for them.
        app.UseShegongInputGuard();
        app.UseShegongStaleForms();
        app.UseAntiforgery();

        // Sign-in is required everywhere (the fallback policy) except where marked public, as these are.
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapScalarApiReference("/api/docs", o => o.WithTitle("Shegong API").WithOpenApiRoutePattern("/openapi/{documentName}.json")).AllowAnonymous();
        app.MapCultureSwitch();
        app.MapShegongFeatures();
        app.MapRazorComponents<App>();
        return app;
    }

    /// <summary>Creates and migrates the database, then seeds the demo area on first start.</summary>
    public static async Task PrepareDatabaseAsync(WebApplication app)
    {
        using var scope = app.Services.CreateScope();
        using var system = scope.ServiceProvider.RunAsSystem("start-up: migrate, build missing figures, seed the demo");
        var db = scope.ServiceProvider.GetRequiredService<ShegongDbContext>();
        // A migration that moves data, or the first build of the figures, may take minutes on a large database.
        db.Database.SetCommandTimeout(TimeSpan.FromHours(2));
        // Nodes starting at once on one PostgreSQL database prepare it one after the other (a session lock on this
        // context's connection, held to the end): the second finds the heads sealed, the figures built, the demo seeded.
        var postgres = db.Database.ProviderName?.Contains("Npgsql") == true;
        if (postgres)
        {
            // The lock needs the database: made here when it does not exist yet (as the migration would make it).
            var creator = db.GetService<Microsoft.EntityFrameworkCore.Storage.IRelationalDatabaseCreator>();
            if (!await creator.ExistsAsync())
            {
                try { await creator.CreateAsync(); }
                catch (Npgsql.PostgresException e) when (e.SqlState == Npgsql.PostgresErrorCodes.DuplicateDatabase) { } // another node made it
            }
            await db.Database.OpenConnectionAsync();
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_lock(7261000)");
        }
        try
        {
            await db.Database.MigrateAsync();
            await Infrastructure.Audit.AuditSeal.SealUnsignedHeadsAsync(db, Console.Out);
            await Features.Statistics.RebuildStats.BuildIfMissingAsync(db, Console.Out);
            if (app.Configuration.GetValue("Seed:Demo", true))
                await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedIfEmptyAsync(Console.Out);
        }
        finally
        {
            if (postgres)
            {
                await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_unlock(7261000)");
                await db.Database.CloseConnectionAsync();
            }
        }
    }
}
