using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Shegong.Web.Infrastructure.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class PersonNameOrder : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Names compare in pinyin order under ICU's Chinese collation; rows on file need nothing more (the
            // collation is the column's), the indexes on the name are rebuilt with it.
            migrationBuilder.AlterColumn<string>(
                name: "name",
                table: "persons",
                type: "character varying(30)",
                maxLength: 30,
                nullable: false,
                collation: "zh-x-icu",
                oldClrType: typeof(string),
                oldType: "character varying(30)",
                oldMaxLength: 30);

            migrationBuilder.CreateIndex(
                name: "ix_persons_station_status_name",
                table: "persons",
                columns: new[] { "station_id", "status", "name", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_persons_status_name",
                table: "persons",
                columns: new[] { "status", "name", "id" });
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

            migrationBuilder.AlterColumn<string>(
                name: "name",
                table: "persons",
                type: "character varying(30)",
                maxLength: 30,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(30)",
                oldMaxLength: 30,
                oldCollation: "zh-x-icu");
        }
    }
}
