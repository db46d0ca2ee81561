namespace Infra.Domain.Coverage;

/// <summary>
/// What the bulk pass reads of an asset, copied into every grid cell its reach touches so a place scans one
/// contiguous run of memory: its earth-centred position, the chord² bounds of its largest reach, the flags it
/// gives and whether it is a plain disc (decided by distance alone) or has sectors.
/// </summary>
internal struct Slot
{
    public Vec3 P;
    public double Outer2;
    public double Inner2;
    public int Entry;
    public byte Flags;
    public bool Plain;
}

/// <summary>
/// A uniform lon/lat grid whose cells list <see cref="Slot"/>s (offsets and one slot array), plus, after
/// incremental updates, an overlay of cells whose lists were replaced. Overlays are copied on write, so a
/// grid is never changed once built: results computed from it stay valid while a newer one is made.
/// </summary>
internal sealed class SlotGrid
{
    private readonly double _minLon;
    private readonly double _minLat;
    private readonly double _cellLon;
    private readonly double _cellLat;
    private readonly int _nx;
    private readonly int _ny;
    private readonly int[] _start;
    private readonly Slot[] _slots;
    private readonly Dictionary<int, Slot[]>? _overlay;
    private readonly double _perLon;
    private readonly double _perLat;

    private SlotGrid(double minLon, double minLat, double cellLon, double cellLat, int nx, int ny, int[] start, Slot[] slots, Dictionary<int, Slot[]>? overlay)
    {
        (_minLon, _minLat, _cellLon, _cellLat, _nx, _ny, _start, _slots, _overlay) = (minLon, minLat, cellLon, cellLat, nx, ny, start, slots, overlay);
        (_perLon, _perLat) = (1 / cellLon, 1 / cellLat);
    }

    /// <summary>Cells replaced since the grid was built; a large overlay is a reason to rebuild.</summary>
    public int OverlayCells => _overlay?.Count ?? 0;

    public int SlotCount => _slots.Length;

    /// <summary>
    /// Builds the grid over <paramref name="extent"/> (which must hold every place that will be queried) with cells
    /// about <paramref name="cellKm"/> on a side, listing each slot in the cells its box touches.
    /// </summary>
    public static SlotGrid Build(Box extent, double cellKm, int count, Func<int, (Slot Slot, Box Box)> item)
    {
        var (cellLon, cellLat, nx, ny) = CellGrid.Fit(extent, Math.Max(cellKm / 111.0, 1e-5), Math.Max(1L << 14, 2L * count), 1.25);
        var shell = new SlotGrid(extent.MinLon, extent.MinLat, cellLon, cellLat, nx, ny, [], [], null);
        var cells = nx * ny;

        // Two halves of the items, counted and placed in parallel; in each cell the first half's slots come before the
        // second's, so the order within a cell is the items' order whatever the schedule.
        var half = count / 2;
        var ranges = new (int X0, int X1, int Y0, int Y1)[count];
        var counts = new[] { new int[cells], new int[cells] };
        Parallel.For(0, 2, h =>
        {
            var own = counts[h];
            for (var i = h == 0 ? 0 : half; i < (h == 0 ? half : count); i++)
            {
                var box = item(i).Box;
                var r = ranges[i] = (shell.Column(box.MinLon), shell.Column(box.MaxLon), shell.Row(box.MinLat), shell.Row(box.MaxLat));
                for (var y = r.Y0; y <= r.Y1; y++)
                {
                    for (var x = r.X0; x <= r.X1; x++)
                    {
                        own[(y * nx) + x]++;
                    }
                }
            }
        });

        var start = new int[cells + 1];
        var second = new int[cells];
        for (var c = 0; c < cells; c++)
        {
            second[c] = start[c] + counts[0][c];
            start[c + 1] = second[c] + counts[1][c];
        }

        var slots = new Slot[start[cells]];
        Parallel.For(0, 2, h =>
        {
            var next = h == 0 ? start[..cells] : second;
            for (var i = h == 0 ? 0 : half; i < (h == 0 ? half : count); i++)
            {
                var r = ranges[i];
                var slot = item(i).Slot;
                for (var y = r.Y0; y <= r.Y1; y++)
                {
                    for (var x = r.X0; x <= r.X1; x++)
                    {
                        slots[next[(y * nx) + x]++] = slot;
                    }
                }
            }
        });

        return new SlotGrid(extent.MinLon, extent.MinLat, cellLon, cellLat, nx, ny, start, slots, null);
    }

    /// <summary>The slots listed in the cell holding the position; empty outside the grid.</summary>
    public ReadOnlySpan<Slot> Query(double lon, double lat)
    {
        if (!(lon >= _minLon && lat >= _minLat))
        {
            return [];
        }

        var ix = (long)((lon - _minLon) * _perLon);
        var iy = (long)((lat - _minLat) * _perLat);
        if (ix >= _nx || iy >= _ny)
        {
            return [];
        }

        var cell = (int)((iy * _nx) + ix);
        return Cell(cell);
    }

    /// <summary>A new grid with the slots of <paramref name="removed"/> entries taken out of the cells of their boxes and <paramref name="added"/> slots put in.</summary>
    public SlotGrid With(IReadOnlyList<(int Entry, Box Box)> removed, IReadOnlyList<(Slot Slot, Box Box)> added)
    {
        var overlay = _overlay is null ? [] : new Dictionary<int, Slot[]>(_overlay);
        var changed = new Dictionary<int, List<Slot>>();
        List<Slot> Edit(int cell)
        {
            if (!changed.TryGetValue(cell, out var list))
            {
                list = changed[cell] = [.. Cell(cell)];
            }

            return list;
        }

        foreach (var (entry, box) in removed)
        {
            Visit(box, cell => Edit(cell).RemoveAll(s => s.Entry == entry));
        }

        foreach (var (slot, box) in added)
        {
            Visit(box, cell => Edit(cell).Add(slot));
        }

        foreach (var (cell, list) in changed)
        {
            overlay[cell] = [.. list];
        }

        return new SlotGrid(_minLon, _minLat, _cellLon, _cellLat, _nx, _ny, _start, _slots, overlay);
    }

    private ReadOnlySpan<Slot> Cell(int cell) =>
        _overlay is not null && _overlay.TryGetValue(cell, out var replaced) ? replaced : _slots.AsSpan(_start[cell], _start[cell + 1] - _start[cell]);

    private void Visit(in Box box, Action<int> visit)
    {
        int x0 = Column(box.MinLon), x1 = Column(box.MaxLon), y0 = Row(box.MinLat), y1 = Row(box.MaxLat);
        for (var y = y0; y <= y1; y++)
        {
            for (var x = x0; x <= x1; x++)
            {
                visit((y * _nx) + x);
            }
        }
    }

    // Same arithmetic as Query, clamped, so a position inside a box always falls in one of the box's cells.
    private int Column(double lon) => (int)Math.Clamp((long)((lon - _minLon) * _perLon), 0, _nx - 1);

    private int Row(double lat) => (int)Math.Clamp((long)((lat - _minLat) * _perLat), 0, _ny - 1);
}
