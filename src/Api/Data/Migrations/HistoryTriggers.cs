using Microsoft.EntityFrameworkCore.Migrations;

namespace Infra.Api.Data.Migrations;

/// <summary>
/// The one place history is written: statement-level triggers with transition tables on every carrier
/// table. Set-based, so a bulk import of a million rows writes its million change records with one
/// INSERT … SELECT rather than a million trigger calls, and no write path (EF, COPY + merge, raw SQL)
/// can skip it. Who and why come from session settings Infra sets on each connection and transaction:
/// <c>infra.action</c>, <c>infra.key_id</c>, <c>infra.role</c>, <c>infra.request_id</c> and <c>infra.now</c>
/// (Infra's TimeProvider, so system time is testable; the database's own clock when unset).
/// The change log is append-only: row-level security gives no role a way to update or delete it.
/// </summary>
internal static class HistoryTriggers
{
    /// <summary>Table → layer name as the API spells it.</summary>
    internal static readonly (string Table, string Layer)[] Tables =
    [
        ("base_stations", "base-stations"),
        ("fiber_routes", "fiber-routes"),
        ("switching_nodes", "switching-nodes"),
        ("access_points", "access-points"),
        ("broadcast_transmitters", "transmitters"),
        ("service_filings", "service-filings"),
    ];

    private const string Who = """
        NULLIF(current_setting('infra.key_id', true), '')::int,
        NULLIF(current_setting('infra.role', true), ''),
        infra_now(),
        NULLIF(current_setting('infra.request_id', true), '')
        """;

    public static void Up(MigrationBuilder m)
    {
        m.Sql("""
            CREATE FUNCTION infra_now() RETURNS timestamptz LANGUAGE sql STABLE AS $$
              SELECT COALESCE(NULLIF(current_setting('infra.now', true), '')::timestamptz, now())
            $$;
            """);
        m.Sql($"""
            CREATE FUNCTION infra_log_insert() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              INSERT INTO change_records (entity, entity_id, carrier_id, action, key_id, role, at, request_id, before, after)
              SELECT TG_ARGV[0], n.id, n.carrier_id, COALESCE(NULLIF(current_setting('infra.action', true), ''), 'create'),
                     {Who}, NULL, to_jsonb(n)
              FROM new_rows n;
              RETURN NULL;
            END $$;

            CREATE FUNCTION infra_log_update() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              INSERT INTO change_records (entity, entity_id, carrier_id, action, key_id, role, at, request_id, before, after)
              SELECT TG_ARGV[0], n.id, n.carrier_id, COALESCE(NULLIF(current_setting('infra.action', true), ''), 'update'),
                     {Who}, to_jsonb(o), to_jsonb(n)
              FROM new_rows n JOIN old_rows o ON o.id = n.id
              WHERE to_jsonb(o) IS DISTINCT FROM to_jsonb(n);
              RETURN NULL;
            END $$;

            CREATE FUNCTION infra_log_delete() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              INSERT INTO change_records (entity, entity_id, carrier_id, action, key_id, role, at, request_id, before, after)
              SELECT TG_ARGV[0], o.id, o.carrier_id, 'delete', {Who}, to_jsonb(o), NULL
              FROM old_rows o;
              RETURN NULL;
            END $$;
            """);
        foreach (var (table, layer) in Tables)
        {
            m.Sql($"""
                CREATE TRIGGER history_insert AFTER INSERT ON {table} REFERENCING NEW TABLE AS new_rows
                  FOR EACH STATEMENT EXECUTE FUNCTION infra_log_insert('{layer}');
                CREATE TRIGGER history_update AFTER UPDATE ON {table} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
                  FOR EACH STATEMENT EXECUTE FUNCTION infra_log_update('{layer}');
                CREATE TRIGGER history_delete AFTER DELETE ON {table} REFERENCING OLD TABLE AS old_rows
                  FOR EACH STATEMENT EXECUTE FUNCTION infra_log_delete('{layer}');
                INSERT INTO change_records (entity, entity_id, carrier_id, action, key_id, role, at, request_id, before, after)
                  SELECT '{layer}', t.id, t.carrier_id, 'import', NULL, 'system', now(), 'migration', NULL, to_jsonb(t) FROM {table} t;
                """);
        }

        m.Sql("""
            ALTER TABLE change_records ENABLE ROW LEVEL SECURITY;
            ALTER TABLE change_records FORCE ROW LEVEL SECURITY;
            CREATE POLICY read_all ON change_records FOR SELECT USING (true);
            CREATE POLICY append_only ON change_records FOR INSERT WITH CHECK (true);
            """);
    }

    public static void Down(MigrationBuilder m)
    {
        foreach (var (table, _) in Tables)
        {
            m.Sql($"""
                DROP TRIGGER history_insert ON {table};
                DROP TRIGGER history_update ON {table};
                DROP TRIGGER history_delete ON {table};
                """);
        }

        m.Sql("""
            DROP FUNCTION infra_log_insert();
            DROP FUNCTION infra_log_update();
            DROP FUNCTION infra_log_delete();
            DROP FUNCTION infra_now();
            """);
    }
}
