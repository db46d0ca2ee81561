using Infra.Domain.Geo;
using NetTopologySuite.Geometries;

namespace Infra.Geodata;

/// <summary>
/// Traces each label of a clean raster (see <see cref="RasterOps.FixLabels"/>) into one polygon that
/// follows its cells' edges with the corners cut. Neighbouring polygons are built from the same edge
/// midpoints and grid corners, so their shared edges are vertex-for-vertex identical: a coverage that
/// <c>CoverageSimplifier</c> can simplify without opening gaps.
/// </summary>
internal static class Polygonizer
{
    public static Polygon[] Trace(Grid grid, int[] labels, int count)
    {
        // Directed cell edges with the label on their left; in a clean raster every corner starts at most
        // one edge per label, so following them is unambiguous.
        var next = new Dictionary<int, int>[count];
        var starts = new List<int>[count];
        for (var l = 0; l < count; l++)
        {
            next[l] = [];
            starts[l] = [];
        }

        var cornersPerRow = grid.Width + 1;
        int Corner(int i, int j) => (j * cornersPerRow) + i;
        void Add(int label, int from, int to)
        {
            next[label].Add(from, to);
            starts[label].Add(from);
        }

        int LabelAt(int i, int j) => i < 0 || j < 0 || i >= grid.Width || j >= grid.Height ? -1 : labels[(j * grid.Width) + i];

        for (var j = 0; j < grid.Height; j++)
        {
            for (var i = 0; i < grid.Width; i++)
            {
                var l = labels[(j * grid.Width) + i];
                if (l < 0)
                {
                    continue;
                }

                if (LabelAt(i, j - 1) != l)
                {
                    Add(l, Corner(i, j), Corner(i + 1, j));
                }

                if (LabelAt(i + 1, j) != l)
                {
                    Add(l, Corner(i + 1, j), Corner(i + 1, j + 1));
                }

                if (LabelAt(i, j + 1) != l)
                {
                    Add(l, Corner(i + 1, j + 1), Corner(i, j + 1));
                }

                if (LabelAt(i - 1, j) != l)
                {
                    Add(l, Corner(i, j + 1), Corner(i, j));
                }
            }
        }

        // A corner where three or more labels meet is a node of the coverage: every polygon around it
        // must keep it, even one whose own edge runs straight through it.
        bool IsNode(int corner)
        {
            int i = corner % cornersPerRow, j = corner / cornersPerRow;
            int a = LabelAt(i - 1, j - 1), b = LabelAt(i, j - 1), c = LabelAt(i - 1, j), d = LabelAt(i, j);
            var distinct = 1 + (b != a ? 1 : 0) + (c != a && c != b ? 1 : 0) + (d != a && d != b && d != c ? 1 : 0);
            return distinct >= 3;
        }

        var polygons = new Polygon[count];
        for (var l = 0; l < count; l++)
        {
            polygons[l] = Build(grid, next[l], starts[l], cornersPerRow, l, IsNode);
        }

        return polygons;
    }

    private static Polygon Build(Grid grid, Dictionary<int, int> next, List<int> starts, int cornersPerRow, int label, Func<int, bool> isNode)
    {
        var used = new HashSet<int>();
        LinearRing? shell = null;
        var holes = new List<LinearRing>();
        foreach (var start in starts)
        {
            if (!used.Add(start))
            {
                continue;
            }

            var corners = new List<int> { start };
            for (var at = next[start]; at != start; at = next[at])
            {
                used.Add(at);
                corners.Add(at);
            }

            var ring = Ring(grid, corners, cornersPerRow, isNode);
            if (ring.IsCCW)
            {
                shell = shell is null ? ring : throw new InvalidOperationException($"Label {label} is in more than one piece.");
            }
            else
            {
                holes.Add(ring);
            }
        }

        return Wgs84.Factory.CreatePolygon(shell ?? throw new InvalidOperationException($"Label {label} has no cells."), [.. holes]);
    }

    private static LinearRing Ring(Grid grid, List<int> corners, int cornersPerRow, Func<int, bool> isNode)
    {
        // Each unit edge contributes its midpoint, so a staircase becomes a run of 45° chamfers instead of
        // square teeth; corners are kept only where three regions meet, the nodes every neighbour shares.
        // Straight runs then drop their inner points. Both sides of a shared edge make the same points.
        var points = new List<(double X, double Y, bool Node)>();
        var n = corners.Count;
        for (var k = 0; k < n; k++)
        {
            int here = corners[k], after = corners[(k + 1) % n];
            int i0 = here % cornersPerRow, j0 = here / cornersPerRow, i1 = after % cornersPerRow, j1 = after / cornersPerRow;
            if (isNode(here))
            {
                points.Add((grid.CornerLon(i0), grid.CornerLat(j0), true));
            }

            points.Add((Math.Round((grid.CornerLon(i0) + grid.CornerLon(i1)) / 2, 6), Math.Round((grid.CornerLat(j0) + grid.CornerLat(j1)) / 2, 6), false));
        }

        var coordinates = new List<Coordinate>();
        var m = points.Count;
        for (var k = 0; k < m; k++)
        {
            var (prev, here, next) = (points[(k + m - 1) % m], points[k], points[(k + 1) % m]);
            var cross = ((here.X - prev.X) * (next.Y - here.Y)) - ((here.Y - prev.Y) * (next.X - here.X));
            if (here.Node || Math.Abs(cross) > 1e-12)
            {
                coordinates.Add(new Coordinate(here.X, here.Y));
            }
        }

        coordinates.Add(coordinates[0].Copy());
        return Wgs84.Factory.CreateLinearRing([.. coordinates]);
    }
}
