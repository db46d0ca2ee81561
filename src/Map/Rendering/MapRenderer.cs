using Infra.Map.Styles;
using Infra.Map.Tiles;
using SkiaSharp;

namespace Infra.Map.Rendering;

/// <summary>
/// Draws map images on the server with SkiaSharp, from the same vector tiles and the same style data as
/// the viewer: one renderer per style kind (Mapsui's way), then labels, legend, scale bar, north arrow and,
/// for the demo data set, a notice that the data are generated.
/// </summary>
public sealed class MapRenderer(TileService tiles, IMapSource source)
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Tile, DecodedTile> Decoded = [];
    private readonly MapStyle _style = MapStyle.Default;

    /// <summary>Tiles built at once for one image: enough to keep the database's cores busy, few enough to leave connections for others.</summary>
    private static readonly int FetchParallelism = Math.Max(2, Environment.ProcessorCount * 2);

    /// <summary>The PNG, and how long fetching tiles, drawing and encoding took (for a Server-Timing header).</summary>
    public async Task<(byte[] Png, string Timing)> RenderPngAsync(RenderRequest request, CancellationToken ct)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var view = new Viewport(request.Bbox, request.Width, request.Height);
        var visible = _style.Layers.Where(l => (request.Layers is null || request.Layers.Contains(l.Id)) && view.Zoom >= l.MinZoom - 0.5 && view.Zoom < l.MaxZoom).ToList();
        var tileTiming = new List<string>();
        var data = await FetchAsync(visible.Select(l => l.Tiles).Append("counties").Distinct().ToList(), view, request.AsOf, tileTiming, ct);
        var dataSet = await source.DataSetAsync(ct);
        var fetched = clock.Elapsed.TotalMilliseconds;

        using var surface = SKSurface.Create(new SKImageInfo(request.Width, request.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        canvas.Clear(Paints.Color(_style.Background));
        var draw = new LayerPainter(canvas, view, _style, request.Service);
        var perLayer = new List<string>();
        foreach (var layer in visible)
        {
            var t0 = clock.Elapsed.TotalMilliseconds;
            draw.Layer(layer, data[layer.Tiles]);
            perLayer.Add(FormattableString.Invariant($"{layer.Id};dur={clock.Elapsed.TotalMilliseconds - t0:0.0}"));
        }

        if (request.Scenario is { } scenario)
        {
            var t0 = clock.Elapsed.TotalMilliseconds;
            new ScenarioPainter(canvas, view, _style).Draw(scenario);
            perLayer.Add(FormattableString.Invariant($"scenario;dur={clock.Elapsed.TotalMilliseconds - t0:0.0}"));
        }

        var tl = clock.Elapsed.TotalMilliseconds;

        // Labels keep clear of the legend and the corners, which are drawn over the map afterwards.
        var chrome = new ChromePainter(canvas, view, _style, request.Language);
        var labels = new LabelPainter(canvas, view, request.Language,
            chrome.Corners().Append(chrome.Legend(visible, request.Service, request.AsOf, draw: false, request.Scenario)));
        foreach (var layer in visible.Where(l => l.Has("label")))
        {
            labels.Layer(layer, data[layer.Tiles]);
        }

        perLayer.Add(FormattableString.Invariant($"labels;dur={clock.Elapsed.TotalMilliseconds - tl:0.0}"));
        chrome.Legend(visible, request.Service, request.AsOf, scenario: request.Scenario);
        chrome.ScaleBar();
        chrome.NorthArrow();
        chrome.Notice(dataSet);
        canvas.Flush();
        var drawn = clock.Elapsed.TotalMilliseconds;
        using var image = surface.Snapshot();
        using var pixels = image.PeekPixels() ?? throw new InvalidOperationException("A raster surface always has pixels to read.");
        // The Sub filter and zlib level 3: a map's flat colours compress well enough that trying every filter at level 6,
        // the default, cost more than drawing the map (measured: docs/PERFORMANCE.md).
        using var png = pixels.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.Sub, 3))
            ?? throw new InvalidOperationException("SkiaSharp could not encode the PNG.");
        var encoded = clock.Elapsed.TotalMilliseconds;
        return (png.ToArray(), FormattableString.Invariant(
            $"tiles;dur={fetched:0.0}, draw;dur={drawn - fetched:0.0}, encode;dur={encoded - drawn:0.0}, {string.Join(", ", perLayer.Concat(tileTiming))}"));
    }

    /// <summary>
    /// The decoded tiles of each source the visible layers draw from, at the zoom the image needs. Tiles are fetched
    /// several at a time: cold, each waits on its own SQL, and one at a time left all but one core idle (a county image
    /// needs some 50 tiles; docs/PERFORMANCE.md). <paramref name="timing"/> gets each source's summed tile time.
    /// </summary>
    private async Task<Dictionary<string, List<DecodedTile>>> FetchAsync(IReadOnlyList<string> sources, Viewport view, DateOnly asOf,
        List<string> timing, CancellationToken ct)
    {
        var wanted = new List<(string Source, TileLayer Layer, int Z, int X, int Y)>();
        foreach (var name in sources)
        {
            var layer = TileLayers.Find(name)!;
            var z = Math.Clamp((int)Math.Floor(view.Zoom), layer.MinZoom, TileLayer.MaxDataZoom);
            wanted.AddRange(view.Tiles(z).Select(t => (name, layer, z, t.X, t.Y)));
        }

        var decoded = new DecodedTile?[wanted.Count];
        var spent = new double[wanted.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, wanted.Count), new ParallelOptions { MaxDegreeOfParallelism = FetchParallelism, CancellationToken = ct },
            async (i, token) =>
            {
                var (_, layer, z, x, y) = wanted[i];
                var start = System.Diagnostics.Stopwatch.GetTimestamp();
                var (tile, _) = await tiles.GetAsync(layer, z, x, y, asOf, token);
                // A cached tile is decoded once, for as long as the cache keeps it.
                decoded[i] = tile.Bytes.Length == 0 ? null : Decoded.GetValue(tile, t => new DecodedTile(z, x, y, MvtReader.Read(t.Bytes)));
                spent[i] = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            });
        var result = sources.ToDictionary(s => s, _ => new List<DecodedTile>());
        var summed = sources.ToDictionary(s => s, _ => (Ms: 0.0, Tiles: 0));
        for (var i = 0; i < wanted.Count; i++)
        {
            var source = wanted[i].Source;
            summed[source] = (summed[source].Ms + spent[i], summed[source].Tiles + 1);
            if (decoded[i] is { } tile)
            {
                result[source].Add(tile);
            }
        }

        timing.AddRange(summed.Select(s => FormattableString.Invariant($"tiles-{s.Key};dur={s.Value.Ms:0.0};desc=\"{s.Value.Tiles} tiles, summed\"")));
        return result;
    }
}

/// <summary>One tile, decoded.</summary>
public sealed record DecodedTile(int Z, int X, int Y, IReadOnlyList<MvtLayer> Layers)
{
    public IEnumerable<MvtFeature> Features(string layer) => Layers.Where(l => l.Name == layer).SelectMany(l => l.Features);

    public int Extent(string layer) => Layers.FirstOrDefault(l => l.Name == layer)?.Extent ?? 4096;
}
