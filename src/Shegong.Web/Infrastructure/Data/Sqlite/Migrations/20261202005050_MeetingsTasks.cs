using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Shegong.Web.Infrastructure.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class MeetingsTasks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "next_contact_on",
                table: "case_notes",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "case_tasks",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    case_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    station_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    region_prefix = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    access_list = table.Column<string>(type: "TEXT", maxLength: 440, nullable: false),
                    person_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    kind = table.Column<int>(type: "INTEGER", nullable: false),
                    source_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    goal_number = table.Column<int>(type: "INTEGER", nullable: true),
                    assignee_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    owner_unit = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    title = table.Column<string>(type: "TEXT", nullable: false),
                    due_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    is_open = table.Column<bool>(type: "INTEGER", nullable: false),
                    closed_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    closure = table.Column<int>(type: "INTEGER", nullable: true),
                    closed_by = table.Column<Guid>(type: "TEXT", nullable: true),
                    version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_case_tasks", x => x.id);
                    table.ForeignKey(
                        name: "fk_case_tasks_asp_net_users_assignee_id",
                        column: x => x.assignee_id,
                        principalTable: "asp_net_users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_case_tasks_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "linkage_meetings",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    station_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    region_prefix = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    access_list = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    held_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    parties = table.Column<string>(type: "TEXT", nullable: false),
                    case_ids = table.Column<string>(type: "TEXT", nullable: false),
                    minutes = table.Column<string>(type: "TEXT", nullable: false),
                    recorded_by = table.Column<Guid>(type: "TEXT", nullable: false),
                    recorded_at_utc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_linkage_meetings", x => x.id);
                    table.ForeignKey(
                        name: "fk_linkage_meetings_stations_station_id",
                        column: x => x.station_id,
                        principalTable: "stations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "linkage_meeting_cases",
                columns: table => new
                {
                    meeting_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    case_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    station_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    region_prefix = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    held_on = table.Column<DateOnly>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_linkage_meeting_cases", x => new { x.case_id, x.meeting_id });
                    table.ForeignKey(
                        name: "fk_linkage_meeting_cases_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_linkage_meeting_cases_linkage_meetings_meeting_id",
                        column: x => x.meeting_id,
                        principalTable: "linkage_meetings",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_case_tasks_assignee_id_is_open_due_on",
                table: "case_tasks",
                columns: new[] { "assignee_id", "is_open", "due_on" });

            migrationBuilder.CreateIndex(
                name: "ix_case_tasks_case_id_is_open",
                table: "case_tasks",
                columns: new[] { "case_id", "is_open" });

            migrationBuilder.CreateIndex(
                name: "ix_case_tasks_source_id",
                table: "case_tasks",
                column: "source_id");

            migrationBuilder.CreateIndex(
                name: "ix_linkage_meeting_cases_meeting_id",
                table: "linkage_meeting_cases",
                column: "meeting_id");

            migrationBuilder.CreateIndex(
                name: "ix_linkage_meetings_station_id_held_on",
                table: "linkage_meetings",
                columns: new[] { "station_id", "held_on" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "case_tasks");

            migrationBuilder.DropTable(
                name: "linkage_meeting_cases");

            migrationBuilder.DropTable(
                name: "linkage_meetings");

            migrationBuilder.DropColumn(
                name: "next_contact_on",
                table: "case_notes");
        }
    }
}
