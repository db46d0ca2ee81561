using System.Net;
using System.Text.Json.Nodes;
using Infra.Api.Tests.Writes;
using static Infra.Api.Tests.Imports.ImportClient;
using static Infra.Api.Tests.Writes.Http;

namespace Infra.Api.Tests.Imports;

/// <summary>DESIGN §5: every kind of bad input gets a 4xx naming the row and field, and nothing is written (rows and history counted).</summary>
public class BadInputTests(PostGis pg)
{
    /// <summary>Single writes: (layer, GeoJSON feature, expected status, expected field).</summary>
    public static TheoryData<string, string, int, string> BadFeatures => new()
    {
        { "base-stations", """{"type":"Feature","geometry":{"type":"Point","coordinates":[32.98,114.02]},"properties":{"code":"x","technology":"gsm","commissionedOn":"2005-01-01"}}""", 400, "geometry" },
        { "base-stations", """{"type":"Feature","geometry":{"type":"Point","coordinates":[116.40,39.90]},"properties":{"code":"x","technology":"gsm","commissionedOn":"2005-01-01"}}""", 400, "geometry" },
        { "base-stations", """{"type":"Feature","geometry":{"type":"Point","coordinates":[200,32.98]},"properties":{"code":"x","technology":"gsm","commissionedOn":"2005-01-01"}}""", 400, "geometry" },
        { "base-stations", """{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[114.0,33.0],[114.1,33.1],[114.1,33.0],[114.0,33.1],[114.0,33.0]]]},"properties":{"code":"x","technology":"gsm","commissionedOn":"2005-01-01"}}""", 400, "geometry" },
        { "base-stations", """{"type":"Feature","geometry":{"type":"Point","coordinates":[114.02,32.98]},"properties":{"code":"x","technology":"gsm","commissionedOn":"2005-01-01","carrier":"zz"}}""", 400, "carrier" },
        { "base-stations", """{"type":"Feature","geometry":{"type":"Point","coordinates":[114.02,32.98]},"properties":{"code":"x","technology":"gsm","commissionedOn":"2005-01-01","carrier":"cu"}}""", 403, "" },
        { "base-stations", """{"type":"Feature","geometry":{"type":"Point","coordinates":[114.02,32.98]},"properties":{"code":"dup","technology":"gsm","commissionedOn":"2005-01-01"}}""", 409, "code" },
        { "switching-nodes", """{"type":"Feature","geometry":{"type":"Point","coordinates":[114.02,32.98]},"properties":{"code":"x","nodeKind":"msc","capacityLines":-5,"commissionedOn":"2005-01-01"}}""", 400, "capacityLines" },
        { "access-points", """{"type":"Feature","geometry":{"type":"Point","coordinates":[114.02,32.98]},"properties":{"code":"x","technology":"pon","ports":8,"portsUsed":9,"commissionedOn":"2005-01-01"}}""", 400, "portsUsed" },
        { "fiber-routes", """{"type":"Feature","geometry":{"type":"LineString","coordinates":[[114.0,33.0],[114.1,33.1]]},"properties":{"code":"x","cores":12,"laying":"aerial","tier":"access","commissionedOn":"2005-01-01","retiredOn":"2004-01-01"}}""", 400, "retiredOn" },
        { "transmitters", """{"type":"Feature","geometry":{"type":"Point","coordinates":[114.02,32.98]},"properties":{"code":"x","broadcastKind":"radio","powerKw":"ten","serviceRadiusM":1000,"commissionedOn":"2005-01-01"}}""", 400, "powerKw" },
        { "base-stations", """{"type":"Feature","geometry":{"type":"Point","coordinates":[114.02,32.98]},"properties":{"code":"x","technology":"gsm",""", 400, "body" },
    };

    [Theory]
    [MemberData(nameof(BadFeatures))]
    public async Task A_bad_single_write_is_refused_naming_the_field_and_writes_nothing(string layer, string feature, int status, string field)
    {
        await using var w = await WriteWorld.CreateAsync(pg);
        var cmcc = w.As("carrier:cmcc");
        var dup = await cmcc.SendAsync(HttpMethod.Post, "/api/base-stations",
            """{"type":"Feature","geometry":{"type":"Point","coordinates":[114.03,32.97]},"properties":{"code":"dup","technology":"gsm","commissionedOn":"2005-01-01"}}""");
        Assert.Equal(HttpStatusCode.Created, dup.Status);
        var table = Infra.Api.Features.Writes.Layer.Find(layer)!.Table;
        var before = await w.CountsAsync(table);

        var response = await cmcc.SendAsync(HttpMethod.Post, $"/api/{layer}", feature);
        Assert.True((int)response.Status == status, $"{(int)response.Status}: {response.Body.Describe()}");
        if (field.Length > 0)
        {
            Assert.Contains(field, response.Body.Errors().Select(e => e.Field));
        }

        Assert.Equal(before, await w.CountsAsync(table));
    }

    [Fact]
    public async Task Swapped_coordinates_say_so()
    {
        await using var w = await WriteWorld.CreateAsync(pg);
        var response = await w.As("carrier:cmcc").SendAsync(HttpMethod.Post, "/api/base-stations",
            """{"type":"Feature","geometry":{"type":"Point","coordinates":[32.98,114.02]},"properties":{"code":"x","technology":"gsm","commissionedOn":"2005-01-01"}}""");
        Assert.Contains("swapped", response.Body.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        var inRange = await w.As("carrier:cmcc").SendAsync(HttpMethod.Post, "/api/base-stations",
            """{"type":"Feature","geometry":{"type":"Point","coordinates":[32.98,50.02]},"properties":{"code":"x","technology":"gsm","commissionedOn":"2005-01-01"}}""");
        Assert.Contains("outside the region", inRange.Body.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bulk_import_reports_every_bad_row_and_writes_nothing()
    {
        await using var w = await WriteWorld.CreateAsync(pg);
        var csv = "code,name,lon,lat,technology,omniRadiusM,commissionedOn,retiredOn,carrier\n" +
            "ok1,good,114.02,32.98,gsm,3000,2005-01-01,,cmcc\n" +        // 1 fine
            "bad2,swapped,32.98,114.02,gsm,3000,2005-01-01,,\n" +         // 2 geometry (swapped)
            "bad3,far,200,32.98,gsm,3000,2005-01-01,,\n" +                // 3 geometry (out of range)
            "bad4,beijing,116.40,39.90,gsm,3000,2005-01-01,,\n" +         // 4 geometry (outside the region)
            "bad5,neg,114.02,32.98,gsm,-10,2005-01-01,,\n" +              // 5 omniRadiusM
            "bad6,order,114.02,32.98,gsm,3000,2005-01-01,2004-01-01,\n" + // 6 retiredOn
            "bad7,theirs,114.02,32.98,gsm,3000,2005-01-01,,cu\n" +        // 7 carrier
            "ok1,twice,114.02,32.98,gsm,3000,2005-01-01,,\n" +            // 8 code (duplicate of row 1)
            "bad9,tech,114.02,32.98,6G,3000,2005-01-01,,\n" +             // 9 technology
            "bad10,\"short\n";                                           // 10 file (unclosed quote)
        var before = await w.CountsAsync("base_stations");
        var errors = (await w.ImportAsync("carrier:cmcc", Utf8(csv), "stations.csv", ("layer", "base-stations"))).Body.Refusal();
        Assert.Contains((2, "geometry"), errors);
        Assert.Contains((3, "geometry"), errors);
        Assert.Contains((4, "geometry"), errors);
        Assert.Contains((5, "omniRadiusM"), errors);
        Assert.Contains((6, "retiredOn"), errors);
        Assert.Contains((7, "carrier"), errors);
        Assert.Contains((9, "technology"), errors);
        Assert.Contains((10, "file"), errors);
        Assert.DoesNotContain(errors, e => e.Row == 1);
        Assert.Equal(before, await w.CountsAsync("base_stations"));

        // Without the broken last line, the duplicate code is reported (found set-based once every row is valid).
        var dup = "code,lon,lat,technology,commissionedOn\nok1,114.02,32.98,gsm,2005-01-01\nok2,114.03,32.98,gsm,2005-01-01\nok1,114.04,32.98,gsm,2005-01-01\n";
        Assert.Equal([(3, "code")], (await w.ImportAsync("carrier:cmcc", Utf8(dup), "dup.csv", ("layer", "base-stations"))).Body.Refusal());
        Assert.Equal(before, await w.CountsAsync("base_stations"));

        var ports = "code,lon,lat,technology,ports,portsUsed,commissionedOn\na1,114.02,32.98,pon,8,9,2005-01-01\na2,114.02,32.98,pon,-1,0,2005-01-01\n";
        var portErrors = (await w.ImportAsync("carrier:cmcc", Utf8(ports), "ap.csv", ("layer", "access-points"))).Body.Refusal();
        Assert.Equal([(1, "portsUsed"), (2, "ports")], portErrors);

        var nodes = "code,wkt,nodeKind,capacityLines,commissionedOn\nn1,POINT (114.02 32.98),msc,-100,2005-01-01\nn2,POINT (114.02,2005-01-01\n";
        var nodeErrors = (await w.ImportAsync("carrier:cmcc", Utf8(nodes), "n.csv", ("layer", "switching-nodes"))).Body.Refusal();
        Assert.Contains((1, "capacityLines"), nodeErrors);
        Assert.Contains(nodeErrors, e => e.Row == 2);

        var malformed = (await w.ImportAsync("carrier:cmcc", Utf8("""{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null,"properties":{}""" + "}"), "x.geojson", ("layer", "base-stations"))).Body.Refusal();
        Assert.Contains(malformed, e => e.Field == "file");
        Assert.Equal(before, await w.CountsAsync("base_stations"));
    }

    [Fact]
    public async Task Every_bad_feature_of_a_geojson_file_is_named_by_row_and_field()
    {
        await using var w = await WriteWorld.CreateAsync(pg);
        var features = string.Join(",\n",
            """{"type":"Feature","geometry":{"type":"Point","coordinates":[114.02,32.98]},"properties":{"code":"g1","technology":"gsm","commissionedOn":"2024-02-29"}}""",  // 1 fine (leap day)
            """{"type":"Point","coordinates":[114.02,32.98],"properties":{"code":"g2","technology":"gsm","commissionedOn":"2005-01-01"}}""",                             // 2 type
            """{"type":"Feature","geometry":{"type":"Point","coordinates":"x"},"properties":{"code":"g3","technology":"gsm","commissionedOn":"2005-01-01"}}""",          // 3 geometry
            """{"type":"Feature","geometry":{"type":"Point","coordinates":[114.02,32.98]},"properties":{"code":"g4","technology":"gsm","commissionedOn":"2023-02-29"}}""",  // 4 commissionedOn (no such day)
            """{"properties":{"\u0063ode":"g5","technology":"gsm","commissionedOn":"2005-01-01"},"geometry":{"coordinates":[114.03,32.98],"type":"Point"},"type":"Feature"}""", // 5 fine: members in any order, escaped name
            """{"type":"Feature","geometry":null,"properties":{"code":"g6","technology":"gsm","commissionedOn":"2005-01-01"}}""",                                      // 6 geometry (missing)
            """{"type":"Feature","geometry":{"type":"Point","coordinates":[116.40,39.90]},"properties":{"code":"g7","technology":"gsm","commissionedOn":"2005-01-01"}}""");  // 7 geometry (outside the region)
        var before = await w.CountsAsync("base_stations");
        var errors = (await w.ImportAsync("carrier:cmcc", Utf8("""{"type":"FeatureCollection","features":[""" + features + "]}"), "g.geojson", ("layer", "base-stations"))).Body.Refusal();
        foreach (var expected in new (int?, string)[] { (2, "type"), (3, "geometry"), (4, "commissionedOn"), (6, "geometry"), (7, "geometry") })
        {
            Assert.Contains(expected, errors);
        }

        Assert.DoesNotContain(errors, e => e.Row is 1 or 5);
        Assert.Equal(before, await w.CountsAsync("base_stations"));
    }

    [Fact]
    public async Task Unknown_carriers_other_carriers_and_oversized_files_are_refused_before_any_work()
    {
        await using var w = await WriteWorld.CreateAsync(pg, b => b.UseSetting("Infra:ImportMaxSizeMb", "1"));
        var csv = Utf8("code,lon,lat,technology,commissionedOn\ns1,114.02,32.98,gsm,2005-01-01\n");
        var (status, body) = await w.ImportAsync("admin", csv, "s.csv", ("layer", "base-stations"), ("carrier", "zz"));
        Assert.Equal((HttpStatusCode.BadRequest, "carrier"), (status, body.Errors().Single().Field));
        Assert.Equal(HttpStatusCode.Forbidden, (await w.ImportAsync("carrier:cmcc", csv, "s.csv", ("layer", "base-stations"), ("carrier", "cu"))).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await w.ImportAsync("planner", csv, "s.csv", ("layer", "base-stations"), ("carrier", "cu"))).Status);

        var big = new byte[(1 << 20) + 1000];
        var tooBig = await w.ImportAsync("carrier:cmcc", big, "big.csv", ("layer", "base-stations"));
        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, "file"), (tooBig.Status, tooBig.Body.Errors().Single().Field));
    }

    [Fact]
    public async Task A_dry_run_reports_what_would_change_and_retire_and_writes_nothing()
    {
        await using var w = await WriteWorld.CreateAsync(pg);
        var cu = w.As("carrier:cu");
        var mine = await cu.GetJsonAsync("/api/base-stations?carrier=cu&limit=10000");
        var features = mine.GetProperty("features").EnumerateArray().ToList();
        Assert.True(features.Count >= 3);

        // The carrier's file: all its stations but the first, the second renamed, and one new one.
        var file = new JsonArray();
        foreach (var f in features.Skip(1))
        {
            var node = JsonNode.Parse(f.GetRawText())!.AsObject();
            if (f.GetProperty("id").GetInt64() == features[1].GetProperty("id").GetInt64())
            {
                node["properties"]!["name"] = "renamed";
            }

            file.Add(node);
        }

        file.Add(JsonNode.Parse("""{"type":"Feature","geometry":{"type":"Point","coordinates":[114.02,32.98]},"properties":{"code":"new-1","technology":"wcdma","commissionedOn":"2009-05-01"}}"""));
        var bytes = Utf8(new JsonObject { ["type"] = "FeatureCollection", ["features"] = file }.ToJsonString());
        var before = await w.CountsAsync("base_stations");
        var dry = (await w.ImportAsync("carrier:cu", bytes, "cu.geojson", ("layer", "base-stations"), ("dryRun", "true"), ("retireMissing", "true"), ("retireOn", "2030-01-01"))).Body.Result();
        Assert.True(dry.GetProperty("dryRun").GetBoolean());
        Assert.Equal((1, 1, features.Count - 2, 1), (dry.GetProperty("created").GetInt32(), dry.GetProperty("changed").GetInt32(),
            dry.GetProperty("unchanged").GetInt32(), dry.GetProperty("retired").GetInt32()));
        Assert.Equal(before, await w.CountsAsync("base_stations"));

        var real = (await w.ImportAsync("carrier:cu", bytes, "cu.geojson", ("layer", "base-stations"), ("retireMissing", "true"), ("retireOn", "2030-01-01"))).Body.Result();
        Assert.Equal(1, real.GetProperty("retired").GetInt32());
        var first = await w.Anonymous.GetJsonAsync($"/api/base-stations/{features[0].GetProperty("id").GetInt64()}");
        Assert.Equal("2030-01-01", first.GetProperty("properties").GetProperty("retiredOn").GetString());
        Assert.Equal(before.Rows + 1, (await w.CountsAsync("base_stations")).Rows);
    }
}
