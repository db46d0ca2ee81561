using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Infra.Api.Data.Migrations
{
    /// <summary>Omni footprints drawn by scaling a unit circle (<see cref="StationFootprintTriggers.CirclesByAffine"/>).</summary>
    public partial class FootprintCirclesByAffine : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) => StationFootprintTriggers.CirclesByAffine(migrationBuilder);

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) => StationFootprintTriggers.CirclesByBuffer(migrationBuilder);
    }
}
