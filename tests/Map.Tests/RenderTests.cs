using System.Net;
using System.Runtime.CompilerServices;
using SkiaSharp;

namespace Infra.Map.Tests;

/// <summary>
/// Server-side images compared with stored ones (Mapsui's way): a small per-channel tolerance absorbs
/// anti-aliasing differences; on failure the actual image is written beside the expected one
/// (golden/NAME.actual.png) and into the test results, to look at and, if right, to copy over.
/// Set INFRA_UPDATE_GOLDEN=1 to rewrite the stored images.
/// </summary>
public class RenderTests(PostGis pg)
{
    private const int ChannelTolerance = 24;
    private const double MaxDifferentShare = 0.005;

    public static TheoryData<string, string> Maps => new()
    {
        { "city-broadband-2010", "/api/maps/render.png?bbox=113.05,32.25,115.25,33.58&width=1024&height=768&service=broadband&asOf=2010-12-31" },
        { "queshan-mobile-2008", "/api/maps/render.png?bbox=113.80,32.60,114.35,33.00&width=1024&height=768&service=mobile&asOf=2008-06-30&layers=townships,boundaries,footprints,fiber-routes,base-stations,villages" },
        { "township-english-2007", "/api/maps/render.png?bbox=114.30,32.96,114.42,33.04&width=800&height=600&service=phone&asOf=2007-12-31&lang=en" },
    };

    [Theory]
    [MemberData(nameof(Maps))]
    public async Task Map_images_match_the_stored_ones(string name, string url)
    {
        await using var app = PostGis.App(pg.SharedDemo);
        var response = await app.CreateClient().GetAsync(url, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        var png = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        Golden(name, png);
    }

    [Theory]
    [InlineData("/api/maps/render.png?width=800&height=600", "bbox")]
    [InlineData("/api/maps/render.png?bbox=33,114,33.5,114.5", "bbox")]
    [InlineData("/api/maps/render.png?bbox=114,33,114.5,33.5&width=99999", "width")]
    [InlineData("/api/maps/render.png?bbox=114,33,114.5,33.5&layers=roads", "layers")]
    [InlineData("/api/maps/render.png?bbox=114,33,114.5,33.5&service=telegraph", "service")]
    [InlineData("/api/maps/render.png?bbox=114,33,114.5,33.5&asOf=yesterday", "asOf")]
    public async Task Bad_image_requests_get_a_problem_naming_the_field(string url, string field)
    {
        await using var app = PostGis.App(pg.SharedDemo);
        var problem = await app.CreateClient().GetJsonAsync(url, HttpStatusCode.BadRequest);
        Assert.Contains(field, problem.ErrorFields());
    }

    private static void Golden(string name, byte[] actualPng, [CallerFilePath] string here = "")
    {
        var dir = Path.Combine(Path.GetDirectoryName(here)!, "golden");
        var expectedPath = Path.Combine(dir, $"{name}.png");
        var actualPath = Path.Combine(dir, $"{name}.actual.png");
        File.Delete(actualPath);
        if (Environment.GetEnvironmentVariable("INFRA_UPDATE_GOLDEN") == "1" || !File.Exists(expectedPath))
        {
            File.WriteAllBytes(expectedPath, actualPng);
            Assert.Fail($"No stored image {expectedPath} (or INFRA_UPDATE_GOLDEN=1): wrote it; look at it, commit it and run again.");
        }

        using var expected = SKBitmap.Decode(expectedPath);
        using var actual = SKBitmap.Decode(actualPng);
        var differing = 0;
        if (expected.Width == actual.Width && expected.Height == actual.Height)
        {
            for (var y = 0; y < actual.Height; y++)
            {
                for (var x = 0; x < actual.Width; x++)
                {
                    SKColor a = actual.GetPixel(x, y), e = expected.GetPixel(x, y);
                    if (Math.Abs(a.Red - e.Red) > ChannelTolerance || Math.Abs(a.Green - e.Green) > ChannelTolerance ||
                        Math.Abs(a.Blue - e.Blue) > ChannelTolerance || Math.Abs(a.Alpha - e.Alpha) > ChannelTolerance)
                    {
                        differing++;
                    }
                }
            }
        }

        var share = expected.Width == actual.Width && expected.Height == actual.Height ? (double)differing / (actual.Width * actual.Height) : 1;
        if (share > MaxDifferentShare)
        {
            File.WriteAllBytes(actualPath, actualPng);
            File.WriteAllBytes(Path.Combine(Viewer.Artifacts, $"{name}.actual.png"), actualPng);
            Assert.Fail($"{name}: {share:P2} of the pixels differ from {expectedPath} (tolerance {MaxDifferentShare:P1}); the actual image is {actualPath}.");
        }
    }
}
