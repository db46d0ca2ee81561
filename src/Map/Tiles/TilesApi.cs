using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace Infra.Map.Tiles;

/// <summary>TileJSON 3.0.0 (https://github.com/mapbox/tilejson-spec/tree/master/3.0.0).</summary>
public sealed record TileJson(
    string Tilejson, string Name, string Description, string Version, string Attribution, string Scheme, IReadOnlyList<string> Tiles,
    int Minzoom, int Maxzoom, IReadOnlyList<double> Bounds, IReadOnlyList<double> Center,
    [property: System.Text.Json.Serialization.JsonPropertyName("vector_layers")] IReadOnlyList<TileJsonLayer> VectorLayers);

public sealed record TileJsonLayer(string Id, string Description, int Minzoom, int Maxzoom, IReadOnlyDictionary<string, string> Fields);

/// <summary>Vector tiles and their TileJSON: <c>/tiles/{layer}/{z}/{x}/{y}.pbf?asOf=</c>, <c>/tiles/{layer}.json</c>.</summary>
public static class TilesApi
{
    public const string MvtType = "application/vnd.mapbox-vector-tile";

    public static RouteGroupBuilder MapTilesApi(this IEndpointRouteBuilder app)
    {
        var tiles = app.MapGroup("/tiles").WithTags("Map");
        tiles.MapGet("/", Index).WithName("ListTileLayers").WithSummary("Every vector-tile layer, with the URL of its TileJSON.");
        tiles.MapGet("/{layer}.json", TileJsonOf).WithName("GetTileJson").WithSummary("TileJSON 3.0 of one layer (tiles URL, zooms, bounds, fields).");
        tiles.MapGet("/{layer}/{z:int}/{x:int}/{y:int}.pbf", GetTile).WithName("GetTile")
            .WithSummary("One Mapbox Vector Tile (EPSG:3857) of a layer as of a date; 204 when empty; strong ETag, 304 on If-None-Match.")
            // Tiles are public reads and the hottest path: they skip the rest of the pipeline (measured: 3.5× the rate of a warm tile,
            // docs/PERFORMANCE.md). A presented key is still checked, below, so a bad key is refused here as everywhere.
            .ShortCircuit();
        return tiles;
    }

    private static IResult Index(HttpRequest request) => TypedResults.Ok(TileLayers.All.Select(l => new
    {
        l.Name,
        l.Title,
        l.Description,
        TileJson = $"{Base(request)}/tiles/{l.Name}.json",
    }));

    private static async Task<IResult> TileJsonOf(HttpRequest request, IMapSource source, TimeProvider clock, string layer, string? asOf, CancellationToken ct)
    {
        var found = TileLayers.Find(layer);
        if (found is null)
        {
            return MapProblems.UnknownLayer(layer);
        }

        var date = MapProblems.ParseAsOf(asOf, clock, out var problem);
        if (problem is not null)
        {
            return problem;
        }

        var dataSet = await source.DataSetAsync(ct);
        var query = asOf is null ? "" : $"?asOf={date:yyyy-MM-dd}";
        return TypedResults.Ok(new TileJson("3.0.0", $"{found.Title} {found.Name}", found.Description, "1.0.0",
            dataSet.IsDemo ? "Infra — generated demo data, not a real map or network (生成的演示数据)" : $"Infra — {dataSet.Name}", "xyz",
            [$"{Base(request)}/tiles/{found.Name}/{{z}}/{{x}}/{{y}}.pbf{query}"], found.MinZoom, TileLayer.MaxDataZoom,
            dataSet.Bounds, MapExtent.CenterOf(dataSet.Bounds),
            [.. found.VectorLayers.Select(v => new TileJsonLayer(v.Id, v.Description, v.MinZoom, TileLayer.MaxDataZoom, v.Fields))]));
    }

    private static async Task<IResult> GetTile(HttpContext http, TileService tiles, TimeProvider clock, string layer, int z, int x, int y, string? asOf, CancellationToken ct)
    {
        if (http.Request.Headers.Authorization.Count > 0 && (await http.AuthenticateAsync()).Failure is not null)
        {
            await http.ChallengeAsync();
            return TypedResults.Empty;
        }

        var found = TileLayers.Find(layer);
        if (found is null)
        {
            return MapProblems.UnknownLayer(layer);
        }

        if (!TileMath.Valid(z, x, y))
        {
            return MapProblems.Invalid("z", $"Tile {z}/{x}/{y} does not exist: z is 0–22 and x, y are 0 … 2^z − 1.");
        }

        var date = MapProblems.ParseAsOf(asOf, clock, out var problem);
        if (problem is not null)
        {
            return problem;
        }

        var response = http.Response;
        response.Headers.CacheControl = $"public, max-age={tiles.Options.TileMaxAgeS.ToString(CultureInfo.InvariantCulture)}, must-revalidate";
        response.Headers.Vary = "Accept-Encoding";
        if (z < found.MinZoom || z > TileLayer.MaxDataZoom)
        {
            // Out of the layer's zooms there is nothing to draw (TileJSON says so); clients over-zoom from MaxDataZoom.
            response.Headers.Append("X-Tile-Cache", "none");
            return TypedResults.NoContent();
        }

        var (tile, hit) = await tiles.GetAsync(found, z, x, y, date, ct);
        response.Headers.ETag = tile.ETag;
        response.Headers.Append("X-Tile-Cache", tiles.Cache.Enabled ? (hit ? "hit" : "miss") : "off");
        var ifNoneMatch = http.Request.GetTypedHeaders().IfNoneMatch;
        if (ifNoneMatch.Any(t => t.Tag == tile.ETag || t == EntityTagHeaderValue.Any))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        return tile.Bytes.Length == 0 ? TypedResults.NoContent() : TypedResults.Bytes(tile.Bytes, MvtType);
    }

    internal static string Base(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}";
}

/// <summary>The region's extent as TileJSON and OGC API give it.</summary>
public static class MapExtent
{
    /// <summary>Every longitude, and the latitudes Web Mercator draws: the extent of a database with no regions yet.</summary>
    public static IReadOnlyList<double> World { get; } = [-180, -85.0511, 180, 85.0511];

    /// <summary>
    /// [west, south, east, north] of an envelope, widened by 0.05° and rounded outward to 0.1° (the demo's counties,
    /// 113.10–115.13 E, 32.39–33.52 N, give 113.0, 32.3, 115.2, 33.6).
    /// </summary>
    public static IReadOnlyList<double> Around(double west, double south, double east, double north) =>
    [
        Math.Max(-180, Math.Floor((west - 0.05) * 10) / 10), Math.Max(-85.0511, Math.Floor((south - 0.05) * 10) / 10),
        Math.Min(180, Math.Ceiling((east + 0.05) * 10) / 10), Math.Min(85.0511, Math.Ceiling((north + 0.05) * 10) / 10),
    ];

    /// <summary>TileJSON's center: the middle of the bounds, at the zoom that shows them whole in a 512-pixel view.</summary>
    public static IReadOnlyList<double> CenterOf(IReadOnlyList<double> bounds)
    {
        var span = Math.Max(bounds[2] - bounds[0], bounds[3] - bounds[1]);
        return [Math.Round((bounds[0] + bounds[2]) / 2, 2), Math.Round((bounds[1] + bounds[3]) / 2, 2), Math.Clamp(Math.Floor(Math.Log2(720 / span)), 0, 14)];
    }
}
