using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Shegong.Domain.Access;
using Shegong.Domain.Regions;
using Shegong.Domain.Registry;
using Shegong.Domain.Stations;
using Shegong.Domain.Visits;
using Shegong.IntegrationTests.Infrastructure;
using Shegong.Web.Infrastructure.Data;
using Shegong.Web.Infrastructure.Privacy;

namespace Shegong.IntegrationTests.Features.Registry;

/// <summary>
/// The migration that brought pinyin order, run over people already on file: on SQLite it fills their sort keys
/// (through the SQL function the context registers), on PostgreSQL the column's collation orders them. A database of
/// its own, dropped at the end.
/// </summary>
public sealed class PersonNameOrderMigrationTests(AppFixture app)
{
    private static readonly string[] Names = ["任大妈", "何伯", "余奶奶", "刘爷爷", "张阿姨", "阿英"];

    [Fact]
    public async Task People_on_file_before_the_migration_are_in_pinyin_order_after_it()
    {
        var name = "shegong_order_" + Guid.NewGuid().ToString("N")[..8];
        var connection = await CreateAsync(name);
        try
        {
            await using (var db = Context(connection))
            {
                await db.Database.MigrateAsync();
                await AddPeopleAsync(db);
                // Back to the version before pinyin order (its rows as that version had them), then forward again.
                var all = db.Database.GetMigrations().ToList();
                var before = all[all.FindIndex(m => m.EndsWith("_PersonNameOrder", StringComparison.Ordinal)) - 1];
                await db.GetService<IMigrator>().MigrateAsync(before);
                if (!app.IsPostgres)
                    (await db.Database.SqlQueryRaw<int>("SELECT count(*) AS \"Value\" FROM pragma_table_info('persons') WHERE name = 'name_sort_key'").SingleAsync()).ShouldBe(0);
                await db.Database.MigrateAsync();
            }
            await using (var db = Context(connection))
            {
                var order = app.IsPostgres ? "name, id" : "name_sort_key, id";
                var sql = "SELECT name AS \"Value\" FROM persons ORDER BY " + order; // one of two fixed orders
                var names = await db.Database.SqlQueryRaw<string>(sql).ToListAsync();
                names.ShouldBe(["阿英", "何伯", "刘爷爷", "任大妈", "余奶奶", "张阿姨"]);
                if (!app.IsPostgres)
                {
                    // The keys the migration wrote are the ones a write computes.
                    foreach (var p in await db.Persons.IgnoreQueryFilters().Select(p => new { p.Name, p.NameSortKey }).ToListAsync())
                        p.NameSortKey.ShouldBe(NameOrder.SortKey(p.Name));
                }
            }
        }
        finally { await DropAsync(name, connection); }
    }

    private static async Task AddPeopleAsync(ShegongDbContext db)
    {
        Region? parent = null;
        var regions = new List<Region>();
        foreach (var (code, label) in new[] { ("440000000000", "广东省"), ("440100000000", "广州市"), ("440112000000", "黄埔区"), ("440112010000", "长洲街道"), ("440112010001", "黄船社区") })
        {
            parent = Region.Create(RegionCode.Parse(code), label, parent);
            regions.Add(parent);
        }
        db.Regions.AddRange(regions);
        var station = Station.Create(regions[3], "长洲街道社工站", "长洲路 1 号", null, null);
        db.Stations.Add(station);
        var community = regions[4];
        var today = DateOnly.FromDateTime(DateTime.Today);
        foreach (var n in Names)
        {
            var (household, _) = Household.Create(station.Id, community.Prefix, community.Id,
                new HouseholdDetails("长洲路 18 号", null, null, LivingArrangement.Alone, "养老金", AssistanceKinds.None));
            db.Households.Add(household!);
            var (valid, errors) = PersonRules.Validate(new PersonDetails(n, Gender.Female, "汉族", new DateOnly(1940, 1, 1), null, "", "", "",
                PersonTypes.LivingAlone, FollowUpTier.General, LegalBasis.WrittenConsent, "本人书面同意"), today);
            errors.ShouldBeEmpty();
            db.Persons.Add(Person.Register(station.Id, community.Prefix, community.Id, household!, HouseholdRelation.Head, valid!, null, null, today,
                VisitRuleSet.Default()));
        }
        await db.SaveChangesAsync();
    }

    private async Task<string> CreateAsync(string name)
    {
        if (!app.IsPostgres) return new SqliteConnectionStringBuilder { DataSource = Path.Combine(Path.GetTempPath(), name + ".db") }.ConnectionString;
        using var scope = app.Scope();
        var create = "CREATE DATABASE " + name; // our own name, not input
        await scope.ServiceProvider.GetRequiredService<ShegongDbContext>().Database.ExecuteSqlRawAsync(create);
        return new NpgsqlConnectionStringBuilder(app.ConnectionString) { Database = name }.ConnectionString;
    }

    // The host's field protector: the people saved here have phones and health sections to encrypt. EF Core caches a
    // model per context type, with the protector of whichever context built it first (another test builds one with the
    // design-time protector); a cache key of this test's own makes the model built here, with this protector.
    private ShegongDbContext Context(string connection)
    {
        var protector = app.Factory.Services.GetRequiredService<IFieldProtector>();
        return app.IsPostgres
            ? new PostgresShegongDbContext(new DbContextOptionsBuilder<PostgresShegongDbContext>().UseNpgsql(connection)
                    .ReplaceService<IModelCacheKeyFactory, OwnModelKey>().Options,
                new FixedScope(DataScope.System), new SystemAuditContext(), protector)
            : new SqliteShegongDbContext(new DbContextOptionsBuilder<SqliteShegongDbContext>().UseSqlite(connection)
                    .ReplaceService<IModelCacheKeyFactory, OwnModelKey>().Options,
                new FixedScope(DataScope.System), new SystemAuditContext(), protector);
    }

    private sealed class OwnModelKey : IModelCacheKeyFactory
    {
        public object Create(DbContext context, bool designTime) => (context.GetType(), designTime, nameof(PersonNameOrderMigrationTests));
    }

    private async Task DropAsync(string name, string connection)
    {
        if (app.IsPostgres)
        {
            NpgsqlConnection.ClearAllPools();
            using var scope = app.Scope();
            var drop = "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)";
            await scope.ServiceProvider.GetRequiredService<ShegongDbContext>().Database.ExecuteSqlRawAsync(drop);
        }
        else
        {
            SqliteConnection.ClearAllPools();
            try { File.Delete(new SqliteConnectionStringBuilder(connection).DataSource); } catch (IOException) { }
        }
    }
}
