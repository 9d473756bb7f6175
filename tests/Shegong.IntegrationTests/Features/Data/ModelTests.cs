using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shegong.Domain.Common;
using Shegong.Domain.Stations;
using Shegong.IntegrationTests.Infrastructure;
using Shegong.Web.Infrastructure.Auth;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.IntegrationTests.Features.Data;

public sealed class ModelTests(AppFixture app)
{
    [Fact]
    public void Every_model_change_is_covered_by_a_migration_of_this_provider()
    {
        using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<ShegongDbContext>();
        db.Database.HasPendingModelChanges().ShouldBeFalse($"run dotnet ef migrations add for the {app.Provider} context");
    }

    /// <summary>
    /// Entity types that have no scope filter, each with the reason. Anything that holds people's data, or data owned
    /// by a station, a region or an account, gets a marker (IStationOwned, IRegionOwned, IUserOwned) instead — a new
    /// entity type fails <see cref="Every_entity_type_has_the_scope_filter_or_a_written_exemption"/> until it has one or is listed here.
    /// </summary>
    public static readonly IReadOnlyDictionary<Type, string> Unfiltered = new Dictionary<Type, string>
    {
        [typeof(Shegong.Domain.Regions.Region)] = "the public administrative division tree (GB/T 2260 names and codes); no personal data, every user needs it to name places",
        [typeof(Shegong.Domain.Visits.VisitRuleSet)] = "visit frequencies set by a region for the stations below it; a station reads the sets of the regions above it, so a region filter would hide them; no personal data",
        [typeof(Shegong.Web.Infrastructure.Audit.AuditHead)] = "the head (sequence, hash) of each audit chain; read and moved only by the audit writer and verify-audit, holds no record content",
        [typeof(Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey)] = "the Data Protection key ring, read by the framework's key manager outside any request (never through a handler)",
        [typeof(Shegong.Web.Infrastructure.Privacy.AppSecret)] = "the wrapped field-encryption and lookup keys, read only by the field protector and the lookup hasher",
        [typeof(Microsoft.AspNetCore.Identity.IdentityRole<Guid>)] = "the role names (Roles.All); no personal data",
        [typeof(Microsoft.AspNetCore.Identity.IdentityRoleClaim<Guid>)] = "claims of roles (none are used); no personal data",
        [typeof(Microsoft.AspNetCore.Identity.IdentityUserRole<Guid>)] = "pairs of account and role ids, read by Identity for an account already found and by handlers joined to db.Users, which is filtered",
        [typeof(Microsoft.AspNetCore.Identity.IdentityUserClaim<Guid>)] = "Identity's per-account claims (none are stored); read by Identity for an account already found",
        [typeof(Microsoft.AspNetCore.Identity.IdentityUserLogin<Guid>)] = "external logins (none configured); read by Identity for an account already found",
        [typeof(Microsoft.AspNetCore.Identity.IdentityUserToken<Guid>)] = "Identity's per-account tokens (authenticator keys); read by Identity for an account already found",
        [typeof(RefreshToken)] = "hashes of refresh tokens, found by the presented token's hash at refresh (before anyone is signed in) and through their session; never listed",
        [typeof(Shegong.Domain.Statistics.StatBuild)] = "the statistics dimensions whose figures are built (a number and a time each), read at start-up by RebuildStats; no personal data, no region",
        [typeof(LoginFailure)] = "failed-attempt counters per user name and client address, read and written at sign-in before anyone is signed in; no record content",
    };

    [Fact]
    public void Every_entity_type_has_the_scope_filter_or_a_written_exemption()
    {
        using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<ShegongDbContext>();
        var missing = new List<string>();
        foreach (var type in db.Model.GetEntityTypes().Where(t => !t.IsOwned() && t.BaseType is null))
        {
            var filtered = type.FindDeclaredQueryFilter(ShegongDbContext.ScopeFilter) is not null;
            var exempt = Unfiltered.TryGetValue(type.ClrType, out var reason);
            if (filtered && exempt) missing.Add($"{type.ClrType.Name} has the scope filter but is still exempted (remove it from the list)");
            else if (!filtered && !exempt) missing.Add($"{type.ClrType.Name} ({type.GetTableName()}) has no scope filter: give it IStationOwned, IRegionOwned or IUserOwned, or exempt it here with the reason");
            else if (exempt) reason.ShouldNotBeNullOrWhiteSpace();
        }
        foreach (var listed in Unfiltered.Keys.Where(t => db.Model.FindEntityType(t) is null))
            missing.Add($"{listed.Name} is exempted but no longer in the model");
        missing.ShouldBeEmpty();
    }

    [Fact]
    public void An_entity_with_a_station_region_or_user_column_carries_its_marker()
    {
        using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<ShegongDbContext>();
        // Columns that say who owns a row; an entity that has one is owned by that and must say so (exempt: its own rule).
        var ownRule = new[] { typeof(Station), typeof(Shegong.Domain.Audit.AuditEntry), typeof(Shegong.Domain.Audit.AuditReadDay) };
        var markers = new (string Column, Type Marker)[] { ("StationId", typeof(IStationOwned)), ("RegionPrefix", typeof(IRegionOwned)), ("UserId", typeof(IUserOwned)) };
        var wrong = new List<string>();
        foreach (var type in db.Model.GetEntityTypes().Where(t => !t.IsOwned() && !ownRule.Contains(t.ClrType) && !Unfiltered.ContainsKey(t.ClrType)))
            foreach (var (column, marker) in markers)
                if (type.FindProperty(column) is not null && !ScopeMarkers.Markers.Any(m => m.IsAssignableFrom(type.ClrType)))
                    wrong.Add($"{type.ClrType.Name} has {column} but no ownership marker (e.g. {marker.Name})");
        wrong.ShouldBeEmpty();
        foreach (var t in ownRule) db.Model.FindEntityType(t)!.FindDeclaredQueryFilter(ShegongDbContext.ScopeFilter).ShouldNotBeNull();
    }
}
