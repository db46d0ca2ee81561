using Microsoft.Playwright;

namespace Infra.Map.Tests;

/// <summary>
/// The real app on Kestrel over the shared demo database, and Debian's Chromium driven by Playwright
/// (never `playwright install`). WebGL runs on SwiftShader; background networking is off, since this
/// machine has no network and nothing the viewer needs may come from outside it.
/// </summary>
public class Viewer(PostGis pg) : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public LiveServer Server { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where screenshots go: the run's test-results directory (scripts/test.sh sets it), else beside the tests.</summary>
    public static string Artifacts { get; } = Directory.CreateDirectory(Path.Combine(
        Environment.GetEnvironmentVariable("INFRA_TEST_RESULTS") ?? Path.Combine(AppContext.BaseDirectory, "TestResults"), "map-screenshots")).FullName;

    public async ValueTask InitializeAsync()
    {
        Server = await LiveServer.StartAsync(await DatabaseAsync(pg));
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--no-sandbox", "--enable-unsafe-swiftshader", "--use-angle=swiftshader", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run", "--disable-default-apps",
            ],
        });
    }

    /// <summary>The database the server reads: the shared demo database, which no viewer test writes to.</summary>
    protected virtual Task<string> DatabaseAsync(PostGis pg) => Task.FromResult(pg.SharedDemo);

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }

    /// <summary>A fresh page at <paramref name="path"/>, with every console error and failed or outside request recorded.</summary>
    public async Task<(IPage Page, List<string> Problems)> OpenAsync(string path)
    {
        var page = await Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        var problems = new List<string>();
        page.Console += (_, m) =>
        {
            if (m.Type == "error")
            {
                problems.Add($"console: {m.Text}");
            }
        };
        page.PageError += (_, e) => problems.Add($"page error: {e}");
        // MapLibre cancels the tiles it no longer needs while the map moves; a cancelled request is not a failure.
        page.RequestFailed += (_, r) =>
        {
            if (r.Failure != "net::ERR_ABORTED")
            {
                problems.Add($"request failed: {r.Url} {r.Failure}");
            }
        };
        page.Response += (_, r) =>
        {
            if (r.Status >= 400)
            {
                problems.Add($"HTTP {r.Status}: {r.Url}");
            }
        };
        page.Request += (_, r) =>
        {
            if (!r.Url.StartsWith(Server.Address.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal) && !r.Url.StartsWith("blob:", StringComparison.Ordinal)
                && !r.Url.StartsWith("data:", StringComparison.Ordinal))
            {
                problems.Add($"request outside Infra: {r.Url}");
            }
        };
        await page.GotoAsync(new Uri(Server.Address, path).ToString());
        try
        {
            await page.WaitForFunctionAsync("() => document.body.dataset.ready === 'true'");
            await Idle(page);
        }
        catch (TimeoutException e)
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Artifacts, "timeout.png") });
            throw new TimeoutException($"The map did not finish drawing. {string.Join(" | ", problems)}", e);
        }
        return (page, problems);
    }

    /// <summary>Waits until the map has drawn every tile it asked for.</summary>
    public static async Task Idle(IPage page)
    {
        await page.WaitForFunctionAsync("() => window.infra.map.loaded() && window.infra.map.areTilesLoaded() && !window.infra.map.isMoving()",
            null, new PageWaitForFunctionOptions { Timeout = 60_000, PollingInterval = 200 });
        await page.WaitForTimeoutAsync(300);
    }

    public static async Task<SkiaSharp.SKBitmap> ShotAsync(IPage page, string name)
    {
        var path = Path.Combine(Artifacts, $"{name}.png");
        var png = await page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
        return SkiaSharp.SKBitmap.Decode(png);
    }

    /// <summary>Page pixel of a WGS 84 position, as the map projects it (the map starts at x = the panel's width).</summary>
    public static async Task<(int X, int Y)> PixelOf(IPage page, double lon, double lat)
    {
        var p = await page.EvaluateAsync<double[]>(
            "([lon, lat]) => { const p = window.infra.map.project([lon, lat]); const r = window.infra.map.getContainer().getBoundingClientRect(); return [p.x + r.left, p.y + r.top]; }",
            new[] { lon, lat });
        return ((int)Math.Round(p[0]), (int)Math.Round(p[1]));
    }
}
