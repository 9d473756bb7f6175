using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Shegong.Web.Infrastructure.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class StationContact : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "phone",
                table: "stations",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "service_hours",
                table: "stations",
                type: "character varying(100)",
                maxLength: 100,
                nullable: false,
                defaultValue: "");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "phone",
                table: "stations");

            migrationBuilder.DropColumn(
                name: "service_hours",
                table: "stations");
        }
    }
}
