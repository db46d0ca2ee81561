using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Infra.Api.Cli;
using Infra.Api.Tests.Planning;

namespace Infra.Api.Tests.Reports;

/// <summary>The scenario report carries the figures of /api/scenarios/compare (b = baseline) and the proposals, in every format and from the CLI.</summary>
public class ScenarioReportTests(PostGis pg)
{
    /// <summary>A scenario on the 2005 network: a station on a village without mobile, a cable and an access point.</summary>
    private static async Task<(ScenariosApiTests.Setup Setup, int Id, double Lon, double Lat)> ScenarioAsync(PostGis pg)
    {
        var ct = TestContext.Current.CancellationToken;
        var s = await ScenariosApiTests.SetUpAsync(pg);
        var created = await s.Planner.PostAsync("/api/scenarios", ScenariosApiTests.Body("""{"name":"驿城试点方案","baseDate":"2005-12-31"}"""), ct);
        var id = (await created.ReadJsonAsync()).GetProperty("id").GetInt32();
        var unserved = await s.Anonymous.GetJsonAsync("/api/reports/unserved-villages?service=mobile&level=natural&asOf=2005-12-31&format=geojson");
        var at = unserved.GetProperty("features")[0].GetProperty("geometry").GetProperty("coordinates");
        var (lon, lat) = (at[0].GetDouble(), at[1].GetDouble());
        var proposals = string.Create(CultureInfo.InvariantCulture, $$$"""
            {"type":"FeatureCollection","features":[
              {"type":"Feature","geometry":{"type":"Point","coordinates":[{{{lon}}},{{{lat}}}]},"properties":{"kind":"base_station","carrier":"cmcc","radiusM":3000,"label":"试点站, \"1\"","newPopulation":1234}},
              {"type":"Feature","geometry":{"type":"LineString","coordinates":[[114.3,33.0],[114.4,33.05]]},"properties":{"kind":"fiber_route","carrier":"cnc","routeKm":14.2}},
              {"type":"Feature","geometry":{"type":"Point","coordinates":[114.4,33.05]},"properties":{"kind":"access_point","carrier":"cnc","technology":"pon"}}
            ]}
            """);
        Assert.Equal(HttpStatusCode.Created, (await s.Planner.PostAsync($"/api/scenarios/{id}/assets", ScenariosApiTests.Body(proposals), ct)).StatusCode);
        return (s, id, lon, lat);
    }

    [Fact]
    public async Task Every_format_carries_the_comparison_with_the_baseline_and_the_proposals()
    {
        var ct = TestContext.Current.CancellationToken;
        var (s, id, lon, lat) = await ScenarioAsync(pg);
        await using var _ = s;
        var http = s.Anonymous;
        var compare = await http.GetJsonAsync($"/api/scenarios/compare?a={id}&b=baseline");
        var assets = (await http.GetJsonAsync($"/api/scenarios/{id}/assets")).GetProperty("features").EnumerateArray().ToList();
        var stationCounty = assets[0].GetProperty("properties").GetProperty("county").GetString()!;
        var counties = compare.GetProperty("regions").EnumerateArray().ToDictionary(r => r.GetProperty("code").GetString()!);
        var countyName = counties[stationCounty].GetProperty("name").GetString()!;

        async Task<byte[]> Get(string query)
        {
            var response = await http.GetAsync($"/api/reports/scenario?scenario={id}&{query}", ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("true", response.Headers.GetValues("Infra-Demo-Data").Single());
            return await response.Content.ReadAsByteArrayAsync(ct);
        }

        var sheets = ReportFiles.ReadXlsx(await Get("format=xlsx"));
        Assert.Equal(new[] { "汇总", "覆盖对比", "规划目标", "方案设施" }, sheets.Keys);
        var summary = sheets["汇总"].Rows.Skip(4).ToDictionary(r => (string)r[2]!, r => r[1]);
        Assert.Equal(1.0, summary["stations"]);
        Assert.Equal(1.0, summary["access_points"]);
        Assert.Equal(14.2, summary["fiber_km"]);
        Assert.True((double)summary["new_mobile_population"]! > 0);

        var coverage = sheets["覆盖对比"];
        Assert.Equal(4, coverage.FrozenRows);
        Assert.Equal(11 * 6, coverage.Rows.Count - 4);
        foreach (var row in coverage.Rows.Skip(4).Where(r => (string?)r[2] == "移动通信"))
        {
            var mobile = counties[(string)row[0]!].GetProperty("services").GetProperty("mobile");
            Assert.Equal(mobile.GetProperty("b").GetProperty("administrative").GetDouble(), (double)row[3]!);
            Assert.Equal(mobile.GetProperty("a").GetProperty("administrative").GetDouble(), (double)row[4]!);
            Assert.Equal(mobile.GetProperty("b").GetProperty("natural").GetDouble(), (double)row[6]!);
            Assert.Equal(mobile.GetProperty("a").GetProperty("natural").GetDouble(), (double)row[7]!);
            Assert.Equal(mobile.GetProperty("a").GetProperty("population").GetDouble(), (double)row[10]!);
        }

        var stationRow = coverage.Rows.Skip(4).Single(r => (string?)r[0] == stationCounty && (string?)r[2] == "移动通信");
        Assert.True((double)stationRow[13]! > 0, "natural villages newly served in the station's county");
        Assert.True((double)stationRow[7]! > (double)stationRow[6]!);

        var targets = compare.GetProperty("targets").EnumerateArray().ToDictionary(t => t.GetProperty("code").GetString()!);
        var targetRows = sheets["规划目标"].Rows.Skip(4).ToList();
        Assert.Equal(targets.Count, targetRows.Count);
        foreach (var row in targetRows)
        {
            var t = targets[(string)row[0]!];
            Assert.Equal(t.GetProperty("goal").GetDouble(), (double)row[3]!);
            Assert.Equal(t.GetProperty("b").GetDouble(), (double)row[4]!);
            Assert.Equal(t.GetProperty("a").GetDouble(), (double)row[5]!);
            Assert.Equal(t.GetProperty("difference").GetDouble(), (double)row[6]!);
            Assert.Equal(t.GetProperty("metB").GetBoolean(), (bool)row[7]!);
        }

        var proposalRows = sheets["方案设施"].Rows.Skip(4).ToList();
        Assert.Equal(["基站", "光缆", "接入网点"], proposalRows.Select(r => (string)r[1]!));
        Assert.Equal(1.0, proposalRows[0][0]);
        Assert.Equal(Math.Round(lon, 6), (double)proposalRows[0][8]!);
        Assert.Equal(1234.0, proposalRows[0][15]);

        var csv = ReportFiles.ParseCsv(await Get("format=csv"));
        Assert.Equal(assets.Count, csv.Count);
        for (var i = 0; i < assets.Count; i++)
        {
            var p = assets[i].GetProperty("properties");
            Assert.Equal(p.GetProperty("sequence").GetInt32().ToString(CultureInfo.InvariantCulture), csv[i]["sequence"]);
            Assert.Equal(p.GetProperty("kind").GetString(), csv[i]["kind"]);
            Assert.Equal(p.GetProperty("carrier").GetString(), csv[i]["carrier"]);
            Assert.Equal(p.GetProperty("county").GetString() ?? "", csv[i]["county_code"]);
            Assert.Equal("生成的演示数据 Generated demo data", csv[i]["data_notice"]);
        }

        Assert.Equal("试点站, \"1\"", csv[0]["label"]);
        Assert.Equal(countyName, csv[0]["county"]);
        Assert.Equal((Math.Round(lon, 6), Math.Round(lat, 6)), (double.Parse(csv[0]["lon"], CultureInfo.InvariantCulture), double.Parse(csv[0]["lat"], CultureInfo.InvariantCulture)));
        Assert.Equal("1234", csv[0]["new_population"]);
        Assert.Equal(("114.4", "33.05", "14.2"), (csv[1]["end_lon"], csv[1]["end_lat"], csv[1]["route_km"]));
        Assert.Equal(p0Length(assets[1]), double.Parse(csv[1]["length_km"], CultureInfo.InvariantCulture));

        var coverageCsv = ReportFiles.ParseCsv(await Get("format=csv&table=coverage"));
        var cityMobile = coverageCsv.Single(r => r["region_code"] == compare.GetProperty("regions")[0].GetProperty("code").GetString() && r["service"] == "mobile");
        Assert.Equal(compare.GetProperty("regions")[0].GetProperty("services").GetProperty("mobile").GetProperty("a").GetProperty("natural").GetDouble(),
            double.Parse(cityMobile["natural_share_after"], CultureInfo.InvariantCulture));
        Assert.Equal(summary["new_mobile_population"], double.Parse(cityMobile["new_population"], CultureInfo.InvariantCulture));
        var targetCsv = ReportFiles.ParseCsv(await Get("format=csv&table=targets"));
        Assert.Equal(targets.Keys.Order(), targetCsv.Select(r => r["target_code"]).Order());
        Assert.All(targetCsv, r => Assert.Contains(r["met_after"], new[] { "true", "false" }));

        var geojson = JsonDocument.Parse(await Get("format=geojson")).RootElement.GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(assets.Count, geojson.Count);
        Assert.Equal(["Point", "LineString", "Point"], geojson.Select(f => f.GetProperty("geometry").GetProperty("type").GetString()));
        Assert.Equal(countyName, geojson[0].GetProperty("properties").GetProperty("countyName").GetString());
        Assert.Equal(1234, geojson[0].GetProperty("properties").GetProperty("newPopulation").GetInt64());
        var gpkg = ReportFiles.ReadGpkg(await Get("format=gpkg"));
        Assert.Equal(assets.Count, gpkg.Rows.Count);
        Assert.Equal(("GEOMETRY", 4326L), (gpkg.GeometryType, gpkg.SrsId));
        Assert.Equal(14.2, (double)gpkg.Rows[1]["routeKm"]!);

        var html = Encoding.UTF8.GetString(await Get("format=html"));
        Assert.Contains("驿城试点方案", html, StringComparison.Ordinal);
        Assert.Contains("生成的演示数据", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
        Assert.Contains("Scenario report: 驿城试点方案", Encoding.UTF8.GetString(await Get("format=html&lang=en")), StringComparison.Ordinal);

        var pdf = ReportFiles.PdfText(await Get("format=pdf"));
        Assert.Contains("驿城试点方案", pdf, StringComparison.Ordinal);
        Assert.Contains(countyName, pdf, StringComparison.Ordinal);
        Assert.Contains("生成的演示数据", pdf, StringComparison.Ordinal);
        Assert.Contains("1,234", pdf, StringComparison.Ordinal);

        static double p0Length(JsonElement feature) => feature.GetProperty("properties").GetProperty("lengthKm").GetDouble();
    }

    [Fact]
    public async Task Unknown_scenarios_are_404_and_bad_parameters_400_naming_the_field()
    {
        var (s, id, _, _) = await ScenarioAsync(pg);
        await using var _ = s;
        var http = s.Anonymous;
        Assert.Contains("scenario", (await http.GetJsonAsync($"/api/reports/scenario?scenario={id + 1000}", HttpStatusCode.NotFound)).ErrorFields());
        Assert.Contains("scenario", (await http.GetJsonAsync("/api/reports/scenario", HttpStatusCode.BadRequest)).ErrorFields());
        Assert.Contains("scenario", (await http.GetJsonAsync("/api/reports/scenario?scenario=abc", HttpStatusCode.BadRequest)).ErrorFields());
        Assert.Contains("format", (await http.GetJsonAsync($"/api/reports/scenario?scenario={id}&format=kml", HttpStatusCode.BadRequest)).ErrorFields());
        Assert.Contains("lang", (await http.GetJsonAsync($"/api/reports/scenario?scenario={id}&lang=fr", HttpStatusCode.BadRequest)).ErrorFields());
        Assert.Contains("plan", (await http.GetJsonAsync($"/api/reports/scenario?scenario={id}&plan=no-such-plan", HttpStatusCode.BadRequest)).ErrorFields());
        Assert.Contains("table", (await http.GetJsonAsync($"/api/reports/scenario?scenario={id}&format=csv&table=villages", HttpStatusCode.BadRequest)).ErrorFields());
        Assert.Contains("table", (await http.GetJsonAsync($"/api/reports/scenario?scenario={id}&format=geojson&table=targets", HttpStatusCode.BadRequest)).ErrorFields());
    }

    [Fact]
    public async Task The_cli_writes_the_same_report_and_refuses_an_unknown_scenario()
    {
        var ct = TestContext.Current.CancellationToken;
        var (s, id, _, _) = await ScenarioAsync(pg);
        await using var _ = s;
        var folder = Directory.CreateTempSubdirectory("infra-cli-scenario-").FullName;
        try
        {
            string[] settings = [$"--ConnectionStrings:Infra={s.Connection}", "--Infra:LoadDemoOnFirstStart=false"];
            var csvPath = Path.Combine(folder, "s.csv");
            Assert.Equal(0, await InfraCli.RunAsync(["report", "scenario", "--scenario", id.ToString(CultureInfo.InvariantCulture), "--format", "csv",
                "--table", "coverage", "--out", csvPath, .. settings]));
            Assert.Equal(await s.Anonymous.GetByteArrayAsync($"/api/reports/scenario?scenario={id}&format=csv&table=coverage", ct), await File.ReadAllBytesAsync(csvPath, ct));

            var xlsxPath = Path.Combine(folder, "s.xlsx");
            Assert.Equal(0, await InfraCli.RunAsync(["report", "scenario", "--scenario", id.ToString(CultureInfo.InvariantCulture), "--format", "xlsx",
                "--lang", "en", "--out", xlsxPath, .. settings]));
            Assert.Equal(3, ReportFiles.ReadXlsx(await File.ReadAllBytesAsync(xlsxPath, ct))["Proposals"].Rows.Count - 4);

            var missing = Path.Combine(folder, "missing.html");
            Assert.Equal(1, await InfraCli.RunAsync(["report", "scenario", "--scenario", "999999", "--out", missing, .. settings]));
            Assert.False(File.Exists(missing));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
