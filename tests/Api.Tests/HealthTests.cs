namespace Infra.Api.Tests;

public class HealthTests(PostGis pg)
{
    [Fact]
    public async Task Healthz_reports_the_database_postgis_and_the_demo_data_set()
    {
        await using var app = PostGis.App(pg.SharedDemo);
        var health = await app.CreateClient().GetJsonAsync("/healthz");
        Assert.Equal("healthy", health.GetProperty("status").GetString());
        var data = health.GetProperty("checks").GetProperty("database").GetProperty("data");
        Assert.StartsWith("15", data.GetProperty("postgresql").GetString());
        Assert.StartsWith("3.", data.GetProperty("postgis").GetString());
        Assert.Equal("enforced", data.GetProperty("rowLevelSecurity").GetString());
        Assert.True(data.GetProperty("dataSet").GetProperty("isDemo").GetBoolean());
    }

    [Fact]
    public async Task The_openapi_document_describes_the_api()
    {
        await using var app = PostGis.App(pg.SharedDemo);
        var doc = await app.CreateClient().GetJsonAsync("/openapi/v1.json");
        var paths = doc.GetProperty("paths");
        foreach (var path in new[] { "/api/counties", "/api/villages", "/api/base-stations", "/api/fiber-routes", "/api/network/totals", "/api/plans" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is missing from the OpenAPI document");
        }
    }
}
