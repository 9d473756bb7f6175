using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Shegong.Domain.Access;
using Shegong.Domain.Audit;
using Shegong.IntegrationTests.Infrastructure;
using Shegong.Web.Infrastructure.Commands;
using Shegong.Web.Infrastructure.Data;
using Shegong.Web.Infrastructure.Privacy;

namespace Shegong.IntegrationTests.Features.Audit;

/// <summary>A log written by the single-chain version becomes the legacy chain, still verifiable, next to the new chains.</summary>
public sealed class AuditMigrationTests(AppFixture app)
{
    [Fact]
    public async Task The_single_chain_log_of_before_stays_verifiable_as_the_legacy_chain()
    {
        await using var database = await ScratchDatabase.CreateAsync(app);
        await using (var db = database.Context())
        {
            await db.GetService<IMigrator>().MigrateAsync("StatisticsFigures");

            // Three entries as the single-chain version wrote them, and its head.
            var previous = AuditEntry.GenesisHash;
            var station = Guid.CreateVersion7();
            for (var i = 1; i <= 3; i++)
            {
                var e = AuditEntry.Append(AuditChains.Legacy, i, previous, DateTime.UtcNow.AddMinutes(i - 10), i == 2 ? Guid.CreateVersion7() : null,
                    "worker", AuditAction.Update, "Station", station.ToString(), i == 3 ? null : station, "440112010", "127.0.0.1", "Name");
                await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO audit_entries (sequence, timestamp_utc, user_id, user_name, action, entity_type, entity_id, station_id, region_prefix, ip_address, details, previous_hash, hash)
                    VALUES ({e.Sequence}, {e.TimestampUtc}, {e.UserId}, {e.UserName}, {(int)e.Action}, {e.EntityType}, {e.EntityId}, {e.StationId}, {e.RegionPrefix}, {e.IpAddress}, {e.Details}, {e.PreviousHash}, {e.Hash})
                    """);
                previous = e.Hash;
            }
            await db.Database.ExecuteSqlAsync($"UPDATE audit_head SET last_sequence = 3, last_hash = {previous} WHERE id = 1");

            await db.Database.MigrateAsync();
        }
        await using (var db = database.Context())
        {
            (await db.AuditHeads.SingleAsync()).ShouldSatisfyAllConditions(
                h => h.Chain.ShouldBe(AuditChains.Legacy), h => h.LastSequence.ShouldBe(3));
            (await db.AuditEntries.IgnoreQueryFilters().CountAsync(e => e.Chain == AuditChains.Legacy)).ShouldBe(3);
            (await ShegongCommands.VerifyAuditAsync(db)).ShouldBe(0);

            // The next save (the system's, here) starts a chain of its own at 1; the legacy chain is left as it was.
            db.RecordEvent(AuditAction.Login, "AppUser", "x", null, "");
            await db.SaveChangesAsync();
            var system = await db.AuditEntries.IgnoreQueryFilters().SingleAsync(e => e.Chain == AuditChains.System);
            system.Sequence.ShouldBe(1);
            system.PreviousHash.ShouldBe(AuditEntry.GenesisHash);
            (await db.AuditHeads.AsNoTracking().SingleAsync(h => h.Chain == AuditChains.Legacy)).LastSequence.ShouldBe(3);
            (await ShegongCommands.VerifyAuditAsync(db)).ShouldBe(0);
        }
        // And back: the single chain is the legacy chain again (the per-scope chains are dropped).
        await using (var db = database.Context())
        {
            await db.GetService<IMigrator>().MigrateAsync("StatisticsFigures");
            (await db.Database.SqlQuery<long>($"SELECT last_sequence AS \"Value\" FROM audit_head WHERE id = 1").SingleAsync()).ShouldBe(3);
            (await db.Database.SqlQuery<long>($"SELECT count(*) AS \"Value\" FROM audit_entries").SingleAsync()).ShouldBe(3);
        }
    }

    [Fact]
    public async Task A_database_never_written_to_has_no_chain_after_the_migration()
    {
        // The empty head seeded by the first migration is dropped: heads are made by the first save of their chain.
        await using var database = await ScratchDatabase.CreateAsync(app);
        await using var db = database.Context();
        await db.Database.MigrateAsync();
        (await db.AuditHeads.CountAsync()).ShouldBe(0);
        (await ShegongCommands.VerifyAuditAsync(db)).ShouldBe(0);
    }

    /// <summary>
    /// An empty database of the suite's provider, dropped at the end. Its contexts act as the system and are made
    /// directly: a host would migrate the database to the latest version as it starts.
    /// </summary>
    internal sealed class ScratchDatabase : IAsyncDisposable
    {
        private readonly AppFixture _app;
        private readonly string _name;
        private string _connection = "";

        private ScratchDatabase(AppFixture app, string name) { _app = app; _name = name; }

        public static async Task<ScratchDatabase> CreateAsync(AppFixture app)
        {
            var database = new ScratchDatabase(app, "shegong_scratch_" + Guid.NewGuid().ToString("N")[..8]);
            string connection;
            if (app.IsPostgres)
            {
                using var main = app.Scope();
                var create = "CREATE DATABASE " + database._name; // a name of our own, not input
                await main.ServiceProvider.GetRequiredService<ShegongDbContext>().Database.ExecuteSqlRawAsync(create);
                connection = new NpgsqlConnectionStringBuilder(app.ConnectionString) { Database = database._name }.ConnectionString;
            }
            else connection = new SqliteConnectionStringBuilder { DataSource = database.File }.ConnectionString;
            database._connection = connection;
            return database;
        }

        public ShegongDbContext Context() => _app.IsPostgres
            ? new PostgresShegongDbContext(new DbContextOptionsBuilder<PostgresShegongDbContext>().UseNpgsql(_connection).Options,
                new FixedScope(DataScope.System), new SystemAuditContext(), new DesignTimeFieldProtector())
            : new SqliteShegongDbContext(new DbContextOptionsBuilder<SqliteShegongDbContext>().UseSqlite(_connection).Options,
                new FixedScope(DataScope.System), new SystemAuditContext(), new DesignTimeFieldProtector());

        private string File => Path.Combine(Path.GetTempPath(), _name + ".db");

        public async ValueTask DisposeAsync()
        {
            if (_app.IsPostgres)
            {
                NpgsqlConnection.ClearAllPools();
                using var main = _app.Scope();
                var drop = "DROP DATABASE IF EXISTS " + _name + " WITH (FORCE)";
                await main.ServiceProvider.GetRequiredService<ShegongDbContext>().Database.ExecuteSqlRawAsync(drop);
            }
            else
            {
                SqliteConnection.ClearAllPools();
                try { System.IO.File.Delete(File); } catch (IOException) { }
            }
        }
    }
}
