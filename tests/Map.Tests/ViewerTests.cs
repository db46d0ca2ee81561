using Infra.Map.Styles;
using Microsoft.Playwright;
using SkiaSharp;

namespace Infra.Map.Tests;

public class ViewerTests(Viewer viewer) : IClassFixture<Viewer>
{
    // 驿城区's seat (DESIGN §7) lies inside its county; 113.0 E, 33.7 N lies outside the city.
    private const double SeatLon = 114.0233, SeatLat = 32.9794;

    private const string OnlyCounties = "hide=townships,boundaries,footprints,fiber-routes,switching-nodes,access-points,base-stations,transmitters,villages";

    private static SKColor Background => SKColor.Parse(MapStyle.Default.Background);

    private static bool Near(SKColor a, SKColor b, int tolerance = 12) =>
        Math.Abs(a.Red - b.Red) <= tolerance && Math.Abs(a.Green - b.Green) <= tolerance && Math.Abs(a.Blue - b.Blue) <= tolerance;

    [Fact]
    public async Task The_viewer_loads_with_no_console_errors_and_draws_the_counties()
    {
        var (page, problems) = await viewer.OpenAsync("/?asOf=2010-12-31&service=broadband");
        await Viewer.ShotAsync(page, "01-city");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        await page.GotoAsync(new Uri(viewer.Server.Address, $"/?asOf=2010-12-31&service=broadband&{OnlyCounties}").ToString());
        await page.WaitForFunctionAsync("() => document.body.dataset.ready === 'true'");
        await Viewer.Idle(page);
        using var shot = await Viewer.ShotAsync(page, "01-counties-only");

        var (sx, sy) = await Viewer.PixelOf(page, SeatLon, SeatLat);
        var inside = shot.GetPixel(sx + 6, sy + 6);
        Assert.False(Near(inside, Background), $"the county at its seat should be shaded, got {inside}");
        var (ox, oy) = await Viewer.PixelOf(page, 113.02, 33.62);
        Assert.True(Near(shot.GetPixel(ox, oy), Background), $"outside the city the map should be background, got {shot.GetPixel(ox, oy)}");
        Assert.True(await page.IsVisibleAsync("#demo-notice"));
        Assert.Contains("生成的演示数据", await page.InnerTextAsync("#map-notice"));
        await page.CloseAsync();
    }

    [Fact]
    public async Task Toggling_the_county_layer_changes_the_pixels()
    {
        var (page, problems) = await viewer.OpenAsync($"/?asOf=2010-12-31&service=broadband&{OnlyCounties}");
        var (sx, sy) = await Viewer.PixelOf(page, SeatLon, SeatLat);
        using var before = await Viewer.ShotAsync(page, "02-counties-on");
        await page.UncheckAsync("#layer-counties");
        await Viewer.Idle(page);
        using var after = await Viewer.ShotAsync(page, "03-counties-off");
        Assert.False(Near(before.GetPixel(sx + 6, sy + 6), Background));
        Assert.True(Near(after.GetPixel(sx + 6, sy + 6), Background), $"with the county layer off the seat shows background, got {after.GetPixel(sx + 6, sy + 6)}");
        Assert.Contains("hide=", page.Url);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        await page.CloseAsync();
    }

    [Fact]
    public async Task Clicking_a_village_opens_its_popup_with_its_name_and_status()
    {
        var village = viewer.Server.Services.GetService(typeof(IMapSource)) is IMapSource source
            ? (await source.CoverageAsync(new DateOnly(2010, 12, 31), TestContext.Current.CancellationToken)).Result.Villages
                .First(v => v.Kind == Domain.Regions.VillageKind.Administrative && v.Code.StartsWith("411722", StringComparison.Ordinal))
            : throw new InvalidOperationException("no map source");
        var (page, problems) = await viewer.OpenAsync(
            $"/?asOf=2010-12-31&service=broadband#map=14/{village.Location.Y.ToString(System.Globalization.CultureInfo.InvariantCulture)}/{village.Location.X.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        var (x, y) = await Viewer.PixelOf(page, village.Location.X, village.Location.Y);
        await page.Mouse.ClickAsync(x, y);
        var popup = page.Locator(".maplibregl-popup");
        await popup.WaitForAsync();
        await page.WaitForTimeoutAsync(500);
        await Viewer.ShotAsync(page, "04-village-popup");
        var text = await popup.InnerTextAsync();
        Assert.Contains(village.Name, text);
        Assert.Matches("(已通|未通)", text);
        Assert.Equal(6, await popup.Locator("table.services tr").CountAsync());
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        await page.CloseAsync();
    }

    [Fact]
    public async Task Moving_the_date_slider_changes_the_coverage_number()
    {
        var (page, problems) = await viewer.OpenAsync("/?asOf=2011-01-01&service=broadband");
        var number = page.Locator("#coverage-number");
        await page.WaitForFunctionAsync("() => /%$/.test(document.getElementById('coverage-number').textContent)");
        var late = await number.InnerTextAsync();
        await page.EvalOnSelectorAsync("#date", "s => { s.value = '0'; s.dispatchEvent(new Event('input')); }");
        await page.WaitForFunctionAsync("() => document.getElementById('coverage').dataset.asOf === '2005-01-01'");
        var early = await number.InnerTextAsync();
        await Viewer.Idle(page);
        await Viewer.ShotAsync(page, "05-2005");
        Assert.NotEqual(late, early);
        Assert.True(double.Parse(early.TrimEnd('%'), System.Globalization.CultureInfo.InvariantCulture) < double.Parse(late.TrimEnd('%'), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("asOf=2005-01-01", page.Url);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        await page.CloseAsync();
    }

    [Fact]
    public async Task Search_finds_a_village_by_name_and_by_code()
    {
        var source = (IMapSource)viewer.Server.Services.GetService(typeof(IMapSource))!;
        var village = (await source.CoverageAsync(new DateOnly(2010, 12, 31), TestContext.Current.CancellationToken)).Result.Villages
            .First(v => v.Kind == Domain.Regions.VillageKind.Administrative && v.Code.StartsWith("411725", StringComparison.Ordinal));
        var (page, problems) = await viewer.OpenAsync("/");
        await page.FillAsync("#search", village.Name);
        var result = page.Locator("#search-results li button", new PageLocatorOptions { HasText = village.Code });
        await result.WaitForAsync();
        await result.ClickAsync();
        await page.Locator(".maplibregl-popup").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        await Viewer.ShotAsync(page, "06-search");
        Assert.Contains(village.Name, await page.InnerTextAsync(".maplibregl-popup"));

        await page.FillAsync("#search", village.Code);
        await page.Locator("#search-results li button", new PageLocatorOptions { HasText = village.Code }).First.WaitForAsync();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        await page.CloseAsync();
    }

    [Fact]
    public async Task The_plan_panel_shows_each_target_with_a_bar_a_projection_and_a_chart()
    {
        var (page, problems) = await viewer.OpenAsync("/?asOf=2008-12-31");
        await page.Locator("#plan .target").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
        var targets = page.Locator("#plan .target");
        Assert.True(await targets.CountAsync() >= 10, "the seed plan has a dozen targets");
        Assert.Contains("%", await targets.First.Locator(".target-figures").InnerTextAsync());
        Assert.True(await page.Locator("#plan .target svg.chart polyline").CountAsync() > 0, "targets chart their value over time");
        await page.Locator("#plan").ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(Viewer.Artifacts, "08-plan.png") });
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        await page.CloseAsync();
    }

    [Fact]
    public async Task The_english_toggle_relabels_the_panel_and_keeps_state_in_the_url()
    {
        var (page, problems) = await viewer.OpenAsync("/?asOf=2008-01-01&service=mobile&carrier=cmcc");
        Assert.Equal("mobile", await page.InputValueAsync("#service"));
        Assert.Equal("cmcc", await page.InputValueAsync("#carrier"));
        Assert.Equal("驻马店市通信覆盖图", await page.InnerTextAsync("h1")); // the region's name comes from /api/maps/region
        Assert.Equal("Infra · 驻马店市通信覆盖图", await page.TitleAsync());
        await page.ClickAsync("#lang");
        await Viewer.Idle(page);
        Assert.Equal("Zhumadian telecom coverage", await page.InnerTextAsync("h1"));
        Assert.Contains("lang=en", page.Url);
        Assert.Contains("carrier=cmcc", page.Url);
        await Viewer.ShotAsync(page, "07-english");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        await page.CloseAsync();
    }
}
