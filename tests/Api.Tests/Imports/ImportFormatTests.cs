using System.Globalization;
using System.IO.Compression;
using System.Text;
using Infra.Api.Tests.Writes;
using Infra.Domain.Geo;
using NetTopologySuite.Features;
using NetTopologySuite.IO.Esri;
using ProjNet.CoordinateSystems;
using ProjNet.CoordinateSystems.Transformations;
using static Infra.Api.Tests.Imports.ImportClient;

namespace Infra.Api.Tests.Imports;

/// <summary>Each format loads a file the test writes in that format.</summary>
public class ImportFormatTests(PostGis pg)
{
    [Fact]
    public async Task A_geojson_collection_loads_and_loading_it_again_changes_nothing()
    {
        await using var w = await WriteWorld.CreateAsync(pg);
        var file = Utf8("""
            {"type":"FeatureCollection","name":"x","features":[
             {"type":"Feature","geometry":{"type":"Point","coordinates":[114.02,32.98]},"properties":{"code":"g1","name":"一号站","technology":"GSM","omniRadiusM":3500,"commissionedOn":"2006-04-01"}},
             {"type":"Feature","geometry":{"type":"Point","coordinates":[114.10,33.00,42.5]},"properties":{"code":"g2","technology":"TD-SCDMA","sectors":[{"azimuthDeg":0,"beamwidthDeg":65,"radiusM":2000},{"azimuthDeg":120,"beamwidthDeg":65}],"plannedOn":"2009-01-01"}}
            ]}
            """);
        var first = (await w.ImportAsync("carrier:cmcc", file, "stations.geojson", ("layer", "base-stations"))).Body.Result();
        Assert.Equal(2, first.GetProperty("created").GetInt32());
        var again = (await w.ImportAsync("carrier:cmcc", file, "stations.geojson", ("layer", "base-stations"))).Body.Result();
        Assert.Equal((0, 0, 2), (again.GetProperty("created").GetInt32(), again.GetProperty("changed").GetInt32(), again.GetProperty("unchanged").GetInt32()));

        var page = await w.Anonymous.GetJsonAsync("/api/base-stations?carrier=cmcc&limit=10000");
        var g2 = page.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("properties").GetProperty("code").GetString() == "g2");
        Assert.Equal("td_scdma", g2.GetProperty("properties").GetProperty("technology").GetString());
        Assert.Equal(2, g2.GetProperty("properties").GetProperty("sectors").GetArrayLength());
        var history = await w.As("planner").GetJsonAsync("/api/history?entity=base-stations&action=import&carrier=cmcc&limit=10");
        Assert.Equal(2, history.GetProperty("items").EnumerateArray().Count(i => i.TryGetProperty("keyId", out var k) && k.GetInt32() == w.Keys["carrier:cmcc"].Id));
    }

    [Fact]
    public async Task A_bare_array_of_features_loads_as_fiber_routes_by_its_geometry()
    {
        await using var w = await WriteWorld.CreateAsync(pg);
        var file = Utf8("""[{"type":"Feature","geometry":{"type":"LineString","coordinates":[[114.0,33.0],[114.1,33.05]]},"properties":{"code":"r1","cores":48,"laying":"aerial","tier":"backbone","commissionedOn":"2007-01-01"}}]""");
        var result = (await w.ImportAsync("carrier:ct", file, "routes.json")).Body.Result();
        Assert.Equal("fiber-routes", result.GetProperty("layer").GetString());
        Assert.Equal(1, result.GetProperty("created").GetInt32());
    }

    [Fact]
    public async Task Bytes_that_are_not_UTF_8_are_refused_on_the_row_that_holds_them_however_far_into_the_file()
    {
        // Decoding runs 64 K characters ahead of parsing: a decoder that throws named row 0 for a bad byte on row 2,001.
        await using var w = await WriteWorld.CreateAsync(pg);
        var csv = new StringBuilder("code,name,lon,lat,technology,commissionedOn\n");
        for (var i = 1; i <= 2000; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"u{i},基站{i},114.02,32.98,gsm,2008-01-01\n");
        }

        var file = Utf8(csv.ToString()).Concat("u2001,".Select(c => (byte)c)).Concat(CodePagesEncodingProvider.Instance.GetEncoding(936)!.GetBytes("基站"))
            .Concat(",114.02,32.98,gsm,2008-01-01\n"u8.ToArray()).ToArray();
        Assert.Equal([(2001, "encoding")], (await w.ImportAsync("carrier:ct", file, "late.csv", ("layer", "base-stations"))).Body.Refusal());

        // A valid file that spells out U+FFFF (the marker bad bytes are decoded to) is not refused for it.
        var spelled = Utf8("code,name,lon,lat,technology,commissionedOn\nu1,a\uFFFFb,114.02,32.98,gsm,2008-01-01\n");
        Assert.Equal(1, (await w.ImportAsync("carrier:ct", spelled, "ffff.csv", ("layer", "base-stations"))).Body.Result().GetProperty("created").GetInt32());
    }

    [Fact]
    public async Task A_gbk_csv_is_refused_as_utf8_with_a_hint_and_loads_with_encoding_gbk()
    {
        await using var w = await WriteWorld.CreateAsync(pg);
        var gbk = CodePagesEncodingProvider.Instance.GetEncoding(936)!;
        var file = gbk.GetBytes("code,name,lon,lat,technology,ports,portsUsed,fiberConnected,commissionedOn\r\nap1,刘庄村接入点,114.2,33.1,adsl,64,12,是,2007-05-01\r\n");
        var before = await w.CountsAsync("access_points");
        var refused = (await w.ImportAsync("carrier:cnc", file, "ap.csv", ("layer", "access-points"))).Body.Refusal();
        Assert.Equal("encoding", refused.Single().Field);
        Assert.Equal(before, await w.CountsAsync("access_points"));

        var job = (await w.ImportAsync("carrier:cnc", file, "ap.csv", ("layer", "access-points"), ("encoding", "gbk"))).Body;
        Assert.Equal(1, job.Result().GetProperty("created").GetInt32());
        var page = await w.Anonymous.GetJsonAsync("/api/access-points?carrier=cnc&limit=10000");
        var ap = page.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("properties").GetProperty("code").GetString() == "ap1");
        Assert.Equal("刘庄村接入点", ap.GetProperty("properties").GetProperty("name").GetString());
        Assert.True(ap.GetProperty("properties").GetProperty("fiberConnected").GetBoolean());
    }

    [Fact]
    public async Task Dates_written_year_first_with_slashes_load_and_day_first_dates_are_refused()
    {
        await using var w = await WriteWorld.CreateAsync(pg);
        // GDAL's CSV driver (QGIS's CSV export) writes 2008/06/02; a Chinese spreadsheet 2008/6/2.
        var file = Utf8("code,lon,lat,technology,commissionedOn\r\nd1,114.02,32.98,gsm,2008/06/02\r\nd2,114.03,32.98,gsm,2008/6/2\r\nd3,114.04,32.98,gsm,2008-6-2\r\n");
        Assert.Equal(3, (await w.ImportAsync("carrier:cmcc", file, "dates.csv", ("layer", "base-stations"))).Body.Result().GetProperty("created").GetInt32());
        var page = await w.Anonymous.GetJsonAsync("/api/base-stations?carrier=cmcc&limit=10000");
        Assert.All(page.GetProperty("features").EnumerateArray().Where(f => f.GetProperty("properties").GetProperty("code").GetString()!.StartsWith('d')),
            f => Assert.Equal("2008-06-02", f.GetProperty("properties").GetProperty("commissionedOn").GetString()));

        // 02/06/2008 is June in one country and February in another: refused, naming the row and field, and nothing written.
        var before = await w.CountsAsync("base_stations");
        var ambiguous = Utf8("code,lon,lat,technology,commissionedOn\r\nd4,114.05,32.98,gsm,2008/06/03\r\nd5,114.06,32.98,gsm,02/06/2008\r\nd6,114.07,32.98,gsm,2008/02/30\r\n");
        Assert.Equal([(2, "commissionedOn"), (3, "commissionedOn")], (await w.ImportAsync("carrier:cmcc", ambiguous, "dates.csv", ("layer", "base-stations"))).Body.Refusal());
        Assert.Equal(before, await w.CountsAsync("base_stations"));
    }

    [Fact]
    public async Task A_gcj02_file_lands_within_5_m_of_the_wgs84_position()
    {
        await using var w = await WriteWorld.CreateAsync(pg);
        (double Lon, double Lat) truth = (114.0233, 32.9794);
        var (glon, glat) = Gcj02.FromWgs84(truth.Lon, truth.Lat);
        var file = Utf8(FormattableString.Invariant($"code,wkt,nodeKind,capacityLines,subscribersInUse,commissionedOn\nsw1,POINT ({glon} {glat}),localExchange,20000,15000,2004-01-01\n"));
        var result = (await w.ImportAsync("carrier:cnc", file, "nodes.csv", ("layer", "switching-nodes"), ("crs", "gcj02"))).Body.Result();
        Assert.Equal("gcj02", result.GetProperty("crs").GetString());
        var page = await w.Anonymous.GetJsonAsync("/api/switching-nodes?carrier=cnc&limit=10000");
        var c = page.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("properties").GetProperty("code").GetString() == "sw1")
            .GetProperty("geometry").GetProperty("coordinates");
        var off = Geodesic.DistanceM(c[0].GetDouble(), c[1].GetDouble(), truth.Lon, truth.Lat);
        Assert.True(off < 5, $"{off:0.0} m from the WGS 84 position");
        Assert.True(Geodesic.DistanceM(glon, glat, truth.Lon, truth.Lat) > 400, "read as WGS 84 it would have been hundreds of metres off");
    }

    [Fact]
    public async Task OpenCellId_rows_become_base_stations_of_the_carrier_their_mnc_names()
    {
        await using var w = await WriteWorld.CreateAsync(pg);
        var rows = "radio,mcc,net,area,cell,unit,lon,lat,range,samples,changeable,created,updated,averageSignal\r\n" +
            "GSM,460,0,6360,24897,-1,114.0201,32.9801,1500,190,1,1199145600,1662691141,0\r\n" +
            "UMTS,460,2,4342,7807855,-1,114.0501,33.0101,0,14,1,1230768000,1662701248,0\r\n" +
            "LTE,460,7,4342,81741,12,114.3001,32.6001,1000,64,1,1388534400,1662701148,-95\r\n";
        var result = (await w.ImportAsync("carrier:cmcc", Utf8(rows), "cells.csv")).Body.Result();
        Assert.Equal(("base-stations", "opencellid", 3), (result.GetProperty("layer").GetString(), result.GetProperty("format").GetString(), result.GetProperty("created").GetInt32()));
        var page = await w.Anonymous.GetJsonAsync("/api/base-stations?carrier=cmcc&limit=10000");
        var byCode = page.GetProperty("features").EnumerateArray().ToDictionary(f => f.GetProperty("properties").GetProperty("code").GetString()!, f => f.GetProperty("properties"));
        Assert.Equal("gsm", byCode["460-0-6360-24897"].GetProperty("technology").GetString());
        Assert.Equal(1500, byCode["460-0-6360-24897"].GetProperty("omniRadiusM").GetDouble());
        Assert.Equal("2008-01-01", byCode["460-0-6360-24897"].GetProperty("commissionedOn").GetString());
        Assert.Equal("td_scdma", byCode["460-2-4342-7807855"].GetProperty("technology").GetString());
        Assert.False(byCode["460-2-4342-7807855"].TryGetProperty("omniRadiusM", out _), "range 0 means unknown");

        var mixed = "radio,mcc,net,area,cell,unit,lon,lat,range,samples,changeable,created,updated,averageSignal\n" +
            "GSM,460,0,1,1,-1,114.02,32.98,500,1,1,1199145600,1662691141,0\nWCDMA,460,1,1,2,-1,114.02,32.98,500,1,1,1199145600,1662691141,0\nLTE,262,1,1,3,-1,114.02,32.98,500,1,1,1199145600,1662691141,0\n";
        var refused = (await w.ImportAsync("carrier:cmcc", Utf8(mixed), "mixed.csv")).Body.Refusal();
        Assert.Contains((2, "carrier"), refused);
        Assert.Contains((3, "carrier"), refused);
        Assert.DoesNotContain(refused, e => e.Row == 1);
    }

    [Fact]
    public async Task Ofds_nodes_and_spans_become_switching_nodes_and_fiber_routes()
    {
        await using var w = await WriteWorld.CreateAsync(pg);
        var nodes = Utf8("""
            {"type":"FeatureCollection","features":[
             {"type":"Feature","geometry":{"type":"Point","coordinates":[114.02,32.98]},"properties":{"id":"n1","name":"驿城 PoP","status":"operational","type":["pop"],"phase":{"id":"1","name":"Phase 1"}}},
             {"type":"Feature","geometry":{"type":"Point","coordinates":[114.38,32.60]},"properties":{"id":"n2","name":"正阳 PoP","status":"planned"}}]}
            """);
        var n = (await w.ImportAsync("carrier:ct", nodes, "nodes.geojson", ("format", "ofds"), ("lifecycleDate", "2008-06-30"))).Body.Result();
        Assert.Equal(("switching-nodes", 2), (n.GetProperty("layer").GetString(), n.GetProperty("created").GetInt32()));
        Assert.Contains(n.GetProperty("notes").EnumerateArray(), x => x.GetString()!.Contains("2008-06-30", StringComparison.Ordinal));

        var spans = Utf8("id,spans/0/id,spans/0/name,spans/0/status,spans/0/readyForServiceDate,spans/0/route,spans/0/deployment,spans/0/deploymentDetails/description,spans/0/fibreCount,spans/0/fibreLength\n" +
            "net-1,s1,驿城-正阳,operational,2007-09-01,\"LINESTRING (114.02 32.98, 114.2 32.8, 114.38 32.6)\",belowGround,Buried in ducts,48,52000\n");
        var s = (await w.ImportAsync("carrier:ct", spans, "spans.csv")).Body.Result();
        Assert.Equal(("fiber-routes", "ofds", 1), (s.GetProperty("layer").GetString(), s.GetProperty("format").GetString(), s.GetProperty("created").GetInt32()));
        var route = (await w.Anonymous.GetJsonAsync("/api/fiber-routes?carrier=ct&limit=10000")).GetProperty("features").EnumerateArray()
            .Single(f => f.GetProperty("properties").GetProperty("code").GetString() == "s1").GetProperty("properties");
        Assert.Equal(("duct", 48, "2007-09-01"), (route.GetProperty("laying").GetString(), route.GetProperty("cores").GetInt32(), route.GetProperty("commissionedOn").GetString()));
        Assert.Equal(52000, route.GetProperty("declaredLengthM").GetDouble());

        // OFDS GeoJSON as published names each feature's kind: known without --format, spans by their featureType.
        var geoSpans = Utf8("""
            {"type":"FeatureCollection","features":[
             {"type":"Feature","geometry":{"type":"LineString","coordinates":[[114.02,32.98],[114.38,32.60]]},"properties":{"featureType":"span","id":"s2",
              "name":"驿城-正阳 2","status":"operational","readyForServiceDate":"2009-03-01","start":{"id":"n1","name":"驿城 PoP"},"end":{"id":"n2"},
              "network":{"id":"net-1","name":"CT Zhumadian"},"deployment":["aboveGround"],"fibreCount":24}}]}
            """);
        var g = (await w.ImportAsync("carrier:ct", geoSpans, "spans.geojson")).Body.Result();
        Assert.Equal(("fiber-routes", "ofds", 1), (g.GetProperty("layer").GetString(), g.GetProperty("format").GetString(), g.GetProperty("created").GetInt32()));
        var aerial = (await w.Anonymous.GetJsonAsync("/api/fiber-routes?carrier=ct&limit=10000")).GetProperty("features").EnumerateArray()
            .Single(f => f.GetProperty("properties").GetProperty("code").GetString() == "s2").GetProperty("properties");
        Assert.Equal(("aerial", 24, "2009-03-01"), (aerial.GetProperty("laying").GetString(), aerial.GetProperty("cores").GetInt32(), aerial.GetProperty("commissionedOn").GetString()));

        // A span both above and below ground has no one laying: the row is refused and says so.
        var both = Utf8("""
            {"type":"FeatureCollection","features":[
             {"type":"Feature","geometry":{"type":"LineString","coordinates":[[114.02,32.98],[114.38,32.60]]},"properties":{"featureType":"span","id":"s4",
              "status":"operational","deployment":["aboveGround","belowGround"],"fibreCount":24}}]}
            """);
        Assert.Contains((1, "laying"), (await w.ImportAsync("carrier:ct", both, "spans.geojson")).Body.Refusal());

        // A span among nodes is named as such, and nothing is written.
        var mixed = Utf8("""
            {"type":"FeatureCollection","features":[
             {"type":"Feature","geometry":{"type":"Point","coordinates":[114.02,32.98]},"properties":{"featureType":"node","id":"n3","status":"operational"}},
             {"type":"Feature","geometry":{"type":"LineString","coordinates":[[114.02,32.98],[114.38,32.60]]},"properties":{"featureType":"span","id":"s3","status":"operational"}}]}
            """);
        var before = await w.CountsAsync("switching_nodes");
        Assert.Contains((2, "featureType"), (await w.ImportAsync("carrier:ct", mixed, "network.geojson")).Body.Refusal());
        Assert.Equal(before, await w.CountsAsync("switching_nodes"));
    }

    [Fact]
    public async Task A_zipped_shapefile_in_utm_is_reprojected_and_one_without_prj_is_refused_unless_crs_is_given()
    {
        await using var w = await WriteWorld.CreateAsync(pg);
        var utm = ProjectedCoordinateSystem.WGS84_UTM(50, true);
        var toUtm = new CoordinateTransformationFactory().CreateFromCoordinateSystems(GeographicCoordinateSystem.WGS84, utm).MathTransform;
        var (x, y) = toUtm.Transform(114.3538, 33.0063);

        // dBASE names are at most 10 characters; Infra matches them to its own by their first ten (serviceRad → serviceRadiusM).
        var attributes = new AttributesTable { { "code", "tx1" }, { "broadcastK", "tv" }, { "powerKw", 10.0 }, { "serviceRad", 30000.0 }, { "commission", "2004-10-01" } };
        var dir = Directory.CreateTempSubdirectory("shp-test").FullName;
        Shapefile.WriteAllFeatures([new Feature(Wgs84.Factory.CreatePoint(new NetTopologySuite.Geometries.Coordinate(x, y)), attributes)],
            Path.Combine(dir, "tx.shp"), EsriUtm50N, Encoding.UTF8);
        var withPrj = Zip(dir);
        File.Delete(Path.Combine(dir, "tx.prj"));
        var withoutPrj = Zip(dir);
        Directory.Delete(dir, true);

        var before = await w.CountsAsync("broadcast_transmitters");
        Assert.Equal("crs", (await w.ImportAsync("carrier:catv", withoutPrj, "tx.zip", ("layer", "transmitters"))).Body.Refusal().Single().Field);
        Assert.Equal(before, await w.CountsAsync("broadcast_transmitters"));

        var result = (await w.ImportAsync("carrier:catv", withPrj, "tx.zip", ("layer", "transmitters"))).Body.Result();
        Assert.Equal(1, result.GetProperty("created").GetInt32());
        var tx = (await w.Anonymous.GetJsonAsync("/api/transmitters?carrier=catv&limit=10000")).GetProperty("features").EnumerateArray()
            .Single(f => f.GetProperty("properties").GetProperty("code").GetString() == "tx1");
        var c = tx.GetProperty("geometry").GetProperty("coordinates");
        Assert.True(Geodesic.DistanceM(c[0].GetDouble(), c[1].GetDouble(), 114.3538, 33.0063) < 1);
        Assert.Equal(30000, tx.GetProperty("properties").GetProperty("serviceRadiusM").GetDouble());

        var declared = (await w.ImportAsync("carrier:catv", withoutPrj, "tx.zip", ("layer", "transmitters"), ("crs", "EPSG:32650"))).Body.Result();
        Assert.Equal(1, declared.GetProperty("unchanged").GetInt32());
    }

    [Fact]
    public async Task A_shapefile_with_GBK_attributes_is_refused_with_a_hint_unless_its_dbf_or_the_user_says_GBK()
    {
        await using var w = await WriteWorld.CreateAsync(pg);
        var gbk = CodePagesEncodingProvider.Instance.GetEncoding(936)!;
        var attributes = new AttributesTable { { "code", "tx-gbk" }, { "name", "驿城广播电视台" }, { "broadcastK", "tv" }, { "powerKw", 10.0 }, { "serviceRad", 30000.0 }, { "commission", "2004-10-01" } };
        var dir = Directory.CreateTempSubdirectory("shp-gbk").FullName;
        Shapefile.WriteAllFeatures([new Feature(Wgs84.Factory.CreatePoint(new NetTopologySuite.Geometries.Coordinate(114.02, 32.98)), attributes)],
            Path.Combine(dir, "tx.shp"), EsriWgs84, gbk);
        File.Delete(Path.Combine(dir, "tx.cpg"));
        // The .dbf's language driver byte: none, as GDAL writes it; then Chinese GBK (0x4D), as ArcGIS does.
        var dbf = Path.Combine(dir, "tx.dbf");
        var bytes = await File.ReadAllBytesAsync(dbf, TestContext.Current.CancellationToken);
        bytes[29] = 0;
        await File.WriteAllBytesAsync(dbf, bytes, TestContext.Current.CancellationToken);
        var unmarked = Zip(dir);
        bytes[29] = 0x4D;
        await File.WriteAllBytesAsync(dbf, bytes, TestContext.Current.CancellationToken);
        var arcgis = Zip(dir);
        Directory.Delete(dir, true);

        var before = await w.CountsAsync("broadcast_transmitters");
        var refused = (await w.ImportAsync("carrier:catv", unmarked, "tx.zip", ("layer", "transmitters"))).Body.Refusal();
        Assert.Equal([(1, "encoding")], refused);
        Assert.Equal(before, await w.CountsAsync("broadcast_transmitters"));

        Assert.Equal(1, (await w.ImportAsync("carrier:catv", unmarked, "tx.zip", ("layer", "transmitters"), ("encoding", "gbk"))).Body.Result().GetProperty("created").GetInt32());
        var tx = (await w.Anonymous.GetJsonAsync("/api/transmitters?carrier=catv&limit=10000")).GetProperty("features").EnumerateArray()
            .Single(f => f.GetProperty("properties").GetProperty("code").GetString() == "tx-gbk");
        Assert.Equal("驿城广播电视台", tx.GetProperty("properties").GetProperty("name").GetString());
        // Marked GBK in its .dbf, the same file is read as GBK unasked: the same record, unchanged.
        Assert.Equal(1, (await w.ImportAsync("carrier:catv", arcgis, "tx.zip", ("layer", "transmitters"))).Body.Result().GetProperty("unchanged").GetInt32());
    }

    private const string EsriWgs84 = "GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137.0,298.257223563]],PRIMEM[\"Greenwich\",0.0]," +
        "UNIT[\"Degree\",0.0174532925199433]]";

    /// <summary>The .prj ArcGIS writes for WGS 84 / UTM zone 50N (EPSG:32650).</summary>
    private const string EsriUtm50N = "PROJCS[\"WGS_1984_UTM_Zone_50N\",GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137.0,298.257223563]]," +
        "PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]],PROJECTION[\"Transverse_Mercator\"],PARAMETER[\"False_Easting\",500000.0]," +
        "PARAMETER[\"False_Northing\",0.0],PARAMETER[\"Central_Meridian\",117.0],PARAMETER[\"Scale_Factor\",0.9996],PARAMETER[\"Latitude_Of_Origin\",0.0],UNIT[\"Meter\",1.0]]";

    internal static byte[] Zip(string dir)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var path in Directory.GetFiles(dir))
            {
                zip.CreateEntryFromFile(path, Path.GetFileName(path));
            }
        }

        return memory.ToArray();
    }
}
