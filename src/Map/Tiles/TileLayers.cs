using System.Text.RegularExpressions;
using Infra.Domain.Assets;
using Infra.Domain.Regions;

namespace Infra.Map.Tiles;

/// <summary>
/// Every layer the map serves, with its SQL. Station footprints are read from <c>station_footprints</c>, where triggers
/// keep each station's circle or wedges in Web Mercator at three resolutions, one per zoom band (the migration
/// <c>StationFootprints</c> says how and why): building a thousand of them per tile at z9–z10 was most of the layer's time.
/// ST_AsMVT skips rows whose geometry ST_AsMVTGeom clipped away (NULL), so no query filters on it: a filter would make
/// PostgreSQL compute every clipped geometry twice. Geometry is clipped and quantised to the 4096 grid by
/// <c>ST_AsMVTGeom</c> and simplified to half a pixel of the zoom first, so low-zoom tiles stay small.
/// Layers that belong together in the viewer travel in one tile as several MVT layers (a polygon layer and
/// its label points; stations and their footprints): MVT tiles concatenate, as martin's composite sources do.
/// Every layer's features are ordered by key: MapLibre and the server renderer draw them in tile order, and translucent
/// footprints or overlapping symbols blend differently in another order, so an unordered scan made the same map differ
/// between two databases holding the same rows (a stored-image test failed on it).
/// </summary>
public static partial class TileLayers
{
    private const string Box =
        "b AS (SELECT ST_TileEnvelope($1, $2, $3) AS m, ST_Transform(ST_TileEnvelope($1, $2, $3, margin => 64.0 / 4096), 4326) AS g, " +
        "40075016.68557849 / (8192 * 2 ^ $1) AS tol)";

    private const string Exists = "a.withdrawn_at IS NULL AND COALESCE(a.planned_on, a.construction_started_on, a.commissioned_on) <= $4 AND (a.retired_on IS NULL OR a.retired_on > $4)";

    private const string Status =
        "CASE WHEN a.commissioned_on <= $4 THEN 'in_service' WHEN a.construction_started_on <= $4 THEN 'under_construction' ELSE 'planned' END AS status";

    private const string AssetFields = "a.id, a.code, a.name, c.code AS carrier, c.short_name AS carrier_name, " + Status + ", a.commissioned_on::text AS commissioned_on";

    /// <summary>
    /// A stored enum name (PascalCase) as the wire's snake_case, through a CASE built here from the enum's names: per row a
    /// plain comparison, where <c>regexp_replace</c> cost a quarter of a dense z9 station tile (p50 11.3 → 8.5 ms over the
    /// bench's 120 z9 station tiles at national scale, docs/PERFORMANCE.md, "Map").
    /// </summary>
    private static string Snake<TEnum>(string column) where TEnum : struct, Enum =>
        $"CASE {column} {string.Concat(Enum.GetNames<TEnum>().Select(n => $"WHEN '{n}' THEN '{CamelBoundary().Replace(n, "$1_$2").ToLowerInvariant()}' "))}END";

    [GeneratedRegex("([a-z0-9])([A-Z])")]
    private static partial Regex CamelBoundary();

    private static readonly string[] AssetChanges = ["base-stations", "fiber-routes", "switching-nodes", "access-points", "transmitters", "service-filings"];

    private static readonly Dictionary<string, string> AssetFieldTypes = new()
    {
        ["id"] = "Number", ["code"] = "String", ["name"] = "String", ["carrier"] = "String", ["carrier_name"] = "String",
        ["status"] = "String", ["commissioned_on"] = "String",
    };

    private static readonly Dictionary<string, string> ShareFields = new()
    {
        ["code"] = "String", ["name"] = "String", ["name_en"] = "String",
        ["mobile"] = "Number", ["broadband"] = "Number", ["phone"] = "Number", ["cable_tv"] = "Number", ["radio"] = "Number", ["tv"] = "Number",
    };

    private static Dictionary<string, string> Fields(IReadOnlyDictionary<string, string> common, params (string Name, string Type)[] more)
    {
        var all = new Dictionary<string, string>(common);
        foreach (var (name, type) in more)
        {
            all[name] = type;
        }

        return all;
    }

    /// <summary>Region polygons with their shares ($5 codes, $6..$11 shares per service) and label points at their seats.</summary>
    private static string Regions(string table, string layer, string extra) => $"""
        WITH {Box},
        s AS (SELECT * FROM unnest($5::text[], $6::float8[], $7::float8[], $8::float8[], $9::float8[], $10::float8[], $11::float8[])
              AS s(code, mobile, broadband, phone, cable_tv, radio, tv))
        SELECT COALESCE((SELECT ST_AsMVT(t, '{layer}', 4096, 'geom') FROM (
            SELECT r.code, r.name, r.name_en{extra}, s.mobile, s.broadband, s.phone, s.cable_tv, s.radio, s.tv,
                   ST_AsMVTGeom(ST_Simplify(ST_Transform(r.boundary, 3857), b.tol, true), b.m, 4096, 64, true) AS geom
            FROM {table} r CROSS JOIN b LEFT JOIN s ON s.code = r.code
            WHERE r.boundary && b.g ORDER BY r.code) t), ''::bytea)
          || COALESCE((SELECT ST_AsMVT(t, '{layer}-label', 4096, 'geom') FROM (
            SELECT r.code, r.name, r.name_en{extra}, ST_AsMVTGeom(ST_Transform(r.seat, 3857), b.m, 4096, 0, true) AS geom
            FROM {table} r CROSS JOIN b WHERE r.seat && b.g ORDER BY r.code) t), ''::bytea)
        """;

    public static IReadOnlyList<TileLayer> All { get; } =
    [
        new("counties", "区县", "County-level divisions (区/县) shaded by coverage share; label points at the county seats.", 0, TileLayer.MaxDataZoom,
            TileInputs.RegionShares, Regions("counties", "counties", ""),
            [new("counties", "County polygons with the share of places served per service (0–1)", 0, ShareFields),
             new("counties-label", "County seats, for labels", 0, ShareFields.Where(f => f.Key is "code" or "name" or "name_en").ToDictionary())],
            AssetChanges.ToHashSet(), ByReach: true),
        new("townships", "乡镇", "Townships (乡/镇/街道) shaded by coverage share; label points at the township seats.", 7, TileLayer.MaxDataZoom,
            TileInputs.RegionShares, Regions("townships", "townships", $", {Snake<TownshipKind>("r.kind")} AS kind, r.county_code AS county").Replace("r.name_en", "NULL::text AS name_en", StringComparison.Ordinal),
            [new("townships", "Township polygons with the share of places served per service (0–1)", 7, Fields(ShareFields, ("kind", "String"), ("county", "String"))),
             new("townships-label", "Township seats, for labels", 7, new Dictionary<string, string> { ["code"] = "String", ["name"] = "String", ["kind"] = "String" })],
            AssetChanges.ToHashSet(), ByReach: true),
        new("villages", "村庄", "Administrative villages (from z9), natural villages and communities (from z11), with whether each service reaches them on the date.", 9, TileLayer.MaxDataZoom,
            TileInputs.VillageCoverage, $"""
            WITH {Box},
            s AS (SELECT * FROM unnest($5::text[], $6::int[]) AS s(code, bits))
            SELECT COALESCE((SELECT ST_AsMVT(t, 'villages', 4096, 'geom') FROM (
                SELECT v.code, v.name, {Snake<VillageKind>("v.kind")} AS kind, v.population,
                       v.township_code AS township, v.parent_code AS parent,
                       (s.bits & 1) <> 0 AS mobile, (s.bits & 2) <> 0 AS broadband, (s.bits & 4) <> 0 AS phone,
                       (s.bits & 8) <> 0 AS cable_tv, (s.bits & 16) <> 0 AS radio, (s.bits & 32) <> 0 AS tv,
                       ST_AsMVTGeom(ST_Transform(v.location, 3857), b.m, 4096, 64, true) AS geom
                FROM s JOIN villages v ON v.code = s.code CROSS JOIN b
                WHERE v.location && b.g ORDER BY v.code) t), ''::bytea)
            """,
            [new("villages", "Villages; mobile … tv say whether the service reaches the place on the date", 9, new Dictionary<string, string>
            {
                ["code"] = "String", ["name"] = "String", ["kind"] = "String", ["population"] = "Number", ["township"] = "String", ["parent"] = "String",
                ["mobile"] = "Boolean", ["broadband"] = "Boolean", ["phone"] = "Boolean", ["cable_tv"] = "Boolean", ["radio"] = "Boolean", ["tv"] = "Boolean",
            })],
            AssetChanges.ToHashSet(), ByReach: true),
        // From z9, where the viewer's style starts drawing stations (styles.json): below it a tile would hold thousands of
        // stations no map shows.
        new("base-stations", "基站", "Base stations existing on the date, and the footprints (omni circles and sectors) of those in service.", 9, TileLayer.MaxDataZoom,
            TileInputs.Plain, $"""
            WITH {Box}
            SELECT COALESCE((SELECT ST_AsMVT(t, 'base-stations', 4096, 'geom', 'id') FROM (
                SELECT {AssetFields}, {Snake<RadioTechnology>("a.technology")} AS technology, round(COALESCE(a.omni_radius_m, infra_default_radius_m(a.technology))) AS radius_m,
                       jsonb_array_length(a.sectors) AS sectors, a.antenna_height_m,
                       ST_AsMVTGeom(ST_Transform(a.location, 3857), b.m, 4096, 64, true) AS geom
                FROM base_stations a JOIN carriers c ON c.id = a.carrier_id CROSS JOIN b WHERE a.location && b.g AND {Exists} ORDER BY a.id) t), ''::bytea)
              || COALESCE((SELECT ST_AsMVT(t, 'footprints', 4096, 'geom', 'id') FROM (
                SELECT f.station_id AS id, c.code AS carrier, {Snake<RadioTechnology>("f.technology")} AS technology,
                       ST_AsMVTGeom(CASE WHEN $1 < 11 THEN f.low WHEN $1 < 13 THEN f.mid ELSE f.high END, b.m, 4096, 64, true) AS geom
                FROM station_footprints f JOIN carriers c ON c.id = f.carrier_id CROSS JOIN b
                WHERE $1 >= 9 AND f.high && b.m AND f.commissioned_on <= $4 AND (f.retired_on IS NULL OR f.retired_on > $4) ORDER BY f.station_id) t), ''::bytea)
            """,
            [new("base-stations", "Stations; radius_m is the omni radius (or the technology default)", 9, Fields(AssetFieldTypes,
                ("technology", "String"), ("radius_m", "Number"), ("sectors", "Number"), ("antenna_height_m", "Number"))),
             new("footprints", "Coverage footprints of in-service stations from z9: circles or sectors (wedges may straddle north)", 9,
                new Dictionary<string, string> { ["id"] = "Number", ["carrier"] = "String", ["technology"] = "String" })],
            new HashSet<string> { "base-stations" }, ByReach: true),
        new("fiber-routes", "光缆", "Fiber routes existing on the date; since_plan marks those commissioned since the plan began. Access-tier routes from z10.", 6, TileLayer.MaxDataZoom,
            TileInputs.Plain, $"""
            WITH {Box}
            SELECT COALESCE((SELECT ST_AsMVT(t, 'fiber-routes', 4096, 'geom', 'id') FROM (
                SELECT {AssetFields}, {Snake<FiberTier>("a.tier")} AS tier, a.cores, {Snake<FiberLaying>("a.laying")} AS laying, round(a.length_m) AS length_m,
                       COALESCE(a.commissioned_on >= (SELECT min(p.period_start) FROM plans p) AND a.commissioned_on <= $4, false) AS since_plan,
                       ST_AsMVTGeom(ST_Simplify(ST_Transform(a.route, 3857), b.tol, true), b.m, 4096, 64, true) AS geom
                FROM fiber_routes a JOIN carriers c ON c.id = a.carrier_id CROSS JOIN b
                WHERE a.route && b.g AND {Exists} AND ($1 >= 10 OR a.tier <> 'Access') ORDER BY a.id) t), ''::bytea)
            """,
            [new("fiber-routes", "Fiber routes; since_plan: in service on the date and commissioned on or after the plan's start", 6, Fields(AssetFieldTypes,
                ("tier", "String"), ("cores", "Number"), ("laying", "String"), ("length_m", "Number"), ("since_plan", "Boolean")))],
            new HashSet<string> { "fiber-routes" }, ByReach: false),
        PointAssets("switching-nodes", "交换节点", "Switching nodes existing on the date with capacity, subscribers and utilisation.", 6, "switching_nodes",
            $"{Snake<SwitchingNodeKind>("a.node_kind")} AS node_kind, a.capacity_lines, a.subscribers_in_use, " +
            "round((a.subscribers_in_use::numeric / NULLIF(a.capacity_lines, 0)), 3)::float8 AS utilisation",
            "Switching nodes; utilisation = subscribers / capacity",
            ("node_kind", "String"), ("capacity_lines", "Number"), ("subscribers_in_use", "Number"), ("utilisation", "Number")),
        PointAssets("access-points", "接入网点", "Access points existing on the date with ports, utilisation and fiber connection.", 8, "access_points",
            $"{Snake<AccessTechnology>("a.technology")} AS technology, a.ports, a.ports_used, " +
            "round((a.ports_used::numeric / NULLIF(a.ports, 0)), 3)::float8 AS utilisation, a.reach_m, a.fiber_connected, a.integrated",
            "Access points; utilisation = ports used / ports",
            ("technology", "String"), ("ports", "Number"), ("ports_used", "Number"), ("utilisation", "Number"),
            ("reach_m", "Number"), ("fiber_connected", "Boolean"), ("integrated", "Boolean")),
        PointAssets("transmitters", "广播电视发射台", "Radio and TV transmitters existing on the date.", 0, "broadcast_transmitters",
            $"{Snake<BroadcastKind>("a.broadcast_kind")} AS broadcast_kind, a.power_kw, a.service_radius_m",
            "Transmitters with power (kW) and service radius (m)",
            ("broadcast_kind", "String"), ("power_kw", "Number"), ("service_radius_m", "Number")),
    ];

    /// <summary>A point asset layer: the common asset fields plus the kind's own columns, existing on the date.</summary>
    private static TileLayer PointAssets(string name, string title, string description, int minZoom, string table, string columns,
        string fieldsDescription, params (string Name, string Type)[] fields) => new(name, title, description, minZoom, TileLayer.MaxDataZoom,
        TileInputs.Plain, $"""
            WITH {Box}
            SELECT COALESCE((SELECT ST_AsMVT(t, '{name}', 4096, 'geom', 'id') FROM (
                SELECT {AssetFields}, {columns}, ST_AsMVTGeom(ST_Transform(a.location, 3857), b.m, 4096, 64, true) AS geom
                FROM {table} a JOIN carriers c ON c.id = a.carrier_id CROSS JOIN b
                WHERE a.location && b.g AND {Exists} ORDER BY a.id) t), ''::bytea)
            """,
        [new(name, fieldsDescription, minZoom, Fields(AssetFieldTypes, fields))], new HashSet<string> { name }, ByReach: false);

    public static TileLayer? Find(string name) => All.FirstOrDefault(l => l.Name == name);
}
