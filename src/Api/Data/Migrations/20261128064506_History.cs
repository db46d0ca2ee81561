using System;
using System.Text.Json;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Infra.Api.Data.Migrations
{
    /// <inheritdoc />
    public partial class History : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "withdrawn_at",
                table: "switching_nodes",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "withdrawn_reason",
                table: "switching_nodes",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "withdrawn_at",
                table: "service_filings",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "withdrawn_reason",
                table: "service_filings",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "withdrawn_at",
                table: "fiber_routes",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "withdrawn_reason",
                table: "fiber_routes",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "withdrawn_at",
                table: "broadcast_transmitters",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "withdrawn_reason",
                table: "broadcast_transmitters",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "withdrawn_at",
                table: "base_stations",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "withdrawn_reason",
                table: "base_stations",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "withdrawn_at",
                table: "access_points",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "withdrawn_reason",
                table: "access_points",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "change_records",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    entity = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    entity_id = table.Column<long>(type: "bigint", nullable: false),
                    carrier_id = table.Column<short>(type: "smallint", nullable: true),
                    action = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    key_id = table.Column<int>(type: "integer", nullable: true),
                    role = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    request_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    before = table.Column<JsonDocument>(type: "jsonb", nullable: true),
                    after = table.Column<JsonDocument>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_change_records", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_change_records_at",
                table: "change_records",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "ix_change_records_entity_entity_id_id",
                table: "change_records",
                columns: new[] { "entity", "entity_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_change_records_request_id",
                table: "change_records",
                column: "request_id");
            HistoryTriggers.Up(migrationBuilder);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            HistoryTriggers.Down(migrationBuilder);
            migrationBuilder.DropTable(
                name: "change_records");

            migrationBuilder.DropColumn(
                name: "withdrawn_at",
                table: "switching_nodes");

            migrationBuilder.DropColumn(
                name: "withdrawn_reason",
                table: "switching_nodes");

            migrationBuilder.DropColumn(
                name: "withdrawn_at",
                table: "service_filings");

            migrationBuilder.DropColumn(
                name: "withdrawn_reason",
                table: "service_filings");

            migrationBuilder.DropColumn(
                name: "withdrawn_at",
                table: "fiber_routes");

            migrationBuilder.DropColumn(
                name: "withdrawn_reason",
                table: "fiber_routes");

            migrationBuilder.DropColumn(
                name: "withdrawn_at",
                table: "broadcast_transmitters");

            migrationBuilder.DropColumn(
                name: "withdrawn_reason",
                table: "broadcast_transmitters");

            migrationBuilder.DropColumn(
                name: "withdrawn_at",
                table: "base_stations");

            migrationBuilder.DropColumn(
                name: "withdrawn_reason",
                table: "base_stations");

            migrationBuilder.DropColumn(
                name: "withdrawn_at",
                table: "access_points");

            migrationBuilder.DropColumn(
                name: "withdrawn_reason",
                table: "access_points");
        }
    }
}
