using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Shegong.Domain.Audit;
using Shegong.Domain.Regions;
using Shegong.Domain.Stations;
using Shegong.IntegrationTests.Infrastructure;
using static Shegong.IntegrationTests.Features.Audit.AuditMigrationTests;

namespace Shegong.IntegrationTests.Features.Stations;

/// <summary>
/// The migration to structured checks (StationChecksAuditReadDays), on each provider: a free-text 六有 checklist gets
/// its check fields (never checked), the staffing item follows the staff list whatever its text said, and the
/// sensitive reads logged before are counted per user, record and day.
/// </summary>
public sealed class SixHasMigrationTests(AppFixture app)
{
    [Fact]
    public async Task Old_checklists_and_reads_are_migrated()
    {
        await using var database = await ScratchDatabase.CreateAsync(app);
        var stationId = Guid.CreateVersion7();
        var record = Guid.CreateVersion7().ToString();
        // Three reads of one record by one user on one China day (08:00–09:00 there), one more the next day.
        var day = new DateTime(2026, 11, 3, 0, 0, 0, DateTimeKind.Utc);
        var times = new[] { day, day.AddMinutes(30), day.AddHours(1), day.AddDays(1) };
        await using (var db = database.Context())
        {
            await db.GetService<IMigrator>().MigrateAsync("StationContact");
            Region? parent = null;
            foreach (var (code, name) in new[] { ("44", "广东省"), ("4401", "广州市"), ("440112", "黄埔区"), ("440112010", "长洲街道") })
            {
                var region = Region.Create(RegionCode.FromPrefix(code), name, parent);
                db.Regions.Add(region);
                parent = region;
            }
            await db.SaveChangesAsync();
            // As the free-text version stored it: "驻站社工 3 名" ticked, with one person on the staff list.
            var json = """[{"Item":1,"Met":true,"Note":"活动室 120 平方米"},{"Item":2,"Met":false,"Note":""},{"Item":3,"Met":true,"Note":"驻站社工 3 名"},{"Item":4,"Met":true,"Note":"制度上墙"},{"Item":5,"Met":false,"Note":""},{"Item":6,"Met":false,"Note":""}]""";
            var township = parent!.Id;
            if (app.IsPostgres)
                await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO stations (id, region_id, region_prefix, name, status, address, operating_organization, is_demonstration, version, checklist, phone, service_hours)
                    VALUES ({stationId}, {township}, '440112010', '长洲街道社工站', 1, '', '', false, 1, CAST({json} AS jsonb), '', '')
                    """);
            else
                await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO stations (id, region_id, region_prefix, name, status, address, operating_organization, is_demonstration, version, checklist, phone, service_hours)
                    VALUES ({stationId}, {township}, '440112010', '长洲街道社工站', 1, '', '', 0, 1, {json}, '', '')
                    """);
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO station_staff (id, station_id, region_prefix, name, position, certificate, phone)
                VALUES ({Guid.CreateVersion7()}, {stationId}, '440112010', '李社工', '驻站社工', '', '')
                """);
            var previous = AuditEntry.GenesisHash;
            for (var i = 0; i < times.Length; i++)
            {
                var e = AuditEntry.Append("station:test", i + 1, previous, times[i], null, "worker", AuditAction.Read, "Person", record, stationId, "440112010", "127.0.0.1", "file");
                await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO audit_entries (chain, sequence, timestamp_utc, user_id, user_name, action, entity_type, entity_id, station_id, region_prefix, ip_address, details, previous_hash, hash)
                    VALUES ({e.Chain}, {e.Sequence}, {e.TimestampUtc}, {e.UserId}, {e.UserName}, {(int)e.Action}, {e.EntityType}, {e.EntityId}, {e.StationId}, {e.RegionPrefix}, {e.IpAddress}, {e.Details}, {e.PreviousHash}, {e.Hash})
                    """);
                previous = e.Hash;
            }

            await db.Database.MigrateAsync();
        }
        await using (var db = database.Context())
        {
            var station = await db.Stations.AsNoTracking().SingleAsync(s => s.Id == stationId);
            station.Checklist.Select(c => c.Item).ShouldBe(Enum.GetValues<SixHasItem>());
            var staff = station.Checklist.Single(c => c.Item == SixHasItem.Staff);
            staff.Met.ShouldBeFalse();              // one person listed, whatever the text said
            staff.Note.ShouldBe("驻站社工 3 名");    // the text is kept as the evidence note
            station.Checklist.Single(c => c.Item == SixHasItem.Premises).ShouldSatisfyAllConditions(
                c => c.Met.ShouldBeTrue(), c => c.Note.ShouldBe("活动室 120 平方米"), c => c.CheckedOn.ShouldBeNull(), c => c.CheckedBy.ShouldBe(""));
            station.ChecklistMetCount.ShouldBe(2);

            var days = await db.AuditReadDays.IgnoreQueryFilters().AsNoTracking().Where(d => d.EntityId == record).OrderBy(d => d.Day).ToListAsync();
            days.Select(d => (d.Day, d.Count)).ShouldBe([(new DateOnly(2026, 11, 3), 3), (new DateOnly(2026, 11, 4), 1)]);
            days[0].FirstUtc.ShouldBe(times[0], TimeSpan.FromSeconds(1));
            days[0].LastUtc.ShouldBe(times[2], TimeSpan.FromSeconds(1));
            days[0].StationId.ShouldBe(stationId);
        }
    }
}
