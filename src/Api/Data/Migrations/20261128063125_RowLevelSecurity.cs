using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Infra.Api.Data.Migrations
{
    /// <summary>
    /// Carrier isolation enforced by PostgreSQL, not only by handlers. The application says who is acting
    /// with the session settings <c>infra.role</c> (admin, planner, carrier, system) and <c>infra.carrier_id</c>
    /// (see <see cref="ActorSessionInterceptor"/>). Everyone may read; a carrier may insert, change or delete
    /// only its own rows and cannot move a row to another carrier; admin and system may write all rows;
    /// planners may change filings (to dispute and resolve them); a session that says nothing may write nothing.
    /// FORCE applies the policies to the table owner too, which is the role the application connects as.
    /// </summary>
    public partial class RowLevelSecurity : Migration
    {
        private static readonly string[] CarrierTables =
            ["base_stations", "fiber_routes", "switching_nodes", "access_points", "broadcast_transmitters", "service_filings"];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE FUNCTION infra_may_write(row_carrier smallint) RETURNS boolean
                LANGUAGE sql STABLE PARALLEL SAFE AS $$
                  SELECT CASE current_setting('infra.role', true)
                    WHEN 'admin' THEN true
                    WHEN 'system' THEN true
                    WHEN 'carrier' THEN row_carrier = NULLIF(current_setting('infra.carrier_id', true), '')::smallint
                    ELSE false
                  END
                $$;
                """);
            foreach (var table in CarrierTables)
            {
                migrationBuilder.Sql($"""
                    ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;
                    ALTER TABLE {table} FORCE ROW LEVEL SECURITY;
                    CREATE POLICY read_all ON {table} FOR SELECT USING (true);
                    CREATE POLICY insert_own ON {table} FOR INSERT WITH CHECK (infra_may_write(carrier_id));
                    CREATE POLICY update_own ON {table} FOR UPDATE USING (infra_may_write(carrier_id)) WITH CHECK (infra_may_write(carrier_id));
                    CREATE POLICY delete_own ON {table} FOR DELETE USING (infra_may_write(carrier_id));
                    """);
            }

            migrationBuilder.Sql("""
                CREATE POLICY planner_disputes ON service_filings FOR UPDATE
                  USING (current_setting('infra.role', true) = 'planner')
                  WITH CHECK (current_setting('infra.role', true) = 'planner');
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP POLICY planner_disputes ON service_filings;");
            foreach (var table in CarrierTables)
            {
                migrationBuilder.Sql($"""
                    DROP POLICY read_all ON {table};
                    DROP POLICY insert_own ON {table};
                    DROP POLICY update_own ON {table};
                    DROP POLICY delete_own ON {table};
                    ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY;
                    ALTER TABLE {table} DISABLE ROW LEVEL SECURITY;
                    """);
            }

            migrationBuilder.Sql("DROP FUNCTION infra_may_write(smallint);");
        }
    }
}
