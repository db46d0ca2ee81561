using System.Diagnostics;
using Infra.Domain.Assets;
using Infra.Domain.Coverage;
using Npgsql;

namespace Infra.Api.Coverage;

/// <summary>
/// The coverage rules (DESIGN §2) written as the plainest PostGIS can say them: one <c>ST_DWithin</c> join per asset
/// kind on geography (the WGS 84 spheroid), sectors by <c>ST_Azimuth</c> on geography. It is the yardstick the
/// in-process engine is tested and benchmarked against, not a path the API serves from.
/// <para>
/// Two things keep it honest and usable: places and assets are copied into temporary tables with a geography
/// column and a GiST index on it (the schema indexes geometry, and a geography test cannot use a geometry index),
/// and every join tests the largest radius of its kind as a constant, with the row's own radius as a filter:
/// <c>ST_DWithin</c> with a distance taken from a column cannot use the index and degrades into a nested loop over
/// every pair (see /work/shared/NOTES.md).
/// </para>
/// <para>
/// PostGIS measures with Karney's algorithm (GeographicLib), the engine with Vincenty's; they agree to well under a
/// millimetre at these distances, so a place within a millimetre of a radius may be decided either way. The tests
/// build their edge cases at the radius ± 1 mm and say so. A fiber route counts within
/// <see cref="CoverageOptions.FiberProximityM"/> of an access point the way the domain measures it
/// (<see cref="Infra.Domain.Geo.Geodesic.DistanceToLineM"/>: segments straight in lon/lat, nearest point found in the
/// local metric plane of the access point), so the query takes the nearest point in that plane with <c>ST_Affine</c>.
/// </para>
/// </summary>
public static class ReferenceCoverageSql
{
    /// <summary>Prepares the temporary tables (geography copies with GiST indexes) for one date and set of options.</summary>
    public const string Prepare = """
        CREATE TEMP TABLE ref_radius ON COMMIT DROP AS SELECT * FROM unnest(@radius_tech::text[], @radius_m::float8[]) AS r(technology, radius_m);
        CREATE TEMP TABLE ref_reach ON COMMIT DROP AS SELECT * FROM unnest(@reach_tech::text[], @reach_m::float8[]) AS r(technology, reach_m);

        CREATE TEMP TABLE ref_places ON COMMIT DROP AS SELECT code, location::geography AS g FROM villages;

        CREATE TEMP TABLE ref_stations ON COMMIT DROP AS
        SELECT s.location::geography AS g, s.sectors, d.radius_m AS default_r,
               COALESCE(s.omni_radius_m, d.radius_m) AS omni_r,
               CASE WHEN jsonb_array_length(s.sectors) = 0 THEN COALESCE(s.omni_radius_m, d.radius_m)
                    ELSE (SELECT max(COALESCE((x->>'radiusM')::float8, d.radius_m)) FROM jsonb_array_elements(s.sectors) x) END AS max_r,
               s.technology = ANY(@mobile_tech) AS mobile
        FROM base_stations s JOIN ref_radius d USING (technology)
        WHERE s.withdrawn_at IS NULL AND s.commissioned_on <= @as_of AND (s.retired_on IS NULL OR s.retired_on > @as_of)
          AND (s.technology = ANY(@mobile_tech) OR s.technology = ANY(@wll_tech));

        CREATE TEMP TABLE ref_fiber ON COMMIT DROP AS
        SELECT route FROM fiber_routes WHERE withdrawn_at IS NULL AND commissioned_on <= @as_of AND (retired_on IS NULL OR retired_on > @as_of);

        -- An access point gives broadband with free ports and fiber: its flag, or an in-service route within reach,
        -- measured as the domain does (nearest point of straight lon/lat segments in the point's local metric plane).
        CREATE TEMP TABLE ref_access ON COMMIT DROP AS
        SELECT a.location::geography AS g, COALESCE(a.reach_m, r.reach_m) AS reach_m,
               a.technology = ANY(@phone_access) AS phone,
               a.technology = ANY(@broadband_access) AND a.ports > a.ports_used AND (a.fiber_connected OR EXISTS (
                   SELECT 1 FROM ref_fiber f, LATERAL (
                       SELECT radians(6378137.0 / w * cos(radians(ST_Y(a.location)))) AS kx,
                              radians(6378137.0 * (1 - 0.00669437999014132) / (w * w * w)) AS ky
                       FROM (SELECT sqrt(1 - 0.00669437999014132 * sin(radians(ST_Y(a.location))) ^ 2) AS w) AS m) AS k,
                   LATERAL (SELECT ST_ClosestPoint(ST_Affine(f.route, k.kx, 0, 0, k.ky, -k.kx * ST_X(a.location), -k.ky * ST_Y(a.location)),
                                                   ST_SetSRID(ST_MakePoint(0, 0), 4326)) AS q) AS near
                   WHERE ST_DWithin(f.route, a.location, @fiber_deg)
                     AND ST_Distance(a.location::geography,
                           ST_SetSRID(ST_MakePoint(ST_X(near.q) / k.kx + ST_X(a.location), ST_Y(near.q) / k.ky + ST_Y(a.location)), 4326)::geography)
                         <= @fiber_proximity)) AS broadband
        FROM access_points a JOIN ref_reach r USING (technology)
        WHERE a.withdrawn_at IS NULL AND a.commissioned_on <= @as_of AND (a.retired_on IS NULL OR a.retired_on > @as_of);

        CREATE TEMP TABLE ref_nodes ON COMMIT DROP AS
        SELECT location::geography AS g FROM switching_nodes
        WHERE node_kind = ANY(@phone_nodes) AND withdrawn_at IS NULL AND commissioned_on <= @as_of AND (retired_on IS NULL OR retired_on > @as_of);

        CREATE TEMP TABLE ref_transmitters ON COMMIT DROP AS
        SELECT location::geography AS g, service_radius_m, broadcast_kind FROM broadcast_transmitters
        WHERE withdrawn_at IS NULL AND commissioned_on <= @as_of AND (retired_on IS NULL OR retired_on > @as_of);

        CREATE INDEX ON ref_places USING gist (g);
        CREATE INDEX ON ref_stations USING gist (g);
        CREATE INDEX ON ref_access USING gist (g);
        CREATE INDEX ON ref_nodes USING gist (g);
        CREATE INDEX ON ref_transmitters USING gist (g);
        ANALYZE ref_places; ANALYZE ref_stations; ANALYZE ref_access; ANALYZE ref_nodes; ANALYZE ref_transmitters;
        """;

    /// <summary>
    /// Per place code, the bases of each village service as <see cref="CoverageBasis"/> bits (filing 1, base station 2,
    /// access point 4, switching node 8, transmitter 16) — the same numbers <see cref="CoverageResult.Bases"/> gives.
    /// </summary>
    public const string Join = """
        WITH station_hits AS (
            SELECT p.code, bool_or(st.mobile) AS mobile, true AS phone
            FROM ref_places p JOIN ref_stations st
              ON ST_DWithin(st.g, p.g, (SELECT coalesce(max(max_r), 0) FROM ref_stations))
             AND ST_Distance(st.g, p.g) <= st.max_r
            WHERE jsonb_array_length(st.sectors) = 0
               OR EXISTS (SELECT 1 FROM jsonb_array_elements(st.sectors) x
                          WHERE ST_Distance(st.g, p.g) <= COALESCE((x->>'radiusM')::float8, st.default_r)
                            AND (ST_Distance(st.g, p.g) = 0 OR abs(
                                 (degrees(ST_Azimuth(st.g, p.g)) - (x->>'azimuthDeg')::float8)
                                 - 360 * floor((degrees(ST_Azimuth(st.g, p.g)) - (x->>'azimuthDeg')::float8 + 180) / 360))
                                 <= (x->>'beamwidthDeg')::float8 / 2))
            GROUP BY p.code),
        access_hits AS (
            SELECT p.code, bool_or(a.phone) AS phone, bool_or(a.broadband) AS broadband
            FROM ref_places p JOIN ref_access a
              ON ST_DWithin(a.g, p.g, (SELECT coalesce(max(reach_m), 0) FROM ref_access))
             AND ST_Distance(a.g, p.g) <= a.reach_m
            WHERE a.phone OR a.broadband
            GROUP BY p.code),
        node_hits AS (
            SELECT DISTINCT p.code FROM ref_places p JOIN ref_nodes n ON ST_DWithin(n.g, p.g, @local_loop)),
        broadcast_hits AS (
            SELECT p.code, bool_or(t.broadcast_kind = 'Radio') AS radio, bool_or(t.broadcast_kind = 'Tv') AS tv
            FROM ref_places p JOIN ref_transmitters t
              ON ST_DWithin(t.g, p.g, (SELECT coalesce(max(service_radius_m), 0) FROM ref_transmitters))
             AND ST_Distance(t.g, p.g) <= t.service_radius_m
            GROUP BY p.code),
        filed AS (
            SELECT f.village_code AS code,
                   bool_or(f.service = 'Mobile' AND @mobile_filings) AS mobile,
                   bool_or(f.service = 'FixedPhone') AS phone,
                   bool_or(f.service = 'Broadband') AS broadband,
                   bool_or(f.service = 'CableTv' AND c.code = ANY(@cable_carriers)) AS cable
            FROM service_filings f JOIN carriers c ON c.id = f.carrier_id
            WHERE f.withdrawn_at IS NULL AND f.valid_from <= @as_of AND (f.valid_to IS NULL OR f.valid_to >= @as_of)
              AND f.dispute_state <> 'Rejected'
              AND NOT (f.disputed_on IS NOT NULL AND f.disputed_on <= @as_of AND (f.resolved_on IS NULL OR f.resolved_on > @as_of))
            GROUP BY f.village_code)
        SELECT p.code,
               (CASE WHEN fi.mobile THEN 1 ELSE 0 END) | (CASE WHEN sh.mobile THEN 2 ELSE 0 END) AS mobile,
               (CASE WHEN fi.broadband THEN 1 ELSE 0 END) | (CASE WHEN ah.broadband THEN 4 ELSE 0 END) AS broadband,
               (CASE WHEN fi.phone OR fi.mobile THEN 1 ELSE 0 END) | (CASE WHEN sh.phone THEN 2 ELSE 0 END)
                 | (CASE WHEN ah.phone THEN 4 ELSE 0 END) | (CASE WHEN nh.code IS NOT NULL THEN 8 ELSE 0 END) AS phone,
               (CASE WHEN fi.cable THEN 1 ELSE 0 END) AS cable_tv,
               (CASE WHEN bh.radio THEN 16 ELSE 0 END) AS radio,
               (CASE WHEN bh.tv THEN 16 ELSE 0 END) AS tv
        FROM ref_places p
        LEFT JOIN station_hits sh ON sh.code = p.code
        LEFT JOIN access_hits ah ON ah.code = p.code
        LEFT JOIN node_hits nh ON nh.code = p.code
        LEFT JOIN broadcast_hits bh ON bh.code = p.code
        LEFT JOIN filed fi ON fi.code = p.code
        """;

    /// <summary>The bases of every place on <paramref name="asOf"/>, in the engine's slot order, and how long the two steps took.</summary>
    public static async Task<ReferenceResult> EvaluateAsync(NpgsqlConnection conn, DateOnly asOf, CoverageOptions options, CancellationToken ct)
    {
        await using var tx = await conn.BeginTransactionAsync(ct);
        var clock = Stopwatch.StartNew();
        // A reference run at national scale takes minutes: no command timeout.
        await using (var prepare = new NpgsqlCommand(Prepare, conn, tx) { CommandTimeout = 0 })
        {
            Bind(prepare, asOf, options);
            await prepare.ExecuteNonQueryAsync(ct);
        }

        var prepared = clock.Elapsed;
        clock.Restart();
        var bases = new Dictionary<string, CoverageBasis[]>(StringComparer.Ordinal);
        await using (var join = new NpgsqlCommand(Join, conn, tx) { CommandTimeout = 0 })
        {
            Bind(join, asOf, options);
            await using var reader = await join.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                bases[reader.GetString(0)] = [.. Enumerable.Range(1, 6).Select(i => (CoverageBasis)reader.GetInt32(i))];
            }
        }

        var joined = clock.Elapsed;
        await tx.RollbackAsync(ct);
        return new ReferenceResult(bases, prepared, joined);
    }

    private static void Bind(NpgsqlCommand cmd, DateOnly asOf, CoverageOptions options)
    {
        var radius = options.DefaultRadiusM.OrderBy(p => p.Key).ToList();
        var reach = options.DefaultReachM.OrderBy(p => p.Key).ToList();
        cmd.Parameters.AddWithValue("as_of", asOf);
        cmd.Parameters.AddWithValue("radius_tech", radius.Select(p => p.Key.ToString()).ToArray());
        cmd.Parameters.AddWithValue("radius_m", radius.Select(p => p.Value).ToArray());
        cmd.Parameters.AddWithValue("reach_tech", reach.Select(p => p.Key.ToString()).ToArray());
        cmd.Parameters.AddWithValue("reach_m", reach.Select(p => p.Value).ToArray());
        cmd.Parameters.AddWithValue("mobile_tech", options.MobileTechnologies.Select(t => t.ToString()).ToArray());
        cmd.Parameters.AddWithValue("wll_tech", options.WirelessLocalLoopTechnologies.Select(t => t.ToString()).ToArray());
        cmd.Parameters.AddWithValue("phone_access", options.PhoneAccessTechnologies.Select(t => t.ToString()).ToArray());
        cmd.Parameters.AddWithValue("broadband_access", options.BroadbandAccessTechnologies.Select(t => t.ToString()).ToArray());
        cmd.Parameters.AddWithValue("phone_nodes", options.PhoneNodeKinds.Select(k => k.ToString()).ToArray());
        cmd.Parameters.AddWithValue("cable_carriers", options.CableTvCarrierCodes.ToArray());
        cmd.Parameters.AddWithValue("mobile_filings", options.MobileFilingsCount);
        cmd.Parameters.AddWithValue("fiber_proximity", options.FiberProximityM);
        cmd.Parameters.AddWithValue("local_loop", options.LocalLoopReachM);
        // A planar prefilter in degrees that holds every route within reach: a degree of longitude is at least
        // 111 km × cos(latitude), and Infra's regions lie below 60°, where that is at least 55 km.
        cmd.Parameters.AddWithValue("fiber_deg", (options.FiberProximityM * 1.01 + 1) / 55_000);
    }
}

/// <summary>The reference's answer: bases per place code in the engine's slot order, and the time of each step.</summary>
public sealed record ReferenceResult(IReadOnlyDictionary<string, CoverageBasis[]> Bases, TimeSpan Prepare, TimeSpan Join);
