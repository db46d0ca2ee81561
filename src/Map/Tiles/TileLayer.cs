namespace Infra.Map.Tiles;

/// <summary>What a layer's tile query needs besides z/x/y and the as-of date.</summary>
public enum TileInputs
{
    /// <summary>Only the tile and the date.</summary>
    Plain,

    /// <summary>Each village's served flags on the date, from the coverage evaluation.</summary>
    VillageCoverage,

    /// <summary>Each region's coverage shares on the date.</summary>
    RegionShares,
}

/// <summary>
/// One vector-tile layer: the MVT layers its tiles hold, the SQL that builds them (<c>ST_AsMVT</c> over
/// <c>ST_AsMVTGeom</c>, rows found with <c>&amp;&amp;</c> on the GiST-indexed WGS 84 column against the tile's
/// envelope) and the fields each MVT layer carries, for TileJSON. Parameters: $1 z, $2 x, $3 y, $4 the date.
/// </summary>
/// <param name="Name">The URL name (<c>/tiles/{name}/…</c>) and the first MVT layer's name.</param>
/// <param name="Changes">The write-side layers (<see cref="TileChange.Layer"/>) whose changes can alter this layer's tiles.</param>
public sealed record TileLayer(
    string Name,
    string Title,
    string Description,
    int MinZoom,
    int MaxZoom,
    TileInputs Inputs,
    string Sql,
    IReadOnlyList<VectorLayer> VectorLayers,
    IReadOnlySet<string> Changes,
    bool ByReach)
{
    public const int MaxDataZoom = 14;
}

/// <summary>An MVT layer inside a tile and its attribute types (TileJSON 3.0 <c>vector_layers</c>).</summary>
public sealed record VectorLayer(string Id, string Description, int MinZoom, IReadOnlyDictionary<string, string> Fields);

/// <summary>A committed change the map must reflect: where the record was and is, and how far it reaches.</summary>
/// <param name="Layer">base-stations, fiber-routes, switching-nodes, access-points, transmitters or service-filings.</param>
/// <param name="Before">Envelope (WGS 84) before the change, null for a create.</param>
/// <param name="After">Envelope after the change, null when withdrawn.</param>
/// <param name="ReachM">How far from its geometry the record can change coverage (and draws its footprint), metres.</param>
public sealed record TileChange(string Layer, NetTopologySuite.Geometries.Envelope? Before, NetTopologySuite.Geometries.Envelope? After, double ReachM);
