using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Infra.Api.Data;
using Infra.Api.Features.Writes;
using Infra.Api.Http;
using Infra.Domain;
using Infra.Domain.Assets;
using Infra.Domain.Filings;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace Infra.Api.Features.Exports;

/// <summary>What to export: a layer, filtered the way lists are (carrier, bbox, as-of date).</summary>
public sealed record ExportQuery(string Format, string? Carrier, Polygon? Bbox, DateOnly? AsOf);

/// <summary>
/// Every layer as GeoJSON, CSV (WKT geometry) or GeoPackage, with the same field names the importers read,
/// so that importing an export changes nothing. Rows stream from the database (no whole layer in memory),
/// except the GeoPackage, which SQLite writes to a temporary file first.
/// </summary>
public sealed class Exporter(InfraDb db)
{
    public static readonly string[] Formats = ["geojson", "csv", "gpkg"];

    public static string ContentType(string format) => format switch
    {
        "geojson" => "application/geo+json",
        "csv" => "text/csv; charset=utf-8",
        _ => "application/geopackage+sqlite3",
    };

    public async Task WriteAsync(Layer layer, ExportQuery q, Stream output, CancellationToken ct)
    {
        var carrierId = q.Carrier is null ? (short?)null : await db.Carriers.Where(c => c.Code == q.Carrier).Select(c => c.Id).SingleAsync(ct);
        await (layer switch
        {
            BaseStationLayer l => WriteAsync(l, AssetRows(db.BaseStations, q, carrierId, box => s => s.Location.Intersects(box)), q, output, ct),
            FiberRouteLayer l => WriteAsync(l, AssetRows(db.FiberRoutes, q, carrierId, box => s => s.Route.Intersects(box)), q, output, ct),
            SwitchingNodeLayer l => WriteAsync(l, AssetRows(db.SwitchingNodes, q, carrierId, box => s => s.Location.Intersects(box)), q, output, ct),
            AccessPointLayer l => WriteAsync(l, AssetRows(db.AccessPoints, q, carrierId, box => s => s.Location.Intersects(box)), q, output, ct),
            TransmitterLayer l => WriteAsync(l, AssetRows(db.Transmitters, q, carrierId, box => s => s.Location.Intersects(box)), q, output, ct),
            ServiceFilingLayer l => WriteAsync(l, FilingRows(q, carrierId), q, output, ct),
            _ => throw new ArgumentOutOfRangeException(nameof(layer)),
        });
    }

    private static IQueryable<T> AssetRows<T>(IQueryable<T> rows, ExportQuery q, short? carrierId,
        Func<Polygon, System.Linq.Expressions.Expression<Func<T, bool>>> inBox) where T : Asset
    {
        rows = rows.AsNoTracking();
        rows = carrierId is { } c ? rows.Where(r => r.CarrierId == c) : rows;
        rows = q.AsOf is { } day ? Assets.AssetLayer.AsOf(rows, day, null, day) : rows;
        rows = q.Bbox is { } box ? rows.Where(inBox(box)) : rows;
        return rows.OrderBy(r => r.Id);
    }

    private IQueryable<ServiceFiling> FilingRows(ExportQuery q, short? carrierId)
    {
        var rows = db.ServiceFilings.AsNoTracking();
        rows = carrierId is { } c ? rows.Where(r => r.CarrierId == c) : rows;
        rows = q.AsOf is { } d ? rows.Where(f => f.ValidFrom <= d && (f.ValidTo == null || f.ValidTo >= d)) : rows;
        return rows.OrderBy(r => r.Id);
    }

    private async Task WriteAsync<T>(Layer<T> layer, IQueryable<T> rows, ExportQuery q, Stream output, CancellationToken ct) where T : class
    {
        var carriers = await db.Carriers.AsNoTracking().ToDictionaryAsync(c => c.Id, ct);
        var villages = layer is ServiceFilingLayer
            ? await db.Villages.AsNoTracking().Select(v => new { v.Code, v.Location }).ToDictionaryAsync(v => v.Code, v => (Geometry)v.Location, ct)
            : null;
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var features = rows.AsAsyncEnumerable().Select(r =>
        {
            var props = WireJson.ToObject(layer.Properties(r, carriers[layer.CarrierOf(r)], q.AsOf ?? today));
            var geometry = r is Asset a ? Geometry(a) : villages!.GetValueOrDefault(((ServiceFiling)(object)r).VillageCode);
            return (layer.IdOf(r), geometry, props);
        });
        var geometryType = layer.GeometryColumn == "route" ? "LINESTRING" : "POINT";
        await WriteFeaturesAsync(q.Format, layer.Name, Columns(layer), geometryType, features, output, ct);
    }

    /// <summary>
    /// Features in one of <see cref="Formats"/>: GeoJSON, CSV (id, WKT, then <paramref name="columns"/>) or a GeoPackage with
    /// one table named <paramref name="name"/> of <paramref name="geometryType"/> (POINT, LINESTRING or GEOMETRY for a mix).
    /// The carriers' layers and scenario proposals are written by the same code.
    /// </summary>
    public static Task WriteFeaturesAsync(string format, string name, IReadOnlyList<string> columns, string geometryType,
        IAsyncEnumerable<(long Id, Geometry? Geometry, JsonObject Props)> features, Stream output, CancellationToken ct) => format switch
        {
            "geojson" => GeoJsonAsync(features, output, ct),
            "csv" => CsvAsync(columns, features, output, ct),
            _ => GeoPackageAsync(name, columns, geometryType, features, output, ct),
        };

    private static Geometry Geometry(Asset a) => a switch
    {
        BaseStation s => s.Location,
        FiberRoute f => f.Route,
        SwitchingNode n => n.Location,
        AccessPoint p => p.Location,
        BroadcastTransmitter t => t.Location,
        _ => throw new ArgumentOutOfRangeException(nameof(a)),
    };

    private static async Task GeoJsonAsync(IAsyncEnumerable<(long Id, Geometry? Geometry, JsonObject Props)> features, Stream output, CancellationToken ct)
    {
        // The serializer flushes its writer synchronously, which ASP.NET Core forbids on a response: write to memory, copy out async.
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1 << 17);
        await using var w = new Utf8JsonWriter(buffer);
        w.WriteStartObject();
        w.WriteString("type", "FeatureCollection");
        w.WriteStartArray("features");
        await foreach (var (id, geometry, props) in features.WithCancellation(ct))
        {
            JsonSerializer.Serialize(w, new Feature<JsonObject>(id, geometry, props), WireJson.Options);
            if (buffer.WrittenCount > 1 << 16)
            {
                await output.WriteAsync(buffer.WrittenMemory, ct);
                buffer.ResetWrittenCount();
            }
        }

        w.WriteEndArray();
        w.WriteEndObject();
        await w.FlushAsync(ct);
        await output.WriteAsync(buffer.WrittenMemory, ct);
    }

    /// <summary>The columns of an export: what the importers read, then what Infra computes (ignored on import).</summary>
    private static List<string> Columns(Layer layer) => ["code", "carrier", .. layer.FieldNames];

    private static async Task CsvAsync(IReadOnlyList<string> columns, IAsyncEnumerable<(long Id, Geometry? Geometry, JsonObject Props)> features,
        Stream output, CancellationToken ct)
    {
        await using var w = new StreamWriter(output, new UTF8Encoding(false), 1 << 16);
        await w.WriteLineAsync(string.Join(',', new[] { "id", "wkt" }.Concat(columns)));
        var wkt = new WKTWriter();
        await foreach (var (id, geometry, props) in features.WithCancellation(ct))
        {
            var cells = new List<string> { id.ToString(CultureInfo.InvariantCulture), geometry is null ? "" : wkt.Write(geometry) };
            cells.AddRange(columns.Select(c => Text(props[c])));
            await w.WriteLineAsync(string.Join(',', cells.Select(Quote)));
        }
    }

    private static string Text(JsonNode? node) => node switch
    {
        null => "",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => node.ToJsonString(),
    };

    private static string Quote(string s) => s.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{s.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : s;

    /// <summary>A GeoPackage 1.3 with one feature table named after the layer; attributes in the import's field names.</summary>
    private static async Task GeoPackageAsync(string name, IReadOnlyList<string> columns, string geometryType,
        IAsyncEnumerable<(long Id, Geometry? Geometry, JsonObject Props)> features, Stream output, CancellationToken ct)
    {
        var path = Path.Combine(Path.GetTempPath(), $"infra-export-{Guid.NewGuid():N}.gpkg");
        try
        {
            var table = name.Replace('-', '_');
            await using (var conn = new SqliteConnection($"Data Source={path};Pooling=False"))
            {
                await conn.OpenAsync(ct);
                await ExecAsync(conn, $"""
                    PRAGMA application_id = 1196444487; PRAGMA user_version = 10300;
                    CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL,
                      organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
                    INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', NULL),
                      ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', NULL),
                      ('WGS 84', 4326, 'EPSG', 4326, 'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433],AUTHORITY["EPSG","4326"]]', NULL);
                    CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE, description TEXT DEFAULT '',
                      last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')), min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER);
                    CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL,
                      z TINYINT NOT NULL, m TINYINT NOT NULL, CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name));
                    CREATE TABLE "{table}" (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom {geometryType}, {string.Join(", ", columns.Select(c => $"\"{c}\" {SqlType(c)}"))});
                    INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) VALUES ('{table}', 'features', '{name}', 4326);
                    INSERT INTO gpkg_geometry_columns VALUES ('{table}', 'geom', '{geometryType}', 4326, 0, 0);
                    """, ct);
                await using var tx = (SqliteTransaction)await conn.BeginTransactionAsync(ct);
                await using var insert = conn.CreateCommand();
                insert.Transaction = tx;
                insert.CommandText = $"INSERT INTO \"{table}\" (geom, {string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES (@geom, {string.Join(", ", columns.Select((_, i) => $"@p{i}"))})";
                var geo = new GeoPackageGeoWriter();
                await foreach (var (_, geometry, props) in features.WithCancellation(ct))
                {
                    insert.Parameters.Clear();
                    insert.Parameters.AddWithValue("@geom", geometry is null ? DBNull.Value : geo.Write(geometry));
                    for (var i = 0; i < columns.Count; i++)
                    {
                        insert.Parameters.AddWithValue($"@p{i}", Value(props[columns[i]]));
                    }

                    await insert.ExecuteNonQueryAsync(ct);
                }

                await tx.CommitAsync(ct);
            }

            SqliteConnection.ClearAllPools();
            await using var file = File.OpenRead(path);
            await file.CopyToAsync(output, ct);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string SqlType(string column) => column switch
    {
        "fiberConnected" or "integrated" => "BOOLEAN",
        "cores" or "ports" or "portsUsed" or "capacityLines" or "subscribersInUse" or "subscribers" or "sequence" or "newPopulation" => "INTEGER",
        "omniRadiusM" or "antennaHeightM" or "declaredLengthM" or "reachM" or "powerKw" or "serviceRadiusM" or "maxDownMbps" or "maxUpMbps"
            or "radiusM" or "lengthKm" or "routeKm" => "REAL",
        _ when column.EndsWith("On", StringComparison.Ordinal) || column is "validFrom" or "validTo" => "DATE",
        _ => "TEXT",
    };

    private static object Value(JsonNode? node) => node switch
    {
        null => DBNull.Value,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.GetValue<double>(),
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>() ? 1 : 0,
        _ => node.ToJsonString(),
    };

    private static async Task ExecAsync(SqliteConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
