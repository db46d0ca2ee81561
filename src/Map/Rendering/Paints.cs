using System.Globalization;
using Infra.Map.Styles;
using SkiaSharp;

namespace Infra.Map.Rendering;

/// <summary>Colours, ramps and the CJK typeface the images are drawn with.</summary>
public static class Paints
{
    /// <summary>Debian's fonts-noto-cjk; face 2 of the collection is Simplified Chinese (SC), which also holds Latin glyphs.</summary>
    private static readonly Lazy<SKTypeface> Cjk = new(() =>
    {
        string[] candidates = ["/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf"];
        var file = candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("Chinese labels need Debian's fonts-noto-cjk (apt-get install fonts-noto-cjk); ./infra installs it.");
        return SKTypeface.FromFile(file, file.EndsWith(".ttc", StringComparison.Ordinal) ? 2 : 0)
            ?? throw new InvalidOperationException($"Could not load the font {file}.");
    });

    private static readonly Lazy<SKTypeface> CjkBold = new(() =>
    {
        const string File = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc";
        return System.IO.File.Exists(File) ? SKTypeface.FromFile(File, 2) ?? Cjk.Value : Cjk.Value;
    });

    public static SKTypeface Typeface => Cjk.Value;

    public static SKTypeface Bold => CjkBold.Value;

    public static SKColor Color(string hex, double opacity = 1) =>
        SKColor.Parse(hex).WithAlpha((byte)Math.Round(255 * Math.Clamp(opacity, 0, 1)));

    /// <summary>Linear interpolation between colour stops, clamped at both ends (MapLibre's <c>interpolate linear</c>).</summary>
    public static SKColor At(Ramp ramp, double value)
    {
        var stops = ramp.Stops;
        if (value <= stops[0].At)
        {
            return SKColor.Parse(stops[0].Color);
        }

        for (var i = 1; i < stops.Count; i++)
        {
            if (value <= stops[i].At)
            {
                var t = (value - stops[i - 1].At) / (stops[i].At - stops[i - 1].At);
                var a = SKColor.Parse(stops[i - 1].Color);
                var b = SKColor.Parse(stops[i].Color);
                return new SKColor(Lerp(a.Red, b.Red, t), Lerp(a.Green, b.Green, t), Lerp(a.Blue, b.Blue, t));
            }
        }

        return SKColor.Parse(stops[^1].Color);
    }

    /// <summary>Linear interpolation over numeric stops, clamped at both ends.</summary>
    public static double At(IReadOnlyList<(double At, double Value)> stops, double x)
    {
        if (x <= stops[0].At)
        {
            return stops[0].Value;
        }

        for (var i = 1; i < stops.Count; i++)
        {
            if (x <= stops[i].At)
            {
                var t = (x - stops[i - 1].At) / (stops[i].At - stops[i - 1].At);
                return stops[i - 1].Value + ((stops[i].Value - stops[i - 1].Value) * t);
            }
        }

        return stops[^1].Value;
    }

    public static string Percent(double share) => (share * 100).ToString("0", CultureInfo.InvariantCulture) + "%";

    private static byte Lerp(byte a, byte b, double t) => (byte)Math.Round(a + ((b - a) * t));
}
