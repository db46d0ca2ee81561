using NetTopologySuite.Geometries;

namespace Infra.Geodata;

/// <summary>
/// The city's cells. The outline is drawn from the counties' facts, not the other way round, so every
/// seat ends up with room for its county: each county first grows its own area in open country from
/// its seat (<see cref="Growth"/>), through rough terrain that also grows dearer away from the middle of
/// the extent (which packs the counties into one body). That union is blurred to drop its lumpy
/// growth fronts, read at positions pushed around by a finer noise field (domain warping, the
/// meandering edge a real outline has), and cut at the level that gives the facts' total area.
/// </summary>
internal static class CityMask
{
    private const double TerrainFeatureKm = 30;
    private const double TerrainRoughness = 3;      // crossing cost spans about e^±1.5
    private const double BowlSteepness = 6;         // cost ×(1 + 6·q⁴), q = 1 at the extent's edge
    private const double BlurKm = 7;
    private const double WarpKm = 3;
    private const double WarpFeatureKm = 12;

    public static bool[] Build(Grid grid, Envelope extent, IReadOnlyList<CountyFacts> facts, Random random)
    {
        var target = facts.Sum(f => f.AreaKm2);
        var (minX, minY) = (grid.Xkm(grid.MinLon), grid.Ykm(grid.MinLat));
        var (maxX, maxY) = (grid.Xkm(grid.MinLon + (grid.Width * grid.Step)), grid.Ykm(grid.MinLat + (grid.Height * grid.Step)));
        var terrain = new Noise(random, minX, minY, maxX, maxY, TerrainFeatureKm, 6, 0.6);
        double halfX = (grid.Xkm(extent.MaxX) - grid.Xkm(extent.MinX)) / 2, halfY = (grid.Ykm(extent.MaxY) - grid.Ykm(extent.MinY)) / 2;
        double midX = (grid.Xkm(extent.MaxX) + grid.Xkm(extent.MinX)) / 2, midY = (grid.Ykm(extent.MaxY) + grid.Ykm(extent.MinY)) / 2;
        var cost = new double[grid.Count];
        var inland = new int[grid.Count];
        for (var cell = 0; cell < grid.Count; cell++)
        {
            int i = cell % grid.Width, j = cell / grid.Width;
            double x = grid.CellXkm(cell), y = grid.CellYkm(cell);
            double qx = (x - midX) / halfX, qy = (y - midY) / halfY, q2 = (qx * qx) + (qy * qy);
            cost[cell] = Math.Exp(TerrainRoughness * terrain.At(x, y)) * (1 + (BowlSteepness * q2 * q2));
            inland[cell] = i >= 2 && j >= 2 && i < grid.Width - 2 && j < grid.Height - 2 ? 0 : -1;
        }

        var seeds = facts.Select(f => new Seed(grid.CellAt(f.SeatLon, f.SeatLat), 0, f.AreaKm2, 0)).ToList();
        var grown = Growth.Grow(grid, inland, seeds, cost);
        var blurred = Blur(grid, grown.Select(l => l >= 0 ? 1.0 : 0.0).ToArray(), BlurKm);

        var warpX = new Noise(random, minX, minY, maxX, maxY, WarpFeatureKm, 5, 0.6);
        var warpY = new Noise(random, minX, minY, maxX, maxY, WarpFeatureKm, 5, 0.6);
        var field = new double[grid.Count];
        for (var cell = 0; cell < grid.Count; cell++)
        {
            double x = grid.CellXkm(cell), y = grid.CellYkm(cell);
            var i = (int)Math.Floor((x + (WarpKm * warpX.At(x, y)) - minX) / grid.CellWidthKm);
            var j = (int)Math.Floor((y + (WarpKm * warpY.At(x, y)) - minY) / grid.CellHeightKm);
            var inside = inland[cell] == 0 && i >= 0 && j >= 0 && i < grid.Width && j < grid.Height;
            field[cell] = inside ? blurred[(j * grid.Width) + i] : double.NegativeInfinity;
        }

        return Cut(grid, field, target);
    }

    public static double Area(Grid grid, bool[] mask)
    {
        var area = 0.0;
        for (var cell = 0; cell < mask.Length; cell++)
        {
            if (mask[cell])
            {
                area += grid.AreaKm2(cell);
            }
        }

        return area;
    }

    /// <summary>Two passes of a box filter (close to a Gaussian) of the given radius, via running sums.</summary>
    private static double[] Blur(Grid grid, double[] values, double radiusKm)
    {
        var rx = Math.Max(1, (int)Math.Round(radiusKm / grid.CellWidthKm));
        var ry = Math.Max(1, (int)Math.Round(radiusKm / grid.CellHeightKm));
        var result = values;
        for (var pass = 0; pass < 2; pass++)
        {
            result = BoxLine(result, grid.Width, grid.Height, rx, 1, grid.Width);
            result = BoxLine(result, grid.Height, grid.Width, ry, grid.Width, 1);
        }

        return result;
    }

    /// <summary>A running mean of width 2r+1 along lines of <paramref name="length"/> cells spaced <paramref name="stride"/> apart.</summary>
    private static double[] BoxLine(double[] values, int length, int lines, int r, int step, int stride)
    {
        var result = new double[values.Length];
        for (var line = 0; line < lines; line++)
        {
            var start = line * stride;
            var sum = 0.0;
            for (var k = -r; k <= r; k++)
            {
                sum += k >= 0 && k < length ? values[start + (k * step)] : 0;
            }

            for (var k = 0; k < length; k++)
            {
                result[start + (k * step)] = sum / ((2 * r) + 1);
                int leaving = k - r, entering = k + r + 1;
                sum -= leaving >= 0 ? values[start + (leaving * step)] : 0;
                sum += entering < length ? values[start + (entering * step)] : 0;
            }
        }

        return result;
    }

    /// <summary>The solid blob of the highest-valued cells whose area is <paramref name="target"/>.</summary>
    private static bool[] Cut(Grid grid, double[] field, double target)
    {
        var descending = Enumerable.Range(0, field.Length).ToArray();
        Array.Sort(field.Select(v => -v).ToArray(), descending);
        var want = target;
        bool[] mask = [];
        for (var attempt = 0; attempt < 6; attempt++)
        {
            mask = new bool[descending.Length];
            var area = 0.0;
            for (var k = 0; k < descending.Length && area < want; k++)
            {
                mask[descending[k]] = true;
                area += grid.AreaKm2(descending[k]);
            }

            // Filling holes and dropping islands changes the area a little; aim the raw cut off by as much.
            mask = RasterOps.Solidify(grid, mask);
            var error = Area(grid, mask) - target;
            if (Math.Abs(error) < target * 1e-4)
            {
                break;
            }

            want -= error;
        }

        return mask;
    }
}
