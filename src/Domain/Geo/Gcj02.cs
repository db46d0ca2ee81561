namespace Infra.Domain.Geo;

/// <summary>
/// GCJ-02, the obfuscated datum of Chinese web maps (Amap/高德, Tencent, DataV), to and from WGS 84.
/// Hand-written because no package served here implements it: the forward offset is the widely published
/// formula (Krasovsky 1940 ellipsoid a = 6,378,245 m, e² = 0.00669342162296594323; the polynomial-and-sine
/// offsets in transformLat/transformLon); there is no closed-form inverse, so <see cref="ToWgs84"/> iterates
/// the forward function until it reproduces the input to 1e-9° (≈ 0.1 mm). Around Zhumadian the offset is
/// 550–620 m, which is why a GCJ-02 file read as WGS 84 lands in the wrong village.
/// </summary>
public static class Gcj02
{
    private const double A = 6_378_245.0;
    private const double Ee = 0.00669342162296594323;

    /// <summary>Outside this box GCJ-02 equals WGS 84 (the published bounding box of the offset's domain).</summary>
    public static bool OutsideChina(double lon, double lat) => lon is < 72.004 or > 137.8347 || lat is < 0.8293 or > 55.8271;

    public static (double Lon, double Lat) FromWgs84(double lon, double lat)
    {
        if (OutsideChina(lon, lat))
        {
            return (lon, lat);
        }

        var dLat = TransformLat(lon - 105.0, lat - 35.0);
        var dLon = TransformLon(lon - 105.0, lat - 35.0);
        var radLat = lat / 180.0 * Math.PI;
        var magic = Math.Sin(radLat);
        magic = 1 - (Ee * magic * magic);
        var sqrtMagic = Math.Sqrt(magic);
        dLat = dLat * 180.0 / (A * (1 - Ee) / (magic * sqrtMagic) * Math.PI);
        dLon = dLon * 180.0 / (A / sqrtMagic * Math.Cos(radLat) * Math.PI);
        return (lon + dLon, lat + dLat);
    }

    /// <summary>The WGS 84 position whose GCJ-02 image is (<paramref name="lon"/>, <paramref name="lat"/>), by fixed-point iteration.</summary>
    public static (double Lon, double Lat) ToWgs84(double lon, double lat)
    {
        var (x, y) = (lon, lat);
        for (var i = 0; i < 30; i++)
        {
            var (gx, gy) = FromWgs84(x, y);
            var (dx, dy) = (gx - lon, gy - lat);
            x -= dx;
            y -= dy;
            if (Math.Abs(dx) < 1e-9 && Math.Abs(dy) < 1e-9)
            {
                break;
            }
        }

        return (x, y);
    }

    private static double TransformLat(double x, double y)
    {
        var ret = -100.0 + (2.0 * x) + (3.0 * y) + (0.2 * y * y) + (0.1 * x * y) + (0.2 * Math.Sqrt(Math.Abs(x)));
        ret += ((20.0 * Math.Sin(6.0 * x * Math.PI)) + (20.0 * Math.Sin(2.0 * x * Math.PI))) * 2.0 / 3.0;
        ret += ((20.0 * Math.Sin(y * Math.PI)) + (40.0 * Math.Sin(y / 3.0 * Math.PI))) * 2.0 / 3.0;
        ret += ((160.0 * Math.Sin(y / 12.0 * Math.PI)) + (320.0 * Math.Sin(y * Math.PI / 30.0))) * 2.0 / 3.0;
        return ret;
    }

    private static double TransformLon(double x, double y)
    {
        var ret = 300.0 + x + (2.0 * y) + (0.1 * x * x) + (0.1 * x * y) + (0.1 * Math.Sqrt(Math.Abs(x)));
        ret += ((20.0 * Math.Sin(6.0 * x * Math.PI)) + (20.0 * Math.Sin(2.0 * x * Math.PI))) * 2.0 / 3.0;
        ret += ((20.0 * Math.Sin(x * Math.PI)) + (40.0 * Math.Sin(x / 3.0 * Math.PI))) * 2.0 / 3.0;
        ret += ((150.0 * Math.Sin(x / 12.0 * Math.PI)) + (300.0 * Math.Sin(x / 30.0 * Math.PI))) * 2.0 / 3.0;
        return ret;
    }
}
