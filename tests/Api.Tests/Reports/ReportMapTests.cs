using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using SkiaSharp;

namespace Infra.Api.Tests.Reports;

/// <summary>The printed unserved-villages report carries the county map drawn by the server renderer, and the map shows the report's gaps.</summary>
public partial class ReportMapTests(PostGis pg)
{
    private const string County = "411729";

    /// <summary>The style's colour of a village without the service (src/Map/Styles/styles.json, layer villages).</summary>
    private static readonly SKColor Unserved = SKColor.Parse("#d7301f");

    private static readonly SKColor Served = SKColor.Parse("#1a9850");

    [GeneratedRegex("<figure class=\"map\"><img alt=\"[^\"]*\" src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\">")]
    private static partial Regex MapImage();

    private static async Task<byte[]> GetAsync(WebApplicationFactory<Program> app, string url)
    {
        var response = await app.CreateClient().GetAsync(url, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode} {Encoding.UTF8.GetString(body)}");
        return body;
    }

    /// <summary>The PNG of each county map in the report's HTML.</summary>
    private static async Task<List<byte[]>> MapsAsync(WebApplicationFactory<Program> app, string service, string asOf, string? county = County, string lang = "zh")
    {
        var html = Encoding.UTF8.GetString(await GetAsync(app,
            $"/api/reports/unserved-villages?service={service}&asOf={asOf}&format=html&lang={lang}{(county is null ? "" : "&county=" + county)}"));
        return [.. MapImage().Matches(html).Select(m => Convert.FromBase64String(m.Groups[1].Value))];
    }

    /// <summary>How many pixels have (nearly) this colour: a village dot's centre is drawn in the style's colour exactly.</summary>
    private static int Count(SKBitmap map, SKColor colour) => map.Pixels.Count(p =>
        Math.Abs(p.Red - colour.Red) <= 6 && Math.Abs(p.Green - colour.Green) <= 6 && Math.Abs(p.Blue - colour.Blue) <= 6);

    [Fact]
    public async Task A_county_report_prints_the_county_map_with_its_unserved_villages_in_red()
    {
        await using var app = PostGis.App(pg.SharedDemo);
        var png = Assert.Single(await MapsAsync(app, "broadband", "2006-12-31"));
        Assert.True(png.AsSpan(0, 8).SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }), "a PNG");
        Assert.InRange(png.Length, 50_000, 8_000_000);

        using var map = SKBitmap.Decode(png);
        Assert.Equal(1_600, map.Width);
        Assert.InRange(map.Height, 400, 1_067);
        Assert.True(map.Pixels.Distinct().Take(200).Count() == 200, "a drawn map, not a flat image");
        Assert.True(Count(map, Unserved) > 200, "villages without broadband drawn in red");
        Assert.True(Count(map, Served) > 200, "villages with broadband drawn in green");

        // The city report has one map per county.
        Assert.Equal(10, (await MapsAsync(app, "broadband", "2006-12-31", county: null)).Count);
    }

    [Fact]
    public async Task The_map_follows_the_service_and_the_date()
    {
        await using var app = PostGis.App(pg.SharedDemo);
        using var broadband2005 = SKBitmap.Decode(Assert.Single(await MapsAsync(app, "broadband", "2005-12-31")));
        using var broadband2008 = SKBitmap.Decode(Assert.Single(await MapsAsync(app, "broadband", "2008-12-31")));
        using var phone2008 = SKBitmap.Decode(Assert.Single(await MapsAsync(app, "phone", "2008-12-31")));

        // Broadband spread over 2006–2008 (the plan's build-out): fewer red villages, more green ones.
        Assert.True(Count(broadband2008, Unserved) < Count(broadband2005, Unserved), "fewer unserved villages in 2008 than in 2005");
        Assert.True(Count(broadband2008, Served) > Count(broadband2005, Served), "more served villages in 2008 than in 2005");

        // Phone reaches nearly every village (the plan's 2005 baseline: 100 % of administrative villages), broadband does not.
        Assert.True(Count(phone2008, Unserved) < Count(broadband2008, Unserved), "phone leaves fewer villages red than broadband");
    }

    [Fact]
    public async Task The_pdf_carries_the_map_as_an_image()
    {
        await using var app = PostGis.App(pg.SharedDemo);
        var pdf = await GetAsync(app, $"/api/reports/unserved-villages?service=mobile&county={County}&asOf=2008-12-31&format=pdf&lang=en");
        var images = PdfImages(pdf);
        Assert.True(images.Any(i => i.Width >= 400 && i.Height >= 200), $"a map-sized image in the PDF; pdfimages listed: {string.Join("; ", images)}");
    }

    /// <summary>The images poppler's <c>pdfimages -list</c> finds in a PDF (width and height in pixels).</summary>
    private static List<(int Width, int Height)> PdfImages(byte[] pdf)
    {
        var path = Path.Combine(Path.GetTempPath(), $"infra-report-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(path, pdf);
        try
        {
            var psi = new ProcessStartInfo("pdfimages", ["-list", path]) { RedirectStandardOutput = true, UseShellExecute = false };
            using var process = Process.Start(psi)!;
            var lines = process.StandardOutput.ReadToEnd().Split('\n');
            process.WaitForExit();
            Assert.Equal(0, process.ExitCode);

            // "page num type width height color comp bpc enc interp object ID x-ppi y-ppi size ratio", a dashed line, then one row per image.
            return [.. lines.Skip(2).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(f => f.Length > 4 && f[2] == "image")
                .Select(f => (int.Parse(f[3], System.Globalization.CultureInfo.InvariantCulture), int.Parse(f[4], System.Globalization.CultureInfo.InvariantCulture)))];
        }
        finally
        {
            File.Delete(path);
        }
    }
}
