using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Shegong.Web.Infrastructure.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class PersonNameOrder : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<byte[]>(
                name: "name_sort_key",
                table: "persons",
                type: "BLOB",
                nullable: false,
                defaultValue: new byte[0]);

            // The people already on file get their names' sort key from the function every SQLite context registers
            // (SqliteNameKeyFunction: .NET's ICU, as at every write since).
            migrationBuilder.Sql("UPDATE persons SET name_sort_key = shegong_name_key(name);");

            migrationBuilder.CreateIndex(
                name: "ix_persons_station_status_name",
                table: "persons",
                columns: new[] { "station_id", "status", "name_sort_key", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_persons_status_name",
                table: "persons",
                columns: new[] { "status", "name_sort_key", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_persons_station_status_name",
                table: "persons");

            migrationBuilder.DropIndex(
                name: "ix_persons_status_name",
                table: "persons");

            migrationBuilder.DropColumn(
                name: "name_sort_key",
                table: "persons");
        }
    }
}
