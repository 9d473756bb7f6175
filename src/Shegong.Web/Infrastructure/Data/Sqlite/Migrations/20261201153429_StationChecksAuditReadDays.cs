using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Shegong.Web.Infrastructure.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class StationChecksAuditReadDays : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "audit_read_days",
                columns: table => new
                {
                    day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    user_name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    entity_type = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    entity_id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    user_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    station_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    region_prefix = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    count = table.Column<int>(type: "INTEGER", nullable: false),
                    first_utc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    last_utc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    details = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_read_days", x => new { x.day, x.user_name, x.entity_type, x.entity_id });
                });

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_entity_type_entity_id_timestamp_utc",
                table: "audit_entries",
                columns: new[] { "entity_type", "entity_id", "timestamp_utc" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_station_id_timestamp_utc",
                table: "audit_entries",
                columns: new[] { "station_id", "timestamp_utc" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_user_name_timestamp_utc",
                table: "audit_entries",
                columns: new[] { "user_name", "timestamp_utc" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_read_days_entity_type_entity_id",
                table: "audit_read_days",
                columns: new[] { "entity_type", "entity_id" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_read_days_last_utc",
                table: "audit_read_days",
                column: "last_utc");

            migrationBuilder.CreateIndex(
                name: "ix_audit_read_days_region_prefix",
                table: "audit_read_days",
                column: "region_prefix");

            migrationBuilder.CreateIndex(
                name: "ix_audit_read_days_station_id_last_utc",
                table: "audit_read_days",
                columns: new[] { "station_id", "last_utc" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_read_days_user_name_last_utc",
                table: "audit_read_days",
                columns: new[] { "user_name", "last_utc" });

            // The reads logged so far, counted per user, record and day (China time, UTC+8 all year) as the writer now does.
            migrationBuilder.Sql("""
                INSERT INTO audit_read_days (day, user_name, entity_type, entity_id, user_id, station_id, region_prefix, count, first_utc, last_utc, details)
                SELECT date(timestamp_utc, '+8 hours'), user_name, entity_type, entity_id,
                       min(user_id), min(station_id), min(region_prefix), count(*), min(timestamp_utc), max(timestamp_utc), min(details)
                FROM audit_entries WHERE action = 4
                GROUP BY date(timestamp_utc, '+8 hours'), user_name, entity_type, entity_id;
                """);

            // 六有: every item gets its check fields (never checked so far); the staffing item follows the staff list
            // (at least 2 people, Station.MinimumStaff), whatever its free text said ("驻站社工 3 名" with 2 listed).
            migrationBuilder.Sql("""
                UPDATE stations SET checklist = (
                    SELECT json_group_array(json(item)) FROM (
                        SELECT json_set(
                                   CASE WHEN json_extract(value, '$.Item') = 3
                                        THEN json_set(value, '$.Met', json(CASE WHEN (SELECT count(*) FROM station_staff m WHERE m.station_id = stations.id) >= 2 THEN 'true' ELSE 'false' END))
                                        ELSE value END,
                                   '$.CheckedOn', json('null'), '$.CheckedBy', '') AS item
                        FROM json_each(stations.checklist) ORDER BY key))
                WHERE checklist IS NOT NULL AND json_type(checklist) = 'array';
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "audit_read_days");

            migrationBuilder.DropIndex(
                name: "ix_audit_entries_entity_type_entity_id_timestamp_utc",
                table: "audit_entries");

            migrationBuilder.DropIndex(
                name: "ix_audit_entries_station_id_timestamp_utc",
                table: "audit_entries");

            migrationBuilder.DropIndex(
                name: "ix_audit_entries_user_name_timestamp_utc",
                table: "audit_entries");
        }
    }
}
