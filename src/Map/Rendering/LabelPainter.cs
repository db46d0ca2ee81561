using Infra.Map.Styles;
using SkiaSharp;

namespace Infra.Map.Rendering;

/// <summary>Labels with a halo, in Chinese (or English where the data has it), skipping any that would overlap one already placed.</summary>
internal sealed class LabelPainter(SKCanvas canvas, Viewport view, string language, IEnumerable<SKRect> reserved)
{
    private readonly List<SKRect> _placed = [.. reserved];

    public void Layer(LayerStyle layer, IReadOnlyList<DecodedTile> tiles)
    {
        var label = layer["label"];
        if (view.Zoom < label.GetProperty("minzoom").GetDouble() || (label.TryGetProperty("maxzoom", out var max) && view.Zoom >= max.GetDouble()))
        {
            return;
        }

        var mvtLayer = layer.Kind == "choropleth" ? layer.Tiles + "-label" : layer.Tiles;
        using var font = new SKFont(Paints.Typeface, (float)label.GetProperty("size").GetDouble());
        using var halo = new SKPaint
        {
            IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeJoin = SKStrokeJoin.Round,
            StrokeWidth = (float)(2 * label.GetProperty("haloWidth").GetDouble()), Color = Paints.Color(label.GetProperty("halo").GetString()!),
        };
        using var ink = new SKPaint { IsAntialias = true, Color = Paints.Color(label.GetProperty("color").GetString()!) };
        var seen = new HashSet<string>();
        foreach (var tile in tiles)
        {
            var extent = tile.Extent(mvtLayer);
            var toPixel = view.TileToPixel(tile.Z, tile.X, tile.Y, extent);
            foreach (var f in tile.Features(mvtLayer))
            {
                var text = language == "en" && f.Text("name_en") is { Length: > 0 } en ? en : f.Text("name");
                var point = f.Parts.SelectMany(p => p).Cast<(int X, int Y)?>().FirstOrDefault();
                if (text is null || point is not { } at || !seen.Add(f.Text("code") ?? text))
                {
                    continue;
                }

                var p = toPixel(at.X, at.Y);
                var offset = layer.Kind == "village" ? 9f : 0f;
                var width = font.MeasureText(text);
                var box = new SKRect(p.X - (width / 2) - 2, p.Y + offset - font.Size, p.X + (width / 2) + 2, p.Y + offset + 4);
                if (box.Left < 0 || box.Right > view.Width || box.Top < 0 || box.Bottom > view.Height || _placed.Any(b => b.IntersectsWith(box)))
                {
                    continue;
                }

                _placed.Add(box);
                var baseline = p.Y + offset + (layer.Kind == "village" ? 0 : font.Size / 3);
                canvas.DrawText(text, p.X, baseline, SKTextAlign.Center, font, halo);
                canvas.DrawText(text, p.X, baseline, SKTextAlign.Center, font, ink);
            }
        }
    }
}
