using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Shegong.Web.Infrastructure.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class StatisticsFigures : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "stat_tallies");

            migrationBuilder.AddColumn<DateOnly>(
                name: "ledger_changed_on",
                table: "persons",
                type: "date",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1));

            migrationBuilder.CreateTable(
                name: "person_ledger_changes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    station_id = table.Column<Guid>(type: "uuid", nullable: false),
                    region_prefix = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    changed_on = table.Column<DateOnly>(type: "date", nullable: false),
                    tier = table.Column<int>(type: "integer", nullable: false),
                    types = table.Column<int>(type: "integer", nullable: false),
                    on_file = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_person_ledger_changes", x => x.id);
                    table.ForeignKey(
                        name: "fk_person_ledger_changes_persons_person_id",
                        column: x => x.person_id,
                        principalTable: "persons",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "stat_figures",
                columns: table => new
                {
                    dimension = table.Column<int>(type: "integer", nullable: false),
                    region_prefix = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    key = table.Column<int>(type: "integer", nullable: false),
                    period = table.Column<int>(type: "integer", nullable: false),
                    parent_prefix = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    value = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_stat_figures", x => new { x.dimension, x.region_prefix, x.key, x.period });
                });

            migrationBuilder.CreateTable(
                name: "stat_pending",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    region_prefix = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    dimension = table.Column<int>(type: "integer", nullable: false),
                    period = table.Column<int>(type: "integer", nullable: false),
                    key = table.Column<int>(type: "integer", nullable: false),
                    delta = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_stat_pending", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_person_ledger_changes_person_id_id",
                table: "person_ledger_changes",
                columns: new[] { "person_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_person_ledger_changes_station_id",
                table: "person_ledger_changes",
                column: "station_id");

            migrationBuilder.CreateIndex(
                name: "ix_stat_figures_dimension_period_parent_prefix",
                table: "stat_figures",
                columns: new[] { "dimension", "period", "parent_prefix" });

            migrationBuilder.CreateIndex(
                name: "ix_stat_pending_dimension",
                table: "stat_pending",
                column: "dimension");

            // The ledger history starts with what the records hold: a registration row (the person's id, so it sorts first)
            // and, for people no longer on file, the change that took them off. Figures are rebuilt from the records at the
            // next start (RebuildStats.BuildIfMissingAsync), since stat_figures is empty.
            migrationBuilder.Sql("""
                INSERT INTO person_ledger_changes (id, person_id, station_id, region_prefix, changed_on, tier, types, on_file)
                SELECT id, id, station_id, region_prefix, registered_on, tier, types, true FROM persons;
                INSERT INTO person_ledger_changes (id, person_id, station_id, region_prefix, changed_on, tier, types, on_file)
                SELECT (substr(id::text, 1, 24) || 'ffffffffffff')::uuid, id, station_id, region_prefix, COALESCE(status_changed_on, registered_on), tier, types, false
                  FROM persons WHERE status <> 0;
                UPDATE persons SET ledger_changed_on = COALESCE(status_changed_on, registered_on);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "person_ledger_changes");

            migrationBuilder.DropTable(
                name: "stat_figures");

            migrationBuilder.DropTable(
                name: "stat_pending");

            migrationBuilder.DropColumn(
                name: "ledger_changed_on",
                table: "persons");

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

            migrationBuilder.CreateIndex(
                name: "ix_stat_tallies_dimension_period_region_prefix",
                table: "stat_tallies",
                columns: new[] { "dimension", "period", "region_prefix" });
        }
    }
}
