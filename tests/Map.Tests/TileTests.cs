using System.Net;
using Infra.Api.Auth;
using Infra.Api.Data;
using Infra.Domain.Assets;
using Infra.Domain.Coverage;
using Infra.Domain.Geo;
using Infra.Map.Rendering;
using Infra.Map.Tiles;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Infra.Map.Tests;

public class TileTests(PostGis pg)
{
    private static readonly (int X, int Y) CityAtZ8 = TileMath.TileAt(114.15, 32.95, 8);

    [Fact]
    public async Task A_county_tile_holds_every_county_with_its_coverage_shares_and_label_points()
    {
        await using var app = PostGis.App(pg.SharedDemo);
        var http = app.CreateClient();
        var codes = new HashSet<string>();
        var (x0, y0) = TileMath.TileAt(113.09, 33.53, 8);
        var (x1, y1) = TileMath.TileAt(115.21, 32.28, 8);
        foreach (var (x, y) in Enumerable.Range(x0, x1 - x0 + 1).SelectMany(x => Enumerable.Range(y0, y1 - y0 + 1).Select(y => (x, y))))
        {
            var (response, bytes) = await http.GetTileAsync($"/tiles/counties/8/{x}/{y}.pbf?asOf=2010-12-31");
            if (response.StatusCode == HttpStatusCode.NoContent)
            {
                continue;
            }

            Assert.Equal(TilesApi.MvtType, response.Content.Headers.ContentType?.MediaType);
            foreach (var f in Tiles.Layer(bytes, "counties").Features)
            {
                codes.Add(f.Text("code")!);
                Assert.Equal(MvtGeometryType.Polygon, f.Type);
                Assert.InRange(f.Number("broadband")!.Value, 0, 1);
                Assert.InRange(f.Number("mobile")!.Value, 0, 1);
            }
        }

        Assert.Equal(10, codes.Count);
        var (_, first) = await http.GetTileAsync($"/tiles/counties/8/{CityAtZ8.X}/{CityAtZ8.Y}.pbf?asOf=2010-12-31");
        Assert.Contains(Tiles.Layer(first, "counties-label").Features, f => f.Text("name")!.EndsWith('区') || f.Text("name")!.EndsWith('县'));
    }

    [Fact]
    public async Task Shares_in_tiles_grow_with_the_date_and_match_the_coverage_engine()
    {
        await using var app = PostGis.App(pg.SharedDemo);
        var http = app.CreateClient();
        var source = app.Services.GetRequiredService<IMapSource>();
        async Task<double> Yicheng(string date)
        {
            var (_, bytes) = await http.GetTileAsync($"/tiles/counties/8/{CityAtZ8.X}/{CityAtZ8.Y}.pbf?asOf={date}");
            return Tiles.Layer(bytes, "counties").Features.Single(f => f.Text("code") == "411702").Number("broadband")!.Value;
        }

        var early = await Yicheng("2005-12-31");
        var late = await Yicheng("2010-12-31");
        Assert.True(late > early, $"broadband share should grow from 2005 ({early}) to 2010 ({late})");
        var summary = (await source.CoverageAsync(new DateOnly(2010, 12, 31), TestContext.Current.CancellationToken)).Summary;
        Assert.Equal(summary.Counties["411702"][Domain.Plans.Service.Broadband, PlaceGroup.Administrative].Share!.Value, late, 6);
    }

    [Fact]
    public async Task Village_tiles_say_which_villages_are_served_as_the_engine_does()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = PostGis.App(pg.SharedDemo);
        var http = app.CreateClient();
        var coverage = await app.Services.GetRequiredService<IMapSource>().CoverageAsync(new DateOnly(2008, 6, 30), ct);
        var village = coverage.Result.Villages.First(v => v.Kind == Domain.Regions.VillageKind.Administrative);
        var (x, y) = TileMath.TileAt(village.Location.X, village.Location.Y, 12);
        var (_, bytes) = await http.GetTileAsync($"/tiles/villages/12/{x}/{y}.pbf?asOf=2008-06-30");
        var features = Tiles.Layer(bytes, "villages").Features;
        Assert.Contains(features, f => f.Text("kind") == "natural");
        foreach (var f in features)
        {
            var v = coverage.Result.IndexOf(f.Text("code")!);
            Assert.Equal(coverage.Result.IsServed(v, Domain.Plans.Service.Broadband), f.Flag("broadband"));
            Assert.Equal(coverage.Result.IsServed(v, Domain.Plans.Service.Mobile), f.Flag("mobile"));
        }

        Assert.Contains(features, f => f.Text("code") == village.Code);
    }

    [Fact]
    public async Task An_empty_tile_is_204_and_a_repeated_request_with_the_etag_is_304()
    {
        await using var app = PostGis.App(pg.SharedDemo);
        var http = app.CreateClient();
        var (empty, _) = await http.GetTileAsync("/tiles/base-stations/10/0/0.pbf");
        Assert.Equal(HttpStatusCode.NoContent, empty.StatusCode);

        var url = $"/tiles/fiber-routes/8/{CityAtZ8.X}/{CityAtZ8.Y}.pbf?asOf=2009-01-01";
        var (first, bytes) = await http.GetTileAsync(url);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.NotEmpty(Tiles.Layer(bytes, "fiber-routes").Features);
        var etag = first.Headers.ETag!;
        Assert.False(etag.IsWeak);
        Assert.Contains("max-age", first.Headers.CacheControl!.ToString());

        var (again, body) = await http.GetTileAsync(url, etag.Tag);
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Empty(body);
        Assert.Equal("hit", again.Header("X-Tile-Cache"));
    }

    [Theory]
    [InlineData("/tiles/roads/8/1/1.pbf", HttpStatusCode.NotFound, null)]
    [InlineData("/tiles/counties/8/999/1.pbf", HttpStatusCode.BadRequest, "z")]
    [InlineData("/tiles/counties/8/1/1.pbf?asOf=2005-13-40", HttpStatusCode.BadRequest, "asOf")]
    [InlineData("/tiles/roads.json", HttpStatusCode.NotFound, null)]
    public async Task Bad_tile_requests_get_a_problem(string url, HttpStatusCode status, string? field)
    {
        await using var app = PostGis.App(pg.SharedDemo);
        var problem = await app.CreateClient().GetJsonAsync(url, status);
        if (field is not null)
        {
            Assert.Contains(field, problem.ErrorFields());
        }
    }

    [Fact]
    public async Task A_bad_key_is_refused_on_tiles_too_although_tiles_skip_the_pipeline()
    {
        await using var app = PostGis.App(pg.SharedDemo);
        var http = app.CreateClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "infra_not-a-real-key");
        var response = await http.GetAsync($"/tiles/counties/8/{CityAtZ8.X}/{CityAtZ8.Y}.pbf", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Tilejson_describes_each_layer_and_points_at_its_tiles()
    {
        await using var app = PostGis.App(pg.SharedDemo);
        var http = app.CreateClient();
        var index = await http.GetJsonAsync("/tiles/");
        Assert.Equal(TileLayers.All.Count, index.GetArrayLength());
        var json = await http.GetJsonAsync("/tiles/base-stations.json?asOf=2007-06-30");
        Assert.Equal("3.0.0", json.GetProperty("tilejson").GetString());
        Assert.EndsWith("/tiles/base-stations/{z}/{x}/{y}.pbf?asOf=2007-06-30", json.GetProperty("tiles")[0].GetString());
        Assert.Contains("generated demo data", json.GetProperty("attribution").GetString());
        var layers = json.GetProperty("vector_layers").EnumerateArray().Select(l => l.GetProperty("id").GetString()).ToList();
        Assert.Equal(["base-stations", "footprints"], layers);

        // The bounds are the counties' extent with a margin (the demo's: 113.10–115.13 E, 32.39–33.52 N); the center shows them whole.
        Assert.Equal([113.0, 32.3, 115.2, 33.6], json.GetProperty("bounds").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal([114.1, 32.95, 8], json.GetProperty("center").EnumerateArray().Select(v => v.GetDouble()));
    }

    [Fact]
    public async Task Tilejson_bounds_come_from_the_regions_loaded()
    {
        await using var app = PostGis.App(await pg.NewDatabaseAsync(withDemo: false));
        var http = app.CreateClient();
        var json = await http.GetJsonAsync("/tiles/counties.json");
        Assert.Equal(MapExtent.World, json.GetProperty("bounds").EnumerateArray().Select(v => v.GetDouble()));
        var region = await http.GetJsonAsync("/api/maps/region");
        Assert.Equal(("全区域", "Whole region"), (region.GetProperty("name").GetString(), region.GetProperty("nameEn").GetString()));
    }

    [Fact]
    public async Task The_region_the_viewer_opens_on_is_the_data_sets()
    {
        await using var app = PostGis.App(pg.SharedDemo);
        var region = await app.CreateClient().GetJsonAsync("/api/maps/region");
        Assert.Equal(("驻马店市", "Zhumadian"), (region.GetProperty("name").GetString(), region.GetProperty("nameEn").GetString()));
        Assert.Equal([113.0, 32.3, 115.2, 33.6], region.GetProperty("bounds").EnumerateArray().Select(v => v.GetDouble()));
        Assert.True(region.GetProperty("isDemo").GetBoolean());
    }

    [Fact]
    public async Task Editing_a_station_gives_its_tiles_new_etags_and_leaves_tiles_elsewhere_cached()
    {
        var ct = TestContext.Current.CancellationToken;
        var cs = await pg.NewDatabaseAsync(withDemo: true);
        var system = new Actor();
        system.AsSystem();
        await using var app = PostGis.App(cs);
        var http = app.CreateClient();
        BaseStation station;
        await using (var db = PostGis.Context(cs, system))
        {
            station = await db.BaseStations.AsNoTracking()
                .Where(s => s.Lifecycle.CommissionedOn <= new DateOnly(2009, 1, 1) && s.Lifecycle.RetiredOn == null && s.OmniRadiusM != null)
                .OrderBy(s => s.Id).FirstAsync(ct);
        }

        var (x, y) = TileMath.TileAt(station.Location.X, station.Location.Y, 12);
        var here = $"/tiles/base-stations/12/{x}/{y}.pbf?asOf=2009-01-01";
        var villagesHere = $"/tiles/villages/12/{x}/{y}.pbf?asOf=2009-01-01";
        var farX = station.Location.X < 114.1 ? 115.0 : 113.4;
        var (fx, fy) = TileMath.TileAt(farX, 32.75, 12);
        var elsewhere = $"/tiles/base-stations/12/{fx}/{fy}.pbf?asOf=2009-01-01";
        var villagesElsewhere = $"/tiles/villages/12/{fx}/{fy}.pbf?asOf=2009-01-01";

        var before = new Dictionary<string, string?>();
        foreach (var url in new[] { here, villagesHere, elsewhere, villagesElsewhere })
        {
            var (r, _) = await http.GetTileAsync(url);
            before[url] = r.Headers.ETag?.Tag;
        }

        Assert.All(before.Values, Assert.NotNull);

        var oldRadius = station.OmniRadiusM!.Value;
        var newRadius = oldRadius + 3_000;
        await using (var db = PostGis.Context(cs, system))
        {
            var tracked = await db.BaseStations.SingleAsync(s => s.Id == station.Id, ct);
            tracked.SetFootprint(newRadius, null);
            await db.SaveChangesAsync(ct);
        }

        app.Services.GetRequiredService<AssetChanges>().Publish([new AssetChange("base-stations", station.Id, station.Location.EnvelopeInternal, station.Location.EnvelopeInternal, newRadius)]);

        var (changed, bytes) = await http.GetTileAsync(here);
        Assert.Equal("miss", changed.Header("X-Tile-Cache"));
        Assert.NotEqual(before[here], changed.Headers.ETag!.Tag);
        Assert.Contains(Tiles.Layer(bytes, "base-stations").Features, f => f.Id == (ulong)station.Id && f.Number("radius_m") == Math.Round(newRadius));

        var (villages, _) = await http.GetTileAsync(villagesHere);
        Assert.Equal("miss", villages.Header("X-Tile-Cache"));

        foreach (var url in new[] { elsewhere, villagesElsewhere })
        {
            var (kept, _) = await http.GetTileAsync(url);
            Assert.Equal("hit", kept.Header("X-Tile-Cache"));
            Assert.Equal(before[url], kept.Headers.ETag!.Tag);
        }
    }

    [Fact]
    public async Task Importing_routes_through_the_api_drops_the_tiles_they_cross_and_leaves_tiles_elsewhere_cached()
    {
        var ct = TestContext.Current.CancellationToken;
        var cs = await pg.NewDatabaseAsync(withDemo: true);
        string key;
        await using (var db = PostGis.Context(cs))
        {
            key = (await ApiKeys.CreateAsync(db, "carrier:cu", "map tests", TimeProvider.System, ct)).Key;
        }

        await using var app = PostGis.App(cs);
        var http = app.CreateClient();
        var (x, y) = TileMath.TileAt(114.0300, 32.9800, 12);
        var here = $"/tiles/fiber-routes/12/{x}/{y}.pbf?asOf=2009-01-01";
        var (fx, fy) = TileMath.TileAt(115.0, 32.75, 12);
        var elsewhere = $"/tiles/fiber-routes/12/{fx}/{fy}.pbf?asOf=2009-01-01";
        var (hereBefore, _) = await http.GetTileAsync(here);
        var (elsewhereBefore, _) = await http.GetTileAsync(elsewhere);

        // Forty routes, so the import announces more records than the tile cache tests one by one (it builds a tree past 32).
        var features = string.Join(",", Enumerable.Range(0, 40).Select(i => string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{{\"type\":\"Feature\",\"geometry\":{{\"type\":\"LineString\",\"coordinates\":[[{114.0290 + (i * 0.00002):F6},32.9790],[{114.0310 + (i * 0.00002):F6},32.9810]]}}," +
            $"\"properties\":{{\"code\":\"tile-test-{i}\",\"name\":\"测试光缆 {i}\",\"cores\":24,\"laying\":\"aerial\",\"tier\":\"access\",\"commissionedOn\":\"2008-06-01\"}}}}")));
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        var (status, job) = await http.ImportAsync(app.Services, System.Text.Encoding.UTF8.GetBytes($"{{\"type\":\"FeatureCollection\",\"features\":[{features}]}}"),
            "routes.geojson", ("layer", "fiber-routes"));
        Assert.True(status == HttpStatusCode.OK, job.GetRawText());

        var (changed, bytes) = await http.GetTileAsync(here);
        Assert.Equal("miss", changed.Header("X-Tile-Cache"));
        Assert.NotEqual(hereBefore.Headers.ETag!.Tag, changed.Headers.ETag!.Tag);
        Assert.Equal(40, Tiles.Layer(bytes, "fiber-routes").Features.Count(f => f.Text("code")?.StartsWith("tile-test-", StringComparison.Ordinal) == true));

        var (kept, _) = await http.GetTileAsync(elsewhere);
        Assert.Equal("hit", kept.Header("X-Tile-Cache"));
        Assert.Equal(elsewhereBefore.Headers.ETag?.Tag, kept.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task A_sector_straddling_north_is_drawn_on_both_sides_of_north()
    {
        var ct = TestContext.Current.CancellationToken;
        var cs = await pg.NewDatabaseAsync(withDemo: true);
        var system = new Actor();
        system.AsSystem();
        long id;
        await using (var db = PostGis.Context(cs, system))
        {
            var s = new BaseStation(3, "north-wedge", null, Lifecycle.InServiceSince(new(2005, 1, 1)), Wgs84.Point(114.5, 33.1),
                RadioTechnology.TdScdma, null, [new Sector(350, 60, 4000)], 30);
            db.BaseStations.Add(s);
            await db.SaveChangesAsync(ct);
            id = s.Id;
        }

        await using var app = PostGis.App(cs);
        var (x, y) = TileMath.TileAt(114.5, 33.1, 11);
        var (_, bytes) = await app.CreateClient().GetTileAsync($"/tiles/base-stations/11/{x}/{y}.pbf?asOf=2006-01-01");
        var wedge = Tiles.Layer(bytes, "footprints").Features.Single(f => f.Id == (ulong)id);
        var station = Tiles.Layer(bytes, "base-stations").Features.Single(f => f.Id == (ulong)id).Parts[0][0];
        // Enum values travel in the wire's snake_case in both layers (the tile SQL maps the stored names).
        Assert.Equal("td_scdma", wedge.Text("technology"));
        Assert.Equal("td_scdma", Tiles.Layer(bytes, "base-stations").Features.Single(f => f.Id == (ulong)id).Text("technology"));
        var ring = wedge.Parts.SelectMany(p => p).ToList();
        // Tile y grows southwards: the wedge spans 320°–20°, so it reaches north of the station on both sides of it.
        Assert.Contains(ring, p => p.X < station.X - 20 && p.Y < station.Y - 20);
        Assert.Contains(ring, p => p.X > station.X + 20 && p.Y < station.Y - 20);
        Assert.DoesNotContain(ring, p => p.Y > station.Y + 2);
        var north = ring.Min(p => p.Y);
        var radiusUnits = 4000 / (2 * TileMath.HalfWorldM / (1 << 11) / 4096) / Math.Cos(33.1 * Math.PI / 180);
        Assert.InRange(station.Y - north, radiusUnits * 0.97, radiusUnits * 1.03);
    }
}
