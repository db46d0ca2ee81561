using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Infra.Api.Cli;
using Infra.Api.Tests.Writes;
using Microsoft.Data.Sqlite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace Infra.Api.Tests.Imports;

/// <summary>What an export file holds beyond its rows (a GeoPackage's spatial index and extent), how the CLI writes one, and that GDAL's rewrites of one import back unchanged.</summary>
public class ExportFileTests(PostGis pg)
{
    [Theory]
    [InlineData("base-stations", "base_stations")]
    [InlineData("fiber-routes", "fiber_routes")]
    public async Task A_GeoPackage_export_carries_the_spec_R_tree_index_and_the_layer_extent(string layer, string table)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var w = await WriteWorld.CreateAsync(pg);
        var path = Path.Combine(Path.GetTempPath(), $"export-{Guid.NewGuid():N}.gpkg");
        try
        {
            await File.WriteAllBytesAsync(path, await w.Anonymous.GetByteArrayAsync($"/api/exports/{layer}?format=gpkg", ct), ct);
            var features = new Dictionary<long, Envelope>();
            await using (var conn = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False"))
            {
                await conn.OpenAsync(ct);
                var geo = new GeoPackageGeoReader();
                await foreach (var (fid, blob) in RowsAsync(conn, $"SELECT fid, geom FROM {table}", r => (r.GetInt64(0), (byte[])r[1]), ct))
                {
                    features.Add(fid, geo.Read(blob).EnvelopeInternal);
                }

                Assert.True(features.Count > 100, "the demo data has records to export");
                // The index is sound (SQLite's own check of its nodes), holds every feature, and is declared as the spec's extension.
                Assert.Equal("ok", await ScalarAsync<string>(conn, $"SELECT rtreecheck('rtree_{table}_geom')", ct));
                Assert.Equal(features.Count, await ScalarAsync<long>(conn, $"SELECT count(*) FROM rtree_{table}_geom", ct));
                Assert.Equal("gpkg_rtree_index", await ScalarAsync<string>(conn,
                    $"SELECT extension_name FROM gpkg_extensions WHERE table_name = '{table}' AND column_name = 'geom'", ct));
                Assert.Equal(6, await ScalarAsync<long>(conn, $"SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'rtree_{table}_geom_%'", ct));

                // A window through the index finds exactly the features whose boxes meet it (the index stores float boxes rounded outward).
                var window = new Envelope(113.9, 114.1, 32.9, 33.1);
                var found = await RowsAsync(conn, string.Create(CultureInfo.InvariantCulture,
                        $"SELECT id FROM rtree_{table}_geom WHERE maxx >= {window.MinX} AND minx <= {window.MaxX} AND maxy >= {window.MinY} AND miny <= {window.MaxY}"),
                    r => r.GetInt64(0), ct).ToHashSetAsync(cancellationToken: ct);
                var expected = features.Where(f => f.Value.Intersects(window)).Select(f => f.Key).ToHashSet();
                Assert.NotEmpty(expected);
                Assert.Superset(expected, found);
                Assert.All(found.Except(expected), id => Assert.True(Near(features[id], window), $"feature {id} is not near the window"));

                // gpkg_contents gives the layer's extent: the union of its features' boxes.
                var extent = new Envelope();
                foreach (var e in features.Values)
                {
                    extent.ExpandToInclude(e);
                }

                var bounds = await RowsAsync(conn, $"SELECT min_x, min_y, max_x, max_y FROM gpkg_contents WHERE table_name = '{table}'",
                    r => new Envelope(r.GetDouble(0), r.GetDouble(2), r.GetDouble(1), r.GetDouble(3)), ct).SingleAsync(ct);
                Assert.Equal(extent, bounds);
            }

            // GDAL, a real reader, sees the index and the extent.
            Assert.Contains("HasSpatialIndex (Integer) = 1", await Tools.RunAsync("ogrinfo", ["-ro", "-q", "-sql", $"SELECT HasSpatialIndex('{table}', 'geom')", path], ct), StringComparison.Ordinal);
            Assert.Contains($"Feature Count: {features.Count}", await Tools.RunAsync("ogrinfo", ["-ro", "-so", path, table], ct), StringComparison.Ordinal);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("base-stations")]
    [InlineData("fiber-routes")]
    [InlineData("access-points")]
    public async Task An_export_that_GDAL_rewrites_as_GeoPackage_shapefile_or_CSV_imports_back_unchanged(string layer)
    {
        // What a carrier's engineer does with QGIS or ogr2ogr between our export and their next import: GDAL writes its own
        // GeoPackage (fid column, its own metadata), a shapefile (10-character names, dBASE types) and a CSV (WKT, dates as YYYY/MM/DD).
        var ct = TestContext.Current.CancellationToken;
        await using var w = await WriteWorld.CreateAsync(pg);
        var dir = Directory.CreateTempSubdirectory("gdal-rewrite-").FullName;
        try
        {
            var source = Path.Combine(dir, $"{layer}.geojson");
            await File.WriteAllBytesAsync(source, await w.Anonymous.GetByteArrayAsync($"/api/exports/{layer}?format=geojson&carrier=ct", ct), ct);
            Directory.CreateDirectory(Path.Combine(dir, "shp"));
            await Tools.RunAsync("ogr2ogr", ["-f", "GPKG", Path.Combine(dir, "gdal.gpkg"), source], ct);
            await Tools.RunAsync("ogr2ogr", ["-f", "ESRI Shapefile", "-lco", "ENCODING=UTF-8", Path.Combine(dir, "shp", "gdal.shp"), source], ct);
            await Tools.RunAsync("ogr2ogr", ["-f", "CSV", "-lco", "GEOMETRY=AS_WKT", Path.Combine(dir, "gdal.csv"), source], ct);
            Assert.Contains("/", (await File.ReadAllLinesAsync(Path.Combine(dir, "gdal.csv"), ct))[1], StringComparison.Ordinal);

            foreach (var (file, bytes) in new[]
            {
                ("gdal.gpkg", await File.ReadAllBytesAsync(Path.Combine(dir, "gdal.gpkg"), ct)),
                ("gdal.zip", ImportFormatTests.Zip(Path.Combine(dir, "shp"))),
                ("gdal.csv", await File.ReadAllBytesAsync(Path.Combine(dir, "gdal.csv"), ct)),
            })
            {
                var result = (await w.ImportAsync("carrier:ct", bytes, file, ("layer", layer))).Body.Result();
                Assert.True(result.GetProperty("unchanged").GetInt32() > 0, $"{file}: the demo data has {layer} of ct");
                Assert.Equal((file, 0, 0, 0), (file, result.GetProperty("created").GetInt32(), result.GetProperty("changed").GetInt32(), result.GetProperty("retired").GetInt32()));
            }

            // Reprojected by GDAL, a GeoJSON names its system in the legacy crs member as an OGC URN (urn:ogc:def:crs:EPSG::3857)
            // and comes back to the same records: PROJ's projection and ProjNet's inverse land within a centimetre, which is no change.
            await Tools.RunAsync("ogr2ogr", ["-f", "GeoJSON", "-t_srs", "EPSG:3857", Path.Combine(dir, "gdal-3857.geojson"), source], ct);
            Assert.Contains("urn:ogc:def:crs:EPSG::3857", await File.ReadAllTextAsync(Path.Combine(dir, "gdal-3857.geojson"), ct), StringComparison.Ordinal);
            var projected = (await w.ImportAsync("carrier:ct", await File.ReadAllBytesAsync(Path.Combine(dir, "gdal-3857.geojson"), ct), "gdal-3857.geojson",
                ("layer", layer))).Body.Result();
            Assert.Equal(("EPSG:3857", 0, 0, 0), (projected.GetProperty("crs").GetString(), projected.GetProperty("created").GetInt32(),
                projected.GetProperty("changed").GetInt32(), projected.GetProperty("retired").GetInt32()));

            // A shapefile in CGCS2000's 3-degree Gauss–Krüger zone at 114°E (EPSG:4547, how Chinese surveys deliver data), whose
            // .prj GDAL writes in ESRI's spelling (PROJECTION["Gauss_Kruger"]).
            Directory.CreateDirectory(Path.Combine(dir, "gk"));
            await Tools.RunAsync("ogr2ogr", ["-f", "ESRI Shapefile", "-t_srs", "EPSG:4547", "-lco", "ENCODING=UTF-8", Path.Combine(dir, "gk", "gdal.shp"), source], ct);
            var gk = (await w.ImportAsync("carrier:ct", ImportFormatTests.Zip(Path.Combine(dir, "gk")), "gk.zip", ("layer", layer))).Body.Result();
            Assert.Equal(("CGCS2000_3_Degree_GK_CM_114E", 0, 0, 0), (gk.GetProperty("crs").GetString(), gk.GetProperty("created").GetInt32(),
                gk.GetProperty("changed").GetInt32(), gk.GetProperty("retired").GetInt32()));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public async Task A_position_within_a_centimetre_is_the_same_and_a_move_or_a_reversed_route_is_a_change()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var w = await WriteWorld.CreateAsync(pg);
        async Task<(int Changed, int Unchanged)> Import(string layer, Action<JsonArray> edit)
        {
            var collection = JsonNode.Parse(await w.Anonymous.GetByteArrayAsync($"/api/exports/{layer}?format=geojson&carrier=ct", ct))!.AsObject();
            var features = collection["features"]!.AsArray();
            edit(features);
            var result = (await w.ImportAsync("carrier:ct", Encoding.UTF8.GetBytes(collection.ToJsonString()), $"{layer}.geojson", ("layer", layer))).Body.Result();
            Assert.Equal(0, result.GetProperty("created").GetInt32());
            return (result.GetProperty("changed").GetInt32(), result.GetProperty("unchanged").GetInt32());
        }

        static void Shift(JsonNode position, double degrees) => position[0] = position[0]!.GetValue<double>() + degrees;

        var stations = await Import("base-stations", _ => { });
        Assert.Equal(0, stations.Changed);
        // 2e-8° east is 1.9 mm: the same place.
        Assert.Equal((0, stations.Unchanged), await Import("base-stations", f => Shift(f[0]!["geometry"]!["coordinates"]!, 2e-8)));
        // 1e-6° east is 9.3 cm: a move, recorded.
        Assert.Equal((1, stations.Unchanged - 1), await Import("base-stations", f => Shift(f[0]!["geometry"]!["coordinates"]!, 1e-6)));
        // One entry in the history for the three imports: the move.
        var history = await w.As("planner").GetJsonAsync("/api/history?entity=base-stations&action=import&carrier=ct&limit=10");
        Assert.Single(history.GetProperty("items").EnumerateArray(), i => i.TryGetProperty("keyId", out var k) && k.GetInt32() == w.Keys["carrier:ct"].Id);

        var routes = await Import("fiber-routes", _ => { });
        Assert.Equal(0, routes.Changed);
        // Every vertex of one route 2e-8° north: the same line.
        Assert.Equal((0, routes.Unchanged), await Import("fiber-routes", f =>
        {
            foreach (var vertex in f[0]!["geometry"]!["coordinates"]!.AsArray())
            {
                vertex![1] = vertex[1]!.GetValue<double>() + 2e-8;
            }
        }));
        // The same vertices in the other order: a route drawn from its other end, a change.
        Assert.Equal((1, routes.Unchanged - 1), await Import("fiber-routes", f =>
        {
            var line = f[0]!["geometry"]!["coordinates"]!.AsArray();
            var reversed = new JsonArray([.. line.Reverse().Select(v => v!.DeepClone())]);
            f[0]!["geometry"]!["coordinates"] = reversed;
        }));
    }

    [Fact]
    public async Task Of_a_GeoPackage_with_several_tables_the_one_named_after_the_layer_is_imported_and_none_is_guessed()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var w = await WriteWorld.CreateAsync(pg);
        var dir = Directory.CreateTempSubdirectory("gpkg-tables-").FullName;
        try
        {
            string At(string name) => Path.Combine(dir, name);
            await File.WriteAllBytesAsync(At("stations.geojson"), await w.Anonymous.GetByteArrayAsync("/api/exports/base-stations?format=geojson&carrier=ct", ct), ct);
            await File.WriteAllBytesAsync(At("routes.geojson"), await w.Anonymous.GetByteArrayAsync("/api/exports/fiber-routes?format=geojson&carrier=ct", ct), ct);
            // One file, two tables, as a carrier's engineer saves a project's layers from QGIS.
            await Tools.RunAsync("ogr2ogr", ["-f", "GPKG", At("network.gpkg"), At("stations.geojson"), "-nln", "base_stations"], ct);
            await Tools.RunAsync("ogr2ogr", ["-update", "-f", "GPKG", At("network.gpkg"), At("routes.geojson"), "-nln", "fiber_routes"], ct);
            var network = await File.ReadAllBytesAsync(At("network.gpkg"), ct);
            foreach (var layer in new[] { "base-stations", "fiber-routes" })
            {
                var result = (await w.ImportAsync("carrier:ct", network, "network.gpkg", ("layer", layer))).Body.Result();
                Assert.True(result.GetProperty("unchanged").GetInt32() > 0, layer);
                Assert.Equal((layer, 0, 0), (layer, result.GetProperty("created").GetInt32(), result.GetProperty("changed").GetInt32()));
            }

            // Without --layer: two tables named after layers cannot say which one is meant; a file whose one table is named
            // after a layer (as an export of ours is) needs no --layer, whatever else it holds.
            Assert.Equal([((int?)null, "layer")], (await w.ImportAsync("carrier:ct", network, "network.gpkg")).Body.Refusal());
            await Tools.RunAsync("ogr2ogr", ["-f", "GPKG", At("stations.gpkg"), At("stations.geojson"), "-nln", "base_stations"], ct);
            await Tools.RunAsync("ogr2ogr", ["-update", "-f", "GPKG", At("stations.gpkg"), At("routes.geojson"), "-nln", "sketch"], ct);
            var inferred = (await w.ImportAsync("carrier:ct", await File.ReadAllBytesAsync(At("stations.gpkg"), ct), "stations.gpkg")).Body.Result();
            Assert.Equal(("base-stations", 0, 0), (inferred.GetProperty("layer").GetString(), inferred.GetProperty("created").GetInt32(), inferred.GetProperty("changed").GetInt32()));

            // Tables named otherwise: which one is meant cannot be told, so none is taken.
            await Tools.RunAsync("ogr2ogr", ["-f", "GPKG", At("other.gpkg"), At("stations.geojson"), "-nln", "towers"], ct);
            await Tools.RunAsync("ogr2ogr", ["-update", "-f", "GPKG", At("other.gpkg"), At("routes.geojson"), "-nln", "cables"], ct);
            var before = await w.CountsAsync("base_stations");
            var refused = (await w.ImportAsync("carrier:ct", await File.ReadAllBytesAsync(At("other.gpkg"), ct), "other.gpkg", ("layer", "base-stations"))).Body;
            Assert.Equal([((int?)null, "file")], refused.Refusal());
            Assert.Contains("cables, towers", refused.GetProperty("problem").GetRawText(), StringComparison.Ordinal);
            Assert.Equal(before, await w.CountsAsync("base_stations"));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public async Task Chinese_is_written_as_UTF8_in_responses_and_in_exported_GeoJSON()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = PostGis.App(pg.SharedDemo);
        using var client = app.CreateClient();
        foreach (var url in new[] { "/api/carriers", "/api/exports/base-stations?format=geojson&carrier=cmcc" })
        {
            var text = await client.GetStringAsync(url, ct);
            Assert.Contains("中国移动", text, StringComparison.Ordinal);
            Assert.DoesNotContain("\\u", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_CLI_writes_the_whole_file_or_leaves_the_old_one()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await pg.NewDatabaseAsync(withDemo: true);
        var folder = Directory.CreateTempSubdirectory("infra-cli-export-").FullName;
        try
        {
            var path = Path.Combine(folder, "stations.csv");
            await File.WriteAllTextAsync(path, "an earlier export", ct);

            // An unknown carrier is a one-line error before anything is written: the earlier file is still there, untouched.
            Assert.Equal(2, await ExportAsync(database, "base-stations", "--format", "csv", "--carrier", "nope", "--out", path));
            Assert.Equal("an earlier export", await File.ReadAllTextAsync(path, ct));

            Assert.Equal(0, await ExportAsync(database, "base-stations", "--format", "csv", "--carrier", "cmcc", "--out", path));
            var lines = await File.ReadAllLinesAsync(path, ct);
            Assert.StartsWith("id,wkt,code,carrier,", lines[0], StringComparison.Ordinal);
            Assert.Equal(await PostGis.ScalarAsync(database,
                "SELECT count(*) FROM base_stations s JOIN carriers c ON c.id = s.carrier_id WHERE c.code = 'cmcc' AND s.withdrawn_at IS NULL"), lines.Length - 1);
            Assert.Equal([path], Directory.GetFiles(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static Task<int> ExportAsync(string database, params string[] args) =>
        InfraCli.RunAsync(["export", .. args, $"--ConnectionStrings:Infra={database}", "--Infra:LoadDemoOnFirstStart=false"]);

    /// <summary>Within a float's rounding of the window: the R-tree keeps boxes as 32-bit floats, rounded outward.</summary>
    private static bool Near(Envelope e, Envelope window)
    {
        var grown = new Envelope(window);
        grown.ExpandBy(1e-4);
        return e.Intersects(grown);
    }

    private static async IAsyncEnumerable<T> RowsAsync<T>(SqliteConnection conn, string sql, Func<SqliteDataReader, T> read,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            yield return read(reader);
        }
    }

    private static async Task<T> ScalarAsync<T>(SqliteConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        return (T)(await cmd.ExecuteScalarAsync(ct))!;
    }
}
