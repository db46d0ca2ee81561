using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Infra.Api.Auth;

namespace Infra.Api.Tests.Plans;

public class PlanWritesTests(PostGis pg)
{
    private async Task<(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> App, HttpClient Planner, HttpClient Carrier)> SetUpAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        var cs = await pg.NewDatabaseAsync(withDemo: true);
        string planner, carrier;
        await using (var db = PostGis.Context(cs))
        {
            planner = (await ApiKeys.CreateAsync(db, "planner", "office", TimeProvider.System, ct)).Key;
            carrier = (await ApiKeys.CreateAsync(db, "carrier:cmcc", "cmcc", TimeProvider.System, ct)).Key;
        }

        var app = PostGis.App(cs);
        HttpClient Client(string key)
        {
            var http = app.CreateClient();
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            return http;
        }

        return (app, Client(planner), Client(carrier));
    }

    [Fact]
    public async Task A_planner_writes_a_plan_with_targets_and_reads_its_progress()
    {
        var ct = TestContext.Current.CancellationToken;
        var (app, planner, _) = await SetUpAsync();
        await using var _ = app;
        var created = await planner.PostAsJsonAsync("/api/plans", new
        {
            code = "cmcc-2008", name = "移动2008年农村建设", nameEn = "China Mobile rural build 2008", regionCode = "411700",
            periodStart = "2008-01-01", periodEnd = "2008-12-31",
        }, ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.ReadJsonAsync()).GetProperty("id").GetInt32();

        var target = await planner.PostAsJsonAsync($"/api/plans/{id}/targets", new
        {
            code = "rural-gsm", name = "农村GSM基站", nameEn = "Rural GSM stations", metric = "new_asset_count",
            filter = new { assetKind = "base_station", carriers = new[] { "cmcc" }, technologies = new[] { "gsm" }, ruralOnly = true },
            periodStart = "2008-01-01", periodEnd = "2008-12-31", goal = 40, unit = "stations",
        }, ct);
        Assert.Equal(HttpStatusCode.Created, target.StatusCode);

        var progress = await planner.GetJsonAsync($"/api/plans/{id}/progress?asOf=2008-12-31");
        var value = progress.GetProperty("targets")[0].GetProperty("value").GetDouble();
        Assert.InRange(value, 1, 200);
        var early = await planner.GetJsonAsync($"/api/plans/{id}/progress?asOf=2007-12-31");
        Assert.Equal(0, early.GetProperty("targets")[0].GetProperty("value").GetDouble());

        var replaced = await planner.PutAsJsonAsync($"/api/plans/{id}/targets/rural-gsm", new
        {
            name = "农村GSM基站", metric = "new_asset_count", filter = new { assetKind = "base_station", carriers = new[] { "cmcc" } },
            periodStart = "2008-01-01", periodEnd = "2008-12-31", goal = 50, unit = "stations",
        }, ct);
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.Equal(50, (await replaced.ReadJsonAsync()).GetProperty("targets")[0].GetProperty("goal").GetDouble());

        Assert.Equal(HttpStatusCode.OK, (await planner.DeleteAsync($"/api/plans/{id}/targets/rural-gsm", ct)).StatusCode);
        Assert.Equal(0, (await planner.GetJsonAsync($"/api/plans/{id}")).GetProperty("targets").GetArrayLength());
    }

    [Fact]
    public async Task Only_planners_and_admins_write_plans()
    {
        var ct = TestContext.Current.CancellationToken;
        var (app, _, carrier) = await SetUpAsync();
        await using var _ = app;
        var body = new { code = "x", name = "x", regionCode = "411700", periodStart = "2008-01-01", periodEnd = "2008-12-31" };
        Assert.Equal(HttpStatusCode.Forbidden, (await carrier.PostAsJsonAsync("/api/plans", body, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().PostAsJsonAsync("/api/plans", body, ct)).StatusCode);
    }

    public static TheoryData<object, string> BadTargets => new()
    {
        { new { code = "t", name = "t", metric = "new_asset_count", periodStart = "2006-01-01", periodEnd = "2007-12-31", goal = 98, unit = "x" }, "filter.assetKind" },
        { new { code = "t", name = "t", metric = "lots", periodEnd = "2007-12-31", goal = 98, unit = "x" }, "metric" },
        { new { code = "t", name = "t", metric = "village_share", filter = new { service = "broadband", villageKind = "administrative" }, periodEnd = "2010-12-31", goal = 120, unit = "%" }, "goal" },
        { new { code = "t", name = "t", metric = "village_share", filter = new { service = "broadband" }, periodEnd = "2010-12-31", goal = 100, unit = "%" }, "filter.villageKind" },
        { new { code = "t", name = "t", metric = "new_fiber_km", filter = new { carriers = new[] { "nobody" } }, periodStart = "2006-01-01", periodEnd = "2007-12-31", goal = 1400, unit = "km" }, "filter.carriers" },
        { new { code = "t", name = "t", metric = "new_asset_count", filter = new { assetKind = "base_station", technologies = new[] { "5g" } }, periodStart = "2006-01-01", periodEnd = "2007-12-31", goal = 1, unit = "x" }, "filter.technologies" },
        { new { code = "t", name = "t", metric = "new_fiber_km", periodStart = "2008-01-01", periodEnd = "2007-12-31", goal = 1, unit = "km" }, "periodEnd" },
        { new { code = "t", name = "t", metric = "capacity_total", filter = new { nodeKinds = new[] { "msc" } }, periodStart = "2006-01-01", periodEnd = "not a date", goal = 1, unit = "lines" }, "periodEnd" },
        { new { code = "bad code!", name = "t", metric = "new_fiber_km", periodStart = "2006-01-01", periodEnd = "2007-12-31", goal = 1, unit = "km" }, "code" },
    };

    [Theory]
    [MemberData(nameof(BadTargets))]
    public async Task A_bad_target_spec_gets_a_400_that_says_why(object spec, string field)
    {
        var ct = TestContext.Current.CancellationToken;
        var (app, planner, _) = await SetUpAsync();
        await using var _ = app;
        var response = await planner.PostAsJsonAsync("/api/plans/1/targets", spec, ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadJsonAsync();
        Assert.Contains(field, problem.ErrorFields());
        Assert.Equal(13, (await planner.GetJsonAsync("/api/plans/1")).GetProperty("targets").GetArrayLength());
    }
}
