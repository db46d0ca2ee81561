using System.Net;
using System.Text.Json;
using Infra.Api.Data;
using Infra.Domain.Assets;
using Infra.Domain.Geo;
using Infra.Geodata;
using Microsoft.Extensions.DependencyInjection;

namespace Infra.Api.Tests.Coverage;

public class CoverageApiTests(PostGis pg)
{
    private static JsonElement Tally(JsonElement region, string service, string group) =>
        region.GetProperty("services").GetProperty(service).GetProperty(group);

    [Fact]
    public async Task The_baseline_of_2005_comes_out_of_the_api_as_the_plan_states_it()
    {
        await using var app = PostGis.App(pg.SharedDemo);
        var city = (await app.CreateClient().GetJsonAsync("/api/coverage?level=city&asOf=2005-12-31")).GetProperty("regions")[0];

        Assert.Equal(1.0, Tally(city, "phone", "administrative").GetProperty("share").GetDouble());
        Assert.InRange(Tally(city, "phone", "natural").GetProperty("share").GetDouble(), 0.98, 0.995);
        Assert.InRange(Tally(city, "radio", "populated").GetProperty("populationShare").GetDouble(), 0.965, 0.975);
        Assert.InRange(Tally(city, "tv", "populated").GetProperty("populationShare").GetDouble(), 0.945, 0.955);
        Assert.Equal(8_352_800, Tally(city, "radio", "populated").GetProperty("population").GetInt64());
        Assert.Equal(2413, Tally(city, "broadband", "administrative").GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task Counties_and_townships_add_up_to_the_city_and_the_date_is_honoured()
    {
        await using var app = PostGis.App(pg.SharedDemo);
        var http = app.CreateClient();
        foreach (var asOf in new[] { "2005-12-31", "2008-12-31" })
        {
            var city = Tally((await http.GetJsonAsync($"/api/coverage?level=city&service=broadband&asOf={asOf}")).GetProperty("regions")[0], "broadband", "administrative");
            var counties = (await http.GetJsonAsync($"/api/coverage?level=county&service=broadband&asOf={asOf}")).GetProperty("regions");
            var townships = (await http.GetJsonAsync($"/api/coverage?level=township&service=broadband&asOf={asOf}")).GetProperty("regions");
            Assert.Equal(10, counties.GetArrayLength());
            Assert.Equal(203, townships.GetArrayLength());
            foreach (var field in new[] { "count", "served", "population", "populationServed" })
            {
                Assert.Equal(city.GetProperty(field).GetInt64(), counties.EnumerateArray().Sum(c => Tally(c, "broadband", "administrative").GetProperty(field).GetInt64()));
                Assert.Equal(city.GetProperty(field).GetInt64(), townships.EnumerateArray().Sum(c => Tally(c, "broadband", "administrative").GetProperty(field).GetInt64()));
            }
        }

        var before = Tally((await http.GetJsonAsync("/api/coverage?service=broadband&asOf=2005-12-31")).GetProperty("regions")[0], "broadband", "administrative");
        var after = Tally((await http.GetJsonAsync("/api/coverage?service=broadband&asOf=2008-12-31")).GetProperty("regions")[0], "broadband", "administrative");
        Assert.True(after.GetProperty("served").GetInt32() > before.GetProperty("served").GetInt32() + 1000);

        var one = (await http.GetJsonAsync("/api/coverage?level=township&county=411729&service=mobile")).GetProperty("regions");
        Assert.All(one.EnumerateArray(), t => Assert.Equal("411729", t.GetProperty("parentCode").GetString()));
    }

    [Fact]
    public async Task A_carrier_filter_counts_only_that_carriers_network()
    {
        await using var app = PostGis.App(pg.SharedDemo);
        var http = app.CreateClient();
        double Served(JsonElement page) => Tally(page.GetProperty("regions")[0], "mobile", "administrative").GetProperty("served").GetDouble();
        var all = Served(await http.GetJsonAsync("/api/coverage?service=mobile&asOf=2008-12-31"));
        var cmcc = Served(await http.GetJsonAsync("/api/coverage?service=mobile&asOf=2008-12-31&carrier=cmcc"));
        var telecom = Served(await http.GetJsonAsync("/api/coverage?service=mobile&asOf=2008-06-30&carrier=ct"));
        Assert.InRange(cmcc, 1, all - 1);
        Assert.Equal(0, telecom);
    }

    [Theory]
    [InlineData("/api/coverage?level=province", "level")]
    [InlineData("/api/coverage?service=telepathy", "service")]
    [InlineData("/api/coverage?asOf=31/12/2005", "asOf")]
    [InlineData("/api/coverage?county=41", "county")]
    [InlineData("/api/coverage?carrier=att", "carrier")]
    [InlineData("/api/villages/411702001201/services?asOf=someday", "asOf")]
    [InlineData("/api/plans/1/progress?asOf=2008-02-30", "asOf")]
    public async Task Bad_parameters_get_a_400_naming_them(string url, string field)
    {
        await using var app = PostGis.App(pg.SharedDemo);
        Assert.Contains(field, (await app.CreateClient().GetJsonAsync(url, HttpStatusCode.BadRequest)).ErrorFields());
    }

    [Fact]
    public async Task A_village_explains_every_status_with_sources_and_candidates()
    {
        var coverage = await DomainCoverage(new DateOnly(2005, 12, 31));
        var served = coverage.Villages.Select((v, i) => (v, i)).First(x => x.v.Kind == Domain.Regions.VillageKind.Administrative &&
            coverage.IsServed(x.i, Domain.Plans.Service.Mobile) && !coverage.IsServed(x.i, Domain.Plans.Service.Broadband)).v;

        await using var app = PostGis.App(pg.SharedDemo);
        var body = await app.CreateClient().GetJsonAsync($"/api/villages/{served.Code}/services?asOf=2005-12-31");
        Assert.Equal(served.Name, body.GetProperty("village").GetProperty("name").GetString());
        var services = body.GetProperty("services").EnumerateArray().ToDictionary(s => s.GetProperty("service").GetString()!);
        Assert.Equal(6, services.Count);

        var mobile = services["mobile"];
        Assert.True(mobile.GetProperty("served").GetBoolean());
        var source = mobile.GetProperty("sources")[0];
        Assert.Equal("base_station", source.GetProperty("basis").GetString());
        var station = pg.Demo.BaseStations.Single(s => s.Code == source.GetProperty("code").GetString());
        Assert.InRange(source.GetProperty("distanceM").GetDouble(), 0, Domain.Coverage.CoverageRules.MaxRadiusM(station, Domain.Coverage.CoverageOptions.Default));

        var broadband = services["broadband"];
        Assert.False(broadband.GetProperty("served").GetBoolean());
        Assert.Empty(broadband.GetProperty("sources").EnumerateArray());
        var candidate = broadband.GetProperty("candidates")[0];
        Assert.NotEmpty(candidate.GetProperty("reasons").EnumerateArray());
        Assert.True(candidate.GetProperty("distanceM").GetDouble() > 0);
        Assert.True(broadband.GetProperty("nearestFiber").GetProperty("distanceM").GetDouble() >= 0);

        await app.CreateClient().GetJsonAsync("/api/villages/411799999999/services", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_new_station_announced_by_the_write_path_changes_coverage_at_once()
    {
        var ct = TestContext.Current.CancellationToken;
        var cs = await pg.NewDatabaseAsync(withDemo: true);
        var asOf = new DateOnly(2008, 12, 31);
        var coverage = await DomainCoverage(asOf);
        var gap = coverage.Villages.Select((v, i) => (v, i)).First(x => x.v.Kind == Domain.Regions.VillageKind.Administrative &&
            !coverage.IsServed(x.i, Domain.Plans.Service.Mobile)).v;

        await using var app = PostGis.App(cs);
        var http = app.CreateClient();
        var url = $"/api/villages/{gap.Code}/services?asOf=2008-12-31&service=mobile";
        Assert.False((await http.GetJsonAsync(url)).GetProperty("services")[0].GetProperty("served").GetBoolean());

        var system = new Actor();
        system.AsSystem();
        BaseStation added;
        await using (var db = PostGis.Context(cs, system))
        {
            added = new BaseStation(Carriers.Mobile.Id, "TEST-GAP", "test", Lifecycle.InServiceSince(new DateOnly(2008, 6, 1)),
                Wgs84.Point(gap.Location.X, gap.Location.Y), RadioTechnology.Gsm, 3_000, null, 30);
            db.BaseStations.Add(added);
            await db.SaveChangesAsync(ct);
        }

        app.Services.GetRequiredService<AssetChanges>().Publish([new AssetChange("base-stations", added.Id, null, added.Location.EnvelopeInternal, 3_000)]);
        var after = (await http.GetJsonAsync(url)).GetProperty("services")[0];
        Assert.True(after.GetProperty("served").GetBoolean());
        Assert.Contains(after.GetProperty("sources").EnumerateArray(), s => s.GetProperty("code").GetString() == "TEST-GAP");
        var beforeCommissioning = (await http.GetJsonAsync($"/api/villages/{gap.Code}/services?asOf=2008-05-31&service=mobile")).GetProperty("services")[0];
        Assert.DoesNotContain(beforeCommissioning.GetProperty("sources").EnumerateArray(), s => s.GetProperty("code").GetString() == "TEST-GAP");
    }

    private Task<Domain.Coverage.CoverageResult> DomainCoverage(DateOnly asOf) =>
        Task.FromResult(Domain.Coverage.CoverageEngine.Evaluate(pg.Demo.ToCoverageInput(), asOf, Domain.Coverage.CoverageOptions.Default));
}
