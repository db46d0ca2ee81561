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

/// <summary>What to export: a layer, filtered the way lists are (carrier, as found by <see cref="Exporter.CarrierIdAsync"/>; bbox; as-of date).</summary>
public sealed record ExportQuery(string Format, short? CarrierId, Polygon? Bbox, DateOnly? AsOf);

/// <summary>One feature of an export: its id, its geometry and its properties (any object the wire's JSON options write as an object).</summary>
public readonly record struct ExportFeature(long Id, Geometry? Geometry, object Props);

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

    /// <summary>The id of the carrier with this code, or null when there is none (the API and the CLI refuse it before exporting).</summary>
    public async Task<short?> CarrierIdAsync(string code, CancellationToken ct) =>
        await db.Carriers.Where(c => c.Code == code).Select(c => (short?)c.Id).SingleOrDefaultAsync(ct);

    public async Task WriteAsync(Layer layer, ExportQuery q, Stream output, CancellationToken ct)
    {
        var carrierId = q.CarrierId;
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
            var props = layer.Properties(r, carriers[layer.CarrierOf(r)], q.AsOf ?? today);
            var geometry = r is Asset a ? Geometry(a) : villages!.GetValueOrDefault(((ServiceFiling)(object)r).VillageCode);
            return new ExportFeature(layer.IdOf(r), geometry, props);
        });
        var geometryType = layer.GeometryColumn == "route" ? "LINESTRING" : "POINT";
        await WriteFeaturesAsync(q.Format, layer.Name, Columns(layer), geometryType, features, output, ct);
    }

    /// <summary>
    /// Features in one of <see cref="Formats"/>: GeoJSON, CSV (id, WKT, then <paramref name="columns"/>) or a GeoPackage with
    /// one table named <paramref name="name"/> of <paramref name="geometryType"/> (POINT, LINESTRING or GEOMETRY for a mix).
    /// The carriers' layers and scenario proposals are written by the same code. A feature's properties are any object the
    /// wire's JSON options serialise to a JSON object (a layer's DTO, or a <see cref="JsonObject"/>).
    /// </summary>
    public static Task WriteFeaturesAsync(string format, string name, IReadOnlyList<string> columns, string geometryType,
        IAsyncEnumerable<ExportFeature> features, Stream output, CancellationToken ct) => format switch
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

    private static async Task GeoJsonAsync(IAsyncEnumerable<ExportFeature> features, Stream output, CancellationToken ct)
    {
        // The serializer flushes its writer synchronously, which ASP.NET Core forbids on a response: write to memory, copy out async.
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1 << 17);
        await using var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = WireJson.Options.Encoder });
        w.WriteStartObject();
        w.WriteString("type", "FeatureCollection");
        w.WriteStartArray("features");
        await foreach (var (id, geometry, props) in features.WithCancellation(ct))
        {
            // Feature<object>: the properties are serialised as their runtime type, straight to the writer.
            JsonSerializer.Serialize(w, new Feature<object>(id, geometry, props), WireJson.Options);
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

    private static async Task CsvAsync(IReadOnlyList<string> columns, IAsyncEnumerable<ExportFeature> features, Stream output, CancellationToken ct)
    {
        await using var w = new StreamWriter(output, new UTF8Encoding(false), 1 << 16);
        await w.WriteLineAsync(string.Join(',', new[] { "id", "wkt" }.Concat(columns)));
        var wkt = new WKTWriter();
        var cells = new PropertyCells(columns);
        // A row is put together here and written with one async call: the writer must not flush synchronously to a response.
        var row = new StringBuilder(256);
        await foreach (var (id, geometry, props) in features.WithCancellation(ct))
        {
            cells.Read(props);
            row.Clear().Append(id).Append(',');
            AppendQuoted(row, geometry is null ? null : wkt.Write(geometry));
            foreach (var cell in cells.Values)
            {
                AppendQuoted(row.Append(','), cell.Text);
            }

            await w.WriteLineAsync(row, ct);
        }
    }

    /// <summary>A CSV cell (RFC 4180): quoted only when it holds a comma, a quote or a line break; nothing for a missing value.</summary>
    private static void AppendQuoted(StringBuilder row, string? s)
    {
        if (s is null || s.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            row.Append(s);
            return;
        }

        row.Append('"').Append(s.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }

    /// <summary>
    /// A GeoPackage 1.3 with one feature table named after the layer; attributes in the import's field names; the layer's
    /// extent in <c>gpkg_contents</c>; and the spec's R-tree spatial index (extension <c>gpkg_rtree_index</c>, Annex F.3), so
    /// QGIS or GDAL reading a national layer find the features of a view without scanning them all, as they do in the files
    /// ogr2ogr writes. The index is packed once the rows are in (<see cref="GeoPackageRtree"/>); its triggers, which keep it
    /// right when someone edits the file later, are created after it (they call ST_MinX and the like, which GeoPackage
    /// readers provide and this connection does not). Rows get fid 1, 2, 3… in the order they are written (AUTOINCREMENT
    /// on a new table).
    /// </summary>
    private static async Task GeoPackageAsync(string name, IReadOnlyList<string> columns, string geometryType,
        IAsyncEnumerable<ExportFeature> features, Stream output, CancellationToken ct)
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
                    PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; -- a temporary file, copied out whole, deleted on failure
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
                    CREATE TABLE gpkg_extensions (table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL, definition TEXT NOT NULL,
                      scope TEXT NOT NULL, CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name));
                    INSERT INTO gpkg_extensions VALUES ('{table}', 'geom', 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only');
                    """, ct);
                await using var tx = (SqliteTransaction)await conn.BeginTransactionAsync(ct);
                await using var insert = conn.CreateCommand();
                insert.Transaction = tx;
                insert.CommandText = $"INSERT INTO \"{table}\" (geom, {string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES (@geom, {string.Join(", ", columns.Select((_, i) => $"@p{i}"))})";
                // No SqliteType given: each value binds as its own type (text, real, integer, blob or null), as AddWithValue did.
                var geom = insert.Parameters.AddWithValue("@geom", DBNull.Value);
                var values = columns.Select((_, i) => insert.Parameters.AddWithValue($"@p{i}", DBNull.Value)).ToArray();
                insert.Prepare();
                await using var index = await GeoPackageRtree.CreateAsync(conn, tx, table, "geom", ct);
                var geo = new GeoPackageGeoWriter();
                var cells = new PropertyCells(columns);
                var extent = new Envelope();
                var fid = 0L;
                await foreach (var (_, geometry, props) in features.WithCancellation(ct))
                {
                    fid++;
                    cells.Read(props);
                    geom.Value = geometry is null ? DBNull.Value : geo.Write(geometry);
                    for (var i = 0; i < values.Length; i++)
                    {
                        values[i].Value = cells.Values[i].Value;
                    }

                    await insert.ExecuteNonQueryAsync(ct);
                    if (geometry is { IsEmpty: false })
                    {
                        await index.AddAsync(fid, geometry.EnvelopeInternal, ct);
                        extent.ExpandToInclude(geometry.EnvelopeInternal);
                    }
                }

                await index.BuildAsync(ct);
                await ExecAsync(conn, (extent.IsNull
                    ? ""
                    : string.Create(CultureInfo.InvariantCulture,
                        $"UPDATE gpkg_contents SET min_x = {extent.MinX:R}, min_y = {extent.MinY:R}, max_x = {extent.MaxX:R}, max_y = {extent.MaxY:R};"))
                    + RtreeTriggers(table, "geom", "fid"), ct, tx);
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

    /// <summary>The triggers of the GeoPackage spec's R-tree extension (1.3, Annex F.3) for table <paramref name="t"/>, column <paramref name="c"/>, id <paramref name="i"/>.</summary>
    private static string RtreeTriggers(string t, string c, string i) => $"""
        CREATE TRIGGER "rtree_{t}_{c}_insert" AFTER INSERT ON "{t}" WHEN (new."{c}" NOT NULL AND NOT ST_IsEmpty(NEW."{c}"))
        BEGIN
          INSERT OR REPLACE INTO "rtree_{t}_{c}" VALUES (NEW."{i}", ST_MinX(NEW."{c}"), ST_MaxX(NEW."{c}"), ST_MinY(NEW."{c}"), ST_MaxY(NEW."{c}"));
        END;
        CREATE TRIGGER "rtree_{t}_{c}_update1" AFTER UPDATE OF "{c}" ON "{t}"
          WHEN OLD."{i}" = NEW."{i}" AND (NEW."{c}" NOTNULL AND NOT ST_IsEmpty(NEW."{c}"))
        BEGIN
          INSERT OR REPLACE INTO "rtree_{t}_{c}" VALUES (NEW."{i}", ST_MinX(NEW."{c}"), ST_MaxX(NEW."{c}"), ST_MinY(NEW."{c}"), ST_MaxY(NEW."{c}"));
        END;
        CREATE TRIGGER "rtree_{t}_{c}_update2" AFTER UPDATE OF "{c}" ON "{t}"
          WHEN OLD."{i}" = NEW."{i}" AND (NEW."{c}" ISNULL OR ST_IsEmpty(NEW."{c}"))
        BEGIN
          DELETE FROM "rtree_{t}_{c}" WHERE id = OLD."{i}";
        END;
        CREATE TRIGGER "rtree_{t}_{c}_update3" AFTER UPDATE ON "{t}"
          WHEN OLD."{i}" != NEW."{i}" AND (NEW."{c}" NOTNULL AND NOT ST_IsEmpty(NEW."{c}"))
        BEGIN
          DELETE FROM "rtree_{t}_{c}" WHERE id = OLD."{i}";
          INSERT OR REPLACE INTO "rtree_{t}_{c}" VALUES (NEW."{i}", ST_MinX(NEW."{c}"), ST_MaxX(NEW."{c}"), ST_MinY(NEW."{c}"), ST_MaxY(NEW."{c}"));
        END;
        CREATE TRIGGER "rtree_{t}_{c}_update4" AFTER UPDATE ON "{t}"
          WHEN OLD."{i}" != NEW."{i}" AND (NEW."{c}" ISNULL OR ST_IsEmpty(NEW."{c}"))
        BEGIN
          DELETE FROM "rtree_{t}_{c}" WHERE id IN (OLD."{i}", NEW."{i}");
        END;
        CREATE TRIGGER "rtree_{t}_{c}_delete" AFTER DELETE ON "{t}" WHEN old."{c}" NOT NULL
        BEGIN
          DELETE FROM "rtree_{t}_{c}" WHERE id = OLD."{i}";
        END;
        """;

    private static async Task ExecAsync(SqliteConnection conn, string sql, CancellationToken ct, SqliteTransaction? tx = null)
    {
        await using var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
