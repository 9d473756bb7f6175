using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Shegong.Web.Infrastructure.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class CaseStatistics : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "opened_risk",
                table: "cases",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "person_types",
                table: "cases",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            // Cases opened before: the risk at intake is taken as the risk now, the person's types as they are now.
            migrationBuilder.Sql("UPDATE cases SET opened_risk = risk, person_types = COALESCE((SELECT p.types FROM persons p WHERE p.id = cases.person_id), 0)");

            migrationBuilder.CreateTable(
                name: "supervision_notes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    station_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    region_prefix = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    access_list = table.Column<string>(type: "TEXT", maxLength: 1100, nullable: false),
                    kind = table.Column<int>(type: "INTEGER", nullable: false),
                    workers = table.Column<string>(type: "TEXT", nullable: false),
                    case_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    topic = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    advice = table.Column<string>(type: "TEXT", nullable: false),
                    minutes = table.Column<int>(type: "INTEGER", nullable: false),
                    supervisor_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    recorded_at_utc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_supervision_notes", x => x.id);
                    table.ForeignKey(
                        name: "fk_supervision_notes_asp_net_users_supervisor_id",
                        column: x => x.supervisor_id,
                        principalTable: "asp_net_users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_supervision_notes_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_supervision_notes_stations_station_id",
                        column: x => x.station_id,
                        principalTable: "stations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_supervision_notes_case_id",
                table: "supervision_notes",
                column: "case_id");

            migrationBuilder.CreateIndex(
                name: "ix_supervision_notes_station_id_on",
                table: "supervision_notes",
                columns: new[] { "station_id", "on" });

            migrationBuilder.CreateIndex(
                name: "ix_supervision_notes_supervisor_id_on",
                table: "supervision_notes",
                columns: new[] { "supervisor_id", "on" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "supervision_notes");

            migrationBuilder.DropColumn(
                name: "opened_risk",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "person_types",
                table: "cases");
        }
    }
}
