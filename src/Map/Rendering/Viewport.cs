using Infra.Map.Tiles;
using NetTopologySuite.Geometries;
using SkiaSharp;

namespace Infra.Map.Rendering;

/// <summary>
/// Web Mercator view of a WGS 84 box fitted into an image (aspect kept, centred). Zoom follows MapLibre's
/// convention (512-pixel tiles), so a style's minzoom/maxzoom mean the same in the viewer and in images.
/// </summary>
public sealed class Viewport
{
    public Viewport(Envelope bbox, int width, int height)
    {
        Width = width;
        Height = height;
        var (x0, y0) = TileMath.Mercator(bbox.MinX, bbox.MinY);
        var (x1, y1) = TileMath.Mercator(bbox.MaxX, bbox.MaxY);
        MetresPerPixel = Math.Max((x1 - x0) / width, (y1 - y0) / height);
        CentreX = (x0 + x1) / 2;
        CentreY = (y0 + y1) / 2;
        Zoom = Math.Log2(2 * TileMath.HalfWorldM / (512 * MetresPerPixel));
        CentreLat = bbox.Centre.Y;
    }

    public int Width { get; }

    public int Height { get; }

    public double MetresPerPixel { get; }

    public double CentreX { get; }

    public double CentreY { get; }

    public double CentreLat { get; }

    public double Zoom { get; }

    /// <summary>Ground metres per pixel at the centre (Mercator stretches by 1/cos(latitude)).</summary>
    public double GroundMetresPerPixel => MetresPerPixel * Math.Cos(CentreLat * Math.PI / 180);

    public SKPoint Pixel(double mx, double my) =>
        new((float)(((mx - CentreX) / MetresPerPixel) + (Width / 2.0)), (float)(((CentreY - my) / MetresPerPixel) + (Height / 2.0)));

    /// <summary>The tiles of zoom <paramref name="z"/> that the image shows.</summary>
    public IEnumerable<(int X, int Y)> Tiles(int z)
    {
        var n = 1 << z;
        var size = 2 * TileMath.HalfWorldM / n;
        double left = CentreX - (Width / 2.0 * MetresPerPixel), right = CentreX + (Width / 2.0 * MetresPerPixel);
        double top = CentreY + (Height / 2.0 * MetresPerPixel), bottom = CentreY - (Height / 2.0 * MetresPerPixel);
        int x0 = Math.Max(0, (int)Math.Floor((left + TileMath.HalfWorldM) / size)), x1 = Math.Min(n - 1, (int)Math.Floor((right + TileMath.HalfWorldM) / size));
        int y0 = Math.Max(0, (int)Math.Floor((TileMath.HalfWorldM - top) / size)), y1 = Math.Min(n - 1, (int)Math.Floor((TileMath.HalfWorldM - bottom) / size));
        for (var x = x0; x <= x1; x++)
        {
            for (var y = y0; y <= y1; y++)
            {
                yield return (x, y);
            }
        }
    }

    /// <summary>Maps a tile's coordinates (0 … extent) to image pixels.</summary>
    public Func<int, int, SKPoint> TileToPixel(int z, int x, int y, int extent)
    {
        var size = 2 * TileMath.HalfWorldM / (1 << z);
        double left = -TileMath.HalfWorldM + (x * size), top = TileMath.HalfWorldM - (y * size);
        var unit = size / extent;
        return (tx, ty) => Pixel(left + (tx * unit), top - (ty * unit));
    }
}
