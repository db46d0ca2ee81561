using System;
using Microsoft.EntityFrameworkCore.Migrations;
using NetTopologySuite.Geometries;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Infra.Api.Data.Migrations
{
    /// <inheritdoc />
    public partial class Scenarios : Migration
    {
        private static readonly string[] ScenarioTables = ["scenarios", "proposed_assets"];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "scenarios",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    base_date = table.Column<DateOnly>(type: "date", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_scenarios", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "proposed_assets",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    scenario_id = table.Column<int>(type: "integer", nullable: false),
                    sequence = table.Column<int>(type: "integer", nullable: false),
                    kind = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    geometry = table.Column<Geometry>(type: "geometry(Geometry,4326)", nullable: false),
                    carrier_id = table.Column<short>(type: "smallint", nullable: false),
                    source = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    label = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    radio_technology = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    access_technology = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    radius_m = table.Column<double>(type: "double precision", nullable: true),
                    tier = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    ports = table.Column<int>(type: "integer", nullable: true),
                    route_km = table.Column<double>(type: "double precision", nullable: true),
                    length_km = table.Column<double>(type: "double precision", nullable: true),
                    new_population = table.Column<long>(type: "bigint", nullable: true),
                    county_code = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_proposed_assets", x => x.id);
                    table.CheckConstraint("ck_proposed_assets_radius", "radius_m IS NULL OR radius_m > 0");
                    table.CheckConstraint("ck_proposed_assets_route_km", "route_km IS NULL OR route_km >= 0");
                    table.ForeignKey(
                        name: "fk_proposed_assets_carriers_carrier_id",
                        column: x => x.carrier_id,
                        principalTable: "carriers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_proposed_assets_scenarios_scenario_id",
                        column: x => x.scenario_id,
                        principalTable: "scenarios",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_proposed_assets_carrier_id",
                table: "proposed_assets",
                column: "carrier_id");

            migrationBuilder.CreateIndex(
                name: "ix_proposed_assets_geometry",
                table: "proposed_assets",
                column: "geometry")
                .Annotation("Npgsql:IndexMethod", "gist");

            migrationBuilder.CreateIndex(
                name: "ix_proposed_assets_scenario_id_sequence",
                table: "proposed_assets",
                columns: new[] { "scenario_id", "sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_scenarios_name",
                table: "scenarios",
                column: "name");

            // Scenarios are the planners' own: everyone reads them; planners, admins and Infra itself write them; a
            // carrier's session (or one that says nothing) writes nothing, as the RowLevelSecurity migration does for assets.
            foreach (var table in ScenarioTables)
            {
                migrationBuilder.Sql($"""
                    ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;
                    ALTER TABLE {table} FORCE ROW LEVEL SECURITY;
                    CREATE POLICY read_all ON {table} FOR SELECT USING (true);
                    CREATE POLICY planners_write ON {table} FOR ALL
                      USING (current_setting('infra.role', true) IN ('admin', 'planner', 'system'))
                      WITH CHECK (current_setting('infra.role', true) IN ('admin', 'planner', 'system'));
                    """);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var table in ScenarioTables)
            {
                migrationBuilder.Sql($"DROP POLICY planners_write ON {table}; DROP POLICY read_all ON {table};");
            }

            migrationBuilder.DropTable(
                name: "proposed_assets");

            migrationBuilder.DropTable(
                name: "scenarios");
        }
    }
}
