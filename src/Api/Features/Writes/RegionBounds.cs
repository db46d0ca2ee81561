using Infra.Api.Data;
using Infra.Api.Http;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using NetTopologySuite.Operation.Union;

namespace Infra.Api.Features.Writes;

/// <summary>
/// Where records may lie: the union of the region's county boundaries plus a small margin. A position
/// outside it is refused, with a hint when the swapped position would have been inside — the usual
/// cause (lat, lon given where lon, lat is expected). Loaded once per process; counties are not written
/// through the API. With no counties loaded there is no region and nothing is checked.
/// </summary>
public sealed class RegionBounds
{
    /// <summary>
    /// 0.02° (≈ 2.2 km north–south, 1.9 km east–west at 33° N): boundaries are generalised, and an asset
    /// just across a county line (a mast on the neighbour's hill) still belongs to the region's network.
    /// </summary>
    public const double MarginDeg = 0.02;

    private readonly SemaphoreSlim _loading = new(1, 1);
    private Area? _area;

    public sealed record Area(IPreparedGeometry? Shape, Envelope Extent);

    public async Task<Area> GetAsync(InfraDb db, CancellationToken ct)
    {
        if (_area is { } loaded)
        {
            return loaded;
        }

        await _loading.WaitAsync(ct);
        try
        {
            if (_area is null)
            {
                var boundaries = await db.Counties.AsNoTracking().Select(c => c.Boundary).ToListAsync(ct);
                var union = boundaries.Count == 0 ? null : UnaryUnionOp.Union(boundaries.Cast<Geometry>().ToList()).Buffer(MarginDeg);
                _area = new Area(union is null ? null : PreparedGeometryFactory.Prepare(union), union?.EnvelopeInternal ?? new Envelope());
            }

            return _area;
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>Adds an error on <c>geometry</c> when <paramref name="g"/> is not inside the region.</summary>
    public static void Check(Area area, Geometry g, Fields f)
    {
        if (area.Shape is null || area.Shape.Covers(g))
        {
            return;
        }

        var c = g.Coordinates.FirstOrDefault(p => !area.Shape.Covers(g.Factory.CreatePoint(p))) ?? g.Coordinate;
        var swapped = g.Factory.CreatePoint(new Coordinate(c.Y, c.X));
        var e = area.Extent;
        var hint = area.Shape.Covers(swapped)
            ? " Longitude and latitude look swapped: give lon, lat (east, north)."
            : $" The region spans lon {e.MinX:0.##}–{e.MaxX:0.##}, lat {e.MinY:0.##}–{e.MaxY:0.##} (WGS 84); if the data came from a Chinese web map it is GCJ-02: import it with --crs gcj02.";
        f.Add("geometry", $"Position {c.X:0.######}, {c.Y:0.######} (lon, lat) lies outside the region's counties (+{MarginDeg}°).{hint}");
    }
}
