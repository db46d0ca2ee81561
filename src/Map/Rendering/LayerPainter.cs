using Infra.Map.Styles;
using SkiaSharp;

namespace Infra.Map.Rendering;

/// <summary>
/// Draws one style layer from decoded tiles, by the layer's kind. Each tile is clipped to its own square,
/// so the 64-unit buffer that tiles share is never painted twice; points are drawn by the tile that holds them.
/// </summary>
internal sealed class LayerPainter(SKCanvas canvas, Viewport view, MapStyle style, string service)
{
    public void Layer(LayerStyle layer, IReadOnlyList<DecodedTile> tiles)
    {
        foreach (var tile in tiles)
        {
            switch (layer.Kind)
            {
                case "choropleth": Choropleth(layer, tile); break;
                case "outline": Polygons(tile, layer.Tiles, null, Stroke(layer["line"])); break;
                case "footprint": Footprints(layer, tile); break;
                case "fiber": Fiber(layer, tile); break;
                case "capacity": Capacity(layer, tile); break;
                case "point": Points(tile, layer.Tiles, f => Paints.Color(style.CarrierColor(f.Text("carrier"))), _ => layer["radius"].GetDouble(), layer["stroke"].GetString()!); break;
                case "transmitter":
                    Points(tile, layer.Tiles, f => Paints.Color(layer["color"].GetProperty(f.Text("broadcast_kind") ?? "radio").GetString()!),
                        _ => layer["radius"].GetDouble(), layer["stroke"].GetString()!);
                    break;
                case "village":
                    var radius = Paints.At(Ramp.Numbers(layer["radius"]), view.Zoom);
                    Points(tile, "villages", f => Paints.Color(f.Flag(service) ? layer["served"].GetString()! : layer["unserved"].GetString()!), _ => radius, layer["stroke"].GetString()!);
                    break;
                default: throw new InvalidOperationException($"Style layer {layer.Id} has kind {layer.Kind}, which no renderer draws.");
            }
        }
    }

    private SKPaint Stroke(System.Text.Json.JsonElement line, string? color = null) => new()
    {
        IsAntialias = true,
        Style = SKPaintStyle.Stroke,
        Color = Paints.Color(color ?? line.GetProperty("color").GetString()!, line.TryGetProperty("opacity", out var o) ? o.GetDouble() : 1),
        StrokeWidth = (float)line.GetProperty("width").GetDouble(),
        StrokeJoin = SKStrokeJoin.Round,
        StrokeCap = SKStrokeCap.Round,
    };

    private void Choropleth(LayerStyle layer, DecodedTile tile)
    {
        using var outline = Stroke(layer["line"]);
        using var fill = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Fill };
        Polygons(tile, layer.Tiles, f =>
        {
            var share = f.Number(service);
            fill.Color = (share is { } s ? Paints.At(style.Choropleth, s) : SKColor.Parse(style.NoData)).WithAlpha((byte)(255 * style.ChoroplethOpacity));
            return fill;
        }, outline);
    }

    private void Footprints(LayerStyle layer, DecodedTile tile)
    {
        using var fill = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Fill };
        using var line = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = (float)layer["line"].GetProperty("width").GetDouble() };
        var fillOpacity = layer["fillOpacity"].GetDouble();
        var lineOpacity = layer["line"].GetProperty("opacity").GetDouble();
        foreach (var f in tile.Features("footprints"))
        {
            var color = style.CarrierColor(f.Text("carrier"));
            fill.Color = Paints.Color(color, fillOpacity);
            line.Color = Paints.Color(color, lineOpacity);
            using var path = PathOf(tile, "footprints", f, closed: true);
            Clipped(tile, () =>
            {
                canvas.DrawPath(path, fill);
                canvas.DrawPath(path, line);
            });
        }
    }

    private void Fiber(LayerStyle layer, DecodedTile tile)
    {
        var widths = layer["width"];
        var since = layer["sincePlan"];
        var sinceColor = since.GetProperty("color").GetString()!;
        var extra = since.GetProperty("extraWidth").GetDouble();
        // One path per colour and width: Skia strokes one long path far faster than hundreds of short ones (docs/PERFORMANCE.md).
        var highlight = new Dictionary<double, SKPathBuilder>();
        var lines = new Dictionary<(string Color, double Width), SKPathBuilder>();
        foreach (var f in tile.Features("fiber-routes"))
        {
            var width = Width(widths, f);
            if (f.Flag("since_plan"))
            {
                AddLine(Batch(highlight, width + extra), tile, f);
            }

            AddLine(Batch(lines, (style.CarrierColor(f.Text("carrier")), width)), tile, f);
        }

        using var paint = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeCap = SKStrokeCap.Round, StrokeJoin = SKStrokeJoin.Round };
        Clipped(tile, () =>
        {
            // Highlight first, underneath: the plan's new routes glow behind their carrier's colour.
            paint.Color = Paints.Color(sinceColor, 0.9);
            foreach (var (width, builder) in highlight)
            {
                Stroke(builder, paint, width);
            }

            foreach (var ((color, width), builder) in lines)
            {
                paint.Color = Paints.Color(color);
                Stroke(builder, paint, width);
            }
        });
    }

    private static SKPathBuilder Batch<TKey>(Dictionary<TKey, SKPathBuilder> batches, TKey key) where TKey : notnull
    {
        if (!batches.TryGetValue(key, out var builder))
        {
            builder = batches[key] = new SKPathBuilder();
        }

        return builder;
    }

    private void Stroke(SKPathBuilder builder, SKPaint paint, double width)
    {
        using var path = builder.Detach();
        builder.Dispose();
        paint.StrokeWidth = (float)width;
        canvas.DrawPath(path, paint);
    }

    private void AddLine(SKPathBuilder builder, DecodedTile tile, MvtFeature f)
    {
        var toPixel = view.TileToPixel(tile.Z, tile.X, tile.Y, tile.Extent("fiber-routes"));
        foreach (var part in f.Parts)
        {
            for (var i = 0; i < part.Count; i++)
            {
                var p = toPixel(part[i].X, part[i].Y);
                if (i == 0)
                {
                    builder.MoveTo(p);
                }
                else
                {
                    builder.LineTo(p);
                }
            }
        }
    }

    private static double Width(System.Text.Json.JsonElement widths, MvtFeature f) =>
        widths.TryGetProperty(f.Text("tier") ?? "access", out var w) ? w.GetDouble() : 1;

    private void Capacity(LayerStyle layer, DecodedTile tile)
    {
        var sizes = Ramp.Numbers(layer["size"]);
        var field = layer["sizeField"].GetString()!;
        Points(tile, layer.Tiles, f => Paints.At(style.Utilisation, f.Number("utilisation") ?? 0), f => Paints.At(sizes, f.Number(field) ?? 0), layer["stroke"].GetString()!);
    }

    private void Points(DecodedTile tile, string mvtLayer, Func<MvtFeature, SKColor> color, Func<MvtFeature, double> radius, string stroke)
    {
        var extent = tile.Extent(mvtLayer);
        var toPixel = view.TileToPixel(tile.Z, tile.X, tile.Y, extent);
        using var fill = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Fill };
        using var edge = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = 1, Color = Paints.Color(stroke) };
        foreach (var f in tile.Features(mvtLayer))
        {
            foreach (var (x, y) in f.Parts.SelectMany(p => p))
            {
                if (x < 0 || y < 0 || x >= extent || y >= extent)
                {
                    continue;
                }

                var p = toPixel(x, y);
                var r = (float)radius(f);
                fill.Color = color(f);
                canvas.DrawCircle(p, r, fill);
                canvas.DrawCircle(p, r, edge);
            }
        }
    }

    private void Polygons(DecodedTile tile, string mvtLayer, Func<MvtFeature, SKPaint>? fill, SKPaint? outline)
    {
        Clipped(tile, () =>
        {
            foreach (var f in tile.Features(mvtLayer))
            {
                using var path = PathOf(tile, mvtLayer, f, closed: true);
                if (fill is not null)
                {
                    canvas.DrawPath(path, fill(f));
                }

                if (outline is not null)
                {
                    canvas.DrawPath(path, outline);
                }
            }
        });
        outline?.Dispose();
    }

    private SKPath PathOf(DecodedTile tile, string mvtLayer, MvtFeature f, bool closed)
    {
        var toPixel = view.TileToPixel(tile.Z, tile.X, tile.Y, tile.Extent(mvtLayer));
        using var path = new SKPathBuilder { FillType = SKPathFillType.EvenOdd };
        foreach (var part in f.Parts)
        {
            for (var i = 0; i < part.Count; i++)
            {
                var p = toPixel(part[i].X, part[i].Y);
                if (i == 0)
                {
                    path.MoveTo(p);
                }
                else
                {
                    path.LineTo(p);
                }
            }

            if (closed)
            {
                path.Close();
            }
        }

        return path.Detach();
    }

    private void Clipped(DecodedTile tile, Action draw)
    {
        var toPixel = view.TileToPixel(tile.Z, tile.X, tile.Y, 1);
        var topLeft = toPixel(0, 0);
        var bottomRight = toPixel(1, 1);
        canvas.Save();
        canvas.ClipRect(new SKRect(topLeft.X, topLeft.Y, bottomRight.X, bottomRight.Y));
        draw();
        canvas.Restore();
    }
}
