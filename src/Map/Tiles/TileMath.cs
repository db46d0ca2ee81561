using NetTopologySuite.Geometries;

namespace Infra.Map.Tiles;

/// <summary>Web Mercator (EPSG:3857) tile arithmetic, as <c>ST_TileEnvelope</c> defines the tiles.</summary>
public static class TileMath
{
    /// <summary>Half the Mercator world's width, metres (π × the WGS 84 semi-major axis).</summary>
    public const double HalfWorldM = 20037508.342789244;

    /// <summary>Latitude limit of the square Mercator world, degrees.</summary>
    public const double MaxLat = 85.05112877980659;

    /// <summary>A tile's WGS 84 envelope, widened by <paramref name="margin"/> of its size on every side.</summary>
    public static Envelope Envelope(int z, int x, int y, double margin = 0)
    {
        var n = 1 << z;
        double west = x - margin, east = x + 1 + margin, north = y - margin, south = y + 1 + margin;
        return new Envelope(Lon(west / n), Lon(east / n), Lat(south / n), Lat(north / n));
    }

    public static bool Valid(int z, int x, int y) => z is >= 0 and <= 22 && x >= 0 && y >= 0 && x < (1 << z) && y < (1 << z);

    public static double Lon(double fraction) => (fraction * 360) - 180;

    public static double Lat(double fraction) => Math.Atan(Math.Sinh(Math.PI * (1 - (2 * fraction)))) * 180 / Math.PI;

    /// <summary>Mercator metres of a WGS 84 position.</summary>
    public static (double X, double Y) Mercator(double lon, double lat)
    {
        lat = Math.Clamp(lat, -MaxLat, MaxLat);
        return (lon * HalfWorldM / 180, Math.Log(Math.Tan((90 + lat) * Math.PI / 360)) * HalfWorldM / Math.PI);
    }

    /// <summary>The tile holding a position at a zoom.</summary>
    public static (int X, int Y) TileAt(double lon, double lat, int z)
    {
        var n = 1 << z;
        var (mx, my) = Mercator(lon, lat);
        var x = (int)Math.Floor((mx + HalfWorldM) / (2 * HalfWorldM) * n);
        var y = (int)Math.Floor((HalfWorldM - my) / (2 * HalfWorldM) * n);
        return (Math.Clamp(x, 0, n - 1), Math.Clamp(y, 0, n - 1));
    }

    /// <summary>Widens a WGS 84 envelope by a distance in metres (degrees of latitude, and of longitude at its poleward edge).</summary>
    public static Envelope Expand(Envelope e, double metres)
    {
        if (metres <= 0)
        {
            return e;
        }

        // The shortest degree of latitude (110,574 m at the equator) and the equator's degree of longitude
        // (111,320 m) on WGS 84, so the widened box always holds the whole distance.
        var dLat = metres / 110_574;
        var poleward = Math.Min(89, Math.Max(Math.Abs(e.MinY), Math.Abs(e.MaxY)) + dLat);
        var dLon = metres / (111_320 * Math.Cos(poleward * Math.PI / 180));
        return new Envelope(e.MinX - dLon, e.MaxX + dLon, e.MinY - dLat, e.MaxY + dLat);
    }
}
