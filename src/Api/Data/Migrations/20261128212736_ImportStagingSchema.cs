using Infra.Api.Features.Imports;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Infra.Api.Data.Migrations
{
    /// <summary>The schema of the imports' per-chunk staging tables (<see cref="StagingTables"/>): scratch, kept apart from the data.</summary>
    public partial class ImportStagingSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.EnsureSchema(StagingTables.Schema);

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.Sql($"DROP SCHEMA {StagingTables.Schema} CASCADE");
    }
}
