using Infra.Domain.Assets;
using Infra.Domain.Geo;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;

namespace Infra.Api.Features.Coverage;

/// <summary>
/// The fiber route nearest to a place among those in service or under construction on a date: what it would
/// take to bring broadband there. Routes are held in an STR-tree by envelope; a search looks in a box that
/// surely holds every point within r metres, and widens r until the best geodesic distance found is within r,
/// which proves nothing outside the box is nearer. Exact (geodesic), and fast enough for a report over
/// millions of villages where a scan of every route per village is not.
/// </summary>
public sealed class FiberLocator
{
    /// <summary>Metres per degree of latitude, rounded down (the ellipsoid's minimum is 110,574 m at the equator), so boxes are never too small.</summary>
    private const double MetresPerDegreeLat = 110_000;

    private const double FirstRadiusM = 2_000;

    private readonly STRtree<int> _tree = new();
    private readonly List<(FiberRoute Route, AssetStatus Status)> _routes = [];

    public FiberLocator(IEnumerable<FiberRoute> routes, DateOnly asOf)
    {
        foreach (var route in routes)
        {
            if (route.Lifecycle.StatusOn(asOf) is AssetStatus.InService or AssetStatus.UnderConstruction)
            {
                _tree.Insert(route.Route.EnvelopeInternal, _routes.Count);
                _routes.Add((route, route.Lifecycle.StatusOn(asOf)!.Value));
            }
        }

        _tree.Build();
    }

    /// <summary>The nearest route with its status and geodesic distance in metres (ties: the earlier route), or null when there is none.</summary>
    public (FiberRoute Route, AssetStatus Status, double DistanceM)? Nearest(double lon, double lat)
    {
        if (_routes.Count == 0)
        {
            return null;
        }

        for (var radiusM = FirstRadiusM; ; radiusM *= 4)
        {
            // Past 4,000 km the whole world is searched, which also settles boxes that would wrap the antimeridian.
            var whole = radiusM > 4_000_000;
            var dLat = radiusM / MetresPerDegreeLat;
            var dLon = whole ? 0 : dLat / Math.Cos(Math.Min(89.9, Math.Abs(lat) + dLat) * Math.PI / 180);
            var box = whole ? new Envelope(-540, 540, -90, 90) : new Envelope(lon - dLon, lon + dLon, lat - dLat, lat + dLat);
            (int Index, double DistanceM)? best = null;
            foreach (var i in _tree.Query(box))
            {
                var d = Geodesic.DistanceToLineM(lon, lat, _routes[i].Route.Route);
                if (best is null || d < best.Value.DistanceM || (d == best.Value.DistanceM && i < best.Value.Index))
                {
                    best = (i, d);
                }
            }

            if (best is { } b && (b.DistanceM <= radiusM || whole))
            {
                return (_routes[b.Index].Route, _routes[b.Index].Status, b.DistanceM);
            }
        }
    }
}
