using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Shegong.Web.Infrastructure.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class AuditChains : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // One audit chain per scope. The existing entries and head become the legacy chain (key "", the column
            // default), keeping their hashes: AuditEntry.ComputeHash hashes the legacy chain exactly as before.
            // A head that never recorded an entry (a database not yet written to) is dropped, as every chain's
            // head is now made by its first save, and a head without entries is reported as broken.
            migrationBuilder.Sql("DELETE FROM audit_head WHERE last_sequence = 0;");

            migrationBuilder.DropPrimaryKey(
                name: "pk_audit_entries",
                table: "audit_entries");

            migrationBuilder.DropPrimaryKey(
                name: "pk_audit_head",
                table: "audit_head");

            migrationBuilder.DropColumn(
                name: "id",
                table: "audit_head");

            migrationBuilder.RenameTable(
                name: "audit_head",
                newName: "audit_heads");

            migrationBuilder.AddColumn<string>(
                name: "chain",
                table: "audit_entries",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "chain",
                table: "audit_heads",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddPrimaryKey(
                name: "pk_audit_entries",
                table: "audit_entries",
                columns: new[] { "chain", "sequence" });

            migrationBuilder.AddPrimaryKey(
                name: "pk_audit_heads",
                table: "audit_heads",
                column: "chain");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Back to the single chain: only the legacy chain fits it; the entries of the per-scope chains are lost.
            migrationBuilder.Sql("DELETE FROM audit_entries WHERE chain <> '';");
            migrationBuilder.Sql("DELETE FROM audit_heads WHERE chain <> '';");

            migrationBuilder.DropPrimaryKey(
                name: "pk_audit_entries",
                table: "audit_entries");

            migrationBuilder.DropPrimaryKey(
                name: "pk_audit_heads",
                table: "audit_heads");

            migrationBuilder.DropColumn(
                name: "chain",
                table: "audit_entries");

            migrationBuilder.DropColumn(
                name: "chain",
                table: "audit_heads");

            migrationBuilder.RenameTable(
                name: "audit_heads",
                newName: "audit_head");

            migrationBuilder.AddColumn<int>(
                name: "id",
                table: "audit_head",
                type: "integer",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddPrimaryKey(
                name: "pk_audit_entries",
                table: "audit_entries",
                column: "sequence");

            migrationBuilder.AddPrimaryKey(
                name: "pk_audit_head",
                table: "audit_head",
                column: "id");

            migrationBuilder.Sql("INSERT INTO audit_head (id, last_hash, last_sequence) SELECT 1, '0000000000000000000000000000000000000000000000000000000000000000', 0 WHERE NOT EXISTS (SELECT 1 FROM audit_head);");
        }
    }
}
