namespace Infra.Geodata;

/// <summary>A place a region grows from: its cell, the domain it may fill and the area it should reach.</summary>
/// <param name="HoldKm">Ground around the seed cell that always stays in its region.</param>
internal readonly record struct Seed(int Cell, int Domain, double TargetKm2, double HoldKm);

/// <summary>
/// Splits domains of the raster into regions of given areas with a weighted Voronoi diagram of the
/// seeds drawn in warped space: every cell is first displaced by a smooth noise field, which bends the
/// diagram's straight or circular borders the way rivers and field boundaries bend real ones. The
/// weights are tuned until the areas match; an area changes smoothly with its weight, so the tuning
/// converges.
/// </summary>
internal static class Partition
{
    /// <param name="domain">Per cell its domain id, or -1 for cells no region may take.</param>
    /// <param name="wx">Per cell its warped x, km.</param>
    /// <param name="wy">Per cell its warped y, km.</param>
    /// <param name="multiplicative">
    /// Divide squared distances by a weight per seed instead of subtracting one (a power diagram). A power
    /// diagram keeps borders straight but can let a large region swallow a small neighbour's seed;
    /// multiplicative weights keep every seed in its own region, the right choice where 街道 of ~15 km²
    /// sit beside 镇 of ~100 km².
    /// </param>
    /// <returns>Per cell the index of the seed whose region holds it, or -1.</returns>
    public static int[] Split(Grid grid, int[] domain, IReadOnlyList<Seed> seeds, double[] wx, double[] wy, double tolerance,
        bool multiplicative)
    {
        var labels = new int[grid.Count];
        Array.Fill(labels, -1);
        foreach (var group in seeds.Select((s, index) => (s, index)).GroupBy(x => x.s.Domain).OrderBy(g => g.Key))
        {
            var members = group.Select(x => x.index).ToArray();
            var cells = Enumerable.Range(0, grid.Count).Where(c => domain[c] == group.Key).ToArray();
            var owner = Balance(grid, cells, [.. members.Select(m => seeds[m])], wx, wy, tolerance, multiplicative);
            for (var k = 0; k < cells.Length; k++)
            {
                labels[cells[k]] = members[owner[k]];
            }

            foreach (var m in members)
            {
                Hold(grid, labels, domain, seeds[m], m);
            }
        }

        return labels;
    }

    /// <summary>True when every cell within the seed's hold radius (in its domain) is in its region.</summary>
    public static bool Holds(Grid grid, int[] labels, int[] domain, Seed seed, int label)
    {
        var ok = true;
        ForHeld(grid, domain, seed, cell => ok &= labels[cell] == label);
        return ok;
    }

    /// <summary>
    /// A seed always keeps its own cell and the ground right around it: a seat on a county's edge, or a
    /// 街道 no wider than a few cells, would otherwise lose its seat when the polygons are simplified.
    /// </summary>
    private static void Hold(Grid grid, int[] labels, int[] domain, Seed seed, int label)
    {
        labels[seed.Cell] = label;
        ForHeld(grid, domain, seed, cell => labels[cell] = label);
    }

    private static void ForHeld(Grid grid, int[] domain, Seed seed, Action<int> action)
    {
        int ci = seed.Cell % grid.Width, cj = seed.Cell / grid.Width;
        var ri = (int)Math.Ceiling(seed.HoldKm / grid.CellWidthKm);
        var rj = (int)Math.Ceiling(seed.HoldKm / grid.CellHeightKm);
        for (var j = Math.Max(0, cj - rj); j <= Math.Min(grid.Height - 1, cj + rj); j++)
        {
            for (var i = Math.Max(0, ci - ri); i <= Math.Min(grid.Width - 1, ci + ri); i++)
            {
                var cell = (j * grid.Width) + i;
                if (domain[cell] == seed.Domain && grid.DistanceKm(cell, seed.Cell) <= seed.HoldKm)
                {
                    action(cell);
                }
            }
        }
    }

    private static int[] Balance(Grid grid, int[] cells, Seed[] seeds, double[] wx, double[] wy, double tolerance, bool multiplicative)
    {
        var area = cells.Select(grid.AreaKm2).ToArray();
        var gx = seeds.Select(s => wx[s.Cell]).ToArray();
        var gy = seeds.Select(s => wy[s.Cell]).ToArray();
        var weights = Enumerable.Repeat(multiplicative ? 1.0 : 0.0, seeds.Length).ToArray();
        var gains = Enumerable.Repeat(0.7, seeds.Length).ToArray();
        var lastError = new double[seeds.Length];
        var owner = new int[cells.Length];
        for (var round = 0; ; round++)
        {
            var areas = new double[seeds.Length];
            for (var k = 0; k < cells.Length; k++)
            {
                double x = wx[cells[k]], y = wy[cells[k]];
                var best = 0;
                var bestScore = double.PositiveInfinity;
                for (var s = 0; s < seeds.Length; s++)
                {
                    double dx = x - gx[s], dy = y - gy[s];
                    var d2 = (dx * dx) + (dy * dy);
                    var score = multiplicative ? d2 / weights[s] : d2 - weights[s];
                    if (score < bestScore)
                    {
                        (best, bestScore) = (s, score);
                    }
                }

                owner[k] = best;
                areas[best] += area[k];
            }

            var worst = 0.0;
            for (var s = 0; s < seeds.Length; s++)
            {
                worst = Math.Max(worst, Math.Abs((areas[s] / seeds[s].TargetKm2) - 1));
            }

            if (worst < tolerance || round >= 300)
            {
                return owner;
            }

            // Additive: a weight w moves a border by w / 2d (d: distance to the neighbouring seed, about
            // twice the region's radius), so the area changes by about its perimeter times that: ΔA ≈ (π/2)·w.
            // Multiplicative: a region's linear size goes with √weight, so its area goes with the weight.
            // A gain halves whenever its error changes sign, which damps oscillation between neighbours.
            for (var s = 0; s < seeds.Length; s++)
            {
                var error = seeds[s].TargetKm2 - areas[s];
                gains[s] = error * lastError[s] < 0 ? gains[s] * 0.5 : Math.Min(1, gains[s] * 1.2);
                lastError[s] = error;
                weights[s] = multiplicative
                    ? weights[s] * Math.Pow(seeds[s].TargetKm2 / Math.Max(areas[s], 1e-3), gains[s])
                    : weights[s] + (gains[s] * error * 2 / Math.PI);
            }
        }
    }
}
