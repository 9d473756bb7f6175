using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Shegong.Web.Infrastructure.Data.Postgres.Migrations
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
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    user_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    entity_type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    entity_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    station_id = table.Column<Guid>(type: "uuid", nullable: true),
                    region_prefix = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    count = table.Column<int>(type: "integer", nullable: false),
                    first_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    last_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    details = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false)
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

            // The reads logged so far, counted per user, record and day (China time) as the writer now does.
            migrationBuilder.Sql("""
                INSERT INTO audit_read_days (day, user_name, entity_type, entity_id, user_id, station_id, region_prefix, count, first_utc, last_utc, details)
                SELECT (timestamp_utc AT TIME ZONE 'Asia/Shanghai')::date, user_name, entity_type, entity_id,
                       (array_agg(user_id ORDER BY timestamp_utc))[1], (array_agg(station_id ORDER BY timestamp_utc))[1],
                       (array_agg(region_prefix ORDER BY timestamp_utc))[1], count(*), min(timestamp_utc), max(timestamp_utc),
                       (array_agg(details ORDER BY timestamp_utc))[1]
                FROM audit_entries WHERE action = 4
                GROUP BY 1, user_name, entity_type, entity_id;
                """);

            // 六有: every item gets its check fields (never checked so far); the staffing item follows the staff list
            // (at least 2 people, Station.MinimumStaff), whatever its free text said ("驻站社工 3 名" with 2 listed).
            migrationBuilder.Sql("""
                UPDATE stations s SET checklist = (
                    SELECT jsonb_agg(
                        (CASE WHEN (e->>'Item')::int = 3
                              THEN e || jsonb_build_object('Met', (SELECT count(*) FROM station_staff m WHERE m.station_id = s.id) >= 2)
                              ELSE e END)
                        || jsonb_build_object('CheckedOn', NULL, 'CheckedBy', '')
                        ORDER BY ord)
                    FROM jsonb_array_elements(s.checklist) WITH ORDINALITY AS t(e, ord))
                WHERE s.checklist IS NOT NULL AND jsonb_typeof(s.checklist) = 'array';
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
