namespace Infra.Domain.Coverage;

/// <summary>A 3-vector: a lon/lat position on the unit sphere (<see cref="FromLonLat"/>) or in earth-centred metres (<see cref="Ellipsoid.Ecef"/>).</summary>
internal readonly record struct Vec3(double X, double Y, double Z)
{
    public static Vec3 FromLonLat(double lonDeg, double latDeg)
    {
        double lon = lonDeg * Math.PI / 180, lat = latDeg * Math.PI / 180;
        var cosLat = Math.Cos(lat);
        return new Vec3(cosLat * Math.Cos(lon), cosLat * Math.Sin(lon), Math.Sin(lat));
    }

    public double Dot(in Vec3 o) => (X * o.X) + (Y * o.Y) + (Z * o.Z);

    public Vec3 Minus(in Vec3 o) => new(X - o.X, Y - o.Y, Z - o.Z);

    public double Chord2(in Vec3 o)
    {
        double dx = X - o.X, dy = Y - o.Y, dz = Z - o.Z;
        return (dx * dx) + (dy * dy) + (dz * dz);
    }
}

/// <summary>A lon/lat box in degrees, west to east without crossing ±180°.</summary>
internal readonly record struct Box(double MinLon, double MinLat, double MaxLon, double MaxLat)
{
    public static Box Of(double lon, double lat) => new(lon, lat, lon, lat);

    public Box Union(in Box o) =>
        new(Math.Min(MinLon, o.MinLon), Math.Min(MinLat, o.MinLat), Math.Max(MaxLon, o.MaxLon), Math.Max(MaxLat, o.MaxLat));
}

/// <summary>
/// Cheap bounds on the geodesic distance, from positions placed on the mean sphere with their geodetic
/// latitude. That placement stretches lengths by at most R/M(equator) = 1.0057 and shrinks them by at most
/// R/M(pole) = 1/1.0045, so a sphere distance scaled by 1.01 either way brackets the geodesic one; a metre
/// more covers rounding. Inside the bracket nothing is decided: the caller measures with Vincenty.
/// </summary>
internal static class SphereBounds
{
    public const double MeanRadiusM = 6_371_008.8;
    private const double Slack = 1.01;
    private const double SlackM = 1;

    /// <summary>Distance along the mean sphere for a chord², metres (a fast stand-in, not a geodesic).</summary>
    public static double SphereDistanceM(double chord2) => 2 * MeanRadiusM * Math.Asin(Math.Min(1, Math.Sqrt(chord2) / 2));

    /// <summary>A distance no longer than the geodesic one, from a chord².</summary>
    public static double LowerBoundM(double chord2) => Math.Max(0, (SphereDistanceM(chord2) - SlackM) / Slack);

    /// <summary>
    /// A lon/lat box holding every position within <paramref name="radiusM"/> (geodesic) of any position of
    /// <paramref name="box"/>. Boxes that would reach a pole or cross ±180° take every longitude.
    /// </summary>
    public static Box Expand(in Box box, double radiusM)
    {
        var angle = ((radiusM * Slack) + SlackM) / MeanRadiusM;
        var angleDeg = angle * 180 / Math.PI;
        double minLat = box.MinLat - angleDeg, maxLat = box.MaxLat + angleDeg;
        if (minLat <= -90 || maxLat >= 90)
        {
            return new Box(-180, Math.Max(-90, minLat), 180, Math.Min(90, maxLat));
        }

        // A cap of angular radius θ about latitude φ spans asin(sin θ / cos φ) of longitude either side.
        var worstLat = Math.Max(Math.Abs(box.MinLat), Math.Abs(box.MaxLat)) * Math.PI / 180;
        var ratio = Math.Sin(angle) / Math.Cos(worstLat);
        var lonDeg = ratio >= 1 ? 360 : Math.Asin(ratio) * 180 / Math.PI;
        double minLon = box.MinLon - lonDeg, maxLon = box.MaxLon + lonDeg;
        return minLon < -180 || maxLon > 180
            ? new Box(-180, minLat, 180, maxLat)
            : new Box(minLon, minLat, maxLon, maxLat);
    }
}
