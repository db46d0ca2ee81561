using System;
using Microsoft.EntityFrameworkCore.Migrations;
using NetTopologySuite.Geometries;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Infra.Api.Data.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:postgis", ",,");

            migrationBuilder.CreateTable(
                name: "carriers",
                columns: table => new
                {
                    id = table.Column<short>(type: "smallint", nullable: false),
                    code = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    short_name = table.Column<string>(type: "text", nullable: false),
                    name_en = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_carriers", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "counties",
                columns: table => new
                {
                    code = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    name_en = table.Column<string>(type: "text", nullable: false),
                    boundary = table.Column<MultiPolygon>(type: "geometry(MultiPolygon,4326)", nullable: false),
                    seat = table.Column<Point>(type: "geometry(Point,4326)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_counties", x => x.code);
                });

            migrationBuilder.CreateTable(
                name: "data_sets",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "text", nullable: false),
                    is_demo = table.Column<bool>(type: "boolean", nullable: false),
                    fingerprint = table.Column<string>(type: "text", nullable: true),
                    loaded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_data_sets", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "plans",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    name_en = table.Column<string>(type: "text", nullable: false),
                    region_code = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    period_start = table.Column<DateOnly>(type: "date", nullable: false),
                    period_end = table.Column<DateOnly>(type: "date", nullable: false),
                    source = table.Column<string>(type: "text", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_plans", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "access_points",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    location = table.Column<Point>(type: "geometry(Point,4326)", nullable: false),
                    technology = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ports = table.Column<int>(type: "integer", nullable: false),
                    ports_used = table.Column<int>(type: "integer", nullable: false),
                    reach_m = table.Column<double>(type: "double precision", nullable: true),
                    fiber_connected = table.Column<bool>(type: "boolean", nullable: false),
                    integrated = table.Column<bool>(type: "boolean", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false),
                    commissioned_on = table.Column<DateOnly>(type: "date", nullable: true),
                    construction_started_on = table.Column<DateOnly>(type: "date", nullable: true),
                    planned_on = table.Column<DateOnly>(type: "date", nullable: true),
                    retired_on = table.Column<DateOnly>(type: "date", nullable: true),
                    carrier_id = table.Column<short>(type: "smallint", nullable: false),
                    code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_access_points", x => x.id);
                    table.CheckConstraint("ck_access_points_lifecycle", "COALESCE(planned_on, construction_started_on, commissioned_on) IS NOT NULL AND (retired_on IS NULL OR (commissioned_on IS NOT NULL AND retired_on >= commissioned_on)) AND (commissioned_on IS NULL OR construction_started_on IS NULL OR commissioned_on >= construction_started_on) AND (commissioned_on IS NULL OR planned_on IS NULL OR commissioned_on >= planned_on)");
                    table.CheckConstraint("ck_access_points_ports", "ports >= 0 AND ports_used >= 0 AND ports_used <= ports");
                    table.ForeignKey(
                        name: "fk_access_points_carriers_carrier_id",
                        column: x => x.carrier_id,
                        principalTable: "carriers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "api_keys",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    role = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    carrier_id = table.Column<short>(type: "smallint", nullable: true),
                    prefix = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    secret_hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    revoked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_api_keys", x => x.id);
                    table.ForeignKey(
                        name: "fk_api_keys_carriers_carrier_id",
                        column: x => x.carrier_id,
                        principalTable: "carriers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "base_stations",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    location = table.Column<Point>(type: "geometry(Point,4326)", nullable: false),
                    technology = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    omni_radius_m = table.Column<double>(type: "double precision", nullable: true),
                    sectors = table.Column<string>(type: "jsonb", nullable: false),
                    antenna_height_m = table.Column<double>(type: "double precision", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false),
                    commissioned_on = table.Column<DateOnly>(type: "date", nullable: true),
                    construction_started_on = table.Column<DateOnly>(type: "date", nullable: true),
                    planned_on = table.Column<DateOnly>(type: "date", nullable: true),
                    retired_on = table.Column<DateOnly>(type: "date", nullable: true),
                    carrier_id = table.Column<short>(type: "smallint", nullable: false),
                    code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_base_stations", x => x.id);
                    table.CheckConstraint("ck_base_stations_lifecycle", "COALESCE(planned_on, construction_started_on, commissioned_on) IS NOT NULL AND (retired_on IS NULL OR (commissioned_on IS NOT NULL AND retired_on >= commissioned_on)) AND (commissioned_on IS NULL OR construction_started_on IS NULL OR commissioned_on >= construction_started_on) AND (commissioned_on IS NULL OR planned_on IS NULL OR commissioned_on >= planned_on)");
                    table.CheckConstraint("ck_base_stations_radius", "omni_radius_m IS NULL OR omni_radius_m > 0");
                    table.ForeignKey(
                        name: "fk_base_stations_carriers_carrier_id",
                        column: x => x.carrier_id,
                        principalTable: "carriers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "broadcast_transmitters",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    location = table.Column<Point>(type: "geometry(Point,4326)", nullable: false),
                    broadcast_kind = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    power_kw = table.Column<double>(type: "double precision", nullable: false),
                    service_radius_m = table.Column<double>(type: "double precision", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false),
                    commissioned_on = table.Column<DateOnly>(type: "date", nullable: true),
                    construction_started_on = table.Column<DateOnly>(type: "date", nullable: true),
                    planned_on = table.Column<DateOnly>(type: "date", nullable: true),
                    retired_on = table.Column<DateOnly>(type: "date", nullable: true),
                    carrier_id = table.Column<short>(type: "smallint", nullable: false),
                    code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_broadcast_transmitters", x => x.id);
                    table.CheckConstraint("ck_broadcast_transmitters_lifecycle", "COALESCE(planned_on, construction_started_on, commissioned_on) IS NOT NULL AND (retired_on IS NULL OR (commissioned_on IS NOT NULL AND retired_on >= commissioned_on)) AND (commissioned_on IS NULL OR construction_started_on IS NULL OR commissioned_on >= construction_started_on) AND (commissioned_on IS NULL OR planned_on IS NULL OR commissioned_on >= planned_on)");
                    table.CheckConstraint("ck_broadcast_transmitters_radius", "service_radius_m > 0 AND power_kw > 0");
                    table.ForeignKey(
                        name: "fk_broadcast_transmitters_carriers_carrier_id",
                        column: x => x.carrier_id,
                        principalTable: "carriers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "fiber_routes",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    route = table.Column<LineString>(type: "geometry(LineString,4326)", nullable: false),
                    cores = table.Column<int>(type: "integer", nullable: false),
                    laying = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    tier = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    declared_length_m = table.Column<double>(type: "double precision", nullable: true),
                    length_m = table.Column<double>(type: "double precision", nullable: false, computedColumnSql: "ST_Length(route::geography, true)", stored: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false),
                    commissioned_on = table.Column<DateOnly>(type: "date", nullable: true),
                    construction_started_on = table.Column<DateOnly>(type: "date", nullable: true),
                    planned_on = table.Column<DateOnly>(type: "date", nullable: true),
                    retired_on = table.Column<DateOnly>(type: "date", nullable: true),
                    carrier_id = table.Column<short>(type: "smallint", nullable: false),
                    code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_fiber_routes", x => x.id);
                    table.CheckConstraint("ck_fiber_routes_cores", "cores > 0");
                    table.CheckConstraint("ck_fiber_routes_lifecycle", "COALESCE(planned_on, construction_started_on, commissioned_on) IS NOT NULL AND (retired_on IS NULL OR (commissioned_on IS NOT NULL AND retired_on >= commissioned_on)) AND (commissioned_on IS NULL OR construction_started_on IS NULL OR commissioned_on >= construction_started_on) AND (commissioned_on IS NULL OR planned_on IS NULL OR commissioned_on >= planned_on)");
                    table.ForeignKey(
                        name: "fk_fiber_routes_carriers_carrier_id",
                        column: x => x.carrier_id,
                        principalTable: "carriers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "switching_nodes",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    location = table.Column<Point>(type: "geometry(Point,4326)", nullable: false),
                    node_kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    capacity_lines = table.Column<int>(type: "integer", nullable: false),
                    subscribers_in_use = table.Column<int>(type: "integer", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false),
                    commissioned_on = table.Column<DateOnly>(type: "date", nullable: true),
                    construction_started_on = table.Column<DateOnly>(type: "date", nullable: true),
                    planned_on = table.Column<DateOnly>(type: "date", nullable: true),
                    retired_on = table.Column<DateOnly>(type: "date", nullable: true),
                    carrier_id = table.Column<short>(type: "smallint", nullable: false),
                    code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_switching_nodes", x => x.id);
                    table.CheckConstraint("ck_switching_nodes_lifecycle", "COALESCE(planned_on, construction_started_on, commissioned_on) IS NOT NULL AND (retired_on IS NULL OR (commissioned_on IS NOT NULL AND retired_on >= commissioned_on)) AND (commissioned_on IS NULL OR construction_started_on IS NULL OR commissioned_on >= construction_started_on) AND (commissioned_on IS NULL OR planned_on IS NULL OR commissioned_on >= planned_on)");
                    table.CheckConstraint("ck_switching_nodes_usage", "capacity_lines >= 0 AND subscribers_in_use >= 0 AND subscribers_in_use <= capacity_lines");
                    table.ForeignKey(
                        name: "fk_switching_nodes_carriers_carrier_id",
                        column: x => x.carrier_id,
                        principalTable: "carriers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "townships",
                columns: table => new
                {
                    code = table.Column<string>(type: "character varying(9)", maxLength: 9, nullable: false),
                    county_code = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    boundary = table.Column<MultiPolygon>(type: "geometry(MultiPolygon,4326)", nullable: false),
                    seat = table.Column<Point>(type: "geometry(Point,4326)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_townships", x => x.code);
                    table.ForeignKey(
                        name: "fk_townships_counties_county_code",
                        column: x => x.county_code,
                        principalTable: "counties",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "targets",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    plan_id = table.Column<int>(type: "integer", nullable: false),
                    code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    name_en = table.Column<string>(type: "text", nullable: false),
                    metric = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    filter = table.Column<string>(type: "jsonb", nullable: false),
                    period_start = table.Column<DateOnly>(type: "date", nullable: true),
                    period_end = table.Column<DateOnly>(type: "date", nullable: false),
                    goal = table.Column<double>(type: "double precision", nullable: false),
                    unit = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    plan_text = table.Column<string>(type: "text", nullable: true),
                    baseline = table.Column<double>(type: "double precision", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_targets", x => x.id);
                    table.CheckConstraint("ck_targets_goal", "goal > 0");
                    table.ForeignKey(
                        name: "fk_targets_plans_plan_id",
                        column: x => x.plan_id,
                        principalTable: "plans",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "villages",
                columns: table => new
                {
                    code = table.Column<string>(type: "character varying(15)", maxLength: 15, nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    township_code = table.Column<string>(type: "character varying(9)", maxLength: 9, nullable: false),
                    parent_code = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: true),
                    location = table.Column<Point>(type: "geometry(Point,4326)", nullable: false),
                    population = table.Column<int>(type: "integer", nullable: false),
                    households = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_villages", x => x.code);
                    table.CheckConstraint("ck_villages_parent", "(kind = 'Natural') = (parent_code IS NOT NULL)");
                    table.CheckConstraint("ck_villages_population", "population >= 0 AND households >= 0 AND households <= population");
                    table.ForeignKey(
                        name: "fk_villages_townships_township_code",
                        column: x => x.township_code,
                        principalTable: "townships",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_villages_villages_parent_code",
                        column: x => x.parent_code,
                        principalTable: "villages",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "service_filings",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    carrier_id = table.Column<short>(type: "smallint", nullable: false),
                    code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    village_code = table.Column<string>(type: "character varying(15)", maxLength: 15, nullable: false),
                    service = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    technology = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    max_down_mbps = table.Column<double>(type: "double precision", nullable: true),
                    max_up_mbps = table.Column<double>(type: "double precision", nullable: true),
                    valid_from = table.Column<DateOnly>(type: "date", nullable: false),
                    valid_to = table.Column<DateOnly>(type: "date", nullable: true),
                    subscribers = table.Column<int>(type: "integer", nullable: true),
                    dispute_state = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    disputed_on = table.Column<DateOnly>(type: "date", nullable: true),
                    resolved_on = table.Column<DateOnly>(type: "date", nullable: true),
                    dispute_note = table.Column<string>(type: "text", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_service_filings", x => x.id);
                    table.CheckConstraint("ck_service_filings_subscribers", "subscribers IS NULL OR subscribers >= 0");
                    table.CheckConstraint("ck_service_filings_valid", "valid_to IS NULL OR valid_to >= valid_from");
                    table.ForeignKey(
                        name: "fk_service_filings_carriers_carrier_id",
                        column: x => x.carrier_id,
                        principalTable: "carriers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_service_filings_villages_village_code",
                        column: x => x.village_code,
                        principalTable: "villages",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_access_points_carrier_id_code",
                table: "access_points",
                columns: new[] { "carrier_id", "code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_access_points_location",
                table: "access_points",
                column: "location")
                .Annotation("Npgsql:IndexMethod", "gist");

            migrationBuilder.CreateIndex(
                name: "ix_api_keys_carrier_id",
                table: "api_keys",
                column: "carrier_id");

            migrationBuilder.CreateIndex(
                name: "ix_api_keys_prefix",
                table: "api_keys",
                column: "prefix",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_base_stations_carrier_id_code",
                table: "base_stations",
                columns: new[] { "carrier_id", "code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_base_stations_location",
                table: "base_stations",
                column: "location")
                .Annotation("Npgsql:IndexMethod", "gist");

            migrationBuilder.CreateIndex(
                name: "ix_broadcast_transmitters_carrier_id_code",
                table: "broadcast_transmitters",
                columns: new[] { "carrier_id", "code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_broadcast_transmitters_location",
                table: "broadcast_transmitters",
                column: "location")
                .Annotation("Npgsql:IndexMethod", "gist");

            migrationBuilder.CreateIndex(
                name: "ix_carriers_code",
                table: "carriers",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_counties_boundary",
                table: "counties",
                column: "boundary")
                .Annotation("Npgsql:IndexMethod", "gist");

            migrationBuilder.CreateIndex(
                name: "ix_counties_seat",
                table: "counties",
                column: "seat")
                .Annotation("Npgsql:IndexMethod", "gist");

            migrationBuilder.CreateIndex(
                name: "ix_fiber_routes_carrier_id_code",
                table: "fiber_routes",
                columns: new[] { "carrier_id", "code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_fiber_routes_route",
                table: "fiber_routes",
                column: "route")
                .Annotation("Npgsql:IndexMethod", "gist");

            migrationBuilder.CreateIndex(
                name: "ix_plans_code",
                table: "plans",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_service_filings_carrier_id_code",
                table: "service_filings",
                columns: new[] { "carrier_id", "code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_service_filings_village_code_service",
                table: "service_filings",
                columns: new[] { "village_code", "service" });

            migrationBuilder.CreateIndex(
                name: "ix_switching_nodes_carrier_id_code",
                table: "switching_nodes",
                columns: new[] { "carrier_id", "code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_switching_nodes_location",
                table: "switching_nodes",
                column: "location")
                .Annotation("Npgsql:IndexMethod", "gist");

            migrationBuilder.CreateIndex(
                name: "ix_targets_plan_id_code",
                table: "targets",
                columns: new[] { "plan_id", "code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_townships_boundary",
                table: "townships",
                column: "boundary")
                .Annotation("Npgsql:IndexMethod", "gist");

            migrationBuilder.CreateIndex(
                name: "ix_townships_county_code",
                table: "townships",
                column: "county_code");

            migrationBuilder.CreateIndex(
                name: "ix_townships_seat",
                table: "townships",
                column: "seat")
                .Annotation("Npgsql:IndexMethod", "gist");

            migrationBuilder.CreateIndex(
                name: "ix_villages_kind_township_code",
                table: "villages",
                columns: new[] { "kind", "township_code" });

            migrationBuilder.CreateIndex(
                name: "ix_villages_location",
                table: "villages",
                column: "location")
                .Annotation("Npgsql:IndexMethod", "gist");

            migrationBuilder.CreateIndex(
                name: "ix_villages_name",
                table: "villages",
                column: "name");

            migrationBuilder.CreateIndex(
                name: "ix_villages_parent_code",
                table: "villages",
                column: "parent_code");

            migrationBuilder.CreateIndex(
                name: "ix_villages_township_code",
                table: "villages",
                column: "township_code");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "access_points");

            migrationBuilder.DropTable(
                name: "api_keys");

            migrationBuilder.DropTable(
                name: "base_stations");

            migrationBuilder.DropTable(
                name: "broadcast_transmitters");

            migrationBuilder.DropTable(
                name: "data_sets");

            migrationBuilder.DropTable(
                name: "fiber_routes");

            migrationBuilder.DropTable(
                name: "service_filings");

            migrationBuilder.DropTable(
                name: "switching_nodes");

            migrationBuilder.DropTable(
                name: "targets");

            migrationBuilder.DropTable(
                name: "villages");

            migrationBuilder.DropTable(
                name: "carriers");

            migrationBuilder.DropTable(
                name: "plans");

            migrationBuilder.DropTable(
                name: "townships");

            migrationBuilder.DropTable(
                name: "counties");
        }
    }
}
