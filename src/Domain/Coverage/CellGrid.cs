namespace Infra.Domain.Coverage;

/// <summary>
/// A uniform lon/lat grid over items with boxes (footprints grown by their radius). Each item is listed in
/// every cell its boxes touch, so a position only reads its own cell: whatever can reach it is there.
/// Cells are as tall as the largest radius in the input (DESIGN §6), widened by 1/cos(latitude) to stay
/// about square on the ground, and coarsened when the extent would need more cells than it is worth.
/// Stored as one offsets array and one items array (CSR): two allocations, no per-cell objects.
/// </summary>
internal sealed class CellGrid
{
    private readonly double _minLon;
    private readonly double _minLat;
    private readonly double _cellLon;
    private readonly double _cellLat;
    private readonly int _nx;
    private readonly int _ny;
    private readonly int[] _start;
    private readonly int[] _items;

    private CellGrid(double minLon, double minLat, double cellLon, double cellLat, int nx, int ny, int[] start, int[] items)
    {
        (_minLon, _minLat, _cellLon, _cellLat, _nx, _ny, _start, _items) = (minLon, minLat, cellLon, cellLat, nx, ny, start, items);
    }

    public static CellGrid Empty { get; } = new(0, 0, 1, 1, 0, 0, [0], []);

    public int CellCount => _nx * _ny;

    /// <summary>
    /// Builds the grid. <paramref name="entries"/> lists (item, box) pairs; an item with several boxes (a
    /// route's segments) has them next to each other and is stored once per cell.
    /// </summary>
    /// <param name="radiusDeg">Largest radius in the input, degrees of latitude: the cell height.</param>
    public static CellGrid Build(IReadOnlyList<(int Item, Box Box)> entries, double radiusDeg)
    {
        if (entries.Count == 0)
        {
            return Empty;
        }

        var extent = entries[0].Box;
        foreach (var (_, box) in entries)
        {
            extent = extent.Union(box);
        }

        // Cells beyond a few per entry only cost memory; coarsen until they fit.
        var (cellLon, cellLat, nx, ny) = Fit(extent, Math.Max(radiusDeg, 1e-6), Math.Max(4096L, 4L * entries.Count), 1.5);

        var grid = new CellGrid(extent.MinLon, extent.MinLat, cellLon, cellLat, nx, ny, new int[(nx * ny) + 1], []);
        return grid.Fill(entries);
    }

    /// <summary>
    /// Cells <paramref name="cellLat"/> degrees tall over an extent, widened by 1/cos(latitude) to stay about square on
    /// the ground and grown by <paramref name="coarsen"/> until there are at most <paramref name="maxCells"/>.
    /// </summary>
    public static (double CellLon, double CellLat, int Nx, int Ny) Fit(in Box extent, double cellLat, long maxCells, double coarsen)
    {
        var midLat = (extent.MinLat + extent.MaxLat) / 2 * Math.PI / 180;
        var cellLon = cellLat / Math.Max(Math.Cos(midLat), 0.05);
        while (true)
        {
            var nx = Math.Max(1, (long)Math.Ceiling((extent.MaxLon - extent.MinLon) / cellLon) + 1);
            var ny = Math.Max(1, (long)Math.Ceiling((extent.MaxLat - extent.MinLat) / cellLat) + 1);
            if (nx * ny <= maxCells)
            {
                return (cellLon, cellLat, (int)nx, (int)ny);
            }

            cellLat *= coarsen;
            cellLon *= coarsen;
        }
    }

    /// <summary>Items listed in the cell holding the position; empty outside the grid.</summary>
    public ReadOnlySpan<int> Query(double lon, double lat)
    {
        var cell = CellOf(lon, lat);
        return cell < 0 ? [] : _items.AsSpan(_start[cell], _start[cell + 1] - _start[cell]);
    }

    private int CellOf(double lon, double lat)
    {
        if (_nx == 0 || !(lon >= _minLon && lat >= _minLat))
        {
            return -1;
        }

        var ix = (long)((lon - _minLon) / _cellLon);
        var iy = (long)((lat - _minLat) / _cellLat);
        return ix >= _nx || iy >= _ny ? -1 : (int)((iy * _nx) + ix);
    }

    private CellGrid Fill(IReadOnlyList<(int Item, Box Box)> entries)
    {
        // Two passes (count, then place) over the same cells; a stamp per cell keeps an item with several
        // boxes from being listed twice in a cell.
        var stamp = new int[_nx * _ny];
        Array.Fill(stamp, -1);
        var counts = _start;
        Visit(entries, stamp, (cell, _) => counts[cell + 1]++);
        for (var c = 0; c < _nx * _ny; c++)
        {
            counts[c + 1] += counts[c];
        }

        var items = new int[counts[_nx * _ny]];
        var next = (int[])counts.Clone();
        Array.Fill(stamp, -1);
        Visit(entries, stamp, (cell, item) => items[next[cell]++] = item);
        return new CellGrid(_minLon, _minLat, _cellLon, _cellLat, _nx, _ny, counts, items);
    }

    private void Visit(IReadOnlyList<(int Item, Box Box)> entries, int[] stamp, Action<int, int> visit)
    {
        // Stamps are per run of equal items, so a stamp value is the entry index where the run began.
        var runStart = 0;
        for (var e = 0; e < entries.Count; e++)
        {
            var (item, box) = entries[e];
            if (e == 0 || entries[e - 1].Item != item)
            {
                runStart = e;
            }

            int x0 = Column(box.MinLon), x1 = Column(box.MaxLon), y0 = Row(box.MinLat), y1 = Row(box.MaxLat);
            for (var y = y0; y <= y1; y++)
            {
                for (var x = x0; x <= x1; x++)
                {
                    var cell = (y * _nx) + x;
                    if (stamp[cell] != runStart)
                    {
                        stamp[cell] = runStart;
                        visit(cell, item);
                    }
                }
            }
        }
    }

    // Same arithmetic as CellOf, so a position inside a box always falls in one of the box's cells.
    private int Column(double lon) => (int)Math.Clamp((long)((lon - _minLon) / _cellLon), 0, _nx - 1);

    private int Row(double lat) => (int)Math.Clamp((long)((lat - _minLat) / _cellLat), 0, _ny - 1);
}
