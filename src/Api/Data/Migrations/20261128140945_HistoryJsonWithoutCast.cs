using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Infra.Api.Data.Migrations
{
    /// <summary>History's JSON images built without PostGIS's slow geometry → jsonb cast (<see cref="HistoryTriggers.BuildJsonWithoutCast"/>).</summary>
    public partial class HistoryJsonWithoutCast : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) => HistoryTriggers.BuildJsonWithoutCast(migrationBuilder);

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) => HistoryTriggers.CastJsonAgain(migrationBuilder);
    }
}
