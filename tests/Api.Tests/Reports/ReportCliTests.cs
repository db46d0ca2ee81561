using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Infra.Api.Cli;

namespace Infra.Api.Tests.Reports;

/// <summary><c>./infra report …</c> writes the same reports as the API, through the same code, for the city and for one county.</summary>
public class ReportCliTests(PostGis pg)
{
    private static readonly string[] Formats = ["html", "pdf", "xlsx", "csv", "geojson", "gpkg"];

    private static async Task InFolderAsync(Func<string, Task> test)
    {
        var folder = Directory.CreateTempSubdirectory("infra-cli-report-").FullName;
        try
        {
            await test(folder);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private async Task<byte[]> RunAsync(string folder, string name, params string[] args)
    {
        var path = Path.Combine(folder, name);
        Assert.Equal(0, await InfraCli.RunAsync([.. args, "--out", path, $"--ConnectionStrings:Infra={pg.SharedDemo}", "--Infra:LoadDemoOnFirstStart=false"]));
        Assert.False(File.Exists(path + ".partial"));
        return await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken);
    }

    [Theory]
    [InlineData(null, "驿城区")]
    [InlineData("411729", "新蔡县")]
    public async Task Every_format_of_the_unserved_report_is_written_and_agrees_with_the_api(string? county, string countyName)
    {
        await InFolderAsync(async folder =>
        {
            string[] scope = county is null ? [] : ["--county", county];
            var files = new Dictionary<string, byte[]>();
            foreach (var format in Formats)
            {
                files[format] = await RunAsync(folder, "unserved." + format,
                    ["report", "unserved", "--service", "broadband", "--level", "natural", "--as-of", "2008-12-31", "--format", format, .. scope]);
            }

            await using var app = PostGis.App(pg.SharedDemo);
            var api = await app.CreateClient().GetByteArrayAsync(
                $"/api/reports/unserved-villages?service=broadband&level=natural&asOf=2008-12-31&format=csv{(county is null ? "" : "&county=" + county)}",
                TestContext.Current.CancellationToken);
            Assert.Equal(api, files["csv"]);

            var rows = ReportFiles.ParseCsv(files["csv"]);
            Assert.NotEmpty(rows);
            var codes = rows.Select(r => r["code"]).ToList();
            Assert.Equal(codes, JsonDocument.Parse(files["geojson"]).RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetString()));
            Assert.Equal(codes, ReportFiles.ReadGpkg(files["gpkg"]).Rows.Select(r => (string)r["code"]!));
            var sheets = ReportFiles.ReadXlsx(files["xlsx"]);
            Assert.Equal(codes.Count, sheets.Where(s => s.Key != "汇总").Sum(s => s.Value.Rows.Count - 2));
            var village = rows.First(r => r["county"] == countyName)["name"];
            Assert.Contains(village, Encoding.UTF8.GetString(files["html"]), StringComparison.Ordinal);
            Assert.Equal(county is null ? 10 : 1, Regex.Count(Encoding.UTF8.GetString(files["html"]), "<figure class=\"map\"><img alt=\"[^\"]+\" src=\"data:image/png;base64,"));
            var pdf = ReportFiles.PdfText(files["pdf"]);
            Assert.Contains(countyName, pdf, StringComparison.Ordinal);
            Assert.Contains(village, pdf, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Every_format_of_the_plan_progress_report_is_written()
    {
        await InFolderAsync(async folder =>
        {
            var csv = ReportFiles.ParseCsv(await RunAsync(folder, "plan.csv", "report", "plan-progress", "--as-of", "2008-12-31", "--format", "csv"));
            Assert.Equal(13, csv.Count(r => r["scope"] == "city"));
            Assert.Equal(3 + 1 + 13, ReportFiles.ReadXlsx(await RunAsync(folder, "plan.xlsx", "report", "plan-progress", "--as-of", "2008-12-31", "--format", "xlsx"))["汇总"].Rows.Count);
            Assert.Contains("<svg", Encoding.UTF8.GetString(await RunAsync(folder, "plan.html", "report", "plan-progress", "--as-of", "2008-12-31")), StringComparison.Ordinal);
            Assert.Contains("自然村通话率", ReportFiles.PdfText(await RunAsync(folder, "plan.pdf", "report", "plan-progress", "--as-of", "2008-12-31", "--format", "pdf")),
                StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Bad_input_on_the_command_line_writes_nothing()
    {
        await InFolderAsync(async folder =>
        {
            var path = Path.Combine(folder, "bad.csv");
            Assert.Equal(2, await InfraCli.RunAsync(["report", "unserved", "--service", "broadband", "--county", "419999", "--format", "csv", "--out", path,
                $"--ConnectionStrings:Infra={pg.SharedDemo}"]));
            Assert.Equal(2, await InfraCli.RunAsync(["report", "unserved", "--service", "broadband", "--contry", "411729", "--out", path,
                $"--ConnectionStrings:Infra={pg.SharedDemo}"]));
            Assert.Empty(Directory.GetFiles(folder));
        });
    }

    [Fact]
    public async Task A_mistyped_verb_is_refused_instead_of_starting_the_server()
    {
        // Serving would not return: the timeout turns that into a failure instead of a hung run.
        Assert.Equal(2, await InfraCli.RunAsync(["imprt", "stations.csv", "--carrier", "cmcc", $"--ConnectionStrings:Infra={pg.SharedDemo}"])
            .WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken));
    }
}
