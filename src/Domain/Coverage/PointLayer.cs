namespace Infra.Domain.Coverage;

/// <summary>An omni circle (beamwidth 360) or a sector wedge; chord² bounds from <see cref="Ellipsoid"/>.</summary>
internal readonly record struct Footprint(double RadiusM, double Inner2, double Outer2, double AzimuthDeg, double BeamwidthDeg, bool Omni)
{
    public static Footprint Of(double radiusM, double azimuthDeg, double beamwidthDeg, bool omni) =>
        new(radiusM, Ellipsoid.Inner2(radiusM), Ellipsoid.Outer2(radiusM), azimuthDeg, beamwidthDeg, omni);
}

/// <summary>
/// One point asset in service on the date, prepared for exact decisions: <see cref="Index"/> is its position in
/// its list of the input; <see cref="RadiusM"/> its largest reach; <see cref="Sectors"/> its footprints when it has sectors.
/// </summary>
internal readonly record struct PointEntry(int Index, double Lon, double Lat, Vec3 P, Vec3 East, Vec3 North, double RadiusM, byte Flags, Footprint[]? Sectors)
{
    /// <summary>The lon/lat box of everything within <see cref="RadiusM"/>.</summary>
    public Box Box { get; } = SphereBounds.Expand(Box.Of(Lon, Lat), RadiusM);

    private double Outer2 { get; } = Ellipsoid.Outer2(RadiusM);

    private double Inner2 { get; } = Sectors is null ? Ellipsoid.Inner2(RadiusM) : -1;

    public Slot Slot(int entry) => new() { P = P, Outer2 = Outer2, Inner2 = Inner2, Entry = entry, Flags = Flags, Plain = Sectors is null };
}

/// <summary>
/// The assets of one kind that count on the date, in a <see cref="SlotGrid"/>, and where each input position
/// went. Built once per evaluation; <see cref="With"/> makes a copy that differs by a few assets, sharing the
/// big arrays, for incremental updates.
/// </summary>
internal sealed class PointLayer
{
    private readonly PointEntry[] _base;
    private readonly bool[] _counts;
    private readonly PointEntry[] _extra;
    private readonly Dictionary<int, int>? _moved;

    private readonly double _wideM;

    private PointLayer(PointEntry[] entries, bool[] counts, PointEntry[] extra, Dictionary<int, int>? moved, SlotGrid grid, SlotGrid wide, double wideM)
    {
        (_base, _counts, _extra, _moved, Grid, Wide, _wideM) = (entries, counts, extra, moved, grid, wide, wideM);
    }

    /// <summary>Asset whose entry is made on the date: fills <paramref name="entry"/> and says whether the asset counts.</summary>
    public delegate bool Maker(int position, out PointEntry entry);

    /// <summary>Assets of ordinary reach, in cells about as wide as the typical reach.</summary>
    public SlotGrid Grid { get; }

    /// <summary>
    /// Assets whose reach is more than twice the typical one (a 16 km PON beside 4 km ADSL), in cells as wide as
    /// theirs: in the fine grid each would be listed in dozens of cells.
    /// </summary>
    public SlotGrid Wide { get; }

    /// <summary>Whether nothing of this kind counts on the date (nor was added since).</summary>
    public bool IsEmpty => Grid.SlotCount == 0 && Wide.SlotCount == 0 && Grid.OverlayCells == 0 && Wide.OverlayCells == 0;

    /// <summary>Entries added by updates; past a few thousand a full evaluation is cheaper than the overlay.</summary>
    public int Added => _extra.Length;

    /// <summary>An entry: entries below the input's count are the assets at those positions when the layer was built.</summary>
    public ref readonly PointEntry Entry(int entry) => ref entry < _base.Length ? ref _base[entry] : ref _extra[entry - _base.Length];

    /// <summary>The entry of an input position, or −1 when that asset does not count on the date.</summary>
    public int EntryOf(int position) =>
        _moved is not null && _moved.TryGetValue(position, out var e) ? e : position < _counts.Length && _counts[position] ? position : -1;

    /// <param name="count">Number of assets of the kind in the input.</param>
    /// <param name="make">Makes the entry of the asset at a position; called in parallel.</param>
    /// <param name="places">Extent of the places, which the grid must cover.</param>
    public static PointLayer Build(int count, Maker make, Box places)
    {
        // Entry ids are input positions: no compaction, no copies (at a million stations each copy is a large-object allocation).
        var entries = new PointEntry[count];
        var counts = new bool[count];
        Parallel.For(0, (count + 1023) / 1024, block =>
        {
            for (var i = block * 1024; i < Math.Min(count, (block + 1) * 1024); i++)
            {
                counts[i] = make(i, out entries[i]);
            }
        });

        var extent = places;
        var kept = 0;
        for (var i = 0; i < count; i++)
        {
            if (counts[i])
            {
                extent = extent.Union(entries[i].Box);
                kept++;
            }
        }

        // Widest reach first in every cell: a place is most likely inside those, and stops scanning once it has what it wants.
        var order = new int[kept];
        var keys = new double[kept];
        for (int i = 0, k = 0; i < count; i++)
        {
            if (counts[i])
            {
                (order[k], keys[k]) = (i, -entries[i].RadiusM);
                k++;
            }
        }

        Array.Sort(keys, order);

        // Cells about as wide as the typical reach: a place scans the few assets around it, and an asset is listed in ~9 cells.
        var typicalM = kept == 0 ? 5_000 : -keys[kept / 2];
        var wideM = 2 * typicalM;
        var wide = 0;
        while (wide < kept && -keys[wide] > wideM)
        {
            wide++;
        }

        (Slot, Box) Item(int k) => (entries[order[k]].Slot(order[k]), entries[order[k]].Box);
        var fine = SlotGrid.Build(extent, Math.Max(0.5, typicalM / 1000), kept - wide, k => Item(wide + k));
        var coarse = SlotGrid.Build(extent, wide == 0 ? 50 : Math.Max(0.5, -keys[wide / 2] / 1000), wide, Item);
        return new PointLayer(entries, counts, [], null, fine, coarse, wideM);
    }

    /// <summary>
    /// A copy in which the assets at <paramref name="removed"/> positions (of the previous input) no longer count
    /// and <paramref name="added"/> entries (positions of the new input) do. Removals are applied first, so a
    /// position may be both removed and added.
    /// </summary>
    public PointLayer With(IReadOnlyList<int> removed, IReadOnlyList<PointEntry> added, List<Box> touched)
    {
        var moved = _moved is null ? [] : new Dictionary<int, int>(_moved);
        var gone = new List<(int, Box)>();
        foreach (var position in removed)
        {
            var e = EntryOf(position);
            moved[position] = -1;
            if (e >= 0)
            {
                var box = Entry(e).Box;
                gone.Add((e, box));
                touched.Add(box);
            }
        }

        var extra = new PointEntry[_extra.Length + added.Count];
        _extra.CopyTo(extra, 0);
        var put = new List<(Slot, Box)>();
        var putWide = new List<(Slot, Box)>();
        for (var i = 0; i < added.Count; i++)
        {
            var e = _base.Length + _extra.Length + i;
            extra[_extra.Length + i] = added[i];
            moved[added[i].Index] = e;
            var box = added[i].Box;
            (added[i].RadiusM > _wideM ? putWide : put).Add((added[i].Slot(e), box));
            touched.Add(box);
        }

        var goneFine = gone.Where(g => Entry(g.Item1).RadiusM <= _wideM).ToList();
        var goneWide = gone.Where(g => Entry(g.Item1).RadiusM > _wideM).ToList();
        return new PointLayer(_base, _counts, extra, moved,
            goneFine.Count + put.Count > 0 ? Grid.With(goneFine, put) : Grid,
            goneWide.Count + putWide.Count > 0 ? Wide.With(goneWide, putWide) : Wide, _wideM);
    }
}
