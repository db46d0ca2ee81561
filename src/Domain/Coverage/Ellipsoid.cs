namespace Infra.Domain.Coverage;

/// <summary>
/// Bounds on Vincenty's geodesic distance and azimuth from positions in earth-centred (ECEF) metres on the
/// WGS 84 ellipsoid, tight enough that the exact rule is needed only within about a centimetre of a radius.
/// <list type="bullet">
/// <item>Lower bound: the straight chord c between two points is never longer than the geodesic.</item>
/// <item>Upper bound: the geodesic is no longer than the normal-section arc, a plane curve whose curvature is at
/// most that of the ellipsoid, 1/M(equator) = 1/6,335,439 m (M, the meridian radius, is smallest at the
/// equator). By Schur's comparison theorem a convex plane arc of curvature ≤ κ with chord c is at most
/// (2/κ)·asin(cκ/2) long. κ is doubled here for margin (a plane section is not normal away from its start):
/// at 5 km the bracket is then 0.5 mm wide, at 50 km 0.4 m.</item>
/// <item>Vincenty's own error (well under a millimetre, Vincenty 1975) and rounding are covered by
/// <see cref="SlackM"/>.</item>
/// </list>
/// </summary>
internal static class Ellipsoid
{
    public const double A = 6_378_137.0;
    public const double F = 1 / 298.257223563;
    public const double E2 = F * (2 - F);

    /// <summary>Twice the largest normal curvature of WGS 84, 1/m.</summary>
    private const double Kappa = 2 / (A * (1 - E2));

    /// <summary>Decisions within this of a radius are left to Vincenty, metres.</summary>
    public const double SlackM = 0.01;

    /// <summary>
    /// Largest gap, degrees, between the azimuth of the chord projected on the tangent plane (the normal-section
    /// azimuth) and the geodesic's initial azimuth, for distances up to <see cref="BearingBoundMaxM"/>. The gap grows
    /// with e²(s/N)² (Bomford, Geodesy, 4th ed., §2.13); the tests measure at most 1.5e-4° up to 200 km and 70° of
    /// latitude, so 0.01° leaves more than 60× room while a sector edge still leaves only ~1 m of arc at 5 km to Vincenty.
    /// </summary>
    public const double BearingSlackDeg = 0.01;

    public const double BearingBoundMaxM = 200_000;

    /// <summary>Below this chord the azimuth of the chord is left to Vincenty (1 cm).</summary>
    public const double MinBearingChord2 = 1e-4;

    /// <summary>Earth-centred position of a lon/lat on the ellipsoid surface, metres.</summary>
    public static Vec3 Ecef(double lonDeg, double latDeg)
    {
        double lon = lonDeg * Math.PI / 180, lat = latDeg * Math.PI / 180;
        var (sinLat, cosLat) = Math.SinCos(lat);
        var (sinLon, cosLon) = Math.SinCos(lon);
        var n = A / Math.Sqrt(1 - (E2 * sinLat * sinLat));
        return new Vec3(n * cosLat * cosLon, n * cosLat * sinLon, n * (1 - E2) * sinLat);
    }

    /// <summary>Chord² (m²) beyond which Vincenty's distance is certainly greater than <paramref name="radiusM"/>.</summary>
    public static double Outer2(double radiusM)
    {
        var c = radiusM + SlackM + (radiusM * 1e-12);
        return c * c;
    }

    /// <summary>Chord² (m²) within which Vincenty's distance is certainly at most <paramref name="radiusM"/>; −1 when none is.</summary>
    public static double Inner2(double radiusM)
    {
        var s = radiusM - SlackM - (radiusM * 1e-12);
        if (s <= 0 || s * Kappa >= Math.PI / 2)
        {
            return -1;
        }

        var c = 2 / Kappa * Math.Sin(s * Kappa / 2);
        return c * c;
    }

    /// <summary>East and north unit vectors of the tangent plane at a geodetic position (normal to the ellipsoid).</summary>
    public static (Vec3 East, Vec3 North) Tangent(double lonDeg, double latDeg)
    {
        double lon = lonDeg * Math.PI / 180, lat = latDeg * Math.PI / 180;
        var east = new Vec3(-Math.Sin(lon), Math.Cos(lon), 0);
        var north = new Vec3(-Math.Sin(lat) * Math.Cos(lon), -Math.Sin(lat) * Math.Sin(lon), Math.Cos(lat));
        return (east, north);
    }

    /// <summary>Azimuth of the chord to a point <paramref name="d"/> away (ECEF difference), degrees clockwise from north in [0, 360).</summary>
    public static double ChordAzimuthDeg(in Vec3 east, in Vec3 north, in Vec3 d)
    {
        var deg = Math.Atan2(d.Dot(east), d.Dot(north)) * 180 / Math.PI;
        return deg < 0 ? deg + 360 : deg;
    }
}
