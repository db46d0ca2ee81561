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
                {Triggers(table, action => $"infra_log_{action}('{layer}')")}
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

    /// <summary>
    /// The same JSON, byte for byte, without PostGIS's geometry → jsonb cast: <c>to_jsonb</c> of a row calls it for each
    /// geometry column, and it looks the SRID up in <c>spatial_ref_sys</c> through SPI on every call (3.5 s of the 5.1 s
    /// <c>to_jsonb</c> took for 100,000 fiber routes; 1.0 s this way). Each table gets trigger functions whose images are
    /// built column by column with <c>jsonb_build_object</c>, geometry by <c>ST_AsGeoJSON(g, 15, 2)</c> (the cast's
    /// precision and its short "EPSG:4326" crs member), which caches the lookup. Static SQL rather than SQL built per
    /// statement with EXECUTE: PL/pgSQL keeps the plan, and a one-row write's trigger costs what it did (0.12 ms; built
    /// per statement, 0.30–0.40 ms). The column lists are read from the catalog when this runs, so a migration that
    /// adds or drops a column of a carrier table must call this again; a write test compares every layer's images with
    /// <c>to_jsonb</c> of the row and fails if it did not.
    /// </summary>
    public static void BuildJsonWithoutCast(MigrationBuilder m)
    {
        m.Sql("""
            CREATE OR REPLACE FUNCTION infra_row_jsonb_sql(rel regclass, alias text) RETURNS text LANGUAGE sql STABLE AS $$
              -- jsonb_build_object takes at most 100 arguments: 40 columns a call, joined by ||.
              SELECT string_agg('jsonb_build_object(' || pairs || ')', ' || ')
              FROM (SELECT string_agg(format('%L, %s', a.attname,
                             CASE WHEN a.atttypid = 'geometry'::regtype THEN format('ST_AsGeoJSON(%s.%I, 15, 2)::jsonb', alias, a.attname)
                                  ELSE format('%s.%I', alias, a.attname) END), ', ' ORDER BY a.attnum) AS pairs
                    FROM (SELECT a.attname, a.atttypid, a.attnum, (row_number() OVER (ORDER BY a.attnum) - 1) / 40 AS chunk
                          FROM pg_attribute a WHERE a.attrelid = rel AND a.attnum > 0 AND NOT a.attisdropped) a
                    GROUP BY a.chunk) c
            $$;
            """);
        foreach (var (table, layer) in Tables)
        {
            m.Sql($$"""
                DO $do$ BEGIN
                  EXECUTE format($f$
                    CREATE OR REPLACE FUNCTION infra_log_insert_{{table}}() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                      INSERT INTO change_records (entity, entity_id, carrier_id, action, key_id, role, at, request_id, before, after)
                      SELECT '{{layer}}', n.id, n.carrier_id, COALESCE(NULLIF(current_setting('infra.action', true), ''), 'create'),
                             {{Who}}, NULL, %1$s
                      FROM new_rows n;
                      RETURN NULL;
                    END $$;
                    CREATE OR REPLACE FUNCTION infra_log_update_{{table}}() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                      INSERT INTO change_records (entity, entity_id, carrier_id, action, key_id, role, at, request_id, before, after)
                      SELECT '{{layer}}', c.id, c.carrier_id, COALESCE(NULLIF(current_setting('infra.action', true), ''), 'update'),
                             {{Who}}, c.b, c.a
                      FROM (SELECT n.id, n.carrier_id, %2$s AS b, %1$s AS a FROM new_rows n JOIN old_rows o ON o.id = n.id) c
                      WHERE c.b IS DISTINCT FROM c.a;
                      RETURN NULL;
                    END $$;
                    CREATE OR REPLACE FUNCTION infra_log_delete_{{table}}() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                      INSERT INTO change_records (entity, entity_id, carrier_id, action, key_id, role, at, request_id, before, after)
                      SELECT '{{layer}}', o.id, o.carrier_id, 'delete', {{Who}}, %2$s, NULL
                      FROM old_rows o;
                      RETURN NULL;
                    END $$;
                    $f$, infra_row_jsonb_sql('{{table}}', 'n'), infra_row_jsonb_sql('{{table}}', 'o'));
                END $do$;
                {{Triggers(table, action => $"infra_log_{action}_{table}()")}}
                """);
        }
    }

    public static void CastJsonAgain(MigrationBuilder m)
    {
        foreach (var (table, layer) in Tables)
        {
            m.Sql($"""
                {Triggers(table, action => $"infra_log_{action}('{layer}')")}
                DROP FUNCTION infra_log_insert_{table}();
                DROP FUNCTION infra_log_update_{table}();
                DROP FUNCTION infra_log_delete_{table}();
                """);
        }

        m.Sql("DROP FUNCTION infra_row_jsonb_sql(regclass, text);");
    }

    /// <summary>The three history triggers of <paramref name="table"/>, each calling <paramref name="function"/> of its action (insert, update, delete).</summary>
    private static string Triggers(string table, Func<string, string> function) => $"""
        DROP TRIGGER IF EXISTS history_insert ON {table};
        DROP TRIGGER IF EXISTS history_update ON {table};
        DROP TRIGGER IF EXISTS history_delete ON {table};
        CREATE TRIGGER history_insert AFTER INSERT ON {table} REFERENCING NEW TABLE AS new_rows
          FOR EACH STATEMENT EXECUTE FUNCTION {function("insert")};
        CREATE TRIGGER history_update AFTER UPDATE ON {table} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
          FOR EACH STATEMENT EXECUTE FUNCTION {function("update")};
        CREATE TRIGGER history_delete AFTER DELETE ON {table} REFERENCING OLD TABLE AS old_rows
          FOR EACH STATEMENT EXECUTE FUNCTION {function("delete")};
        """;

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
