using Infra.Domain.Geo;
using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Distance;

namespace Infra.Geodata;

/// <summary>
/// Draws points inside one polygon, rounded to 1e-6° and tested after rounding, so a point drawn
/// inside stays inside once stored. Distances are in km on a local plane (good to well under 1 %
/// across a township).
/// </summary>
internal sealed class Sampler
{
    private readonly Geometry _area;
    private readonly IndexedPointInAreaLocator _locator;
    private readonly IndexedFacetDistance _boundary;
    private readonly Envelope _envelope;

    public Sampler(Geometry area)
    {
        _area = area;
        _locator = new IndexedPointInAreaLocator(area);
        _boundary = new IndexedFacetDistance(area.Boundary);
        _envelope = area.EnvelopeInternal;
    }

    public bool Contains(Coordinate c) => _locator.Locate(c) == Location.Interior;

    /// <summary>Distance to the polygon's edge, km (approximate).</summary>
    public double EdgeKm(Coordinate c) =>
        _boundary.Distance(_area.Factory.CreatePoint(c)) * KmPerDegree(c.Y);

    /// <summary>A uniformly random point strictly inside.</summary>
    public Coordinate Uniform(Random random)
    {
        for (var attempt = 0; attempt < 10_000; attempt++)
        {
            var c = Round(_envelope.MinX + (random.NextDouble() * _envelope.Width), _envelope.MinY + (random.NextDouble() * _envelope.Height));
            if (Contains(c))
            {
                return c;
            }
        }

        throw new InvalidOperationException("Could not draw a point inside a polygon.");
    }

    /// <summary>
    /// Mitchell's best candidate: of a few random points, the one farthest from those already placed
    /// and from the edge. It spreads villages evenly (blue noise) without a fixed grid.
    /// </summary>
    public Coordinate BestCandidate(Random random, IReadOnlyList<Coordinate> placed, int candidates, Func<Coordinate, bool>? acceptable = null)
    {
        Coordinate? best = null;
        var bestScore = double.NegativeInfinity;
        for (var k = 0; k < candidates; k++)
        {
            var c = Uniform(random);
            for (var retry = 0; retry < 30 && acceptable is not null && !acceptable(c); retry++)
            {
                c = Uniform(random);
            }

            var score = double.PositiveInfinity;
            foreach (var p in placed)
            {
                score = Math.Min(score, DistanceKm(c, p));
            }

            // The edge distance is the dear part; it can only lower the score, so skip it for a loser.
            if (score > bestScore)
            {
                score = Math.Min(score, 2 * EdgeKm(c));
            }

            if (score > bestScore)
            {
                (best, bestScore) = (c, score);
            }
        }

        return best!;
    }

    /// <summary>A point inside, at a distance in [minKm, maxKm] from <paramref name="centre"/>, or null.</summary>
    public Coordinate? Around(Random random, Coordinate centre, double minKm, double maxKm, Func<Coordinate, bool> acceptable, int attempts)
    {
        for (var attempt = 0; attempt < attempts; attempt++)
        {
            var r = Math.Sqrt(Apportion.Uniform(random, minKm * minKm, maxKm * maxKm));
            var angle = random.NextDouble() * 2 * Math.PI;
            var c = Offset(centre, r * Math.Cos(angle), r * Math.Sin(angle));
            if (Contains(c) && acceptable(c))
            {
                return c;
            }
        }

        return null;
    }

    public static Coordinate Offset(Coordinate from, double eastKm, double northKm) =>
        Round(from.X + (eastKm / (KmPerDegreeLon(from.Y))), from.Y + (northKm / Grid.KmPerDegreeLatitude));

    public static double DistanceKm(Coordinate a, Coordinate b)
    {
        var dx = (a.X - b.X) * KmPerDegreeLon((a.Y + b.Y) / 2);
        var dy = (a.Y - b.Y) * Grid.KmPerDegreeLatitude;
        return Math.Sqrt((dx * dx) + (dy * dy));
    }

    public static Coordinate Round(double lon, double lat) => new(Math.Round(lon, 6), Math.Round(lat, 6));

    public static Point ToPoint(Coordinate c) => Wgs84.Point(c.X, c.Y);

    private static double KmPerDegreeLon(double lat) => 111.32 * Math.Cos(lat * Math.PI / 180);

    // The smaller of the two degree lengths, so an edge distance is never overstated.
    private static double KmPerDegree(double lat) => KmPerDegreeLon(lat);
}
