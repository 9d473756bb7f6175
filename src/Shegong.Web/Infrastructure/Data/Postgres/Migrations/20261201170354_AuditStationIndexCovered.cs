using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Shegong.Web.Infrastructure.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class AuditStationIndexCovered : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_audit_entries_station_id",
                table: "audit_entries");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_station_id",
                table: "audit_entries",
                column: "station_id");
        }
    }
}
