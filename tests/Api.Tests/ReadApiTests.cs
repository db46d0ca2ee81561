using System.Net;
using System.Text.Json;
using Infra.Api.Data;
using Infra.Domain.Assets;
using Infra.Domain.Geo;
using Infra.Geodata;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Infra.Api.Tests;

public class ReadApiTests(PostGis pg)
{
    [Fact]
    public async Task Counties_come_back_as_a_geojson_feature_collection()
    {
        await using var app = PostGis.App(pg.SharedDemo);
        var http = app.CreateClient();
        var response = await http.GetAsync("/api/counties", TestContext.Current.CancellationToken);
        Assert.Equal("application/geo+json", response.Content.Headers.ContentType?.MediaType);
        var page = await response.ReadJsonAsync();

        Assert.Equal("FeatureCollection", page.GetProperty("type").GetString());
        Assert.Equal(10, page.GetProperty("numberMatched").GetInt32());
        var first = page.GetProperty("features")[0];
        Assert.Equal("Feature", first.GetProperty("type").GetString());
        Assert.Equal("MultiPolygon", first.GetProperty("geometry").GetProperty("type").GetString());
        Assert.Equal("411702", first.GetProperty("properties").GetProperty("code").GetString());
        Assert.Equal("驿城区", first.GetProperty("properties").GetProperty("name").GetString());
        var total = page.GetProperty("features").EnumerateArray().Sum(f => f.GetProperty("properties").GetProperty("population").GetInt64());
        Assert.Equal(8_352_800, total);
    }

    [Fact]
    public async Task Pages_follow_next_links_that_keep_the_filters()
    {
        await using var app = PostGis.App(pg.SharedDemo);
        var http = app.CreateClient();
        var page = await http.GetJsonAsync("/api/villages?kind=admin&limit=1000");
        Assert.Equal(2413, page.GetProperty("numberMatched").GetInt32());
        Assert.Equal(1000, page.GetProperty("numberReturned").GetInt32());

        var seen = new HashSet<string>();
        var pages = 0;
        while (true)
        {
            pages++;
            foreach (var f in page.GetProperty("features").EnumerateArray())
            {
                Assert.Equal("administrative", f.GetProperty("properties").GetProperty("kind").GetString());
                Assert.True(seen.Add(f.GetProperty("id").GetString()!));
            }

            var next = Link(page, "next");
            if (next is null)
            {
                break;
            }

            Assert.Contains("kind=admin", next);
            page = await http.GetJsonAsync(new Uri(next).PathAndQuery);
        }

        Assert.Equal(3, pages);
        Assert.Equal(2413, seen.Count);
    }

    [Fact]
    public async Task Bbox_returns_exactly_the_villages_inside_it()
    {
        var ct = TestContext.Current.CancellationToken;
        const string box = "113.9,32.9,114.1,33.0";
        await using var app = PostGis.App(pg.SharedDemo);
        var page = await app.CreateClient().GetJsonAsync($"/api/villages?bbox={box}&limit=10000");
        foreach (var f in page.GetProperty("features").EnumerateArray())
        {
            var c = f.GetProperty("geometry").GetProperty("coordinates");
            Assert.InRange(c[0].GetDouble(), 113.9, 114.1);
            Assert.InRange(c[1].GetDouble(), 32.9, 33.0);
        }

        await using var conn = new NpgsqlConnection(pg.SharedDemo);
        await conn.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand("SELECT count(*) FROM villages WHERE location && ST_MakeEnvelope(113.9, 32.9, 114.1, 33.0, 4326)", conn);
        var expected = (long)(await cmd.ExecuteScalarAsync(ct))!;
        Assert.True(expected > 10);
        Assert.Equal(expected, page.GetProperty("numberMatched").GetInt64());
    }

    [Theory]
    [InlineData("/api/villages?limit=0", "limit")]
    [InlineData("/api/villages?limit=10001", "limit")]
    [InlineData("/api/villages?offset=-1", "offset")]
    [InlineData("/api/villages?bbox=1,2,3", "bbox")]
    [InlineData("/api/villages?bbox=32.9,113.9,33.0,114.1", "bbox")]
    [InlineData("/api/villages?bbox=114,33,113,32", "bbox")]
    [InlineData("/api/villages?kind=hamlet", "kind")]
    [InlineData("/api/townships?county=4117", "county")]
    [InlineData("/api/base-stations?datetime=yesterday", "datetime")]
    [InlineData("/api/base-stations?datetime=2005-01-01/2006-01-01", "datetime")]
    [InlineData("/api/base-stations?carrier=vodafone", "carrier")]
    [InlineData("/api/base-stations?status=broken", "status")]
    [InlineData("/api/service-filings?service=telegraph", "service")]
    [InlineData("/api/network/totals?asOf=2005-13-01", "asOf")]
    public async Task Bad_filters_get_a_400_naming_the_parameter(string url, string field)
    {
        await using var app = PostGis.App(pg.SharedDemo);
        var problem = await app.CreateClient().GetJsonAsync(url, HttpStatusCode.BadRequest);
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Contains(field, problem.ErrorFields());
    }

    [Fact]
    public async Task Datetime_status_and_carrier_filter_assets_by_their_lifecycle()
    {
        var ct = TestContext.Current.CancellationToken;
        var cs = await pg.NewDatabaseAsync(withDemo: false);
        var system = new Actor();
        system.AsSystem();
        await using (var db = PostGis.Context(cs, system))
        {
            db.Carriers.AddRange(Carriers.All);
            var p = Wgs84.Point(114, 33);
            db.BaseStations.AddRange(
                new BaseStation(3, "old", null, new Lifecycle(null, null, new(2003, 1, 1), new(2006, 6, 30)), p, RadioTechnology.Gsm, 5000, null, null),
                new BaseStation(3, "steady", null, Lifecycle.InServiceSince(new(2005, 12, 31)), p, RadioTechnology.Gsm, 5000, null, null),
                new BaseStation(4, "unicom", null, Lifecycle.InServiceSince(new(2004, 5, 1)), p, RadioTechnology.Cdma, 5000, null, null),
                new BaseStation(3, "building", null, new Lifecycle(new(2005, 6, 1), new(2006, 1, 1), new(2007, 3, 1), null), p, RadioTechnology.Gsm, 5000, null, null),
                new BaseStation(3, "paper", null, new Lifecycle(new(2008, 1, 1), null, null, null), p, RadioTechnology.Gsm, 5000, null, null));
            await db.SaveChangesAsync(ct);
        }

        await using var app = PostGis.App(cs);
        var http = app.CreateClient();
        async Task<string[]> Codes(string query) =>
            (await http.GetJsonAsync($"/api/base-stations?{query}")).GetProperty("features").EnumerateArray()
                .Select(f => f.GetProperty("properties").GetProperty("code").GetString()!).Order().ToArray();

        Assert.Equal(["building", "old", "steady", "unicom"], await Codes("datetime=2005-12-31"));
        Assert.Equal(["old", "steady", "unicom"], await Codes("datetime=2005-12-31&status=in_service"));
        Assert.Equal(["unicom"], await Codes("datetime=2005-12-30&status=in_service&carrier=cu"));
        Assert.Equal(["building"], await Codes("datetime=2006-01-01&status=under_construction"));
        Assert.Equal(["building"], await Codes("datetime=2005-06-01&status=planned"));
        Assert.Equal(["old"], await Codes("datetime=2006-06-30&status=retired"));
        Assert.Equal(["building", "steady", "unicom"], await Codes("datetime=2006-06-30"));
        Assert.Equal(["building", "old", "paper", "steady", "unicom"], await Codes(""));
        Assert.Equal(["building", "paper", "steady", "unicom"], await Codes("datetime=2008-01-01T08:00:00Z"));

        var feature = (await http.GetJsonAsync("/api/base-stations?datetime=2006-02-01&carrier=cmcc")).GetProperty("features")
            .EnumerateArray().Single(f => f.GetProperty("properties").GetProperty("code").GetString() == "building");
        Assert.Equal("under_construction", feature.GetProperty("properties").GetProperty("status").GetString());
        Assert.Equal("gsm", feature.GetProperty("properties").GetProperty("technology").GetString());
        Assert.Equal("2007-03-01", feature.GetProperty("properties").GetProperty("commissionedOn").GetString());
    }

    [Fact]
    public async Task One_record_comes_with_an_etag()
    {
        var ct = TestContext.Current.CancellationToken;
        var cs = await pg.NewDatabaseAsync(withDemo: true);
        long id;
        var system = new Actor();
        system.AsSystem();
        await using (var db = PostGis.Context(cs, system))
        {
            var route = new FiberRoute(1, "fr-1", "test", Lifecycle.InServiceSince(new(2005, 1, 1)),
                Wgs84.Factory.CreateLineString([new(114.0, 33.0), new(114.1, 33.0), new(114.1, 33.1)]), 24, FiberLaying.Aerial, FiberTier.Access, 20_000);
            db.FiberRoutes.Add(route);
            await db.SaveChangesAsync(ct);
            id = route.Id;
        }

        await using var app = PostGis.App(cs);
        var response = await app.CreateClient().GetAsync($"/api/fiber-routes/{id}", ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches("^\"[0-9]+\"$", response.Headers.ETag!.Tag);
        var props = (await response.ReadJsonAsync()).GetProperty("properties");
        var expected = Geodesic.DistanceM(114.0, 33.0, 114.1, 33.0) + Geodesic.DistanceM(114.1, 33.0, 114.1, 33.1);
        Assert.Equal(expected, props.GetProperty("lengthM").GetDouble(), 0.01);
        Assert.Equal(20_000, props.GetProperty("declaredLengthM").GetDouble());

        await app.CreateClient().GetJsonAsync("/api/fiber-routes/999999", HttpStatusCode.NotFound);
    }

    private static string? Link(JsonElement page, string rel) =>
        page.GetProperty("links").EnumerateArray().Where(l => l.GetProperty("rel").GetString() == rel)
            .Select(l => l.GetProperty("href").GetString()).FirstOrDefault();
}
