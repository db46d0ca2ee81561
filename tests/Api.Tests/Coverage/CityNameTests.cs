using System.Text.Json;
using Infra.Api.Tests.Reports;
using Microsoft.EntityFrameworkCore;

namespace Infra.Api.Tests.Coverage;

/// <summary>The city-level region is named from the data set's <c>cities</c> row in the coverage API and in the reports.</summary>
public class CityNameTests(PostGis pg)
{
    [Fact]
    public async Task The_city_is_named_as_the_data_set_names_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var cs = await pg.NewDatabaseAsync(withDemo: true);

        async Task<(string Coverage, string ReportZh, string ReportEn, string PlanRegion)> NamesAsync()
        {
            await using var app = PostGis.App(cs);
            var http = app.CreateClient();
            var coverage = (await http.GetJsonAsync("/api/coverage?level=city&asOf=2008-12-31")).GetProperty("regions")[0].GetProperty("name").GetString()!;
            string Scope(JsonElement report) => report.GetProperty("scope").GetString()!;
            var zh = Scope(await http.GetJsonAsync("/api/reports/unserved-villages?service=broadband&asOf=2008-12-31&format=geojson&lang=zh"));
            var en = Scope(await http.GetJsonAsync("/api/reports/unserved-villages?service=broadband&asOf=2008-12-31&format=geojson&lang=en"));
            var csv = ReportFiles.ParseCsv(await http.GetByteArrayAsync("/api/reports/plan-progress?asOf=2008-12-31&format=csv", ct));
            return (coverage, zh, en, csv.First(r => r["scope"] == "city")["region"]);
        }

        Assert.Equal(("驻马店市", "驻马店市", "Zhumadian", "驻马店市"), await NamesAsync());

        await using (var db = PostGis.Context(cs))
        {
            await db.Database.ExecuteSqlRawAsync("UPDATE cities SET name = '测试市', name_en = 'Test City' WHERE code = '411700'", ct);
        }

        Assert.Equal(("测试市", "测试市", "Test City", "测试市"), await NamesAsync());
    }
}
