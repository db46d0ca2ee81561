using System.Globalization;
using System.Net;
using System.Text;

namespace Infra.Api.Tests.Reports;

/// <summary>The plan-progress report carries exactly the figures of /api/plans/{id}/progress, in every format.</summary>
public class PlanProgressReportTests(PostGis pg)
{
    [Fact]
    public async Task Every_format_carries_the_progress_api_figures()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = PostGis.App(pg.SharedDemo);
        var http = app.CreateClient();
        var plan = (await http.GetJsonAsync("/api/plans"))[0];
        var id = plan.GetProperty("id").GetInt32();
        var progress = (await http.GetJsonAsync($"/api/plans/{id}/progress?asOf=2008-12-31")).GetProperty("targets").EnumerateArray()
            .ToDictionary(t => t.GetProperty("code").GetString()!);

        async Task<byte[]> Get(string format)
        {
            var response = await http.GetAsync($"/api/reports/plan-progress?plan={plan.GetProperty("code").GetString()}&asOf=2008-12-31&format={format}", ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.Content.ReadAsByteArrayAsync(ct);
        }

        var csv = ReportFiles.ParseCsv(await Get("csv"));
        foreach (var (code, t) in progress)
        {
            var city = csv.Single(r => r["target_code"] == code && r["scope"] == "city");
            Assert.Equal(t.GetProperty("value").GetDouble(), double.Parse(city["value"], CultureInfo.InvariantCulture));
            Assert.Equal(t.GetProperty("percentAchieved").GetDouble(), double.Parse(city["percent_achieved"], CultureInfo.InvariantCulture));
            Assert.Equal(t.GetProperty("met").GetBoolean() ? "true" : "false", city["met"]);
            Assert.Equal(t.GetProperty("projection").GetProperty("status").GetString(), city["projection_status"]);
            foreach (var county in t.GetProperty("byCounty").EnumerateArray())
            {
                var row = csv.Single(r => r["target_code"] == code && r["scope"] == "county" && r["region_code"] == county.GetProperty("code").GetString());
                Assert.Equal(county.GetProperty("value").GetDouble(), double.Parse(row["value"], CultureInfo.InvariantCulture));
            }

            var years = csv.Where(r => r["target_code"] == code && r["scope"] == "year_end").Select(r => r["date"]).ToList();
            Assert.Equal(t.GetProperty("series").EnumerateArray().Select(s => s.GetProperty("date").GetString()).Where(d => d != "2008-12-31"), years);
        }

        var sheets = ReportFiles.ReadXlsx(await Get("xlsx"));
        Assert.Equal(12, sheets.Count);
        var summary = sheets["汇总"];
        Assert.Equal(4, summary.FrozenRows);
        foreach (var row in summary.Rows.Skip(4))
        {
            var t = progress[(string)row[0]!];
            Assert.Equal(t.GetProperty("goal").GetDouble(), (double)row[3]!);
            Assert.Equal(t.GetProperty("value").GetDouble(), (double)row[4]!);
            Assert.Equal(t.GetProperty("met").GetBoolean(), (bool)row[6]!);
        }

        var xincai = sheets["411729 新蔡县"];
        var broadband = xincai.Rows.Single(r => (string?)r[0] == "admin-villages-broadband");
        Assert.Equal(progress["admin-villages-broadband"].GetProperty("byCounty").EnumerateArray().Single(c => c.GetProperty("code").GetString() == "411729")
            .GetProperty("value").GetDouble(), (double)broadband[3]!);

        var html = Encoding.UTF8.GetString(await Get("html"));
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
        Assert.Contains("生成的演示数据", html, StringComparison.Ordinal);

        var pdf = ReportFiles.PdfText(await Get("pdf"));
        Assert.Contains("农村新建基站", pdf, StringComparison.Ordinal);
        Assert.Contains("新蔡县", pdf, StringComparison.Ordinal);
        Assert.Contains("生成的演示数据", pdf, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_plan_is_a_404_and_bad_parameters_a_400()
    {
        await using var app = PostGis.App(pg.SharedDemo);
        var http = app.CreateClient();
        Assert.Contains("plan", (await http.GetJsonAsync("/api/reports/plan-progress?plan=no-such-plan", HttpStatusCode.NotFound)).ErrorFields());
        Assert.Contains("format", (await http.GetJsonAsync("/api/reports/plan-progress?format=gpkg", HttpStatusCode.BadRequest)).ErrorFields());
        Assert.Contains("asOf", (await http.GetJsonAsync("/api/reports/plan-progress?asOf=tomorrow", HttpStatusCode.BadRequest)).ErrorFields());
    }
}
