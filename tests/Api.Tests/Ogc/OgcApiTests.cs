using System.Text.Json;
using Infra.Api.Features.Ogc;
using Npgsql;

namespace Infra.Api.Tests.Ogc;

/// <summary>OGC API – Features as a GIS client sees it: GDAL's OAPIF driver (Debian gdal-bin) against the real server.</summary>
public class OgcApiTests(PostGis pg)
{
    [Fact]
    public async Task The_landing_page_conformance_and_collections_follow_part_1_core()
    {
        await using var app = PostGis.App(pg.SharedDemo);
        var http = app.CreateClient();
        var landing = await http.GetJsonAsync("/ogc");
        var rels = landing.GetProperty("links").EnumerateArray().Select(l => l.GetProperty("rel").GetString()).ToList();
        Assert.Contains("conformance", rels);
        Assert.Contains("data", rels);
        Assert.Contains("service-desc", rels);
        var conformance = await http.GetJsonAsync("/ogc/conformance");
        Assert.Contains(OgcApi.Core, conformance.GetProperty("conformsTo").EnumerateArray().Select(c => c.GetString()));
        var collections = (await http.GetJsonAsync("/ogc/collections")).GetProperty("collections");
        Assert.Equal(OgcApi.Collections.Select(c => c.Id), collections.EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        var one = await http.GetJsonAsync("/ogc/collections/base-stations");
        Assert.Contains(one.GetProperty("links").EnumerateArray(), l => l.GetProperty("rel").GetString() == "items");
        // The extent is the region's: the counties' envelope with a margin, what QGIS zooms to.
        Assert.Equal([113.0, 32.3, 115.2, 33.6], one.GetProperty("extent").GetProperty("spatial").GetProperty("bbox")[0].EnumerateArray().Select(v => v.GetDouble()));
        Assert.StartsWith("驻马店 Zhumadian demo data", landing.GetProperty("description").GetString());
        await http.GetJsonAsync("/ogc/collections/roads", System.Net.HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Items_page_with_next_links_cap_an_oversized_limit_and_one_item_comes_by_id()
    {
        await using var app = PostGis.App(pg.SharedDemo);
        var http = app.CreateClient();
        var page = await http.GetJsonAsync("/ogc/collections/townships/items?limit=50");
        Assert.Equal(50, page.GetProperty("numberReturned").GetInt32());
        Assert.Contains(page.GetProperty("links").EnumerateArray(), l => l.GetProperty("rel").GetString() == "next");
        var capped = await http.GetJsonAsync("/ogc/collections/villages/items?limit=50000");
        Assert.Equal(10_000, capped.GetProperty("numberReturned").GetInt32());

        var county = await http.GetJsonAsync("/ogc/collections/counties/items/411725");
        Assert.Equal("411725", county.GetProperty("id").GetString());
        var id = page.GetProperty("features")[0].GetProperty("id").GetString();
        Assert.Equal(id, (await http.GetJsonAsync($"/ogc/collections/townships/items/{id}")).GetProperty("id").GetString());
        var station = (await http.GetJsonAsync("/ogc/collections/base-stations/items?limit=1")).GetProperty("features")[0].GetProperty("id").GetInt64();
        Assert.Equal(station, (await http.GetJsonAsync($"/ogc/collections/base-stations/items/{station}")).GetProperty("id").GetInt64());
        await http.GetJsonAsync("/ogc/collections/counties/items/999999", System.Net.HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Gdal_lists_every_layer_and_reads_back_the_features_of_each()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await LiveServer.StartAsync(pg.SharedDemo);
        var url = $"OAPIF:{new Uri(server.Address, "/ogc")}";
        var listing = await Tools.RunAsync("ogrinfo", ["-ro", "-q", url], ct);
        foreach (var c in OgcApi.Collections)
        {
            Assert.Contains(c.Id, listing);
        }

        await using var conn = new NpgsqlConnection(pg.SharedDemo);
        await conn.OpenAsync(ct);
        // A box over one county keeps the big layers quick; GDAL passes it on as the bbox parameter.
        const string Box = "114.25 32.95 114.45 33.10";
        var cases = new (string Layer, string Sql)[]
        {
            ("counties", "SELECT count(*) FROM counties"),
            ("townships", "SELECT count(*) FROM townships"),
            ("villages", "SELECT count(*) FROM villages WHERE location && ST_MakeEnvelope(114.25, 32.95, 114.45, 33.10, 4326)"),
            ("base-stations", "SELECT count(*) FROM base_stations WHERE location && ST_MakeEnvelope(114.25, 32.95, 114.45, 33.10, 4326)"),
            ("fiber-routes", "SELECT count(*) FROM fiber_routes WHERE ST_Intersects(route, ST_MakeEnvelope(114.25, 32.95, 114.45, 33.10, 4326))"),
            ("switching-nodes", "SELECT count(*) FROM switching_nodes WHERE location && ST_MakeEnvelope(114.25, 32.95, 114.45, 33.10, 4326)"),
            ("access-points", "SELECT count(*) FROM access_points WHERE location && ST_MakeEnvelope(114.25, 32.95, 114.45, 33.10, 4326)"),
            ("transmitters", "SELECT count(*) FROM broadcast_transmitters"),
            ("service-filings", "SELECT count(*) FROM service_filings f JOIN villages v ON v.code = f.village_code WHERE v.location && ST_MakeEnvelope(114.25, 32.95, 114.45, 33.10, 4326)"),
        };
        var dir = Directory.CreateTempSubdirectory("ogr").FullName;
        foreach (var (layer, sql) in cases)
        {
            await using var cmd = new NpgsqlCommand(sql, conn);
            var expected = (long)(await cmd.ExecuteScalarAsync(ct))!;
            Assert.True(expected > 0, $"the demo data has no {layer} to read");
            var whole = layer is "counties" or "townships" or "transmitters";
            var output = Path.Combine(dir, $"{layer}.geojson");
            string[] args = whole
                ? ["-f", "GeoJSON", output, url, layer]
                : ["-f", "GeoJSON", "-spat", .. Box.Split(' '), output, url, layer];
            await Tools.RunAsync("ogr2ogr", args, ct);
            using var json = JsonDocument.Parse(await File.ReadAllTextAsync(output, ct));
            var features = json.RootElement.GetProperty("features");
            // -spat also clips GDAL's own result to the box's envelope, which the server's bbox already did.
            Assert.True(expected == features.GetArrayLength(), $"{layer}: the database has {expected}, GDAL read {features.GetArrayLength()}");
            Assert.Contains(features.EnumerateArray(), f => f.GetProperty("geometry").ValueKind == JsonValueKind.Object);
        }
    }
}
