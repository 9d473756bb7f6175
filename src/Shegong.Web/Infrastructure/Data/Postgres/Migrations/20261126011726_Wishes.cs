using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Shegong.Web.Infrastructure.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Wishes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "wishes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    station_id = table.Column<Guid>(type: "uuid", nullable: false),
                    region_prefix = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    need_id = table.Column<Guid>(type: "uuid", nullable: true),
                    public_name = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    beneficiary_birth_year = table.Column<int>(type: "integer", nullable: false),
                    group = table.Column<int>(type: "integer", nullable: false),
                    kind = table.Column<int>(type: "integer", nullable: false),
                    category = table.Column<int>(type: "integer", nullable: false),
                    description = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    story = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    unit_value = table.Column<decimal>(type: "numeric(10,2)", precision: 10, scale: 2, nullable: false),
                    quantity = table.Column<int>(type: "integer", nullable: false),
                    wanted_by = table.Column<DateOnly>(type: "date", nullable: true),
                    status = table.Column<int>(type: "integer", nullable: false),
                    units_claimed = table.Column<int>(type: "integer", nullable: false),
                    units_delivered = table.Column<int>(type: "integer", nullable: false),
                    rejection_reason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    created_on = table.Column<DateOnly>(type: "date", nullable: false),
                    submitted_on = table.Column<DateOnly>(type: "date", nullable: true),
                    published_on = table.Column<DateOnly>(type: "date", nullable: true),
                    delivered_on = table.Column<DateOnly>(type: "date", nullable: true),
                    closed_on = table.Column<DateOnly>(type: "date", nullable: true),
                    return_visit = table.Column<string>(type: "text", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_wishes", x => x.id);
                    table.ForeignKey(
                        name: "fk_wishes_persons_person_id",
                        column: x => x.person_id,
                        principalTable: "persons",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_wishes_stations_station_id",
                        column: x => x.station_id,
                        principalTable: "stations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "claims",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    station_id = table.Column<Guid>(type: "uuid", nullable: false),
                    region_prefix = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    wish_id = table.Column<Guid>(type: "uuid", nullable: false),
                    claimant_name = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    claimant_type = table.Column<int>(type: "integer", nullable: false),
                    phone = table.Column<string>(type: "text", nullable: false),
                    named_publicly = table.Column<bool>(type: "boolean", nullable: false),
                    units = table.Column<int>(type: "integer", nullable: false),
                    pledged_by = table.Column<DateOnly>(type: "date", nullable: false),
                    source = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<int>(type: "integer", nullable: false),
                    code_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    claimed_on = table.Column<DateOnly>(type: "date", nullable: false),
                    closed_on = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_claims", x => x.id);
                    table.ForeignKey(
                        name: "fk_claims_wishes_wish_id",
                        column: x => x.wish_id,
                        principalTable: "wishes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "wish_deliveries",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    station_id = table.Column<Guid>(type: "uuid", nullable: false),
                    region_prefix = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    wish_id = table.Column<Guid>(type: "uuid", nullable: false),
                    claim_id = table.Column<Guid>(type: "uuid", nullable: false),
                    units = table.Column<int>(type: "integer", nullable: false),
                    delivered_on = table.Column<DateOnly>(type: "date", nullable: false),
                    note = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    recorded_by = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_wish_deliveries", x => x.id);
                    table.ForeignKey(
                        name: "fk_wish_deliveries_claims_claim_id",
                        column: x => x.claim_id,
                        principalTable: "claims",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_wish_deliveries_wishes_wish_id",
                        column: x => x.wish_id,
                        principalTable: "wishes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_claims_code_hash",
                table: "claims",
                column: "code_hash");

            migrationBuilder.CreateIndex(
                name: "ix_claims_station_id_status_pledged_by",
                table: "claims",
                columns: new[] { "station_id", "status", "pledged_by" });

            migrationBuilder.CreateIndex(
                name: "ix_claims_wish_id_status",
                table: "claims",
                columns: new[] { "wish_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_wish_deliveries_claim_id",
                table: "wish_deliveries",
                column: "claim_id");

            migrationBuilder.CreateIndex(
                name: "ix_wish_deliveries_station_id_delivered_on",
                table: "wish_deliveries",
                columns: new[] { "station_id", "delivered_on" });

            migrationBuilder.CreateIndex(
                name: "ix_wish_deliveries_wish_id",
                table: "wish_deliveries",
                column: "wish_id");

            migrationBuilder.CreateIndex(
                name: "ix_wishes_person_id",
                table: "wishes",
                column: "person_id");

            migrationBuilder.CreateIndex(
                name: "ix_wishes_station_id_status",
                table: "wishes",
                columns: new[] { "station_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_wishes_status_region_prefix",
                table: "wishes",
                columns: new[] { "status", "region_prefix" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "wish_deliveries");

            migrationBuilder.DropTable(
                name: "claims");

            migrationBuilder.DropTable(
                name: "wishes");
        }
    }
}
