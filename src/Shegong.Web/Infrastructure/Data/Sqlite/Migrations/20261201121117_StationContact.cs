using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Shegong.Web.Infrastructure.Data.Sqlite.Migrations
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
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "service_hours",
                table: "stations",
                type: "TEXT",
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
