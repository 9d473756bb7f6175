using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Shegong.Web.Infrastructure.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Registry : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "app_secrets",
                columns: table => new
                {
                    name = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    protected_value = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_app_secrets", x => x.name);
                });

            migrationBuilder.CreateTable(
                name: "households",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    station_id = table.Column<Guid>(type: "uuid", nullable: false),
                    region_prefix = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    community_id = table.Column<Guid>(type: "uuid", nullable: false),
                    address = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    actual_address = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    residence_status = table.Column<int>(type: "integer", nullable: false),
                    living_arrangement = table.Column<int>(type: "integer", nullable: false),
                    economic_sources = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    assistance = table.Column<int>(type: "integer", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_households", x => x.id);
                    table.ForeignKey(
                        name: "fk_households_regions_community_id",
                        column: x => x.community_id,
                        principalTable: "regions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_households_stations_station_id",
                        column: x => x.station_id,
                        principalTable: "stations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "stat_tallies",
                columns: table => new
                {
                    region_prefix = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    dimension = table.Column<int>(type: "integer", nullable: false),
                    period = table.Column<int>(type: "integer", nullable: false),
                    key = table.Column<int>(type: "integer", nullable: false),
                    value = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_stat_tallies", x => new { x.region_prefix, x.dimension, x.period, x.key });
                });

            migrationBuilder.CreateTable(
                name: "visit_rule_sets",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    region_prefix = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    high_risk_days = table.Column<int>(type: "integer", nullable: false),
                    key_days = table.Column<int>(type: "integer", nullable: false),
                    general_days = table.Column<int>(type: "integer", nullable: false),
                    event_response_days = table.Column<int>(type: "integer", nullable: false),
                    mental_disorder_visits_per_year = table.Column<int>(type: "integer", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_visit_rule_sets", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "persons",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    station_id = table.Column<Guid>(type: "uuid", nullable: false),
                    region_prefix = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    community_id = table.Column<Guid>(type: "uuid", nullable: false),
                    household_id = table.Column<Guid>(type: "uuid", nullable: false),
                    relation = table.Column<int>(type: "integer", nullable: false),
                    name = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    gender = table.Column<int>(type: "integer", nullable: false),
                    ethnicity = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    birth_date = table.Column<DateOnly>(type: "date", nullable: false),
                    id_number = table.Column<string>(type: "text", nullable: true),
                    id_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    phone = table.Column<string>(type: "text", nullable: false),
                    emergency_contact_name = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    emergency_contact_phone = table.Column<string>(type: "text", nullable: false),
                    types = table.Column<int>(type: "integer", nullable: false),
                    tier = table.Column<int>(type: "integer", nullable: false),
                    responsible_worker_id = table.Column<Guid>(type: "uuid", nullable: true),
                    legal_basis = table.Column<int>(type: "integer", nullable: false),
                    consent_note = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    severe_mental_disorder = table.Column<bool>(type: "boolean", nullable: false),
                    health = table.Column<string>(type: "text", nullable: false),
                    elderly = table.Column<string>(type: "text", nullable: false),
                    child = table.Column<string>(type: "text", nullable: false),
                    status = table.Column<int>(type: "integer", nullable: false),
                    status_changed_on = table.Column<DateOnly>(type: "date", nullable: true),
                    status_note = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    registered_on = table.Column<DateOnly>(type: "date", nullable: false),
                    last_visit_on = table.Column<DateOnly>(type: "date", nullable: true),
                    event_reported_on = table.Column<DateOnly>(type: "date", nullable: true),
                    event_note = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    next_visit_due = table.Column<DateOnly>(type: "date", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_persons", x => x.id);
                    table.ForeignKey(
                        name: "fk_persons_households_household_id",
                        column: x => x.household_id,
                        principalTable: "households",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_persons_regions_community_id",
                        column: x => x.community_id,
                        principalTable: "regions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_persons_stations_station_id",
                        column: x => x.station_id,
                        principalTable: "stations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "visits",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    station_id = table.Column<Guid>(type: "uuid", nullable: false),
                    region_prefix = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    method = table.Column<int>(type: "integer", nullable: false),
                    visited_on = table.Column<DateOnly>(type: "date", nullable: false),
                    visitor_id = table.Column<Guid>(type: "uuid", nullable: true),
                    visitor_name = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    tier = table.Column<int>(type: "integer", nullable: false),
                    record = table.Column<string>(type: "text", nullable: false),
                    recorded_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_visits", x => x.id);
                    table.ForeignKey(
                        name: "fk_visits_persons_person_id",
                        column: x => x.person_id,
                        principalTable: "persons",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "needs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    station_id = table.Column<Guid>(type: "uuid", nullable: false),
                    region_prefix = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    visit_id = table.Column<Guid>(type: "uuid", nullable: true),
                    category = table.Column<int>(type: "integer", nullable: false),
                    description = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    status = table.Column<int>(type: "integer", nullable: false),
                    found_on = table.Column<DateOnly>(type: "date", nullable: false),
                    closed_on = table.Column<DateOnly>(type: "date", nullable: true),
                    taken_up_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_needs", x => x.id);
                    table.ForeignKey(
                        name: "fk_needs_persons_person_id",
                        column: x => x.person_id,
                        principalTable: "persons",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_needs_visits_visit_id",
                        column: x => x.visit_id,
                        principalTable: "visits",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_households_community_id",
                table: "households",
                column: "community_id");

            migrationBuilder.CreateIndex(
                name: "ix_households_region_prefix",
                table: "households",
                column: "region_prefix");

            migrationBuilder.CreateIndex(
                name: "ix_households_station_id",
                table: "households",
                column: "station_id");

            migrationBuilder.CreateIndex(
                name: "ix_needs_person_id",
                table: "needs",
                column: "person_id");

            migrationBuilder.CreateIndex(
                name: "ix_needs_station_id_status",
                table: "needs",
                columns: new[] { "station_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_needs_visit_id",
                table: "needs",
                column: "visit_id");

            migrationBuilder.CreateIndex(
                name: "ix_persons_community_id",
                table: "persons",
                column: "community_id");

            migrationBuilder.CreateIndex(
                name: "ix_persons_household_id",
                table: "persons",
                column: "household_id");

            migrationBuilder.CreateIndex(
                name: "ix_persons_id_hash",
                table: "persons",
                column: "id_hash",
                unique: true,
                filter: "\"id_hash\" IS NOT NULL AND \"status\" = 0");

            migrationBuilder.CreateIndex(
                name: "ix_persons_region_prefix_status",
                table: "persons",
                columns: new[] { "region_prefix", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_persons_responsible_worker_id",
                table: "persons",
                column: "responsible_worker_id");

            migrationBuilder.CreateIndex(
                name: "ix_persons_station_id_name",
                table: "persons",
                columns: new[] { "station_id", "name" });

            migrationBuilder.CreateIndex(
                name: "ix_persons_station_id_status_next_visit_due",
                table: "persons",
                columns: new[] { "station_id", "status", "next_visit_due" });

            migrationBuilder.CreateIndex(
                name: "ix_stat_tallies_dimension_period_region_prefix",
                table: "stat_tallies",
                columns: new[] { "dimension", "period", "region_prefix" });

            migrationBuilder.CreateIndex(
                name: "ix_visit_rule_sets_region_prefix",
                table: "visit_rule_sets",
                column: "region_prefix",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_visits_person_id_visited_on",
                table: "visits",
                columns: new[] { "person_id", "visited_on" });

            migrationBuilder.CreateIndex(
                name: "ix_visits_region_prefix_visited_on",
                table: "visits",
                columns: new[] { "region_prefix", "visited_on" });

            migrationBuilder.CreateIndex(
                name: "ix_visits_station_id_visited_on",
                table: "visits",
                columns: new[] { "station_id", "visited_on" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "app_secrets");

            migrationBuilder.DropTable(
                name: "needs");

            migrationBuilder.DropTable(
                name: "stat_tallies");

            migrationBuilder.DropTable(
                name: "visit_rule_sets");

            migrationBuilder.DropTable(
                name: "visits");

            migrationBuilder.DropTable(
                name: "persons");

            migrationBuilder.DropTable(
                name: "households");
        }
    }
}
