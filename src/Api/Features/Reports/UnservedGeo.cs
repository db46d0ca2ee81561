using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Infra.Api.Hosting;
using Infra.Api.Http;
using Microsoft.Data.Sqlite;
using NetTopologySuite.IO;

namespace Infra.Api.Features.Reports;

/// <summary>The unserved villages as points with every column: GeoJSON (RFC 7946, streamed) and GeoPackage (OGC 12-128r18).</summary>
public static class UnservedGeo
{
    public const string GpkgTable = "unserved_villages";

    private static readonly JsonSerializerOptions GeoJson = CreateJson();

    /// <summary>
    /// A FeatureCollection written feature by feature; the report's scope, date and the demo mark ride along as
    /// foreign members (RFC 7946 §6.1), which GIS clients keep or ignore.
    /// </summary>
    public static async Task WriteGeoJsonAsync(UnservedReport report, Stream output, CancellationToken ct)
    {
        var columns = UnservedColumns.For(report);
        // The writer fills a buffer that is sent on asynchronously (the serializer flushes synchronously, which Kestrel refuses).
        // Chinese goes as it is (JSON is UTF-8), not as \u escapes: the wire's encoder.
        var buffer = new ArrayBufferWriter<byte>(1 << 16);
        await using var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = WireJson.Options.Encoder });
        json.WriteStartObject();
        json.WriteString("type", "FeatureCollection");
        json.WriteString("name", GpkgTable);
        json.WriteString("service", WireNames.Of(report.Query.Service));
        json.WriteString("level", report.Query.LevelName);
        json.WriteString("asOf", report.Query.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        json.WriteString("scope", report.ScopeName);
        json.WriteNumber("numberMatched", report.Total.Unserved);
        json.WriteString("dataSet", report.Header.DataSetName);
        json.WriteBoolean("demoData", report.Header.IsDemo);
        if (report.Header.IsDemo)
        {
            json.WriteString("notice", UnservedTables.DemoNotice);
        }

        json.WriteStartArray("features");
        foreach (var county in report.Counties)
        {
            foreach (var row in report.Rows(county))
            {
                json.WriteStartObject();
                json.WriteString("type", "Feature");
                json.WriteString("id", row.Village.Code);
                json.WritePropertyName("geometry");
                JsonSerializer.Serialize(json, row.Village.Location, GeoJson);
                json.WriteStartObject("properties");
                foreach (var column in columns)
                {
                    WriteValue(json, column.Name, column.Value(row, null));
                }

                json.WriteEndObject();
                json.WriteEndObject();
                await SendAsync(json, buffer, output, 1 << 15, ct);
            }
        }

        json.WriteEndArray();
        json.WriteEndObject();
        await SendAsync(json, buffer, output, 0, ct);
    }

    private static async Task SendAsync(Utf8JsonWriter json, ArrayBufferWriter<byte> buffer, Stream output, int atLeast, CancellationToken ct)
    {
        json.Flush();
        if (buffer.WrittenCount > atLeast)
        {
            await output.WriteAsync(buffer.WrittenMemory, ct);
            buffer.ResetWrittenCount();
        }
    }

    /// <summary>
    /// A GeoPackage with one point table in EPSG:4326. SQLite needs a file, so it is written to
    /// <paramref name="path"/> (rows go straight to disk in one transaction, none are held) and then copied out.
    /// Kept small and self-contained: the metadata tables the standard requires, no extensions.
    /// </summary>
    public static async Task WriteGpkgAsync(UnservedReport report, string path, CancellationToken ct)
    {
        var columns = UnservedColumns.For(report);
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString();
        await using var db = new SqliteConnection(connectionString);
        await db.OpenAsync(ct);
        await using var transaction = (SqliteTransaction)await db.BeginTransactionAsync(ct);
        var description = $"{report.ScopeName}: villages without {WireNames.Of(report.Query.Service)} on {report.Query.AsOf:yyyy-MM-dd}"
            + (report.Header.IsDemo ? $" — {UnservedTables.DemoNotice}" : "");
        await ExecuteAsync(db, Schema(columns), ct);
        await ExecuteAsync(db, "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES ($t, 'features', $t, $d, 4326)", ct,
            ("$t", GpkgTable), ("$d", description));
        await ExecuteAsync(db, $"INSERT INTO gpkg_geometry_columns VALUES ('{GpkgTable}', 'geom', 'POINT', 4326, 0, 0)", ct);

        await using var insert = db.CreateCommand();
        insert.CommandText = $"INSERT INTO {GpkgTable} (geom, {string.Join(", ", columns.Select(c => Quote(c.Name)))}) VALUES ($geom, {string.Join(", ", columns.Select((_, i) => "$p" + i))})";
        var geom = insert.Parameters.Add("$geom", SqliteType.Blob);
        // No declared type: each value binds as what it is, so numbers are stored as numbers.
        var parameters = columns.Select((_, i) => insert.Parameters.Add(new SqliteParameter { ParameterName = "$p" + i, Value = DBNull.Value })).ToArray();
        insert.Prepare();
        var writer = new GeoPackageGeoWriter();
        double minX = double.MaxValue, minY = double.MaxValue, maxX = double.MinValue, maxY = double.MinValue;
        foreach (var county in report.Counties)
        {
            foreach (var row in report.Rows(county))
            {
                ct.ThrowIfCancellationRequested();
                var p = row.Village.Location;
                (minX, minY, maxX, maxY) = (Math.Min(minX, p.X), Math.Min(minY, p.Y), Math.Max(maxX, p.X), Math.Max(maxY, p.Y));
                geom.Value = writer.Write(p);
                for (var i = 0; i < columns.Count; i++)
                {
                    parameters[i].Value = columns[i].Value(row, null) switch
                    {
                        null => DBNull.Value,
                        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                        var v => v,
                    };
                }

                await insert.ExecuteNonQueryAsync(ct);
            }
        }

        if (minX <= maxX)
        {
            await ExecuteAsync(db, "UPDATE gpkg_contents SET min_x = $a, min_y = $b, max_x = $c, max_y = $d", ct, ("$a", minX), ("$b", minY), ("$c", maxX), ("$d", maxY));
        }

        await transaction.CommitAsync(ct);
    }

    private static string Schema(IReadOnlyList<ReportColumn<UnservedRow>> columns) => $"""
        PRAGMA application_id = 1196444487;
        PRAGMA user_version = 10300;
        CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL,
            organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
        INSERT INTO gpkg_spatial_ref_sys VALUES
            ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
            ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system'),
            ('WGS 84 geodetic', 4326, 'EPSG', 4326, '{Wgs84Wkt}', 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid');
        CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
            description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
            min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER REFERENCES gpkg_spatial_ref_sys(srs_id));
        CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL REFERENCES gpkg_contents(table_name), column_name TEXT NOT NULL,
            geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL REFERENCES gpkg_spatial_ref_sys(srs_id), z TINYINT NOT NULL, m TINYINT NOT NULL,
            PRIMARY KEY (table_name, column_name));
        CREATE TABLE {GpkgTable} (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom POINT, {string.Join(", ", columns.Select(c => $"{Quote(c.Name)} {SqlType(c.Type)}"))});
        """;

    private const string Wgs84Wkt = "GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,298.257223563,AUTHORITY[\"EPSG\",\"7030\"]],"
        + "AUTHORITY[\"EPSG\",\"6326\"]],PRIMEM[\"Greenwich\",0,AUTHORITY[\"EPSG\",\"8901\"]],UNIT[\"degree\",0.0174532925199433,"
        + "AUTHORITY[\"EPSG\",\"9122\"]],AUTHORITY[\"EPSG\",\"4326\"]]";

    private static string SqlType(ColumnType type) => type switch
    {
        ColumnType.Integer => "INTEGER",
        ColumnType.Real or ColumnType.Coordinate or ColumnType.Percent => "DOUBLE",
        ColumnType.Date => "DATE",
        _ => "TEXT",
    };

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static async Task ExecuteAsync(SqliteConnection db, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync(ct);
    }

    private static void WriteValue(Utf8JsonWriter json, string name, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNull(name);
                break;
            case int i:
                json.WriteNumber(name, i);
                break;
            case long l:
                json.WriteNumber(name, l);
                break;
            case double d:
                json.WriteNumber(name, d);
                break;
            case DateOnly day:
                json.WriteString(name, day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                break;
            default:
                json.WriteString(name, Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions();
        InfraServices.ConfigureJson(options);
        return options;
    }
}
