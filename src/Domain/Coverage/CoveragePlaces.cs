using System.Runtime.CompilerServices;
using Infra.Domain.Regions;

namespace Infra.Domain.Coverage;

/// <summary>
/// The places of an input as columns (lon, lat, earth-centred position), with a grid to
/// find the places near a point. Places change far less often than assets or dates, so this is built once per
/// list of places and shared by every evaluation of that list (<see cref="For"/>): the bulk pass then reads
/// flat arrays instead of chasing Village → Point → Coordinate objects across the heap.
/// </summary>
internal sealed class CoveragePlaces
{
    private static readonly ConditionalWeakTable<IReadOnlyList<Village>, CoveragePlaces> Cache = [];
    private readonly Lazy<Dictionary<string, int>> _byCode;

    private CoveragePlaces(IReadOnlyList<Village> villages)
    {
        Villages = villages;
        var n = villages.Count;
        Lon = new double[n];
        Lat = new double[n];
        Ecef = new Vec3[n];
        Parallel.For(0, (n + 4095) / 4096, block =>
        {
            for (var v = block * 4096; v < Math.Min(n, (block + 1) * 4096); v++)
            {
                var c = villages[v].Location.Coordinate;
                (Lon[v], Lat[v]) = (c.X, c.Y);
                Ecef[v] = Ellipsoid.Ecef(c.X, c.Y);
            }
        });

        Extent = n == 0 ? new Box(0, 0, 0, 0) : new Box(Lon.Min(), Lat.Min(), Lon.Max(), Lat.Max());
        Grid = new PlaceGrid(Lon, Lat);
        _byCode = new Lazy<Dictionary<string, int>>(IndexCodes, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public IReadOnlyList<Village> Villages { get; }

    public int Count => Lon.Length;

    public double[] Lon { get; }

    public double[] Lat { get; }

    public Vec3[] Ecef { get; }

    /// <summary>The box holding every place.</summary>
    public Box Extent { get; }

    /// <summary>Places by grid cell, to find those an edited asset can touch.</summary>
    public PlaceGrid Grid { get; }

    /// <summary>Place code → position. Codes are unique in the database; a duplicate is refused here.</summary>
    public Dictionary<string, int> ByCode => _byCode.Value;

    /// <summary>The columns of a list of places, built on first use and kept while the list is alive.</summary>
    public static CoveragePlaces For(IReadOnlyList<Village> villages)
    {
        var places = Cache.GetValue(villages, v => new CoveragePlaces(v));
        if (places.Count != villages.Count)
        {
            // A list changed after it was evaluated: start again from what it holds now.
            places = new CoveragePlaces(villages);
            Cache.AddOrUpdate(villages, places);
        }

        return places;
    }

    private Dictionary<string, int> IndexCodes()
    {
        var byCode = new Dictionary<string, int>(Count, StringComparer.Ordinal);
        for (var v = 0; v < Count; v++)
        {
            DomainException.Require(byCode.TryAdd(Villages[v].Code, v), "villages", $"Village code {Villages[v].Code} appears more than once.");
        }

        return byCode;
    }
}

/// <summary>A uniform lon/lat grid over place positions (about 16 places per cell), stored as offsets and items.</summary>
internal sealed class PlaceGrid
{
    private readonly double _minLon;
    private readonly double _minLat;
    private readonly double _cell;
    private readonly int _nx;
    private readonly int _ny;
    private readonly int[] _start;
    private readonly int[] _items;

    public PlaceGrid(double[] lon, double[] lat)
    {
        var n = lon.Length;
        if (n == 0)
        {
            (_cell, _nx, _ny, _start, _items) = (1, 1, 1, [0, 0], []);
            return;
        }

        (_minLon, _minLat) = (lon.Min(), lat.Min());
        double width = lon.Max() - _minLon, height = lat.Max() - _minLat;
        _cell = Math.Max(Math.Sqrt(Math.Max(width * height, 1e-12) * 16 / n), 1e-5);
        _nx = (int)Math.Min((width / _cell) + 1, 1 << 15);
        _ny = (int)Math.Min((height / _cell) + 1, 1 << 15);
        _start = new int[(_nx * _ny) + 1];
        var cellOf = new int[n];
        for (var v = 0; v < n; v++)
        {
            cellOf[v] = (Row(lat[v]) * _nx) + Column(lon[v]);
            _start[cellOf[v] + 1]++;
        }

        for (var c = 0; c < _nx * _ny; c++)
        {
            _start[c + 1] += _start[c];
        }

        _items = new int[n];
        var next = (int[])_start.Clone();
        for (var v = 0; v < n; v++)
        {
            _items[next[cellOf[v]]++] = v;
        }
    }

    /// <summary>Every place whose position lies in the box.</summary>
    public void Query(in Box box, double[] lon, double[] lat, List<int> found)
    {
        int x0 = Column(box.MinLon), x1 = Column(box.MaxLon), y0 = Row(box.MinLat), y1 = Row(box.MaxLat);
        for (var y = y0; y <= y1; y++)
        {
            foreach (var v in _items.AsSpan(_start[(y * _nx) + x0], _start[(y * _nx) + x1 + 1] - _start[(y * _nx) + x0]))
            {
                if (box.MinLon <= lon[v] && lon[v] <= box.MaxLon && box.MinLat <= lat[v] && lat[v] <= box.MaxLat)
                {
                    found.Add(v);
                }
            }
        }
    }

    private int Column(double lon) => (int)Math.Clamp(Math.Floor((lon - _minLon) / _cell), 0, _nx - 1);

    private int Row(double lat) => (int)Math.Clamp(Math.Floor((lat - _minLat) / _cell), 0, _ny - 1);
}
