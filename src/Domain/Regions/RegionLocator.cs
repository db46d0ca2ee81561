using Infra.Domain.Geo;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using NetTopologySuite.Index.Strtree;

namespace Infra.Domain.Regions;

/// <summary>
/// Finds the township a point lies in, and how much of a line lies in chosen townships (geodesic metres).
/// Built once per set of townships; what counts as rural (the plan's 农村: a 镇 or a 乡) follows from it.
/// </summary>
public sealed class RegionLocator
{
    private readonly STRtree<(Township Township, IPreparedGeometry Prepared)> _index = new();

    public RegionLocator(IEnumerable<Township> townships)
    {
        foreach (var t in townships)
        {
            _index.Insert(t.Boundary.EnvelopeInternal, (t, PreparedGeometryFactory.Prepare(t.Boundary)));
        }

        _index.Build();
    }

    /// <summary>The township covering the point, or null outside every township.</summary>
    public Township? Locate(Point point)
    {
        foreach (var (township, prepared) in _index.Query(point.EnvelopeInternal))
        {
            if (prepared.Covers(point))
            {
                return township;
            }
        }

        return null;
    }

    /// <summary>Geodesic length, in metres, of the part of a line inside townships the filter accepts.</summary>
    public double LengthWithinM(Geometry line, Func<Township, bool> accept)
    {
        var total = 0.0;
        foreach (var (township, prepared) in _index.Query(line.EnvelopeInternal))
        {
            if (!accept(township) || !prepared.Intersects(line))
            {
                continue;
            }

            total += prepared.Covers(line) ? Geodesic.LengthM(line) : Geodesic.LengthM(township.Boundary.Intersection(line));
        }

        return total;
    }
}
