using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Shegong.Web.Infrastructure.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class WishDispatch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "donors",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    station_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    region_prefix = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    type = table.Column<int>(type: "INTEGER", nullable: false),
                    phone = table.Column<string>(type: "TEXT", nullable: false),
                    email = table.Column<string>(type: "TEXT", nullable: false),
                    categories = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    areas = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    budget = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: false),
                    capacity = table.Column<int>(type: "INTEGER", nullable: false),
                    active = table.Column<bool>(type: "INTEGER", nullable: false),
                    user_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    created_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_donors", x => x.id);
                    table.ForeignKey(
                        name: "fk_donors_asp_net_users_user_id",
                        column: x => x.user_id,
                        principalTable: "asp_net_users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_donors_stations_station_id",
                        column: x => x.station_id,
                        principalTable: "stations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "notifications",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    title = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    body = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    link = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    read = table.Column<bool>(type: "INTEGER", nullable: false),
                    created_at_utc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notifications", x => x.id);
                    table.ForeignKey(
                        name: "fk_notifications_asp_net_users_user_id",
                        column: x => x.user_id,
                        principalTable: "asp_net_users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "dispatch_offers",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    station_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    region_prefix = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    wish_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    donor_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    units = table.Column<int>(type: "INTEGER", nullable: false),
                    unit_value = table.Column<decimal>(type: "TEXT", precision: 10, scale: 2, nullable: false),
                    status = table.Column<int>(type: "INTEGER", nullable: false),
                    offered_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    answered_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    answered_by_staff = table.Column<bool>(type: "INTEGER", nullable: false),
                    claim_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_dispatch_offers", x => x.id);
                    table.ForeignKey(
                        name: "fk_dispatch_offers_claims_claim_id",
                        column: x => x.claim_id,
                        principalTable: "claims",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_dispatch_offers_donors_donor_id",
                        column: x => x.donor_id,
                        principalTable: "donors",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_dispatch_offers_wishes_wish_id",
                        column: x => x.wish_id,
                        principalTable: "wishes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_dispatch_offers_claim_id",
                table: "dispatch_offers",
                column: "claim_id");

            migrationBuilder.CreateIndex(
                name: "ix_dispatch_offers_donor_id_status",
                table: "dispatch_offers",
                columns: new[] { "donor_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_dispatch_offers_station_id_status",
                table: "dispatch_offers",
                columns: new[] { "station_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_dispatch_offers_wish_id_status",
                table: "dispatch_offers",
                columns: new[] { "wish_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_donors_station_id_active",
                table: "donors",
                columns: new[] { "station_id", "active" });

            migrationBuilder.CreateIndex(
                name: "ix_donors_user_id",
                table: "donors",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_notifications_user_id_read",
                table: "notifications",
                columns: new[] { "user_id", "read" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "dispatch_offers");

            migrationBuilder.DropTable(
                name: "notifications");

            migrationBuilder.DropTable(
                name: "donors");
        }
    }
}
