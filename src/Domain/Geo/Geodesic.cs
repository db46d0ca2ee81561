using NetTopologySuite.Geometries;

namespace Infra.Domain.Geo;

/// <summary>
/// Distances on the WGS 84 ellipsoid. Written by hand because NetTopologySuite is planar only and no
/// maintained geodesic package (GeographicLib, Karney 2013) is served for .NET here. Vincenty's inverse
/// formula is exact to well under a millimetre for the distances Infra measures (the tests compare it
/// with PostGIS <c>ST_Length(geography)</c>); it fails to converge only for nearly antipodal points,
/// which are refused rather than approximated.
/// </summary>
public static class Geodesic
{
    private const double A = 6_378_137.0;             // WGS 84 semi-major axis, m
    private const double F = 1 / 298.257223563;      // WGS 84 flattening
    private const double B = A * (1 - F);
    private const double E2 = F * (2 - F);            // first eccentricity squared
    private const double MeanRadius = 6_371_008.8;    // IUGG mean radius R1 = (2a + b) / 3, m

    /// <summary>Geodesic distance in metres between two lon/lat positions (degrees).</summary>
    public static double DistanceM(double lon1, double lat1, double lon2, double lat2) =>
        Vincenty(lon1, lat1, lon2, lat2, wantAzimuth: false, out _);

    /// <summary>
    /// Geodesic distance in metres and the initial bearing of the geodesic at the first position, degrees
    /// clockwise from true north in [0, 360); the bearing is 0 when the positions coincide. The distance is
    /// the same number <see cref="DistanceM(double, double, double, double)"/> returns.
    /// </summary>
    public static (double DistanceM, double InitialBearingDeg) Inverse(double lon1, double lat1, double lon2, double lat2)
    {
        var distance = Vincenty(lon1, lat1, lon2, lat2, wantAzimuth: true, out var azimuth);
        return (distance, azimuth);
    }

    /// <summary>Initial bearing of the geodesic from the first position to the second, degrees clockwise from true north in [0, 360).</summary>
    public static double InitialBearingDeg(double lon1, double lat1, double lon2, double lat2) =>
        Inverse(lon1, lat1, lon2, lat2).InitialBearingDeg;

    public static double DistanceM(Coordinate a, Coordinate b) => DistanceM(a.X, a.Y, b.X, b.Y);

    /// <summary>Geodesic length in metres of every segment of a line or multi-line, in lon/lat degrees.</summary>
    public static double LengthM(Geometry line)
    {
        var total = 0.0;
        for (var g = 0; g < line.NumGeometries; g++)
        {
            var coords = line.GetGeometryN(g).Coordinates;
            for (var i = 1; i < coords.Length; i++)
            {
                total += DistanceM(coords[i - 1], coords[i]);
            }
        }

        return total;
    }

    /// <summary>
    /// Geodesic distance in metres from a lon/lat position to the nearest point of a line or multi-line.
    /// Segments are straight in lon/lat, as the geometry is stored and drawn. The nearest point of each
    /// segment is found in the plane tangent at the position (the ellipsoid's metres per degree there) and
    /// its distance is then measured geodesically, so for segments within a few tens of kilometres the
    /// answer is within centimetres of the exact one; farther segments can only come out longer, never shorter.
    /// </summary>
    public static double DistanceToLineM(double lon, double lat, Geometry line)
    {
        var (kx, ky) = MetresPerDegree(lat);
        var best = double.PositiveInfinity;
        for (var g = 0; g < line.NumGeometries; g++)
        {
            var coords = line.GetGeometryN(g).Coordinates;
            for (var i = Math.Min(1, coords.Length - 1); i < coords.Length; i++)
            {
                var (qLon, qLat, _) = NearestOnSegment(lon, lat, coords[Math.Max(i - 1, 0)], coords[i], kx, ky);

                // Vincenty costs several times a haversine; skip points the sphere already shows cannot win.
                if (best < double.PositiveInfinity && SphereLowerBoundM(lon, lat, qLon, qLat) > best)
                {
                    continue;
                }

                best = Math.Min(best, DistanceM(lon, lat, qLon, qLat));
            }
        }

        return best;
    }

    /// <summary>
    /// The point of segment a–b nearest to (lon, lat) in the plane of metres at that position (<paramref name="kx"/>,
    /// <paramref name="ky"/> from <see cref="MetresPerDegree"/>): its lon/lat and its squared distance in that plane, m².
    /// </summary>
    public static (double Lon, double Lat, double Planar2) NearestOnSegment(double lon, double lat, Coordinate a, Coordinate b, double kx, double ky)
    {
        double ax = (a.X - lon) * kx, ay = (a.Y - lat) * ky;
        double dx = ((b.X - lon) * kx) - ax, dy = ((b.Y - lat) * ky) - ay;
        var len2 = (dx * dx) + (dy * dy);
        var t = len2 == 0 ? 0 : Math.Clamp(-((ax * dx) + (ay * dy)) / len2, 0, 1);
        double px = ax + (t * dx), py = ay + (t * dy);
        return (a.X + (t * (b.X - a.X)), a.Y + (t * (b.Y - a.Y)), (px * px) + (py * py));
    }

    /// <summary>Metres per degree of longitude (prime vertical) and of latitude (meridian) at a latitude, on WGS 84.</summary>
    public static (double Lon, double Lat) MetresPerDegree(double lat)
    {
        var phi = ToRad(lat);
        var w = Math.Sqrt(1 - (E2 * Sq(Math.Sin(phi))));
        return (ToRad(A / w * Math.Cos(phi)), ToRad(A * (1 - E2) / (w * w * w)));
    }

    /// <summary>
    /// Area in km² of a lon/lat polygon, by projecting it onto a local Lambert azimuthal equal-area
    /// plane on the WGS 84 authalic sphere. Good to better than 0.1 % for a prefecture-sized polygon,
    /// which is what region checks need.
    /// </summary>
    public static double AreaKm2(Geometry polygonal)
    {
        var centre = polygonal.EnvelopeInternal.Centre;
        var projected = (Geometry)polygonal.Copy();
        const double r = 6_371_007.2; // authalic radius of WGS 84, m
        double lat0 = ToRad(centre.Y), lon0 = ToRad(centre.X);
        projected.Apply(new CoordinateFilter(c =>
        {
            double lat = ToRad(c.Y), dl = ToRad(c.X) - lon0;
            var k = Math.Sqrt(2 / (1 + (Math.Sin(lat0) * Math.Sin(lat)) + (Math.Cos(lat0) * Math.Cos(lat) * Math.Cos(dl))));
            var x = r * k * Math.Cos(lat) * Math.Sin(dl);
            var y = r * k * ((Math.Cos(lat0) * Math.Sin(lat)) - (Math.Sin(lat0) * Math.Cos(lat) * Math.Cos(dl)));
            c.X = x;
            c.Y = y;
        }));
        projected.GeometryChanged();
        return projected.Area / 1e6;
    }

    private static double Vincenty(double lon1, double lat1, double lon2, double lat2, bool wantAzimuth, out double azimuthDeg)
    {
        azimuthDeg = 0;
        if (lon1 == lon2 && lat1 == lat2)
        {
            return 0;
        }

        var l = ToRad(lon2 - lon1);
        var u1 = Math.Atan((1 - F) * Math.Tan(ToRad(lat1)));
        var u2 = Math.Atan((1 - F) * Math.Tan(ToRad(lat2)));
        double sinU1 = Math.Sin(u1), cosU1 = Math.Cos(u1), sinU2 = Math.Sin(u2), cosU2 = Math.Cos(u2);

        var lambda = l;
        for (var i = 0; i < 200; i++)
        {
            double sinLambda = Math.Sin(lambda), cosLambda = Math.Cos(lambda);
            var sinSigma = Math.Sqrt(Sq(cosU2 * sinLambda) + Sq((cosU1 * sinU2) - (sinU1 * cosU2 * cosLambda)));
            if (sinSigma == 0)
            {
                return 0;
            }

            var cosSigma = (sinU1 * sinU2) + (cosU1 * cosU2 * cosLambda);
            var sigma = Math.Atan2(sinSigma, cosSigma);
            var sinAlpha = cosU1 * cosU2 * sinLambda / sinSigma;
            var cos2Alpha = 1 - (sinAlpha * sinAlpha);
            var cos2SigmaM = cos2Alpha == 0 ? 0 : cosSigma - (2 * sinU1 * sinU2 / cos2Alpha);
            var c = F / 16 * cos2Alpha * (4 + (F * (4 - (3 * cos2Alpha))));
            var previous = lambda;
            lambda = l + ((1 - c) * F * sinAlpha *
                (sigma + (c * sinSigma * (cos2SigmaM + (c * cosSigma * (-1 + (2 * cos2SigmaM * cos2SigmaM)))))));
            if (Math.Abs(lambda - previous) < 1e-12)
            {
                if (wantAzimuth)
                {
                    var alpha1 = Math.Atan2(cosU2 * sinLambda, (cosU1 * sinU2) - (sinU1 * cosU2 * cosLambda)) * 180 / Math.PI;
                    azimuthDeg = alpha1 < 0 ? alpha1 + 360 : alpha1;
                    azimuthDeg = azimuthDeg >= 360 ? 0 : azimuthDeg;
                }

                var uSq = cos2Alpha * ((A * A) - (B * B)) / (B * B);
                var bigA = 1 + (uSq / 16384 * (4096 + (uSq * (-768 + (uSq * (320 - (175 * uSq)))))));
                var bigB = uSq / 1024 * (256 + (uSq * (-128 + (uSq * (74 - (47 * uSq))))));
                var deltaSigma = bigB * sinSigma * (cos2SigmaM + (bigB / 4 * ((cosSigma * (-1 + (2 * cos2SigmaM * cos2SigmaM))) -
                    (bigB / 6 * cos2SigmaM * (-3 + (4 * sinSigma * sinSigma)) * (-3 + (4 * cos2SigmaM * cos2SigmaM))))));
                return B * bigA * (sigma - deltaSigma);
            }
        }

        throw new DomainException("geometry", "Two positions are nearly antipodal; their geodesic distance is not defined well enough to use.");
    }

    /// <summary>
    /// A distance no longer than the geodesic one: the haversine on the mean sphere, shrunk by 1 %. Taking
    /// geodetic latitude as spherical latitude changes lengths by at most R/min(M, N) = 1.0057 (M at the equator).
    /// </summary>
    private static double SphereLowerBoundM(double lon1, double lat1, double lon2, double lat2)
    {
        var h = Sq(Math.Sin(ToRad(lat2 - lat1) / 2)) +
            (Math.Cos(ToRad(lat1)) * Math.Cos(ToRad(lat2)) * Sq(Math.Sin(ToRad(lon2 - lon1) / 2)));
        return 2 * MeanRadius * Math.Asin(Math.Min(1, Math.Sqrt(h))) / 1.01;
    }

    private static double ToRad(double degrees) => degrees * Math.PI / 180;

    private static double Sq(double x) => x * x;

    private sealed class CoordinateFilter(Action<Coordinate> apply) : ICoordinateFilter
    {
        public void Filter(Coordinate coord) => apply(coord);
    }
}
