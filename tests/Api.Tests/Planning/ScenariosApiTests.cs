using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Infra.Api.Auth;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;

namespace Infra.Api.Tests.Planning;

public class ScenariosApiTests(PostGis pg)
{
    private static readonly string[] RecordTables =
        ["base_stations", "fiber_routes", "switching_nodes", "access_points", "broadcast_transmitters", "service_filings", "change_records"];

    internal sealed record Setup(WebApplicationFactory<Program> App, HttpClient Planner, HttpClient Anonymous, string Connection) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => App.DisposeAsync();

        public async Task<HttpClient> AsAsync(string role)
        {
            await using var db = PostGis.Context(Connection);
            var key = (await ApiKeys.CreateAsync(db, role, $"k-{Guid.NewGuid():N}", TimeProvider.System, TestContext.Current.CancellationToken)).Key;
            var http = App.CreateClient();
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            return http;
        }
    }

    internal static async Task<Setup> SetUpAsync(PostGis pg)
    {
        var cs = await pg.NewDatabaseAsync(withDemo: true);
        var app = PostGis.App(cs);
        var setup = new Setup(app, app.CreateClient(), app.CreateClient(), cs);
        var planner = await setup.AsAsync("planner");
        return setup with { Planner = planner };
    }

    internal static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>Count and checksum of every table holding carriers' records, and of history.</summary>
    internal static async Task<Dictionary<string, string>> RecordsAsync(string connection)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var conn = new NpgsqlConnection(connection);
        await conn.OpenAsync(ct);
        var result = new Dictionary<string, string>();
        foreach (var table in RecordTables)
        {
            await using var cmd = new NpgsqlCommand($"SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM {table} t", conn);
            result[table] = (string)(await cmd.ExecuteScalarAsync(ct))!;
        }

        return result;
    }

    [Fact]
    public async Task Scenarios_are_created_read_renamed_and_deleted_with_etags_by_planners_only()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var s = await SetUpAsync(pg);
        var created = await s.Planner.PostAsync("/api/scenarios", Body("""{"name":"  98 站方案 ","description":"first try","baseDate":"2005-12-31"}"""), ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.ReadJsonAsync();
        var id = body.GetProperty("id").GetInt32();
        Assert.Equal($"/api/scenarios/{id}", created.Headers.Location!.OriginalString);
        Assert.Equal("98 站方案", body.GetProperty("name").GetString());
        Assert.Equal("2005-12-31", body.GetProperty("baseDate").GetString());
        Assert.Equal(0, body.GetProperty("assetCount").GetInt32());

        var list = await s.Anonymous.GetJsonAsync("/api/scenarios");
        Assert.Contains(list.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetInt32() == id);

        var get = await s.Anonymous.GetAsync($"/api/scenarios/{id}", ct);
        var etag = get.Headers.ETag!.Tag;
        var put = new HttpRequestMessage(HttpMethod.Put, $"/api/scenarios/{id}") { Content = Body("""{"name":"renamed","baseDate":"2006-06-30"}""") };
        Assert.Equal(HttpStatusCode.PreconditionRequired, (await s.Planner.SendAsync(put, ct)).StatusCode);
        put = new HttpRequestMessage(HttpMethod.Put, $"/api/scenarios/{id}") { Content = Body("""{"name":"renamed","baseDate":"2006-06-30"}""") };
        put.Headers.IfMatch.Add(new EntityTagHeaderValue(etag));
        var renamed = await s.Planner.SendAsync(put, ct);
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.NotEqual(etag, renamed.Headers.ETag!.Tag);
        Assert.Equal("2006-06-30", (await renamed.ReadJsonAsync()).GetProperty("baseDate").GetString());
        put = new HttpRequestMessage(HttpMethod.Put, $"/api/scenarios/{id}") { Content = Body("""{"name":"stale"}""") };
        put.Headers.IfMatch.Add(new EntityTagHeaderValue(etag));
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await s.Planner.SendAsync(put, ct)).StatusCode);
        Assert.Equal("renamed", (await s.Anonymous.GetJsonAsync($"/api/scenarios/{id}")).GetProperty("name").GetString());

        var carrier = await s.AsAsync("carrier:cmcc");
        Assert.Equal(HttpStatusCode.Forbidden, (await carrier.PostAsync("/api/scenarios", Body("""{"name":"x"}"""), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await s.Anonymous.PostAsync("/api/scenarios", Body("""{"name":"x"}"""), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await carrier.DeleteAsync($"/api/scenarios/{id}", ct)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await s.Planner.DeleteAsync($"/api/scenarios/{id}", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await s.Anonymous.GetAsync($"/api/scenarios/{id}", ct)).StatusCode);
    }

    [Theory]
    [InlineData("""{"description":"no name"}""", "name")]
    [InlineData("""{"name":"   "}""", "name")]
    [InlineData("""{"name":"x","baseDate":"31/12/2005"}""", "baseDate")]
    [InlineData("""{"name":"x","baseDate":"1900-01-01"}""", "baseDate")]
    public async Task A_bad_scenario_is_a_400_naming_the_field(string json, string field)
    {
        await using var s = await SetUpAsync(pg);
        var response = await s.Planner.PostAsync("/api/scenarios", Body(json), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await response.ReadJsonAsync()).ErrorFields());
        Assert.Empty((await s.Anonymous.GetJsonAsync("/api/scenarios")).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Proposals_drawn_by_hand_are_checked_row_by_row_and_written_all_or_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var s = await SetUpAsync(pg);
        var id = (await (await s.Planner.PostAsync("/api/scenarios", Body("""{"name":"hand","baseDate":"2005-12-31"}"""), ct)).ReadJsonAsync())
            .GetProperty("id").GetInt32();
        var bad = """
            {"type":"FeatureCollection","features":[
              {"type":"Feature","geometry":{"type":"Point","coordinates":[114.3,33.0]},"properties":{"kind":"base_station","carrier":"cmcc"}},
              {"type":"Feature","geometry":{"type":"Point","coordinates":[114.3,33.0]},"properties":{"kind":"base_station"}},
              {"type":"Feature","geometry":{"type":"Point","coordinates":[33.0,114.3]},"properties":{"kind":"access_point","carrier":"cnc"}},
              {"type":"Feature","geometry":{"type":"Point","coordinates":[114.3,33.0]},"properties":{"kind":"fiber_route","carrier":"cnc"}},
              {"type":"Feature","geometry":{"type":"Point","coordinates":[114.3,33.0]},"properties":{"kind":"base_station","carrier":"xx","radiusM":-1}}
            ]}
            """;
        var response = await s.Planner.PostAsync($"/api/scenarios/{id}/assets", Body(bad), ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.ReadJsonAsync()).GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("row").GetInt32(), e.GetProperty("field").GetString())).ToList();
        Assert.Contains((2, "carrier"), errors);
        Assert.Contains((3, "geometry"), errors);
        Assert.Contains((4, "geometry"), errors);
        Assert.Contains((5, "carrier"), errors);
        Assert.DoesNotContain(errors, e => e.Item1 == 1);
        Assert.Empty((await s.Anonymous.GetJsonAsync($"/api/scenarios/{id}/assets")).GetProperty("features").EnumerateArray());

        var good = """
            {"type":"FeatureCollection","features":[
              {"type":"Feature","geometry":{"type":"Point","coordinates":[114.3,33.0]},"properties":{"kind":"base_station","carrier":"cmcc","technology":"gsm","radiusM":3000,"label":"A"}},
              {"type":"Feature","geometry":{"type":"LineString","coordinates":[[114.3,33.0],[114.4,33.05]]},"properties":{"kind":"fiber_route","carrier":"cnc"}}
            ]}
            """;
        var added = await s.Planner.PostAsync($"/api/scenarios/{id}/assets", Body(good), ct);
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var assets = await s.Anonymous.GetAsync($"/api/scenarios/{id}/assets", ct);
        Assert.Equal("application/geo+json", assets.Content.Headers.ContentType!.MediaType);
        var features = (await assets.ReadJsonAsync()).GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(2, features.Count);
        var station = features[0].GetProperty("properties");
        Assert.Equal(("base_station", "cmcc", "manual", 1), (station.GetProperty("kind").GetString(), station.GetProperty("carrier").GetString(),
            station.GetProperty("source").GetString(), station.GetProperty("sequence").GetInt32()));
        Assert.Matches("^4117\\d\\d$", station.GetProperty("county").GetString()!);
        var cable = features[1].GetProperty("properties");
        Assert.InRange(cable.GetProperty("lengthKm").GetDouble(), 10.5, 11.5);
        var scenario = await s.Anonymous.GetJsonAsync($"/api/scenarios/{id}");
        Assert.Equal((2, 1, 0), (scenario.GetProperty("assetCount").GetInt32(), scenario.GetProperty("stations").GetInt32(),
            scenario.GetProperty("accessPoints").GetInt32()));
        Assert.Equal(cable.GetProperty("lengthKm").GetDouble(), scenario.GetProperty("fiberKm").GetDouble(), 3);

        var remove = await s.Planner.DeleteAsync($"/api/scenarios/{id}/assets/{features[1].GetProperty("id").GetInt64()}", ct);
        Assert.Equal(HttpStatusCode.NoContent, remove.StatusCode);
        Assert.Single((await s.Anonymous.GetJsonAsync($"/api/scenarios/{id}/assets")).GetProperty("features").EnumerateArray());
    }

    [Fact]
    public async Task Scenario_coverage_changes_exactly_where_the_proposals_reach_and_the_village_list_agrees()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var s = await SetUpAsync(pg);
        var id = (await (await s.Planner.PostAsync("/api/scenarios", Body("""{"name":"one","baseDate":"2005-12-31"}"""), ct)).ReadJsonAsync())
            .GetProperty("id").GetInt32();

        // A station on an administrative village without mobile coverage: it and its neighbours within 3 km get service.
        var unserved = await s.Anonymous.GetJsonAsync("/api/reports/unserved-villages?service=mobile&level=natural&asOf=2005-12-31&format=geojson");
        var target = unserved.GetProperty("features")[0].GetProperty("geometry").GetProperty("coordinates");
        var (lon, lat) = (target[0].GetDouble(), target[1].GetDouble());
        var feature = $$$"""{"type":"Feature","geometry":{"type":"Point","coordinates":[{{{lon}}},{{{lat}}}]},"properties":{"kind":"base_station","carrier":"cmcc","radiusM":3000}}""";
        Assert.Equal(HttpStatusCode.Created, (await s.Planner.PostAsync($"/api/scenarios/{id}/assets", Body(feature), ct)).StatusCode);

        var villages = (await s.Anonymous.GetJsonAsync($"/api/scenarios/{id}/villages?service=mobile")).GetProperty("features").EnumerateArray().ToList();
        Assert.NotEmpty(villages);
        foreach (var v in villages)
        {
            var p = v.GetProperty("properties");
            Assert.False(p.GetProperty("before").GetBoolean());
            Assert.True(p.GetProperty("after").GetBoolean());
            var c = v.GetProperty("geometry").GetProperty("coordinates");
            Assert.True(Domain.Geo.Geodesic.DistanceM(lon, lat, c[0].GetDouble(), c[1].GetDouble()) <= 3000.001, v.ToString());
        }

        var before = await s.Anonymous.GetJsonAsync("/api/coverage?level=county&service=mobile&asOf=2005-12-31");
        var after = await s.Anonymous.GetJsonAsync($"/api/scenarios/{id}/coverage?level=county&service=mobile");
        static Dictionary<string, int> Served(JsonElement r, string group) => r.GetProperty("regions").EnumerateArray().ToDictionary(
            x => x.GetProperty("code").GetString()!, x => x.GetProperty("services").GetProperty("mobile").GetProperty(group).GetProperty("served").GetInt32());
        foreach (var (group, kind) in new[] { ("administrative", "administrative"), ("natural", "natural") })
        {
            var (b, a) = (Served(before, group), Served(after, group));
            foreach (var county in b.Keys)
            {
                Assert.Equal(a[county] - b[county], villages.Count(v => v.GetProperty("properties").GetProperty("kind").GetString() == kind &&
                    v.GetProperty("properties").GetProperty("county").GetString() == county));
            }
        }

        // Without the scenario nothing changed.
        Assert.Equal(before.ToString(), (await s.Anonymous.GetJsonAsync("/api/coverage?level=county&service=mobile&asOf=2005-12-31")).ToString());
    }

    [Fact]
    public async Task Planning_jobs_save_scenarios_that_never_touch_carriers_records_and_compare_against_the_baseline()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var s = await SetUpAsync(pg);
        var records = await RecordsAsync(s.Connection);
        var stations = await s.Anonymous.GetJsonAsync("/api/base-stations?limit=1");

        var siting = await PlanningApiTests.RunJobAsync(s.Planner, "/api/planning/station-siting", new { asOf = "2005-12-31", saveAs = "98 sites", carrier = "cmcc" });
        var sitingId = siting.GetProperty("scenarioId").GetInt32();
        Assert.Equal(sitingId, siting.GetProperty("summary").GetProperty("scenarioId").GetInt32());
        var fiber = await PlanningApiTests.RunJobAsync(s.Planner, "/api/planning/fiber-extension", new { asOf = "2005-12-31", saveAs = "fiber" });
        var fiberId = fiber.GetProperty("scenarioId").GetInt32();

        var sited = await s.Anonymous.GetJsonAsync($"/api/scenarios/{sitingId}");
        Assert.Equal(98, sited.GetProperty("stations").GetInt32());
        Assert.Equal("2005-12-31", sited.GetProperty("baseDate").GetString());
        var features = (await s.Anonymous.GetJsonAsync($"/api/scenarios/{sitingId}/assets")).GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(siting.GetProperty("summary").GetProperty("newPopulation").GetInt64(),
            features.Sum(f => f.GetProperty("properties").GetProperty("newPopulation").GetInt64()));
        Assert.All(features, f => Assert.Equal("siting", f.GetProperty("properties").GetProperty("source").GetString()));

        var fibered = await s.Anonymous.GetJsonAsync($"/api/scenarios/{fiberId}");
        Assert.Equal(fiber.GetProperty("summary").GetProperty("totalKm").GetDouble(), fibered.GetProperty("fiberKm").GetDouble(), 0);
        Assert.Equal(fiber.GetProperty("summary").GetProperty("terminalCount").GetInt32(), fibered.GetProperty("accessPoints").GetInt32());

        // The newly served people of the siting scenario are what the tool said it would cover.
        var newly = (await s.Anonymous.GetJsonAsync($"/api/scenarios/{sitingId}/villages?service=mobile")).GetProperty("features").EnumerateArray()
            .Where(f => f.GetProperty("properties").GetProperty("kind").GetString() is "natural" or "community").ToList();
        Assert.Equal(siting.GetProperty("summary").GetProperty("newPopulation").GetInt64(), newly.Sum(f => f.GetProperty("properties").GetProperty("population").GetInt64()));

        // Every administrative village the fiber reaches gets broadband in the scenario.
        var broadband = (await s.Anonymous.GetJsonAsync($"/api/scenarios/{fiberId}/villages?service=broadband")).GetProperty("features").EnumerateArray()
            .Where(f => f.GetProperty("properties").GetProperty("kind").GetString() == "administrative").Select(f => f.GetProperty("properties").GetProperty("code").GetString()).ToHashSet();
        Assert.Superset(fiber.GetProperty("terminals").EnumerateArray().Select(t => t.GetProperty("code").GetString()).ToHashSet(), broadband);

        var compare = await s.Anonymous.GetJsonAsync($"/api/scenarios/compare?a={fiberId}&b=baseline");
        var targets = compare.GetProperty("targets").EnumerateArray().ToDictionary(t => t.GetProperty("code").GetString()!);
        var share = targets["admin-villages-broadband"];
        Assert.Equal(100, share.GetProperty("a").GetDouble(), 1);
        Assert.True(share.GetProperty("b").GetDouble() < 100);
        var km = targets["rural-fiber"];
        Assert.True(km.GetProperty("a").GetDouble() > 1000, km.ToString());
        Assert.Equal(0, km.GetProperty("b").GetDouble());
        var sites = await s.Anonymous.GetJsonAsync($"/api/scenarios/compare?a={sitingId}&b={fiberId}");
        var rural = sites.GetProperty("targets").EnumerateArray().First(t => t.GetProperty("code").GetString() == "rural-base-stations");
        Assert.Equal(98, rural.GetProperty("a").GetDouble());
        Assert.Equal(11, sites.GetProperty("regions").GetArrayLength());
        var progress = await s.Anonymous.GetJsonAsync($"/api/scenarios/{sitingId}/progress");
        Assert.Equal(compare.GetProperty("targets").GetArrayLength(), progress.GetProperty("targets").GetArrayLength());

        Assert.Equal(HttpStatusCode.NoContent, (await s.Planner.DeleteAsync($"/api/scenarios/{sitingId}", ct)).StatusCode);
        Assert.Equal(records, await RecordsAsync(s.Connection));
        Assert.Equal(stations.GetProperty("numberMatched").GetInt64(), (await s.Anonymous.GetJsonAsync("/api/base-stations?limit=1")).GetProperty("numberMatched").GetInt64());
    }

    [Fact]
    public async Task A_bad_save_as_or_carrier_is_refused_before_the_job_starts()
    {
        await using var s = await SetUpAsync(pg);
        var response = await s.Planner.PostAsync("/api/planning/station-siting", Body("""{"saveAs":"  ","carrier":"nobody"}"""), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var fields = (await response.ReadJsonAsync()).ErrorFields();
        Assert.Contains("saveAs", fields);
        Assert.Contains("carrier", fields);
    }
}
