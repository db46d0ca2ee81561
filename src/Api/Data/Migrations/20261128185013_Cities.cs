using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Infra.Api.Data.Migrations
{
    /// <inheritdoc />
    public partial class Cities : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "cities",
                columns: table => new
                {
                    code = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    name_en = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_cities", x => x.code);
                });

            // A database that already holds the Zhumadian demo data gets its city; the demo loader writes it from now on.
            migrationBuilder.Sql("INSERT INTO cities (code, name, name_en) SELECT '411700', '驻马店市', 'Zhumadian' WHERE EXISTS (SELECT 1 FROM counties WHERE code LIKE '4117%')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "cities");
        }
    }
}
