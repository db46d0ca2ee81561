using Infra.Api.Hosting;
using Infra.Api.Http;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using NetTopologySuite.Operation.Union;
using Npgsql;

namespace Infra.Api.Features.Writes;

/// <summary>
/// Where records may lie: the union of the region's county boundaries plus a small margin. A position
/// outside it is refused, with a hint when the swapped position would have been inside — the usual
/// cause (lat, lon given where lon, lat is expected). Loaded once per process; counties are not written
/// through the API. With no counties loaded there is no region and nothing is checked.
/// </summary>
public sealed class RegionBounds(DatabaseEndpoint endpoint)
{
    /// <summary>
    /// 0.02° (≈ 2.2 km north–south, 1.9 km east–west at 33° N): boundaries are generalised, and an asset
    /// just across a county line (a mast on the neighbour's hill) still belongs to the region's network.
    /// </summary>
    public const double MarginDeg = 0.02;

    private readonly SemaphoreSlim _loading = new(1, 1);
    private Area? _area;

    public sealed record Area(IPreparedGeometry? Shape, Envelope Extent, InteriorGrid? Interior = null);

    /// <summary>
    /// The cells of a grid over the region's extent that lie wholly inside it. A geometry whose envelope touches only
    /// such cells is inside without the exact test — a few array reads instead of a point-in-polygon walk of the
    /// boundary, which was the largest part of validating a bulk import's rows (dotnet-trace). Exact: only cells the
    /// region covers count, so anything the grid accepts the exact test accepts; rows near the boundary still get it.
    /// </summary>
    public sealed class InteriorGrid
    {
        /// <summary>32 × 32 cells: on Zhumadian's ≈ 1.9° × 1.3° extent a cell is ≈ 6 × 4 km, larger than a typical route's envelope.</summary>
        private const int Cells = 32;

        private readonly Envelope _extent;
        private readonly double _width;
        private readonly double _height;
        private readonly bool[] _inside = new bool[Cells * Cells];

        public InteriorGrid(IPreparedGeometry shape, Envelope extent)
        {
            _extent = extent;
            _width = extent.Width / Cells;
            _height = extent.Height / Cells;
            var factory = shape.Geometry.Factory;
            for (var j = 0; j < Cells; j++)
            {
                for (var i = 0; i < Cells; i++)
                {
                    var x = extent.MinX + (i * _width);
                    var y = extent.MinY + (j * _height);
                    _inside[(j * Cells) + i] = shape.Covers(factory.ToGeometry(new Envelope(x, x + _width, y, y + _height)));
                }
            }
        }

        public bool Contains(Envelope e)
        {
            if (_width <= 0 || _height <= 0 || !_extent.Contains(e))
            {
                return false;
            }

            int Index(double v, double min, double size) => Math.Clamp((int)Math.Floor((v - min) / size), 0, Cells - 1);
            var (i0, i1) = (Index(e.MinX, _extent.MinX, _width), Index(e.MaxX, _extent.MinX, _width));
            var (j0, j1) = (Index(e.MinY, _extent.MinY, _height), Index(e.MaxY, _extent.MinY, _height));
            for (var j = j0; j <= j1; j++)
            {
                for (var i = i0; i <= i1; i++)
                {
                    if (!_inside[(j * Cells) + i])
                    {
                        return false;
                    }
                }
            }

            return true;
        }
    }

    public async Task<Area> GetAsync(CancellationToken ct)
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
                // Plain Npgsql, not EF Core: a CLI import needs no EF model, and building one costs ~0.7 s (DatabaseEndpoint.DataSource).
                var boundaries = new List<Geometry>();
                await using (var conn = await endpoint.DataSource.OpenConnectionAsync(ct))
                await using (var cmd = new NpgsqlCommand("SELECT boundary FROM counties", conn))
                await using (var r = await cmd.ExecuteReaderAsync(ct))
                {
                    while (await r.ReadAsync(ct))
                    {
                        boundaries.Add(r.GetFieldValue<Geometry>(0));
                    }
                }

                var union = boundaries.Count == 0 ? null : UnaryUnionOp.Union(boundaries).Buffer(MarginDeg);
                var prepared = union is null ? null : PreparedGeometryFactory.Prepare(union);
                _area = new Area(prepared, union?.EnvelopeInternal ?? new Envelope(), prepared is null ? null : new InteriorGrid(prepared, union!.EnvelopeInternal));
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
        if (area.Shape is null || area.Interior?.Contains(g.EnvelopeInternal) == true || area.Shape.Covers(g))
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
