using Infra.Domain.Geo;

namespace Infra.Domain.Planning;

/// <summary>
/// Points in lon/lat cells of a fixed size in metres, to find those within a distance of a position
/// (geodesic). Planning queries a few thousand positions against a few tens of thousands of points; a
/// uniform grid is all that needs (the coverage engine has its own, specialised for its bulk pass).
/// </summary>
internal sealed class PointIndex
{
    private const double MetresPerDegree = 111_320;
    private readonly Dictionary<(int, int), List<int>> _cells = [];
    private readonly IReadOnlyList<(double Lon, double Lat)> _points;
    private readonly double _cellLat;
    private readonly double _cellLon;

    public PointIndex(IReadOnlyList<(double Lon, double Lat)> points, double cellM)
    {
        _points = points;
        var midLat = points.Count == 0 ? 0 : points.Average(p => p.Lat);
        _cellLat = cellM / MetresPerDegree;
        _cellLon = cellM / (MetresPerDegree * Math.Max(0.1, Math.Cos(midLat * Math.PI / 180)));
        for (var i = 0; i < points.Count; i++)
        {
            var key = Cell(points[i].Lon, points[i].Lat);
            if (!_cells.TryGetValue(key, out var list))
            {
                _cells[key] = list = [];
            }

            list.Add(i);
        }
    }

    /// <summary>Indices of the points within <paramref name="radiusM"/> (inclusive, geodesic), in index order.</summary>
    public List<int> Within(double lon, double lat, double radiusM)
    {
        var found = new List<int>();
        var reachLat = (int)Math.Ceiling(radiusM * 1.01 / MetresPerDegree / _cellLat) + 1;
        var reachLon = (int)Math.Ceiling(radiusM * 1.01 / (MetresPerDegree * Math.Max(0.1, Math.Cos(lat * Math.PI / 180))) / _cellLon) + 1;
        var (cx, cy) = Cell(lon, lat);
        var kx = MetresPerDegree * Math.Cos(lat * Math.PI / 180);
        var reach2 = Math.Pow((radiusM * 1.01) + 1, 2);
        for (var x = cx - reachLon; x <= cx + reachLon; x++)
        {
            for (var y = cy - reachLat; y <= cy + reachLat; y++)
            {
                if (!_cells.TryGetValue((x, y), out var list))
                {
                    continue;
                }

                foreach (var i in list)
                {
                    // A local flat distance, 1 % generous, rules most points out before the exact geodesic test.
                    var dx = (_points[i].Lon - lon) * kx;
                    var dy = (_points[i].Lat - lat) * MetresPerDegree;
                    if ((dx * dx) + (dy * dy) <= reach2 && Geodesic.DistanceM(lon, lat, _points[i].Lon, _points[i].Lat) <= radiusM)
                    {
                        found.Add(i);
                    }
                }
            }
        }

        found.Sort();
        return found;
    }

    /// <summary>
    /// The <paramref name="k"/> nearest points other than <paramref name="self"/> within <paramref name="maxM"/>: searched
    /// within <paramref name="firstM"/> first, and wider (doubling) only while fewer than k are found.
    /// </summary>
    public List<(int Index, double DistanceM)> Nearest(int self, int k, double maxM, double firstM)
    {
        for (var radius = Math.Min(firstM, maxM); ; radius = Math.Min(radius * 2, maxM))
        {
            var found = Within(_points[self].Lon, _points[self].Lat, radius).Where(i => i != self).ToList();
            if (found.Count >= k || radius >= maxM)
            {
                return [.. found.Select(i => (i, Geodesic.DistanceM(_points[self].Lon, _points[self].Lat, _points[i].Lon, _points[i].Lat)))
                    .OrderBy(x => x.Item2).ThenBy(x => x.i).Take(k)];
            }
        }
    }

    private (int, int) Cell(double lon, double lat) => ((int)Math.Floor(lon / _cellLon), (int)Math.Floor(lat / _cellLat));
}
