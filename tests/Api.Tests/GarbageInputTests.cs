using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Infra.Api.Tests.Imports;
using Infra.Api.Tests.Writes;
using static Infra.Api.Tests.Writes.Http;

namespace Infra.Api.Tests;

/// <summary>
/// Bad input is never a 500: every read the OpenAPI document lists, sent values a typo, a script or an attacker would send
/// in each of its query and path parameters. A sweep of this kind found text with U+0000 reaching PostgreSQL (which cannot
/// store it) from six parameters, and year 1 overflowing a plan's "year before" arithmetic.
/// </summary>
public class GarbageInputTests(PostGis pg)
{
    private static readonly string[] Garbage =
    [
        "", "x", "-1", "99999999999999999999", "1e309", "NaN", "2010-13-45", "0001-01-01", "9999-12-31", "a,b,c,d",
        "114,33,113,32", "-181,-91,181,91", "\0", "a\0b", "中文", new string('x', 3000), "'; DROP TABLE villages;--",
    ];

    /// <summary>A value for each path parameter that names something the demo data has.</summary>
    private static readonly Dictionary<string, string> Known = new()
    {
        ["id"] = "1", ["code"] = "411725", ["layer"] = "base-stations", ["z"] = "10", ["x"] = "845", ["y"] = "418",
        ["collectionId"] = "base-stations", ["featureId"] = "1", ["assetId"] = "1",
    };

    [Fact]
    public async Task Every_read_answers_garbage_in_any_parameter_with_a_4xx_or_a_2xx_never_a_500()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var w = await WriteWorld.CreateAsync(pg);
        var admin = w.As("admin");
        using var doc = JsonDocument.Parse(await admin.GetStringAsync("/openapi/v1.json", ct));
        var failures = new List<string>();
        var sent = 0;
        foreach (var path in doc.RootElement.GetProperty("paths").EnumerateObject())
        {
            if (!path.Value.TryGetProperty("get", out var get))
            {
                continue;
            }

            var parameters = get.TryGetProperty("parameters", out var p) ? p.EnumerateArray().ToList() : [];
            var inPath = parameters.Where(x => x.GetProperty("in").GetString() == "path").Select(x => x.GetProperty("name").GetString()!).ToList();
            var inQuery = parameters.Where(x => x.GetProperty("in").GetString() == "query").Select(x => x.GetProperty("name").GetString()!).ToList();
            string Url(string? garbled, string? value, bool query)
            {
                var url = new StringBuilder(path.Name);
                foreach (var name in inPath)
                {
                    var v = !query && name == garbled ? value! : Known.GetValueOrDefault(name, "1");
                    url.Replace($"{{{name}}}", Uri.EscapeDataString(v));
                }

                return query ? $"{url}?{garbled}={Uri.EscapeDataString(value!)}" : url.ToString();
            }

            var urls = new List<string> { Url(null, null, false) };
            // U+0000 in a path is refused by Kestrel (400) and cannot be sent through the test server at all.
            urls.AddRange(inPath.SelectMany(n => Garbage.Where(g => g.Length > 0 && !g.Contains('\0', StringComparison.Ordinal)).Select(g => Url(n, g, false))));
            urls.AddRange(inQuery.SelectMany(n => Garbage.Select(g => Url(n, g, true))));
            foreach (var url in urls)
            {
                using var response = await admin.GetAsync(url, ct);
                sent++;
                if ((int)response.StatusCode >= 500)
                {
                    failures.Add($"{(int)response.StatusCode} GET {url[..Math.Min(url.Length, 160)]}");
                }
            }
        }

        Assert.True(sent > 3000, $"only {sent} requests: the OpenAPI document lost its reads?");
        Assert.Empty(failures);
    }

    /// <summary>A valid body for each write that takes JSON (asset writes have their own tests per layer), each field of which is garbled in turn.</summary>
    private static readonly (string Method, string Url, string Body)[] Writes =
    [
        ("POST", "/api/plans", """{"code":"g-plan","name":"p","nameEn":"p","regionCode":"411700","periodStart":"2006-01-01","periodEnd":"2010-12-31","source":"s"}"""),
        ("POST", "/api/plans/1/targets", """{"code":"g-t","name":"t","nameEn":"t","metric":"subscribers_added","filter":{"assetKind":"switching_node","carriers":["cmcc"],"nodeKinds":["local_exchange"],"ruralOnly":true},"periodStart":"2006-01-01","periodEnd":"2010-12-31","goal":98,"unit":"户","planText":"x","baseline":1}"""),
        ("PUT", "/api/plans/1/targets/rural-base-stations", """{"code":"rural-base-stations","name":"t","metric":"new_asset_count","filter":{"assetKind":"base_station","ruralOnly":true},"periodStart":"2006-01-01","periodEnd":"2010-12-31","goal":98,"unit":"个"}"""),
        ("POST", "/api/scenarios", """{"name":"s","description":"d","baseDate":"2005-12-31"}"""),
        ("POST", "/api/scenarios/{scenario}/assets", """{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[114.3,33.0]},"properties":{"kind":"base_station","carrier":"cmcc","technology":"gsm","radiusM":3000,"label":"A"}}]}"""),
        ("POST", "/api/keys", """{"name":"k","role":"carrier:ct"}"""),
    ];

    private static readonly JsonNode?[] GarbageJson =
    [
        "x", "", -1, 0, 1e308, long.MaxValue, null, new JsonArray(), new JsonObject(), "a\0b", true, "0001-01-01", "2010-02-30",
        new JsonArray(1, 2), new string('中', 300),
    ];

    [Fact]
    public async Task Every_JSON_write_answers_garbage_in_any_field_with_a_4xx_or_a_2xx_never_a_500()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var w = await WriteWorld.CreateAsync(pg);
        var admin = w.As("admin");
        var scenario = (await admin.SendAsync(HttpMethod.Post, "/api/scenarios", """{"name":"garbage","baseDate":"2005-12-31"}""")).Body.GetProperty("id").GetInt32();
        var failures = new List<string>();
        var sent = 0;
        foreach (var (method, url, body) in Writes)
        {
            var target = url.Replace("{scenario}", scenario.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
            var valid = JsonNode.Parse(body)!;
            var (status, problem, _) = await admin.SendAsync(new HttpMethod(method), target, valid.ToJsonString(), ifMatch: method == "PUT" ? "*" : null);
            Assert.True((int)status < 300, $"{method} {target}: the valid body was refused: {problem.Describe()}");
            foreach (var path in Leaves(valid, ""))
            {
                foreach (var garbage in GarbageJson)
                {
                    var garbled = JsonNode.Parse(body)!;
                    Set(garbled, path, garbage?.DeepClone());
                    if (method == "POST" && garbled is JsonObject o && o["code"] is JsonValue code && code.GetValueKind() == JsonValueKind.String && path != "code")
                    {
                        o["code"] = $"{code}-{sent}";
                    }

                    (status, _, _) = await admin.SendAsync(new HttpMethod(method), target, garbled.ToJsonString(), ifMatch: method == "PUT" ? "*" : null);
                    sent++;
                    if ((int)status >= 500)
                    {
                        failures.Add($"{(int)status} {method} {target} {path} = {garbage?.ToJsonString() ?? "null"}");
                    }
                }
            }
        }

        Assert.True(sent > 500, $"only {sent} requests");
        Assert.Empty(failures);
    }

    /// <summary>Every member and first array element, as a dotted path (features.0.geometry.coordinates).</summary>
    private static IEnumerable<string> Leaves(JsonNode? node, string prefix) => node switch
    {
        JsonObject o => o.SelectMany(m => Leaves(m.Value, $"{prefix}{m.Key}.").Prepend($"{prefix}{m.Key}")),
        JsonArray { Count: > 0 } a => Leaves(a[0], $"{prefix}0.").Prepend($"{prefix}0"),
        _ => [],
    };

    private static void Set(JsonNode root, string path, JsonNode? value)
    {
        var parts = path.Split('.');
        var node = root;
        foreach (var part in parts[..^1])
        {
            node = int.TryParse(part, out var i) ? node[i]! : node[part]!;
        }

        if (int.TryParse(parts[^1], out var index))
        {
            node[index] = value;
        }
        else
        {
            node[parts[^1]] = value;
        }
    }

    [Fact]
    public async Task Text_holding_U0000_is_refused_naming_the_parameter_the_field_or_the_row_and_nothing_is_written()
    {
        await using var w = await WriteWorld.CreateAsync(pg);
        var before = await w.CountsAsync("base_stations");

        var query = await w.Anonymous.GetJsonAsync("/api/villages?q=a%00b", HttpStatusCode.BadRequest);
        Assert.Contains("q", query.ErrorFields());

        var body = Feature(Point(114.02, 32.80), new { code = "NUL-1", name = "a\0b", technology = "gsm", commissionedOn = "2008-01-01" });
        var (status, problem, _) = await w.As("carrier:ct").SendAsync(HttpMethod.Post, "/api/base-stations", body);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains((null, "name"), problem.Errors());

        var file = Encoding.UTF8.GetBytes("code,name,technology,commissionedOn,lon,lat\nNUL-2,ok,gsm,2008-01-01,114.02,32.80\nNUL-3,a\0b,gsm,2008-01-01,114.03,32.81\n");
        var import = await w.ImportAsync("carrier:ct", file, "stations.csv", ("layer", "base-stations"));
        Assert.Equal([(2, "name")], import.Body.Refusal());
        Assert.Equal(before, await w.CountsAsync("base_stations"));
    }

    [Fact]
    public async Task Text_JSON_cannot_hold_is_refused_naming_the_field_or_row_and_GBK_GeoJSON_loads_when_the_user_says_so()
    {
        await using var w = await WriteWorld.CreateAsync(pg);
        var before = await w.CountsAsync("base_stations");

        // "\ud800" is valid JSON that no .NET string can hold: it crashed a write (500) and an import ("failed unexpectedly").
        const string Lone = """{"type":"Feature","geometry":{"type":"Point","coordinates":[114.02,32.98]},"properties":{"code":"L1","name":"a\ud800b","technology":"gsm","commissionedOn":"2008-01-01"}}""";
        var (status, problem, _) = await w.As("carrier:ct").SendAsync(HttpMethod.Post, "/api/base-stations", Lone);
        Assert.Equal((HttpStatusCode.BadRequest, (int?)null, "name"), (status, problem.Errors().Single().Row, problem.Errors().Single().Field));
        var collection = Encoding.UTF8.GetBytes($$"""{"type":"FeatureCollection","features":[{{Lone.Replace("L1", "L2", StringComparison.Ordinal)}}]}""");
        Assert.Equal([(1, "name")], (await w.ImportAsync("carrier:ct", collection, "lone.geojson", ("layer", "base-stations"))).Body.Refusal());

        // GeoJSON in GBK: refused as UTF-8 naming the feature (it crashed validation), loaded as GBK when the user says so.
        var gbk = CodePagesEncodingProvider.Instance.GetEncoding(936)!.GetBytes(
            """{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[114.02,32.98]},"properties":{"code":"G1","name":"正阳基站","technology":"gsm","commissionedOn":"2008-01-01"}}]}""");
        Assert.Equal([(1, "encoding")], (await w.ImportAsync("carrier:ct", gbk, "gbk.geojson", ("layer", "base-stations"))).Body.Refusal());
        Assert.Equal(before, await w.CountsAsync("base_stations"));
        Assert.Equal(1, (await w.ImportAsync("carrier:ct", gbk, "gbk.geojson", ("layer", "base-stations"), ("encoding", "gbk"))).Body.Result().GetProperty("created").GetInt32());
        Assert.Equal(1, await w.ScalarAsync("SELECT count(*) FROM base_stations WHERE code = 'G1' AND name = '正阳基站'"));
    }

    [Theory]
    [InlineData("commissionedOn", "0208-05-01")]
    [InlineData("plannedOn", "1899-12-31")]
    [InlineData("retiredOn", "2800-01-01")]
    public async Task A_record_date_outside_1900_to_2100_is_refused_as_a_mistyped_year(string field, string date)
    {
        await using var w = await WriteWorld.CreateAsync(pg);
        var properties = new JsonObject { ["code"] = "Y1", ["technology"] = "gsm", ["commissionedOn"] = "2008-05-01" };
        properties[field] = date;
        var feature = Feature(Point(114.02, 32.98), new { });
        feature["properties"] = properties;
        var (status, problem, _) = await w.As("carrier:ct").SendAsync(HttpMethod.Post, "/api/base-stations", feature);
        Assert.Equal((HttpStatusCode.BadRequest, field), (status, problem.Errors().Single().Field));
        Assert.Contains("mistyped year", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_progress_before_the_plan_and_on_the_first_and_last_days_there_are_is_answered_and_never_negative()
    {
        // Before 2006 the subscribers added in 2006–2010 were counted as minus the subscribers of the day before the period.
        await using var app = PostGis.App(pg.SharedDemo);
        var http = app.CreateClient();
        foreach (var day in new[] { "2005-06-30", "0001-01-01", "9999-12-31" })
        {
            var progress = await http.GetJsonAsync($"/api/plans/1/progress?asOf={day}");
            Assert.Equal(day, progress.GetProperty("asOf").GetString());
            Assert.All(progress.GetProperty("targets").EnumerateArray(), t => Assert.True(t.GetProperty("value").GetDouble() >= 0));
        }
    }
}
