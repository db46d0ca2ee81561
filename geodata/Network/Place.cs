using Infra.Domain.Geo;
using NetTopologySuite.Geometries;

namespace Infra.Geodata.Network;

/// <summary>
/// Small-distance placement on the ellipsoid's local tangent plane. Placement needs only plausible
/// positions (tens of km at most); every coverage decision is made later with geodesic distances.
/// </summary>
internal static class Place
{
    private const double MetresPerDegreeLat = 110_950;   // at 33° N on WGS 84

    public static double MetresPerDegreeLon(double lat) => 111_320 * Math.Cos(lat * Math.PI / 180);

    public static Coordinate Offset(Coordinate from, double distanceM, double bearingDeg)
    {
        var b = bearingDeg * Math.PI / 180;
        return Round(new Coordinate(
            from.X + (distanceM * Math.Sin(b) / MetresPerDegreeLon(from.Y)),
            from.Y + (distanceM * Math.Cos(b) / MetresPerDegreeLat)));
    }

    /// <summary>Planar approximation of the distance in metres; good to ~0.5 % over a few tens of km.</summary>
    public static double ApproxM(Coordinate a, Coordinate b)
    {
        var dx = (b.X - a.X) * MetresPerDegreeLon((a.Y + b.Y) / 2);
        var dy = (b.Y - a.Y) * MetresPerDegreeLat;
        return Math.Sqrt((dx * dx) + (dy * dy));
    }

    public static Point Point(Coordinate c) => Wgs84.Point(c.X, c.Y);

    public static Coordinate Round(Coordinate c) => new(Math.Round(c.X, 6), Math.Round(c.Y, 6));

    /// <summary>
    /// A cable route from <paramref name="a"/> to <paramref name="b"/> that bends like one laid along roads and
    /// field edges: midpoint displacement with shrinking sideways offsets, then a little jitter per vertex.
    /// </summary>
    public static LineString Route(Coordinate a, Coordinate b, Random random, double bendiness = 0.12)
    {
        var points = new List<Coordinate> { Round(a), Round(b) };
        var amplitude = bendiness;
        for (var level = 0; level < 4; level++)
        {
            var next = new List<Coordinate> { points[0] };
            for (var i = 1; i < points.Count; i++)
            {
                var p = points[i - 1];
                var q = points[i];
                var length = ApproxM(p, q);
                var mid = new Coordinate((p.X + q.X) / 2, (p.Y + q.Y) / 2);
                var bearing = Math.Atan2((q.X - p.X) * MetresPerDegreeLon(p.Y), (q.Y - p.Y) * MetresPerDegreeLat) * 180 / Math.PI;
                var side = (random.NextDouble() * 2) - 1;
                next.Add(Offset(mid, length * amplitude * side, bearing + 90));
                next.Add(q);
            }

            points = next;
            amplitude *= 0.6;
        }

        var line = Wgs84.Factory.CreateLineString([.. points.Distinct()]);
        return line.IsSimple ? line : Wgs84.Factory.CreateLineString([Round(a), Round(b)]);
    }

    public static DateOnly Date(Random random, DateOnly from, DateOnly to) =>
        from.AddDays(random.Next(to.DayNumber - from.DayNumber + 1));
}
