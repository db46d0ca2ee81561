using Infra.Domain.Geo;

namespace Infra.Domain.Coverage;

/// <summary>
/// Nearest-point search over a fixed set of positions: a uniform grid of about two points per cell,
/// searched ring by ring outwards until no cell left outside can hold anything nearer than the best found.
/// The stop test uses a lower bound of the geodesic distance to everything outside the rings searched,
/// so the answer is the exact geodesic nearest (ties to the lower item), the same as scanning every point.
/// </summary>
internal sealed class NearestGrid
{
    private readonly int[] _items;
    private readonly double[] _lon;
    private readonly double[] _lat;
    private readonly Vec3[] _unit;
    private readonly int[] _start;
    private readonly int[] _order;
    private readonly double _minLon;
    private readonly double _minLat;
    private readonly double _cellLon;
    private readonly double _cellLat;
    private readonly int _nx;
    private readonly int _ny;

    /// <param name="items">Caller's identifiers, one per position.</param>
    public NearestGrid(int[] items, double[] lon, double[] lat)
    {
        (_items, _lon, _lat) = (items, lon, lat);
        _unit = new Vec3[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            _unit[i] = Vec3.FromLonLat(lon[i], lat[i]);
        }

        var n = Math.Max(1, items.Length);
        _minLon = items.Length > 0 ? lon.Min() : 0;
        _minLat = items.Length > 0 ? lat.Min() : 0;
        var width = items.Length > 0 ? lon.Max() - _minLon : 0;
        var height = items.Length > 0 ? lat.Max() - _minLat : 0;
        var cos = Math.Max(Math.Cos((_minLat + (height / 2)) * Math.PI / 180), 0.05);
        _cellLat = Math.Max(Math.Sqrt(Math.Max(width * cos * height, 1e-8) * 2 / n), 1e-4);
        _cellLon = _cellLat / cos;
        _nx = (int)Math.Min((width / _cellLon) + 1, 4 * n + 1);
        _ny = (int)Math.Min((height / _cellLat) + 1, 4 * n + 1);
        _cellLon = Math.Max(_cellLon, width / _nx * 1.000001);
        _cellLat = Math.Max(_cellLat, height / _ny * 1.000001);

        _start = new int[(_nx * _ny) + 1];
        var cellOf = new int[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            cellOf[i] = (Row(lat[i]) * _nx) + Column(lon[i]);
            _start[cellOf[i] + 1]++;
        }

        for (var c = 0; c < _nx * _ny; c++)
        {
            _start[c + 1] += _start[c];
        }

        _order = new int[items.Length];
        var next = (int[])_start.Clone();
        for (var i = 0; i < items.Length; i++)
        {
            _order[next[cellOf[i]]++] = i;
        }
    }

    /// <summary>The item nearest to the position and its geodesic distance (from the item), or null when empty.</summary>
    public (int Item, double DistanceM)? Nearest(double lon, double lat)
    {
        if (_items.Length == 0)
        {
            return null;
        }

        var query = Vec3.FromLonLat(lon, lat);
        int cx = Column(lon), cy = Row(lat);
        var best = double.PositiveInfinity;
        var bestItem = int.MaxValue;
        for (var k = 0; ; k++)
        {
            for (var y = cy - k; y <= cy + k; y++)
            {
                if (y < 0 || y >= _ny)
                {
                    continue;
                }

                // Only the ring's border: whole rows at the top and bottom, two cells in between.
                var step = y == cy - k || y == cy + k ? 1 : Math.Max(1, 2 * k);
                for (var x = cx - k; x <= cx + k; x += step)
                {
                    if (x < 0 || x >= _nx)
                    {
                        continue;
                    }

                    var cell = (y * _nx) + x;
                    for (var o = _start[cell]; o < _start[cell + 1]; o++)
                    {
                        var i = _order[o];
                        if (best < double.PositiveInfinity && SphereBounds.LowerBoundM(_unit[i].Chord2(query)) > best)
                        {
                            continue;
                        }

                        var d = Geodesic.DistanceM(_lon[i], _lat[i], lon, lat);
                        if (d < best || (d == best && _items[i] < bestItem))
                        {
                            (best, bestItem) = (d, _items[i]);
                        }
                    }
                }
            }

            if ((cx - k <= 0 && cy - k <= 0 && cx + k >= _nx - 1 && cy + k >= _ny - 1) || best < OutsideLowerBoundM(lon, lat, cx, cy, k))
            {
                return (bestItem, best);
            }
        }
    }

    /// <summary>A geodesic distance no point outside the (2k+1)² block around (cx, cy) can beat.</summary>
    private double OutsideLowerBoundM(double lon, double lat, int cx, int cy, int k)
    {
        var angle = double.PositiveInfinity;
        var phi = lat * Math.PI / 180;
        if (cy - k > 0)
        {
            angle = Math.Min(angle, Math.Max(0, lat - (_minLat + ((cy - k) * _cellLat))) * Math.PI / 180);
        }

        if (cy + k < _ny - 1)
        {
            angle = Math.Min(angle, Math.Max(0, _minLat + ((cy + k + 1) * _cellLat) - lat) * Math.PI / 180);
        }

        // A point beyond a meridian Δλ away is across that meridian's great circle, at least asin(cos φ · sin Δλ) away.
        if (cx - k > 0)
        {
            angle = Math.Min(angle, MeridianAngle(phi, lon - (_minLon + ((cx - k) * _cellLon))));
        }

        if (cx + k < _nx - 1)
        {
            angle = Math.Min(angle, MeridianAngle(phi, _minLon + ((cx + k + 1) * _cellLon) - lon));
        }

        return Math.Max(0, ((angle * SphereBounds.MeanRadiusM) - 1) / 1.01);
    }

    private static double MeridianAngle(double phi, double deltaLonDeg)
    {
        var dl = Math.Clamp(deltaLonDeg, 0, 180) * Math.PI / 180;
        return Math.Asin(Math.Min(1, Math.Cos(phi) * Math.Sin(dl)));
    }

    private int Column(double lon) => (int)Math.Clamp(Math.Floor((lon - _minLon) / _cellLon), 0, _nx - 1);

    private int Row(double lat) => (int)Math.Clamp(Math.Floor((lat - _minLat) / _cellLat), 0, _ny - 1);
}
