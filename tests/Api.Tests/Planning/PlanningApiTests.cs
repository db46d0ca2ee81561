using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Infra.Api.Auth;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Infra.Api.Tests.Planning;

public class PlanningApiTests(PostGis pg)
{
    private string _connection = "";

    private async Task<(WebApplicationFactory<Program> App, HttpClient Planner)> SetUpAsync()
    {
        string key;
        var cs = await pg.NewDatabaseAsync(withDemo: true);
        await using (var db = PostGis.Context(cs))
        {
            key = (await ApiKeys.CreateAsync(db, "planner", "planning", TimeProvider.System, TestContext.Current.CancellationToken)).Key;
        }

        var app = PostGis.App(cs);
        _connection = cs;
        var http = app.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return (app, http);
    }

    internal static async Task<JsonElement> RunJobAsync(HttpClient http, string url, object body)
    {
        var ct = TestContext.Current.CancellationToken;
        var started = await http.PostAsJsonAsync(url, body, ct);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var id = (await started.ReadJsonAsync()).GetProperty("jobId").GetString();
        for (var i = 0; i < 600; i++)
        {
            var job = await http.GetJsonAsync($"/api/jobs/{id}");
            var status = job.GetProperty("status").GetString();
            if (status is "succeeded" or "failed" or "cancelled")
            {
                Assert.True(status == "succeeded", job.ToString());
                return job.GetProperty("result");
            }

            await Task.Delay(200, ct);
        }

        throw new TimeoutException($"job {id} did not finish");
    }

    [Fact]
    public async Task Siting_proposes_98_rural_sites_for_2005_with_the_bound()
    {
        var (app, http) = await SetUpAsync();
        await using var _ = app;
        var result = await RunJobAsync(http, "/api/planning/station-siting", new { asOf = "2005-12-31" });
        var summary = result.GetProperty("summary");
        Assert.Equal(98, summary.GetProperty("sites").GetInt32());
        Assert.Equal(98, result.GetProperty("sites").GetProperty("features").GetArrayLength());
        Assert.True(summary.GetProperty("newPopulation").GetInt64() > 0);
        Assert.True(summary.GetProperty("upperBound").GetDouble() >= summary.GetProperty("objectiveValue").GetDouble());
        Assert.InRange(summary.GetProperty("provenRatio").GetDouble(), 0.632, 1);
        var first = result.GetProperty("sites").GetProperty("features")[0];
        Assert.Equal("Point", first.GetProperty("geometry").GetProperty("type").GetString());
        Assert.Equal(1, first.GetProperty("properties").GetProperty("rank").GetInt32());
    }

    [Fact]
    public async Task Fiber_extension_reports_the_km_to_connect_every_unserved_village_and_what_1400_km_buys()
    {
        var (app, http) = await SetUpAsync();
        await using var _ = app;
        var result = await RunJobAsync(http, "/api/planning/fiber-extension", new { asOf = "2005-12-31" });
        var summary = result.GetProperty("summary");
        Assert.True(summary.GetProperty("totalKm").GetDouble() > summary.GetProperty("lowerBoundKm").GetDouble());
        Assert.InRange(summary.GetProperty("budgetUsedKm").GetDouble(), 1, 1400);
        Assert.InRange(summary.GetProperty("shareWithinBudget").GetDouble(), 0.01, 0.99);
        Assert.Equal(10, summary.GetProperty("kmByCounty").EnumerateObject().Count());
        Assert.Equal(summary.GetProperty("terminalCount").GetInt32(), result.GetProperty("terminals").GetArrayLength());
    }

    [Theory]
    [InlineData("/api/planning/station-siting", """{"sites": 0}""", "sites")]
    [InlineData("/api/planning/station-siting", """{"technology": "6g"}""", "technology")]
    [InlineData("/api/planning/station-siting", """{"radiusM": -5}""", "radiusM")]
    [InlineData("/api/planning/station-siting", """{"userSites": [[32.9, 114.0, 1]]}""", "userSites")]
    [InlineData("/api/planning/station-siting", """{"useGrid": false, "useVillageCentres": false}""", "candidates")]
    [InlineData("/api/planning/station-siting", """{"asOf": "soon"}""", "asOf")]
    [InlineData("/api/planning/fiber-extension", """{"detourFactor": 0.5}""", "detourFactor")]
    [InlineData("/api/planning/fiber-extension", """{"budgetKm": -1}""", "budgetKm")]
    [InlineData("/api/planning/fiber-extension", """{"terminals": "houses"}""", "terminals")]
    public async Task Bad_parameters_get_a_400_before_any_job_starts(string url, string body, string field)
    {
        var (app, http) = await SetUpAsync();
        await using var _ = app;
        var response = await http.PostAsync(url, new StringContent(body, System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await response.ReadJsonAsync()).ErrorFields());
    }

    [Fact]
    public async Task A_job_can_be_cancelled_and_carriers_cannot_plan()
    {
        var ct = TestContext.Current.CancellationToken;
        var (app, http) = await SetUpAsync();
        await using var _ = app;
        var started = await http.PostAsJsonAsync("/api/planning/fiber-extension", new { asOf = "2005-12-31", neighbours = 32 }, ct);
        var id = (await started.ReadJsonAsync()).GetProperty("jobId").GetString();
        var cancel = await http.PostAsync($"/api/jobs/{id}/cancel", null, ct);
        Assert.Contains(cancel.StatusCode, new[] { HttpStatusCode.Accepted, HttpStatusCode.Conflict });
        string status;
        do
        {
            await Task.Delay(100, ct);
            status = (await http.GetJsonAsync($"/api/jobs/{id}")).GetProperty("status").GetString()!;
        }
        while (status is "queued" or "running");
        Assert.Equal(cancel.StatusCode == HttpStatusCode.Accepted ? "cancelled" : "succeeded", status);

        string carrierKey;
        await using (var db = PostGis.Context(_connection))
        {
            carrierKey = (await ApiKeys.CreateAsync(db, "carrier:cmcc", $"c-{Guid.NewGuid():N}", TimeProvider.System, ct)).Key;
        }

        var carrier = app.CreateClient();
        carrier.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", carrierKey);
        Assert.Equal(HttpStatusCode.Forbidden, (await carrier.PostAsJsonAsync("/api/planning/station-siting", new { }, ct)).StatusCode);
    }
}
