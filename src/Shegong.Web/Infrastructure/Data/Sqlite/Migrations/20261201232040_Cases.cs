using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Shegong.Web.Infrastructure.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Cases : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "case_checklists",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    station_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    region_prefix = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    items = table.Column<string>(type: "TEXT", nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_case_checklists", x => x.id);
                    table.ForeignKey(
                        name: "fk_case_checklists_stations_station_id",
                        column: x => x.station_id,
                        principalTable: "stations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "cases",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    station_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    region_prefix = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    access_list = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    person_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    household_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    need_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    referral_in_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    source = table.Column<int>(type: "INTEGER", nullable: false),
                    risk = table.Column<int>(type: "INTEGER", nullable: false),
                    stage = table.Column<int>(type: "INTEGER", nullable: false),
                    worker_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    co_workers = table.Column<string>(type: "TEXT", nullable: false),
                    opened_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    stage_since = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    closed_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    episode = table.Column<int>(type: "INTEGER", nullable: false),
                    closing_requested_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    closing_approved_by = table.Column<Guid>(type: "TEXT", nullable: true),
                    intake = table.Column<string>(type: "TEXT", nullable: false),
                    assessment = table.Column<string>(type: "TEXT", nullable: false),
                    plan = table.Column<string>(type: "TEXT", nullable: false),
                    evaluation = table.Column<string>(type: "TEXT", nullable: false),
                    closing = table.Column<string>(type: "TEXT", nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_cases", x => x.id);
                    table.ForeignKey(
                        name: "fk_cases_asp_net_users_worker_id",
                        column: x => x.worker_id,
                        principalTable: "asp_net_users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_cases_persons_person_id",
                        column: x => x.person_id,
                        principalTable: "persons",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_cases_stations_station_id",
                        column: x => x.station_id,
                        principalTable: "stations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "supervisor_assignments",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    station_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    region_prefix = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    since = table.Column<DateOnly>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_supervisor_assignments", x => x.id);
                    table.ForeignKey(
                        name: "fk_supervisor_assignments_asp_net_users_user_id",
                        column: x => x.user_id,
                        principalTable: "asp_net_users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_supervisor_assignments_stations_station_id",
                        column: x => x.station_id,
                        principalTable: "stations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "case_notes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    case_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    station_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    region_prefix = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    access_list = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    method = table.Column<int>(type: "INTEGER", nullable: false),
                    minutes = table.Column<int>(type: "INTEGER", nullable: false),
                    text = table.Column<string>(type: "TEXT", nullable: false),
                    author_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    recorded_at_utc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_case_notes", x => x.id);
                    table.ForeignKey(
                        name: "fk_case_notes_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "case_stage_changes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    case_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    station_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    region_prefix = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    access_list = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    action = table.Column<int>(type: "INTEGER", nullable: false),
                    from = table.Column<int>(type: "INTEGER", nullable: true),
                    to = table.Column<int>(type: "INTEGER", nullable: false),
                    on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    by_user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    reason = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_case_stage_changes", x => x.id);
                    table.ForeignKey(
                        name: "fk_case_stage_changes_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "referrals",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    case_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    station_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    region_prefix = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    access_list = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    person_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    receiver_kind = table.Column<int>(type: "INTEGER", nullable: false),
                    receiver_name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    receiver_station_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    reason = table.Column<string>(type: "TEXT", nullable: false),
                    request = table.Column<string>(type: "TEXT", nullable: false),
                    shared = table.Column<int>(type: "INTEGER", nullable: false),
                    basis = table.Column<int>(type: "INTEGER", nullable: false),
                    basis_note = table.Column<string>(type: "TEXT", nullable: false),
                    sent_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    feedback_days = table.Column<int>(type: "INTEGER", nullable: false),
                    due_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    status = table.Column<int>(type: "INTEGER", nullable: false),
                    answered_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    done_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    feedback = table.Column<string>(type: "TEXT", nullable: false),
                    confirmed_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    confirmed_by = table.Column<int>(type: "INTEGER", nullable: true),
                    confirmed_answer = table.Column<int>(type: "INTEGER", nullable: true),
                    confirmation_note = table.Column<string>(type: "TEXT", nullable: false),
                    sent_by = table.Column<Guid>(type: "TEXT", nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_referrals", x => x.id);
                    table.ForeignKey(
                        name: "fk_referrals_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "referral_receipts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    station_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    region_prefix = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    from_station_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    from_station_name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    person = table.Column<string>(type: "TEXT", nullable: false),
                    shared = table.Column<int>(type: "INTEGER", nullable: false),
                    reason = table.Column<string>(type: "TEXT", nullable: false),
                    request = table.Column<string>(type: "TEXT", nullable: false),
                    basis = table.Column<int>(type: "INTEGER", nullable: false),
                    basis_note = table.Column<string>(type: "TEXT", nullable: false),
                    sent_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    due_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    status = table.Column<int>(type: "INTEGER", nullable: false),
                    feedback = table.Column<string>(type: "TEXT", nullable: false),
                    case_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_referral_receipts", x => x.id);
                    table.ForeignKey(
                        name: "fk_referral_receipts_referrals_id",
                        column: x => x.id,
                        principalTable: "referrals",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_referral_receipts_stations_station_id",
                        column: x => x.station_id,
                        principalTable: "stations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_case_checklists_station_id",
                table: "case_checklists",
                column: "station_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_case_notes_case_id_on",
                table: "case_notes",
                columns: new[] { "case_id", "on" });

            migrationBuilder.CreateIndex(
                name: "ix_case_stage_changes_case_id_on",
                table: "case_stage_changes",
                columns: new[] { "case_id", "on" });

            migrationBuilder.CreateIndex(
                name: "ix_case_stage_changes_station_id_on",
                table: "case_stage_changes",
                columns: new[] { "station_id", "on" });

            migrationBuilder.CreateIndex(
                name: "ix_cases_need_id",
                table: "cases",
                column: "need_id");

            migrationBuilder.CreateIndex(
                name: "ix_cases_person_id",
                table: "cases",
                column: "person_id");

            migrationBuilder.CreateIndex(
                name: "ix_cases_station_id_stage",
                table: "cases",
                columns: new[] { "station_id", "stage" });

            migrationBuilder.CreateIndex(
                name: "ix_cases_worker_id_stage",
                table: "cases",
                columns: new[] { "worker_id", "stage" });

            migrationBuilder.CreateIndex(
                name: "ix_referral_receipts_station_id_status",
                table: "referral_receipts",
                columns: new[] { "station_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_referrals_case_id",
                table: "referrals",
                column: "case_id");

            migrationBuilder.CreateIndex(
                name: "ix_referrals_station_id_status_due_on",
                table: "referrals",
                columns: new[] { "station_id", "status", "due_on" });

            migrationBuilder.CreateIndex(
                name: "ix_supervisor_assignments_station_id",
                table: "supervisor_assignments",
                column: "station_id");

            migrationBuilder.CreateIndex(
                name: "ix_supervisor_assignments_user_id_station_id",
                table: "supervisor_assignments",
                columns: new[] { "user_id", "station_id" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "case_checklists");

            migrationBuilder.DropTable(
                name: "case_notes");

            migrationBuilder.DropTable(
                name: "case_stage_changes");

            migrationBuilder.DropTable(
                name: "referral_receipts");

            migrationBuilder.DropTable(
                name: "supervisor_assignments");

            migrationBuilder.DropTable(
                name: "referrals");

            migrationBuilder.DropTable(
                name: "cases");
        }
    }
}
