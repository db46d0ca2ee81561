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

        _grid = CellGrid.Build(entries, SphereBounds.Expand(Box.Of(0, 0), withinM).MaxLat);
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
