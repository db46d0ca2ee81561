using System.Net;
using System.Text;
using System.Text.Json;
using Infra.Api.Cli;
using Microsoft.Data.Sqlite;
using NetTopologySuite.IO;

namespace Infra.Api.Tests.Planning;

/// <summary>A scenario handed to a carrier as a file, read back; and <c>./infra plan sites|fiber</c> on the demo data.</summary>
public class ScenarioExportAndCliTests(PostGis pg)
{
    private const string Proposals = """
        {"type":"FeatureCollection","features":[
          {"type":"Feature","geometry":{"type":"Point","coordinates":[114.3,33.0]},"properties":{"kind":"base_station","carrier":"cmcc","radiusM":3000,"label":"站, \"A\""}},
          {"type":"Feature","geometry":{"type":"LineString","coordinates":[[114.3,33.0],[114.4,33.05]]},"properties":{"kind":"fiber_route","carrier":"cnc","routeKm":14.2}},
          {"type":"Feature","geometry":{"type":"Point","coordinates":[114.4,33.05]},"properties":{"kind":"access_point","carrier":"cnc","technology":"pon"}}
        ]}
        """;

    [Fact]
    public async Task A_scenario_exports_as_geojson_csv_and_geopackage_that_read_back()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var s = await ScenariosApiTests.SetUpAsync(pg);
        var id = (await (await s.Planner.PostAsync("/api/scenarios", ScenariosApiTests.Body("""{"name":"handover","baseDate":"2005-12-31"}"""), ct))
            .ReadJsonAsync()).GetProperty("id").GetInt32();
        Assert.Equal(HttpStatusCode.Created, (await s.Planner.PostAsync($"/api/scenarios/{id}/assets", ScenariosApiTests.Body(Proposals), ct)).StatusCode);

        var geojson = await s.Anonymous.GetAsync($"/api/scenarios/{id}/export?format=geojson", ct);
        Assert.Equal("attachment", geojson.Content.Headers.ContentDisposition!.DispositionType);
        var features = JsonDocument.Parse(await geojson.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(["base_station", "fiber_route", "access_point"], features.Select(f => f.GetProperty("properties").GetProperty("kind").GetString()));
        Assert.Equal("LineString", features[1].GetProperty("geometry").GetProperty("type").GetString());
        Assert.Equal(14.2, features[1].GetProperty("properties").GetProperty("routeKm").GetDouble());

        var csv = (await s.Anonymous.GetStringAsync($"/api/scenarios/{id}/export?format=csv", ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("id,wkt,sequence,kind,carrier,source,label", csv[0], StringComparison.Ordinal);
        Assert.Equal(4, csv.Length);
        Assert.Contains("\"站, \"\"A\"\"\"", csv[1], StringComparison.Ordinal);
        Assert.Contains("LINESTRING (114.3 33, 114.4 33.05)", csv[2], StringComparison.Ordinal);

        var path = Path.Combine(Path.GetTempPath(), $"scenario-{Guid.NewGuid():N}.gpkg");
        try
        {
            await File.WriteAllBytesAsync(path, await s.Anonymous.GetByteArrayAsync($"/api/scenarios/{id}/export?format=gpkg", ct), ct);
            await using var conn = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
            await conn.OpenAsync(ct);
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = "SELECT geom, kind, carrier, routeKm FROM proposed_assets ORDER BY sequence";
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            var rows = new List<(string Type, string Kind, string Carrier)>();
            var geo = new GeoPackageGeoReader();
            while (await reader.ReadAsync(ct))
            {
                var g = geo.Read((byte[])reader[0]);
                rows.Add((g.GeometryType, reader.GetString(1), reader.GetString(2)));
            }

            Assert.Equal([("Point", "base_station", "cmcc"), ("LineString", "fiber_route", "cnc"), ("Point", "access_point", "cnc")], rows);
            await using var srs = conn.CreateCommand();
            srs.CommandText = "SELECT srs_id || ' ' || geometry_type_name FROM gpkg_geometry_columns WHERE table_name = 'proposed_assets'";
            Assert.Equal("4326 GEOMETRY", (string?)await srs.ExecuteScalarAsync(ct));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(path);
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await s.Anonymous.GetAsync($"/api/scenarios/{id}/export?format=kml", ct)).StatusCode);
    }

    private async Task<string> CliAsync(string connection, params string[] args)
    {
        var path = Path.Combine(Path.GetTempPath(), $"plan-{Guid.NewGuid():N}.out");
        try
        {
            Assert.Equal(0, await InfraCli.RunAsync([.. args, "--out", path, $"--ConnectionStrings:Infra={connection}", "--Infra:LoadDemoOnFirstStart=false"]));
            return await File.ReadAllTextAsync(path, Encoding.UTF8, TestContext.Current.CancellationToken);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Plan_sites_proposes_98_rural_sites_on_the_2005_network_with_the_people_they_cover_and_the_bound()
    {
        var json = JsonDocument.Parse(await CliAsync(pg.SharedDemo, "plan", "sites", "--as-of", "2005-12-31", "--format", "json")).RootElement;
        var summary = json.GetProperty("summary");
        Assert.Equal(98, summary.GetProperty("sites").GetInt32());
        Assert.Equal("2005-12-31", summary.GetProperty("asOf").GetString());
        var covered = summary.GetProperty("newPopulation").GetInt64();
        Assert.True(covered > 0);
        Assert.True(summary.GetProperty("upperBound").GetDouble() >= covered);

        var text = await CliAsync(pg.SharedDemo, "plan", "sites", "--as-of", "2005-12-31", "--count", "98");
        Assert.Contains("98 sites", text, StringComparison.Ordinal);
        Assert.Contains($"newly covered:           {covered.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} people", text, StringComparison.Ordinal);
        Assert.Contains("upper bound:", text, StringComparison.Ordinal);
        Assert.Equal(98, text.Split('\n').Count(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\s+\d+\s+11[345]\.\d{5}")));

        var geojson = JsonDocument.Parse(await CliAsync(pg.SharedDemo, "plan", "sites", "--as-of", "2005-12-31", "--count", "5", "--format", "geojson")).RootElement;
        Assert.Equal(5, geojson.GetProperty("features").GetArrayLength());
    }

    [Fact]
    public async Task Plan_fiber_reports_the_km_to_connect_every_unserved_village_and_what_1400_km_reach_and_saves_a_scenario()
    {
        var connection = await pg.NewDatabaseAsync(withDemo: true);
        var json = JsonDocument.Parse(await CliAsync(connection, "plan", "fiber", "--as-of", "2005-12-31", "--budget-km", "1400", "--detour", "1.3",
            "--save-as", "村村通宽带", "--format", "json")).RootElement;
        var summary = json.GetProperty("summary");
        Assert.True(summary.GetProperty("totalKm").GetDouble() > 1400);
        Assert.InRange(summary.GetProperty("shareWithinBudget").GetDouble(), 0.01, 0.99);
        Assert.Empty(summary.GetProperty("unreachable").EnumerateArray());
        var scenarioId = json.GetProperty("scenarioId").GetInt32();

        await using (var db = PostGis.Context(connection))
        {
            var scenario = db.Scenarios.Single(x => x.Id == scenarioId);
            Assert.Equal("村村通宽带", scenario.Name);
            Assert.Equal(new DateOnly(2005, 12, 31), scenario.BaseDate);
        }

        var text = await CliAsync(connection, "plan", "fiber", "--as-of", "2005-12-31");
        Assert.Contains($"to connect every one:  {summary.GetProperty("totalKm").GetDouble().ToString("N1", System.Globalization.CultureInfo.InvariantCulture)} km", text, StringComparison.Ordinal);
        Assert.Contains("budget 1,400 km reaches:", text, StringComparison.Ordinal);
        Assert.Contains("411729", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_plan_options_are_refused_naming_the_field()
    {
        Assert.Equal(2, await InfraCli.RunAsync(["plan", "sites", "--count", "0", $"--ConnectionStrings:Infra={pg.SharedDemo}"]));
        Assert.Equal(2, await InfraCli.RunAsync(["plan", "fiber", "--detour", "9", $"--ConnectionStrings:Infra={pg.SharedDemo}"]));
        Assert.Equal(2, await InfraCli.RunAsync(["plan", "fiber", "--carrier", "nobody", $"--ConnectionStrings:Infra={pg.SharedDemo}"]));
    }
}
