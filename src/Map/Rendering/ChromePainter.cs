using System.Globalization;
using Infra.Map.Styles;
using SkiaSharp;

namespace Infra.Map.Rendering;

/// <summary>What makes an image a map on paper: legend, scale bar, north arrow, and the data set's notice.</summary>
internal sealed class ChromePainter(SKCanvas canvas, Viewport view, MapStyle style, string language)
{
    private const float Pad = 10;
    private readonly bool _zh = language == "zh";

    private string T(string zh, string en) => _zh ? zh : en;

    /// <summary>Draws the legend (or, with <paramref name="draw"/> false, only measures it) and returns where it goes.</summary>
    public SKRect Legend(IReadOnlyList<LayerStyle> layers, string service, DateOnly asOf, bool draw = true, MapScenario? scenario = null)
    {
        var svc = style.Services.First(s => s.Id == service);
        using var title = new SKFont(Paints.Bold, 14);
        using var body = new SKFont(Paints.Typeface, 12);
        using var ink = new SKPaint { IsAntialias = true, Color = SKColor.Parse("#222222") };
        using var fill = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Fill };
        using var edge = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = 1, Color = SKColor.Parse("#555555") };

        var rows = new List<(string Text, Action<SKRect> Swatch)>();
        if (layers.Any(l => l.Kind == "choropleth"))
        {
            foreach (var (at, _) in style.Choropleth.Stops)
            {
                rows.Add((Paints.Percent(at), r => Box(r, Paints.At(style.Choropleth, at).WithAlpha((byte)(255 * style.ChoroplethOpacity)))));
            }

            rows.Add((T("无数据", "no data"), r => Box(r, SKColor.Parse(style.NoData))));
        }

        foreach (var layer in layers)
        {
            switch (layer.Kind)
            {
                case "village":
                    rows.Add((T("村庄：已通", "Village: served"), r => Dot(r, Paints.Color(layer["served"].GetString()!))));
                    rows.Add((T("村庄：未通", "Village: not served"), r => Dot(r, Paints.Color(layer["unserved"].GetString()!))));
                    break;
                case "fiber":
                    var since = layer["sincePlan"];
                    rows.Add((T(since.GetProperty("zh").GetString()!, since.GetProperty("en").GetString()!), r => Line(r, Paints.Color(since.GetProperty("color").GetString()!), 5)));
                    break;
                case "capacity":
                    rows.Add((T(layer.Zh, layer.En), r => Dot(r, Paints.At(style.Utilisation, 0.5))));
                    break;
                case "transmitter":
                    rows.Add((T(layer.Zh, layer.En), r => Dot(r, Paints.Color(layer["color"].GetProperty("tv").GetString()!))));
                    break;
            }
        }

        if (layers.Any(l => l.Kind is "fiber" or "point" or "footprint"))
        {
            foreach (var carrier in style.Carriers)
            {
                rows.Add((T(carrier.Zh, carrier.En), r => Line(r, Paints.Color(carrier.Color), 3)));
            }
        }

        if (scenario is not null)
        {
            ScenarioRows(scenario, rows, fill);
        }

        var heading = T($"{svc.Zh} · {svc.ShareZh}", $"{svc.En} · {svc.ShareEn}");
        var dateLine = T($"截至 {asOf:yyyy-MM-dd}", $"as of {asOf:yyyy-MM-dd}");
        var width = Math.Max(title.MeasureText(heading), rows.Select(r => body.MeasureText(r.Text) + 26).DefaultIfEmpty(0).Max()) + (2 * Pad);
        const float Row = 17;
        var height = 42 + (rows.Count * Row) + Pad;
        var rect = new SKRect(Pad, view.Height - Pad - height, Pad + width, view.Height - Pad);
        if (!draw)
        {
            return rect;
        }

        Panel(rect);
        canvas.DrawText(heading, rect.Left + Pad, rect.Top + 20, SKTextAlign.Left, title, ink);
        canvas.DrawText(dateLine, rect.Left + Pad, rect.Top + 37, SKTextAlign.Left, body, ink);
        var y = rect.Top + 46;
        foreach (var (text, swatch) in rows)
        {
            swatch(new SKRect(rect.Left + Pad, y + 2, rect.Left + Pad + 18, y + 14));
            canvas.DrawText(text, rect.Left + Pad + 24, y + 12, SKTextAlign.Left, body, ink);
            y += Row;
        }

        return rect;

        void Box(SKRect r, SKColor c)
        {
            fill.Color = c;
            canvas.DrawRect(r, fill);
            canvas.DrawRect(r, edge);
        }

        void Dot(SKRect r, SKColor c)
        {
            fill.Color = c;
            canvas.DrawCircle(r.MidX, r.MidY, 5, fill);
        }

        void Line(SKRect r, SKColor c, float w)
        {
            using var p = new SKPaint { IsAntialias = true, Color = c, StrokeWidth = w, Style = SKPaintStyle.Stroke, StrokeCap = SKStrokeCap.Round };
            canvas.DrawLine(r.Left + 2, r.MidY, r.Right - 2, r.MidY, p);
        }
    }

    /// <summary>The scenario's name, then a row for each kind of proposal it holds, drawn as <see cref="ScenarioPainter"/> draws it.</summary>
    private void ScenarioRows(MapScenario scenario, List<(string Text, Action<SKRect> Swatch)> rows, SKPaint fill)
    {
        var color = Paints.Color(style.Scenario.GetProperty("color").GetString()!);
        rows.Add((T($"方案：{scenario.Name}", $"Scenario: {scenario.Name}"), _ => { }));
        foreach (var (kind, proposal) in new[] { ("proposed-station", "base_station"), ("proposed-fiber", "fiber_route"), ("proposed-access-point", "access_point") })
        {
            if (scenario.Proposals.All(p => p.Kind != proposal))
            {
                continue;
            }

            var layer = style.ScenarioLayer(kind);
            rows.Add((T(layer.GetProperty("zh").GetString()!, layer.GetProperty("en").GetString()!), r =>
            {
                fill.Color = color;
                if (kind == "proposed-fiber")
                {
                    using var effect = SKPathEffect.CreateDash([6, 4], 0);
                    using var dashed = new SKPaint { IsAntialias = true, Color = color, StrokeWidth = 3, Style = SKPaintStyle.Stroke, PathEffect = effect };
                    canvas.DrawLine(r.Left + 1, r.MidY, r.Right - 1, r.MidY, dashed);
                }
                else
                {
                    canvas.DrawCircle(r.MidX, r.MidY, kind == "proposed-station" ? 5 : 4, fill);
                }
            }));
        }
    }

    /// <summary>The corners the notice, the north arrow and the scale bar take, which labels keep clear of.</summary>
    public IEnumerable<SKRect> Corners() =>
    [
        new SKRect(0, 0, view.Width * 0.75f, Pad + 30),
        new SKRect(view.Width - Pad - 48, 0, view.Width, Pad + 66),
        new SKRect(view.Width - Pad - 220, view.Height - Pad - 46, view.Width, view.Height),
    ];

    /// <summary>A bar of a round length (1, 2 or 5 × 10ⁿ metres) near 120 pixels, measured at the image's centre latitude.</summary>
    public void ScaleBar()
    {
        var target = 120 * view.GroundMetresPerPixel;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(target)));
        var metres = new[] { 1, 2, 5, 10 }.Select(m => m * magnitude).Last(m => m <= target);
        var pixels = (float)(metres / view.GroundMetresPerPixel);
        var label = metres >= 1000 ? $"{(metres / 1000).ToString("0.##", CultureInfo.InvariantCulture)} km" : $"{metres:0} m";
        var right = view.Width - Pad - 8;
        var bottom = view.Height - Pad - 8;
        Panel(new SKRect(right - pixels - 10, bottom - 30, right + 8, bottom + 8));
        using var bar = new SKPaint { IsAntialias = true, Color = SKColor.Parse("#222222"), StrokeWidth = 2, Style = SKPaintStyle.Stroke };
        canvas.DrawLine(right - pixels, bottom, right, bottom, bar);
        canvas.DrawLine(right - pixels, bottom - 6, right - pixels, bottom, bar);
        canvas.DrawLine(right, bottom - 6, right, bottom, bar);
        using var font = new SKFont(Paints.Typeface, 12);
        using var ink = new SKPaint { IsAntialias = true, Color = SKColor.Parse("#222222") };
        canvas.DrawText(label, right - (pixels / 2), bottom - 10, SKTextAlign.Center, font, ink);
    }

    /// <summary>Web Mercator keeps north up everywhere, so the arrow always points to the top edge.</summary>
    public void NorthArrow()
    {
        var cx = view.Width - Pad - 22;
        var top = Pad + 8;
        Panel(new SKRect(cx - 18, top - 6, cx + 18, top + 52));
        using var dark = new SKPaint { IsAntialias = true, Color = SKColor.Parse("#222222") };
        using var light = new SKPaint { IsAntialias = true, Color = SKColor.Parse("#ffffff") };
        using var edge = new SKPaint { IsAntialias = true, Color = SKColor.Parse("#222222"), Style = SKPaintStyle.Stroke, StrokeWidth = 1 };
        using var left = Triangle(cx, top, -9);
        using var right = Triangle(cx, top, 9);
        canvas.DrawPath(left, dark);
        canvas.DrawPath(right, light);
        canvas.DrawPath(right, edge);
        using var font = new SKFont(Paints.Bold, 12);
        canvas.DrawText(T("北 N", "N"), cx, top + 45, SKTextAlign.Center, font, dark);
    }

    private static SKPath Triangle(float cx, float top, float side)
    {
        using var b = new SKPathBuilder();
        b.MoveTo(cx, top);
        b.LineTo(cx + side, top + 30);
        b.LineTo(cx, top + 24);
        b.Close();
        return b.Detach();
    }

    public void Notice(MapDataSet dataSet)
    {
        var text = dataSet.IsDemo ? "生成的演示数据，非真实地图或网络 · generated demo data, not a real map or network" : dataSet.Name;
        using var font = new SKFont(Paints.Bold, 13);
        var width = font.MeasureText(text) + (2 * Pad);
        var rect = new SKRect(Pad, Pad, Pad + width, Pad + 24);
        using var bg = new SKPaint { IsAntialias = true, Color = dataSet.IsDemo ? SKColor.Parse("#fff3cd") : SKColors.White.WithAlpha(220) };
        using var edge = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Stroke, Color = SKColor.Parse(dataSet.IsDemo ? "#b58100" : "#888888") };
        canvas.DrawRoundRect(rect, 4, 4, bg);
        canvas.DrawRoundRect(rect, 4, 4, edge);
        using var ink = new SKPaint { IsAntialias = true, Color = SKColor.Parse("#5c4400") };
        canvas.DrawText(text, rect.Left + Pad, rect.Top + 17, SKTextAlign.Left, font, ink);
    }

    private void Panel(SKRect rect)
    {
        using var bg = new SKPaint { IsAntialias = true, Color = SKColors.White.WithAlpha(225) };
        using var edge = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Stroke, Color = SKColor.Parse("#999999") };
        canvas.DrawRoundRect(rect, 4, 4, bg);
        canvas.DrawRoundRect(rect, 4, 4, edge);
    }
}
