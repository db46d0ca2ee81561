using Infra.Map.Styles;
using Infra.Map.Tiles;
using NetTopologySuite.Geometries;
using SkiaSharp;

namespace Infra.Map.Rendering;

/// <summary>
/// Draws a scenario's proposals over the map image, as the viewer draws them (the <c>scenario</c> block of styles.json):
/// footprints, then fiber dashed over a white casing, access points, and stations ringed in the proposal colour.
/// Proposals come from the host, never from tiles, so they are drawn from their WGS 84 geometries directly.
/// </summary>
internal sealed class ScenarioPainter(SKCanvas canvas, Viewport view, MapStyle style)
{
    private readonly SKColor _color = Paints.Color(style.Scenario.GetProperty("color").GetString()!);

    public void Draw(MapScenario scenario)
    {
        var stations = scenario.Proposals.Where(p => p.Kind == "base_station" && p.Geometry is Point).ToList();
        Footprints(stations.Where(p => p.RadiusM > 0));
        Fiber(scenario.Proposals.Where(p => p.Kind == "fiber_route"));
        var ap = style.ScenarioLayer("proposed-access-point");
        using var apFill = new SKPaint { IsAntialias = true, Color = _color };
        using var apEdge = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = 1.5f, Color = Paints.Color(ap.GetProperty("stroke").GetString()!) };
        var apRadius = (float)ap.GetProperty("radius").GetDouble();
        foreach (var p in scenario.Proposals.Where(p => p.Kind == "access_point" && p.Geometry is Point))
        {
            var at = PixelOf(p.Geometry.Coordinate);
            canvas.DrawCircle(at, apRadius, apFill);
            canvas.DrawCircle(at, apRadius, apEdge);
        }

        var st = style.ScenarioLayer("proposed-station");
        var radius = (float)st.GetProperty("radius").GetDouble();
        using var fill = new SKPaint { IsAntialias = true };
        using var ring = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = (float)st.GetProperty("ring").GetDouble(), Color = _color };
        foreach (var p in stations)
        {
            var at = PixelOf(p.Geometry.Coordinate);
            fill.Color = Paints.Color(style.CarrierColor(p.Carrier));
            canvas.DrawCircle(at, radius, fill);
            canvas.DrawCircle(at, radius, ring);
        }
    }

    /// <summary>
    /// A footprint as the tiles draw one (TileLayers: a circle of r·sec φ in Web Mercator, within 0.05 % of the
    /// ground circle for 5 km at 33° N), so the image matches the tile footprints of real stations.
    /// </summary>
    private void Footprints(IEnumerable<MapProposal> stations)
    {
        var fp = style.ScenarioLayer("proposed-footprint");
        var line = fp.GetProperty("line");
        using var fill = new SKPaint { IsAntialias = true, Color = _color.WithAlpha((byte)(255 * fp.GetProperty("fillOpacity").GetDouble())) };
        using var edge = new SKPaint
        {
            IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = (float)line.GetProperty("width").GetDouble(),
            Color = _color.WithAlpha((byte)(255 * line.GetProperty("opacity").GetDouble())),
        };
        foreach (var p in stations)
        {
            var c = p.Geometry.Coordinate;
            var pixels = (float)(p.RadiusM!.Value / Math.Cos(c.Y * Math.PI / 180) / view.MetresPerPixel);
            var at = PixelOf(c);
            canvas.DrawCircle(at, pixels, fill);
            canvas.DrawCircle(at, pixels, edge);
        }
    }

    private void Fiber(IEnumerable<MapProposal> routes)
    {
        var fiber = style.ScenarioLayer("proposed-fiber");
        var width = (float)fiber.GetProperty("width").GetDouble();
        // MapLibre's line-dasharray counts in line widths; Skia's dash intervals are pixels.
        var dash = fiber.GetProperty("dash").EnumerateArray().Select(d => (float)d.GetDouble() * width).ToArray();
        using var builder = new SKPathBuilder();
        foreach (var line in routes.SelectMany(r => Lines(r.Geometry)))
        {
            for (var i = 0; i < line.NumPoints; i++)
            {
                var p = PixelOf(line.GetCoordinateN(i));
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

        using var path = builder.Detach();
        using var casing = new SKPaint
        {
            IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = width + 2, StrokeCap = SKStrokeCap.Round, StrokeJoin = SKStrokeJoin.Round,
            Color = Paints.Color(fiber.GetProperty("casing").GetString()!),
        };
        using var effect = SKPathEffect.CreateDash(dash, 0);
        using var stroke = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = width, StrokeJoin = SKStrokeJoin.Round, Color = _color, PathEffect = effect };
        canvas.DrawPath(path, casing);
        canvas.DrawPath(path, stroke);
    }

    private static IEnumerable<LineString> Lines(Geometry g) => g switch
    {
        LineString l => [l],
        MultiLineString m => m.Geometries.Cast<LineString>(),
        _ => [],
    };

    private SKPoint PixelOf(Coordinate c)
    {
        var (x, y) = TileMath.Mercator(c.X, c.Y);
        return view.Pixel(x, y);
    }
}
