using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Shegong.Web.Infrastructure.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Activities : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "activity_groups",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    station_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    region_prefix = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    goal = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    type = table.Column<int>(type: "INTEGER", nullable: false),
                    lead_worker_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    co_worker_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    planned_sessions = table.Column<int>(type: "INTEGER", nullable: false),
                    stage = table.Column<int>(type: "INTEGER", nullable: false),
                    started_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    formed_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    turned_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    matured_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ended_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    evaluation = table.Column<string>(type: "TEXT", nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_activity_groups", x => x.id);
                    table.ForeignKey(
                        name: "fk_activity_groups_stations_station_id",
                        column: x => x.station_id,
                        principalTable: "stations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "activities",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    station_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    region_prefix = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    kind = table.Column<int>(type: "INTEGER", nullable: false),
                    group_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    session_number = table.Column<int>(type: "INTEGER", nullable: false),
                    title = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    held_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    starts_at = table.Column<TimeOnly>(type: "TEXT", nullable: true),
                    duration_minutes = table.Column<int>(type: "INTEGER", nullable: false),
                    place = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    organiser_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    organiser_name = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    participants_count = table.Column<int>(type: "INTEGER", nullable: false),
                    summary = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    content = table.Column<string>(type: "TEXT", nullable: false),
                    recorded_at_utc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_activities", x => x.id);
                    table.ForeignKey(
                        name: "fk_activities_activity_groups_group_id",
                        column: x => x.group_id,
                        principalTable: "activity_groups",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_activities_stations_station_id",
                        column: x => x.station_id,
                        principalTable: "stations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "activity_group_members",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    group_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    person_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    station_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    region_prefix = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    joined_on = table.Column<DateOnly>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_activity_group_members", x => x.id);
                    table.ForeignKey(
                        name: "fk_activity_group_members_activity_groups_group_id",
                        column: x => x.group_id,
                        principalTable: "activity_groups",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_activity_group_members_persons_person_id",
                        column: x => x.person_id,
                        principalTable: "persons",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "activity_attendance",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    activity_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    person_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    station_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    region_prefix = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    present = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_activity_attendance", x => x.id);
                    table.ForeignKey(
                        name: "fk_activity_attendance_activities_activity_id",
                        column: x => x.activity_id,
                        principalTable: "activities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_activity_attendance_persons_person_id",
                        column: x => x.person_id,
                        principalTable: "persons",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_activities_group_id_session_number",
                table: "activities",
                columns: new[] { "group_id", "session_number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_activities_station_id_group_id_held_on",
                table: "activities",
                columns: new[] { "station_id", "group_id", "held_on" });

            migrationBuilder.CreateIndex(
                name: "ix_activity_attendance_activity_id_person_id",
                table: "activity_attendance",
                columns: new[] { "activity_id", "person_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_activity_attendance_person_id",
                table: "activity_attendance",
                column: "person_id");

            migrationBuilder.CreateIndex(
                name: "ix_activity_group_members_group_id_person_id",
                table: "activity_group_members",
                columns: new[] { "group_id", "person_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_activity_group_members_person_id",
                table: "activity_group_members",
                column: "person_id");

            migrationBuilder.CreateIndex(
                name: "ix_activity_groups_station_id_stage",
                table: "activity_groups",
                columns: new[] { "station_id", "stage" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "activity_attendance");

            migrationBuilder.DropTable(
                name: "activity_group_members");

            migrationBuilder.DropTable(
                name: "activities");

            migrationBuilder.DropTable(
                name: "activity_groups");
        }
    }
}
