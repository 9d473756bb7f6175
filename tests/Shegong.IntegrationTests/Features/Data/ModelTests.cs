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

    [Fact]
    public void Every_entity_with_a_station_column_gets_the_scope_filter()
    {
        using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<ShegongDbContext>();
        // Station is its own owner; accounts, audit entries and their read digests are filtered by their own rules (UserScope, audit filter).
        var exempt = new[] { typeof(Station), typeof(AppUser), typeof(Shegong.Domain.Audit.AuditEntry), typeof(Shegong.Domain.Audit.AuditReadDay) };
        foreach (var type in db.Model.GetEntityTypes().Where(t => !t.IsOwned() && t.FindProperty("StationId") is not null && !exempt.Contains(t.ClrType)))
        {
            typeof(IStationOwned).IsAssignableFrom(type.ClrType).ShouldBeTrue($"{type.ClrType.Name} has StationId but is not IStationOwned");
            type.GetDeclaredQueryFilters().ShouldNotBeEmpty($"{type.ClrType.Name} has no scope filter");
        }
        db.Model.FindEntityType(typeof(Station))!.GetDeclaredQueryFilters().ShouldNotBeEmpty();
    }
}
