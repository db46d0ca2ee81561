using Microsoft.EntityFrameworkCore.Migrations;

namespace Infra.Api.Data.Migrations;

/// <summary>
/// Each station's coverage footprint, stored in Web Mercator so a tile reads it instead of building it: at z9–z10 a
/// tile holds a thousand footprints or more, and building their circles and wedges per tile was most of the station
/// layer's time (docs/PERFORMANCE.md, "Map"). Three resolutions, one per zoom band of the map (a quarter circle in 4, 8
/// or 16 steps, a wedge in 6, 12 or 24), each within about half a pixel of the true curve in its band; the finer ones
/// hold every vertex of the coarser, so the finest one's box, indexed, bounds all three.
/// <para>
/// Kept by statement-level triggers with transition tables on <c>base_stations</c>, like the history, so no write path
/// (EF, COPY, raw SQL, the demo loader, imports) can leave a footprint behind. Only stations that can be in service have
/// one: commissioned and not withdrawn; the tile query applies the as-of date to the dates kept beside it. An update
/// rebuilds a footprint only when the station's position, technology, radius or sectors changed.
/// </para>
/// <para>
/// Footprints are drawn in Web Mercator: a ground distance r at latitude φ is r·sec φ there, and the scale changes by
/// tan φ·r/R across a footprint (0.05 % for 5 km at 33° N), so planar circles and wedges are exact to well under a
/// pixel, at a fraction of the cost of projecting every vertex on the spheroid. Web Mercator's sphere against WGS 84
/// adds up to 0.4 % (20 m at 5 km) north–south.
/// </para>
/// </summary>
internal static class StationFootprintTriggers
{
    /// <summary>
    /// CoverageOptions.Default.DefaultRadiusM as of this migration (the reasoning behind each value is there). A station
    /// that records no radius gets its technology's; a test holds the two equal, so changing one without the other fails.
    /// </summary>
    private static readonly (string Technology, int RadiusM)[] DefaultRadiusM =
    [
        ("Gsm", 4_700), ("Cdma", 4_900), ("Cdma2000", 4_900), ("TdScdma", 2_600), ("Wcdma", 2_600), ("Lte", 2_900), ("Nr", 2_100), ("Phs", 500),
    ];

    /// <summary>π × the WGS 84 semi-major axis: half the width of the Web Mercator world, metres (EPSG:3857).</summary>
    private const string HalfWorldM = "20037508.342789244";

    private const string Build = """
        INSERT INTO station_footprints (station_id, carrier_id, technology, commissioned_on, retired_on, low, mid, high)
        SELECT n.id, n.carrier_id, n.technology, n.commissioned_on, n.retired_on,
               infra_station_footprint(n.location, n.technology, n.omni_radius_m, n.sectors, 4, 6),
               infra_station_footprint(n.location, n.technology, n.omni_radius_m, n.sectors, 8, 12),
               infra_station_footprint(n.location, n.technology, n.omni_radius_m, n.sectors, 16, 24)
        """;

    private const string Eligible = "n.withdrawn_at IS NULL AND n.commissioned_on IS NOT NULL AND abs(ST_Y(n.location)) < 85.05";

    public static void Up(MigrationBuilder m)
    {
        var defaults = string.Join(" ", DefaultRadiusM.Select(d => $"WHEN '{d.Technology}' THEN {d.RadiusM}"));
        m.Sql($"""
            CREATE FUNCTION infra_default_radius_m(technology text) RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
              SELECT CASE technology {defaults} END::float8
            $$;

            {Footprint("CREATE", BufferedCircle)}

            CREATE TABLE station_footprints (
              station_id bigint PRIMARY KEY,
              carrier_id smallint NOT NULL,
              technology varchar(16) NOT NULL,
              commissioned_on date NOT NULL,
              retired_on date,
              low geometry(Geometry, 3857) NOT NULL,
              mid geometry(Geometry, 3857) NOT NULL,
              high geometry(Geometry, 3857) NOT NULL);

            CREATE FUNCTION infra_footprints_insert() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              {Build}
              FROM new_rows n WHERE {Eligible};
              RETURN NULL;
            END $$;

            CREATE FUNCTION infra_footprints_update() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              DELETE FROM station_footprints f USING old_rows o JOIN new_rows n ON n.id = o.id
              WHERE f.station_id = o.id AND (NOT ({Eligible})
                OR (n.location, n.technology, n.omni_radius_m, n.sectors) IS DISTINCT FROM (o.location, o.technology, o.omni_radius_m, o.sectors));
              UPDATE station_footprints f SET carrier_id = n.carrier_id, commissioned_on = n.commissioned_on, retired_on = n.retired_on
              FROM new_rows n
              WHERE f.station_id = n.id AND (f.carrier_id, f.commissioned_on, f.retired_on) IS DISTINCT FROM (n.carrier_id, n.commissioned_on, n.retired_on);
              {Build}
              FROM new_rows n WHERE {Eligible} AND NOT EXISTS (SELECT 1 FROM station_footprints f WHERE f.station_id = n.id);
              RETURN NULL;
            END $$;

            CREATE FUNCTION infra_footprints_delete() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              DELETE FROM station_footprints f USING old_rows o WHERE f.station_id = o.id;
              RETURN NULL;
            END $$;

            CREATE FUNCTION infra_footprints_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              TRUNCATE station_footprints;
              RETURN NULL;
            END $$;

            CREATE TRIGGER footprints_insert AFTER INSERT ON base_stations REFERENCING NEW TABLE AS new_rows
              FOR EACH STATEMENT EXECUTE FUNCTION infra_footprints_insert();
            CREATE TRIGGER footprints_update AFTER UPDATE ON base_stations REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
              FOR EACH STATEMENT EXECUTE FUNCTION infra_footprints_update();
            CREATE TRIGGER footprints_delete AFTER DELETE ON base_stations REFERENCING OLD TABLE AS old_rows
              FOR EACH STATEMENT EXECUTE FUNCTION infra_footprints_delete();
            CREATE TRIGGER footprints_truncate AFTER TRUNCATE ON base_stations
              FOR EACH STATEMENT EXECUTE FUNCTION infra_footprints_truncate();

            {Build}
            FROM base_stations n WHERE {Eligible};
            CREATE INDEX ix_station_footprints_high ON station_footprints USING gist (high);
            ANALYZE station_footprints;
            """);
    }

    /// <summary>An omni station's circle as the StationFootprints migration drew it: GEOS's buffer of the projected point.</summary>
    private const string BufferedCircle = "ST_Buffer(xy, COALESCE(omni_radius_m, d) * k, quad_segs)";

    /// <summary>The footprint function; <paramref name="circle"/> is the SQL that draws an omni station's circle.</summary>
    private static string Footprint(string create, string circle) => $"""
        -- A circle (no sectors) or one wedge per sector, apex at the station, in EPSG:3857; NULL beyond Web Mercator's latitudes.
        -- The station is projected by EPSG:3857's own formula, not ST_Transform, which set PROJ up afresh on each call from a
        -- function (measured: 270 ms a station against 0.07 ms). PL/pgSQL rather than SQL: a SQL function with a FROM is not
        -- inlined and is planned again on every call; this one keeps its plans for the session and builds the same
        -- geometries byte for byte, 4.4× faster (150 → 34 µs a station at the finest resolution, national data), which
        -- is what every station written pays three times.
        {create} FUNCTION infra_station_footprint(location geometry, technology text, omni_radius_m float8, sectors jsonb, quad_segs int, steps int)
        RETURNS geometry LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
        DECLARE
          x float8; y float8; k float8; d float8; xy geometry; parts geometry[] := ARRAY[]::geometry[]; sec jsonb; m float8; az float8; bw float8;
          pts geometry[]; deg float8;
        BEGIN
          IF abs(ST_Y(location)) >= 85.05 THEN
            RETURN NULL;
          END IF;
          x := ST_X(location) * {HalfWorldM} / 180;
          y := ln(tan(radians(45 + ST_Y(location) / 2))) * {HalfWorldM} / pi();
          k := 1 / cos(radians(ST_Y(location)));
          d := infra_default_radius_m(technology);
          xy := ST_SetSRID(ST_MakePoint(x, y), 3857);
          IF jsonb_array_length(sectors) = 0 THEN
            RETURN {circle};
          END IF;
          FOR sec IN SELECT * FROM jsonb_array_elements(sectors) LOOP
            m := COALESCE((sec->>'radiusM')::float8, omni_radius_m, d) * k;
            az := (sec->>'azimuthDeg')::float8;
            bw := (sec->>'beamwidthDeg')::float8;
            pts := ARRAY[xy];
            FOR i IN 0..steps LOOP
              deg := az - bw / 2 + bw * i / steps;
              pts := pts || ST_SetSRID(ST_MakePoint(x + m * sin(radians(deg)), y + m * cos(radians(deg))), 3857);
            END LOOP;
            parts := parts || ST_MakePolygon(ST_MakeLine(pts || xy));
          END LOOP;
          RETURN ST_Collect(parts);
        END $$;
        """;

    /// <summary>
    /// Omni circles by scaling and moving a unit circle (<c>ST_Affine</c>) instead of buffering the station's point:
    /// GEOS's buffer took ~18 µs a circle at the finest resolution, the affine copy under 1 µs, and the coordinates are
    /// the same doubles (center + r·cos θ either way; checked byte for byte on 100,000 random circles at each resolution,
    /// and by a test). The unit circles are GEOS's own, made once here and written into the function as constants.
    /// </summary>
    public static void CirclesByAffine(MigrationBuilder m) => m.Sql($$"""
        DO $do$ BEGIN
          EXECUTE format($f$
        {{Footprint("CREATE OR REPLACE", """
            ST_Affine(CASE quad_segs WHEN 4 THEN %1$L::geometry WHEN 8 THEN %2$L::geometry WHEN 16 THEN %3$L::geometry
                        ELSE ST_Buffer('SRID=3857;POINT(0 0)'::geometry, 1, quad_segs) END,
                      COALESCE(omni_radius_m, d) * k, 0, 0, COALESCE(omni_radius_m, d) * k, x, y)
            """)}}
          $f$, ST_AsHEXEWKB(ST_Buffer('SRID=3857;POINT(0 0)'::geometry, 1, 4)), ST_AsHEXEWKB(ST_Buffer('SRID=3857;POINT(0 0)'::geometry, 1, 8)),
               ST_AsHEXEWKB(ST_Buffer('SRID=3857;POINT(0 0)'::geometry, 1, 16)));
        END $do$;
        """);

    /// <summary>Back to buffering each station's point.</summary>
    public static void CirclesByBuffer(MigrationBuilder m) => m.Sql(Footprint("CREATE OR REPLACE", BufferedCircle));

    public static void Down(MigrationBuilder m) => m.Sql("""
        DROP TRIGGER footprints_insert ON base_stations;
        DROP TRIGGER footprints_update ON base_stations;
        DROP TRIGGER footprints_delete ON base_stations;
        DROP TRIGGER footprints_truncate ON base_stations;
        DROP FUNCTION infra_footprints_insert();
        DROP FUNCTION infra_footprints_update();
        DROP FUNCTION infra_footprints_delete();
        DROP FUNCTION infra_footprints_truncate();
        DROP TABLE station_footprints;
        DROP FUNCTION infra_station_footprint(geometry, text, float8, jsonb, int, int);
        DROP FUNCTION infra_default_radius_m(text);
        """);
}
