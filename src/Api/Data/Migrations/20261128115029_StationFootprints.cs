using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Infra.Api.Data.Migrations
{
    /// <summary>Stored station footprints for the map's station tiles (<see cref="StationFootprintTriggers"/>).</summary>
    public partial class StationFootprints : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) => StationFootprintTriggers.Up(migrationBuilder);

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) => StationFootprintTriggers.Down(migrationBuilder);
    }
}
