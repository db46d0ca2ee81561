using Infra.Domain.Assets;
using Infra.Domain.Geo;

namespace Infra.Domain.Coverage;

/// <summary>
/// In-service fiber routes indexed by their segments, each segment's box grown by a distance, to find the
/// routes within that distance of a position. Distances are <see cref="Geodesic.DistanceToLineM"/> over the
/// whole route, so the index only narrows the search and never changes an answer.
/// </summary>
internal sealed class RouteIndex
{
    private readonly IReadOnlyList<FiberRoute> _routes;
    private readonly CellGrid _grid;
    private readonly Box[] _boxes;

    public RouteIndex(IReadOnlyList<FiberRoute> routes, Func<FiberRoute, bool> include, double withinM)
    {
        _routes = routes;
        WithinM = withinM;
        var entries = new List<(int, Box)>();
        _boxes = new Box[routes.Count];
        for (var r = 0; r < routes.Count; r++)
        {
            if (!include(routes[r]))
            {
                continue;
            }

            var envelope = routes[r].Route.EnvelopeInternal;
            _boxes[r] = SphereBounds.Expand(new Box(envelope.MinX, envelope.MinY, envelope.MaxX, envelope.MaxY), withinM);
            var coords = routes[r].Route.Coordinates;
            for (var i = 1; i < coords.Length; i++)
            {
                var segment = Box.Of(coords[i - 1].X, coords[i - 1].Y).Union(Box.Of(coords[i].X, coords[i].Y));
                entries.Add((r, SphereBounds.Expand(segment, withinM)));
            }
        }

        // Cells about as tall as a typical segment's box: smaller cells would list every long segment many times over.
        var heights = entries.Where((_, i) => i % 8 == 0).Select(e => Math.Max(e.Item2.MaxLat - e.Item2.MinLat, (e.Item2.MaxLon - e.Item2.MinLon) * 0.8)).Order().ToList();
        _grid = CellGrid.Build(entries, heights.Count == 0 ? SphereBounds.Expand(Box.Of(0, 0), withinM).MaxLat : heights[heights.Count / 2]);
    }

    public double WithinM { get; }

    /// <summary>Routes within <see cref="WithinM"/> of the position, nearest first (ties by input order).</summary>
    public List<(int Route, double DistanceM)> Near(double lon, double lat)
    {
        var found = new List<(int Route, double DistanceM)>();
        foreach (var r in _grid.Query(lon, lat))
        {
            if (!Near(r, lon, lat))
            {
                continue;
            }

            var d = Geodesic.DistanceToLineM(lon, lat, _routes[r].Route);
            if (d <= WithinM)
            {
                found.Add((r, d));
            }
        }

        found.Sort((a, b) => a.DistanceM != b.DistanceM ? a.DistanceM.CompareTo(b.DistanceM) : a.Route.CompareTo(b.Route));
        return found;
    }

    /// <summary>
    /// Whether any route lies within <see cref="WithinM"/>: the same answer as <see cref="Nearest"/> being non-null,
    /// without measuring every route. A segment whose nearest point, in the position's local metric plane, is farther
    /// than WithinM × 1.01 + 1 m cannot be within reach (the plane and the ellipsoid differ by far less than 1 % over a
    /// few kilometres), so only routes that pass that test are measured exactly.
    /// </summary>
    public bool AnyWithin(double lon, double lat)
    {
        var (kx, ky) = Geodesic.MetresPerDegree(lat);
        var limit2 = Math.Pow((WithinM * 1.01) + 1, 2);
        foreach (var r in _grid.Query(lon, lat))
        {
            if (!Near(r, lon, lat) || !MaybeWithin(_routes[r].Route.Coordinates, lon, lat, kx, ky, limit2))
            {
                continue;
            }

            if (Geodesic.DistanceToLineM(lon, lat, _routes[r].Route) <= WithinM)
            {
                return true;
            }
        }

        return false;
    }

    private static bool MaybeWithin(NetTopologySuite.Geometries.Coordinate[] coords, double lon, double lat, double kx, double ky, double limit2)
    {
        for (var i = Math.Min(1, coords.Length - 1); i < coords.Length; i++)
        {
            if (Geodesic.NearestOnSegment(lon, lat, coords[Math.Max(i - 1, 0)], coords[i], kx, ky).Planar2 <= limit2)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The nearest route within <see cref="WithinM"/>, or null.</summary>
    public (int Route, double DistanceM)? Nearest(double lon, double lat)
    {
        (int Route, double DistanceM)? best = null;
        foreach (var r in _grid.Query(lon, lat))
        {
            if (!Near(r, lon, lat))
            {
                continue;
            }

            var d = Geodesic.DistanceToLineM(lon, lat, _routes[r].Route);
            if (d <= WithinM && (best is null || d < best.Value.DistanceM || (d == best.Value.DistanceM && r < best.Value.Route)))
            {
                best = (r, d);
            }
        }

        return best;
    }

    /// <summary>Whether the position lies in the route's box grown by the distance: outside it, the route is certainly too far.</summary>
    private bool Near(int r, double lon, double lat)
    {
        ref readonly var b = ref _boxes[r];
        return b.MinLon <= lon && lon <= b.MaxLon && b.MinLat <= lat && lat <= b.MaxLat;
    }
}
