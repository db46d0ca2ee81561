using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;

namespace Infra.Api.Tests.Reports;

/// <summary>The unserved-villages report checked against independent counts, and each format read back with another tool.</summary>
public class UnservedReportTests(PostGis pg)
{
    private const string County = "411729";
    private const string CountyName = "新蔡县";

    private static async Task<byte[]> DownloadAsync(WebApplicationFactory<Program> app, string url, string contentType)
    {
        var response = await app.CreateClient().GetAsync(url, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(body)}");
        Assert.StartsWith(contentType, response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        Assert.Equal("true", response.Headers.GetValues("Infra-Demo-Data").Single());
        return body;
    }

    [Fact]
    public async Task Cable_tv_gaps_match_an_independent_sql_query_and_the_coverage_api()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = PostGis.App(pg.SharedDemo);
        var rows = ReportFiles.ParseCsv(await DownloadAsync(app, "/api/reports/unserved-villages?service=cable_tv&level=natural&asOf=2008-12-31&format=csv", "text/csv"));

        // Cable TV is a 广电 filing valid on the date and not under an open or lost dispute: PostGIS can say which villages lack it.
        var expected = new Dictionary<string, (long Count, long People)>();
        await using (var db = new NpgsqlConnection(pg.SharedDemo))
        {
            await db.OpenAsync(ct);
            await using var sql = new NpgsqlCommand("""
                SELECT left(v.code, 6), count(*), sum(v.population) FROM villages v
                WHERE v.kind = 'Natural' AND NOT EXISTS (
                  SELECT 1 FROM service_filings f JOIN carriers c ON c.id = f.carrier_id
                  WHERE f.village_code = v.code AND f.service = 'CableTv' AND c.code = 'catv'
                    AND f.valid_from <= @d AND (f.valid_to IS NULL OR f.valid_to >= @d) AND f.dispute_state <> 'Rejected'
                    AND NOT (f.disputed_on IS NOT NULL AND f.disputed_on <= @d AND (f.resolved_on IS NULL OR f.resolved_on > @d)))
                GROUP BY 1 ORDER BY 1
                """, db);
            sql.Parameters.AddWithValue("d", new DateOnly(2008, 12, 31));
            await using var reader = await sql.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                expected[reader.GetString(0)] = (reader.GetInt64(1), reader.GetInt64(2));
            }
        }

        Assert.Equal(10, expected.Count);
        var byCounty = rows.GroupBy(r => r["county_code"]).ToDictionary(g => g.Key, g => (Count: (long)g.Count(), People: g.Sum(r => long.Parse(r["population"], System.Globalization.CultureInfo.InvariantCulture))));
        Assert.Equal(expected, byCounty);

        var city = (await app.CreateClient().GetJsonAsync("/api/coverage?level=city&service=cable_tv&asOf=2008-12-31"))
            .GetProperty("regions")[0].GetProperty("services").GetProperty("cable_tv").GetProperty("natural");
        Assert.Equal(city.GetProperty("count").GetInt32() - city.GetProperty("served").GetInt32(), rows.Count);
        Assert.Equal(city.GetProperty("population").GetInt64() - city.GetProperty("populationServed").GetInt64(), byCounty.Values.Sum(v => v.People));
        Assert.All(rows, r => Assert.Equal("生成的演示数据 Generated demo data", r["data_notice"]));
    }

    [Theory]
    [InlineData("2006-12-31", "admin")]
    [InlineData("2008-12-31", "natural")]
    public async Task The_summary_reconciles_with_coverage_by_county_and_rows_come_largest_population_first(string asOf, string level)
    {
        await using var app = PostGis.App(pg.SharedDemo);
        var group = level == "admin" ? "administrative" : "natural";
        var sheets = ReportFiles.ReadXlsx(await DownloadAsync(app, $"/api/reports/unserved-villages?service=broadband&level={level}&asOf={asOf}&format=xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
        var coverage = (await app.CreateClient().GetJsonAsync($"/api/coverage?level=county&service=broadband&asOf={asOf}")).GetProperty("regions")
            .EnumerateArray().ToDictionary(r => r.GetProperty("code").GetString()!, r => r.GetProperty("services").GetProperty("broadband").GetProperty(group));

        var summary = sheets["汇总"];
        Assert.Equal(4, summary.FrozenRows);
        Assert.Equal("A4:H15", summary.AutoFilter);
        var countyRows = summary.Rows.Skip(4).Take(10).ToList();
        Assert.Equal(coverage.Keys.Order(), countyRows.Select(r => (string)r[0]!).Order());
        foreach (var row in countyRows)
        {
            var tally = coverage[(string)row[0]!];
            Assert.Equal(tally.GetProperty("count").GetInt32(), (double)row[2]!);
            Assert.Equal(tally.GetProperty("count").GetInt32() - tally.GetProperty("served").GetInt32(), (double)row[3]!);
            Assert.Equal(tally.GetProperty("population").GetInt64() - tally.GetProperty("populationServed").GetInt64(), (double)row[6]!);
            Assert.Equal(1 - tally.GetProperty("share").GetDouble(), (double)row[4]!, 4);

            // One sheet per county: as many villages as the summary says, numbers stored as numbers, each township largest first.
            var sheet = sheets.Single(s => s.Key.StartsWith((string)row[0]!, StringComparison.Ordinal)).Value;
            Assert.Equal(2, sheet.FrozenRows);
            var header = sheet.Rows[1].Cast<string>().ToList();
            var villages = sheet.Rows.Skip(2).ToList();
            Assert.Equal((double)row[3]!, villages.Count);
            Assert.All(villages, v => Assert.IsType<double>(v[header.IndexOf("人口")]));
            Assert.All(villages, v => Assert.IsType<string>(v[header.IndexOf("村代码")]));
            foreach (var township in villages.GroupBy(v => (string)v[header.IndexOf("乡镇代码")]!))
            {
                var people = township.Select(v => (double)v[header.IndexOf("人口")]!).ToList();
                Assert.Equal(people.OrderDescending(), people);
            }

            Assert.True(sheet.Widths[header.IndexOf("村名")] >= 10, "Chinese village names fit");
        }
    }

    [Fact]
    public async Task One_county_in_every_format_lists_the_same_villages()
    {
        await using var app = PostGis.App(pg.SharedDemo);
        var query = $"/api/reports/unserved-villages?service=broadband&level=natural&county={County}&asOf=2006-12-31";
        var csv = ReportFiles.ParseCsv(await DownloadAsync(app, query + "&format=csv", "text/csv"));
        Assert.NotEmpty(csv);
        Assert.All(csv, r => Assert.Equal(County, r["county_code"]));
        var codes = csv.Select(r => r["code"]).ToList();

        var geojson = JsonDocument.Parse(await DownloadAsync(app, query + "&format=geojson", "application/geo+json")).RootElement;
        var features = geojson.GetProperty("features").EnumerateArray().ToList();
        Assert.True(geojson.GetProperty("demoData").GetBoolean());
        Assert.Equal(codes, features.Select(f => f.GetProperty("id").GetString()));
        var first = features[0];
        Assert.Equal("Point", first.GetProperty("geometry").GetProperty("type").GetString());
        Assert.Equal(double.Parse(csv[0]["lon"], System.Globalization.CultureInfo.InvariantCulture), first.GetProperty("geometry").GetProperty("coordinates")[0].GetDouble(), 6);
        Assert.Equal(JsonValueKind.Number, first.GetProperty("properties").GetProperty("population").ValueKind);
        Assert.Equal(csv[0]["name"], first.GetProperty("properties").GetProperty("name").GetString());

        var (gpkg, type, srs) = ReportFiles.ReadGpkg(await DownloadAsync(app, query + "&format=gpkg", "application/geopackage+sqlite3"));
        Assert.Equal(("POINT", 4326L), (type, srs));
        Assert.Equal(codes, gpkg.Select(r => (string)r["code"]!));
        Assert.IsType<long>(gpkg[0]["population"]);
        var point = (NetTopologySuite.Geometries.Point)gpkg[0]["geom"]!;
        Assert.Equal((4326, (double)gpkg[0]["lon"]!, (double)gpkg[0]["lat"]!), (point.SRID, Math.Round(point.X, 6), Math.Round(point.Y, 6)));

        var sheets = ReportFiles.ReadXlsx(await DownloadAsync(app, query + "&format=xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
        var sheet = sheets[$"{County} {CountyName}"];
        Assert.Equal(codes, sheet.Rows.Skip(2).Select(r => (string)r[5]!));
        Assert.Equal($"A2:AD{2 + codes.Count}", sheet.AutoFilter);

        var html = System.Text.Encoding.UTF8.GetString(await DownloadAsync(app, query + "&format=html", "text/html"));
        Assert.Contains("生成的演示数据", html, StringComparison.Ordinal);
        Assert.Contains($"<h2>{CountyName}", html, StringComparison.Ordinal);
        Assert.Contains(csv[0]["name"], html, StringComparison.Ordinal);
        Assert.Contains("thead { display: table-header-group; }", html, StringComparison.Ordinal);

        // A planned or under-construction asset that would serve a village is named with its date.
        var planned = csv.First(r => r["planned_code"].Length > 0);
        Assert.Contains(planned["planned_status"], new[] { "planned", "under_construction" });
        Assert.Contains(planned["planned_code"], html, StringComparison.Ordinal);

        var pdf = ReportFiles.PdfText(await DownloadAsync(app, query + "&format=pdf", "application/pdf"));
        Assert.Contains(CountyName, pdf, StringComparison.Ordinal);
        Assert.Contains(csv[0]["name"], pdf, StringComparison.Ordinal);
        Assert.Contains("生成的演示数据", pdf, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Csv_takes_a_byte_order_mark_on_request_and_english_on_request()
    {
        await using var app = PostGis.App(pg.SharedDemo);
        var query = $"/api/reports/unserved-villages?service=mobile&county={County}&asOf=2008-12-31";
        var plain = await DownloadAsync(app, query + "&format=csv", "text/csv");
        var bom = await DownloadAsync(app, query + "&format=csv&bom=true", "text/csv");
        Assert.Equal([0xEF, 0xBB, 0xBF], bom[..3]);
        Assert.Equal(plain, bom[3..]);

        var english = System.Text.Encoding.UTF8.GetString(await DownloadAsync(app, query + "&format=html&lang=en", "text/html"));
        Assert.Contains("<html lang=\"en\">", english, StringComparison.Ordinal);
        Assert.Contains("without mobile", english, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("format=csv", "service")]
    [InlineData("service=ip_backbone", "service")]
    [InlineData("service=telepathy", "service")]
    [InlineData("service=mobile&level=hamlet", "level")]
    [InlineData("service=mobile&county=419999", "county")]
    [InlineData("service=mobile&county=41", "county")]
    [InlineData("service=mobile&county=411702&township=411729100", "township")]
    [InlineData("service=mobile&asOf=2008-13-01", "asOf")]
    [InlineData("service=mobile&format=docx", "format")]
    [InlineData("service=mobile&lang=fr", "lang")]
    [InlineData("service=mobile&format=csv&bom=maybe", "bom")]
    public async Task Bad_parameters_get_a_400_naming_them(string parameters, string field)
    {
        await using var app = PostGis.App(pg.SharedDemo);
        Assert.Contains(field, (await app.CreateClient().GetJsonAsync("/api/reports/unserved-villages?" + parameters, HttpStatusCode.BadRequest)).ErrorFields());
    }

    [Fact]
    public async Task Without_chromium_a_pdf_is_a_503_naming_the_package_and_every_other_format_still_works()
    {
        await using var app = PostGis.App(pg.SharedDemo).WithWebHostBuilder(b => b.UseSetting("Infra:Reports:ChromiumPath", "/nonexistent/chromium"));
        var http = app.CreateClient();
        foreach (var url in new[] { $"/api/reports/unserved-villages?service=broadband&county={County}&format=pdf", "/api/reports/plan-progress?format=pdf" })
        {
            var problem = await http.GetJsonAsync(url, HttpStatusCode.ServiceUnavailable);
            Assert.Contains("'chromium'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        foreach (var format in new[] { "html", "xlsx", "csv", "geojson", "gpkg" })
        {
            var response = await http.GetAsync($"/api/reports/unserved-villages?service=broadband&county={County}&asOf=2006-12-31&format={format}", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.NotEmpty(await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        }
    }

    [Fact]
    public async Task A_list_too_long_to_print_is_refused_before_any_work_with_a_413()
    {
        await using var app = PostGis.App(pg.SharedDemo).WithWebHostBuilder(b => b.UseSetting("Infra:Reports:MaxPdfRows", "10"));
        var problem = await app.CreateClient().GetJsonAsync("/api/reports/unserved-villages?service=broadband&level=natural&asOf=2006-12-31&format=pdf",
            HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("format", problem.ErrorFields());
    }
}
