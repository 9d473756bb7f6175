using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Shegong.Web.Infrastructure.Data.Postgres.Migrations
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
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    station_id = table.Column<Guid>(type: "uuid", nullable: false),
                    region_prefix = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    items = table.Column<List<string>>(type: "text[]", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false)
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
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    station_id = table.Column<Guid>(type: "uuid", nullable: false),
                    region_prefix = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    access_list = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    household_id = table.Column<Guid>(type: "uuid", nullable: true),
                    need_id = table.Column<Guid>(type: "uuid", nullable: true),
                    referral_in_id = table.Column<Guid>(type: "uuid", nullable: true),
                    source = table.Column<int>(type: "integer", nullable: false),
                    risk = table.Column<int>(type: "integer", nullable: false),
                    stage = table.Column<int>(type: "integer", nullable: false),
                    worker_id = table.Column<Guid>(type: "uuid", nullable: false),
                    co_workers = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    opened_on = table.Column<DateOnly>(type: "date", nullable: false),
                    stage_since = table.Column<DateOnly>(type: "date", nullable: false),
                    closed_on = table.Column<DateOnly>(type: "date", nullable: true),
                    episode = table.Column<int>(type: "integer", nullable: false),
                    closing_requested_on = table.Column<DateOnly>(type: "date", nullable: true),
                    closing_approved_by = table.Column<Guid>(type: "uuid", nullable: true),
                    intake = table.Column<string>(type: "text", nullable: false),
                    assessment = table.Column<string>(type: "text", nullable: false),
                    plan = table.Column<string>(type: "text", nullable: false),
                    evaluation = table.Column<string>(type: "text", nullable: false),
                    closing = table.Column<string>(type: "text", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false)
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
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    station_id = table.Column<Guid>(type: "uuid", nullable: false),
                    region_prefix = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    since = table.Column<DateOnly>(type: "date", nullable: false)
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
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    case_id = table.Column<Guid>(type: "uuid", nullable: false),
                    station_id = table.Column<Guid>(type: "uuid", nullable: false),
                    region_prefix = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    access_list = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    on = table.Column<DateOnly>(type: "date", nullable: false),
                    method = table.Column<int>(type: "integer", nullable: false),
                    minutes = table.Column<int>(type: "integer", nullable: false),
                    text = table.Column<string>(type: "text", nullable: false),
                    author_id = table.Column<Guid>(type: "uuid", nullable: false),
                    recorded_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    case_id = table.Column<Guid>(type: "uuid", nullable: false),
                    station_id = table.Column<Guid>(type: "uuid", nullable: false),
                    region_prefix = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    access_list = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    action = table.Column<int>(type: "integer", nullable: false),
                    from = table.Column<int>(type: "integer", nullable: true),
                    to = table.Column<int>(type: "integer", nullable: false),
                    on = table.Column<DateOnly>(type: "date", nullable: false),
                    by_user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    reason = table.Column<string>(type: "text", nullable: false)
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
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    case_id = table.Column<Guid>(type: "uuid", nullable: false),
                    station_id = table.Column<Guid>(type: "uuid", nullable: false),
                    region_prefix = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    access_list = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    receiver_kind = table.Column<int>(type: "integer", nullable: false),
                    receiver_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    receiver_station_id = table.Column<Guid>(type: "uuid", nullable: true),
                    reason = table.Column<string>(type: "text", nullable: false),
                    request = table.Column<string>(type: "text", nullable: false),
                    shared = table.Column<int>(type: "integer", nullable: false),
                    basis = table.Column<int>(type: "integer", nullable: false),
                    basis_note = table.Column<string>(type: "text", nullable: false),
                    sent_on = table.Column<DateOnly>(type: "date", nullable: false),
                    feedback_days = table.Column<int>(type: "integer", nullable: false),
                    due_on = table.Column<DateOnly>(type: "date", nullable: false),
                    status = table.Column<int>(type: "integer", nullable: false),
                    answered_on = table.Column<DateOnly>(type: "date", nullable: true),
                    done_on = table.Column<DateOnly>(type: "date", nullable: true),
                    feedback = table.Column<string>(type: "text", nullable: false),
                    confirmed_on = table.Column<DateOnly>(type: "date", nullable: true),
                    confirmed_by = table.Column<int>(type: "integer", nullable: true),
                    confirmed_answer = table.Column<int>(type: "integer", nullable: true),
                    confirmation_note = table.Column<string>(type: "text", nullable: false),
                    sent_by = table.Column<Guid>(type: "uuid", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false)
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
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    station_id = table.Column<Guid>(type: "uuid", nullable: false),
                    region_prefix = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    from_station_id = table.Column<Guid>(type: "uuid", nullable: false),
                    from_station_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    person = table.Column<string>(type: "text", nullable: false),
                    shared = table.Column<int>(type: "integer", nullable: false),
                    reason = table.Column<string>(type: "text", nullable: false),
                    request = table.Column<string>(type: "text", nullable: false),
                    basis = table.Column<int>(type: "integer", nullable: false),
                    basis_note = table.Column<string>(type: "text", nullable: false),
                    sent_on = table.Column<DateOnly>(type: "date", nullable: false),
                    due_on = table.Column<DateOnly>(type: "date", nullable: false),
                    status = table.Column<int>(type: "integer", nullable: false),
                    feedback = table.Column<string>(type: "text", nullable: false),
                    case_id = table.Column<Guid>(type: "uuid", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
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
