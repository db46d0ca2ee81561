namespace Infra.Geodata;

/// <summary>
/// Capacity-limited growth in open country: every seed's region spreads from its seed through terrain
/// whose crossing cost varies, the emptiest region (by share of its target) always moving next, and
/// stops when it is full. In open country nothing hems a region in, so each ends with its target area
/// around its seed: the rough layout the city's outline is drawn from.
/// </summary>
internal static class Growth
{
    /// <param name="domain">Per cell its domain id, or -1 for cells no region may take.</param>
    /// <param name="cost">Per cell the relative effort of crossing it (1 = average).</param>
    /// <returns>Per cell the index of the seed whose region holds it, or -1 where no region got.</returns>
    public static int[] Grow(Grid grid, int[] domain, IReadOnlyList<Seed> seeds, double[] cost)
    {
        var labels = new int[grid.Count];
        Array.Fill(labels, -1);
        var areas = new double[seeds.Count];
        var fronts = seeds.Select(s => new PriorityQueue<int, double>([(s.Cell, 0.0)])).ToArray();
        var turns = new PriorityQueue<int, (double Fill, int Index)>();
        for (var s = 0; s < seeds.Count; s++)
        {
            turns.Enqueue(s, (0, s));
        }

        // The emptiest region (by share of its target) always moves next, taking the nearest free cell
        // on its front; a region about to be hemmed in is therefore the first to push out.
        while (turns.TryDequeue(out var s, out _))
        {
            var seed = seeds[s];
            while (fronts[s].TryDequeue(out var cell, out var t))
            {
                if (labels[cell] >= 0)
                {
                    continue;
                }

                labels[cell] = s;
                areas[s] += grid.AreaKm2(cell);
                foreach (var (next, km) in Steps(grid, cell))
                {
                    if (domain[next] == seed.Domain && labels[next] < 0)
                    {
                        fronts[s].Enqueue(next, t + (km * 0.5 * (cost[cell] + cost[next])));
                    }
                }

                break;
            }

            if (areas[s] < seed.TargetKm2 && fronts[s].Count > 0)
            {
                turns.Enqueue(s, (areas[s] / seed.TargetKm2, s));
            }
        }

        return labels;
    }

    public static double[] Areas(Grid grid, int[] labels, int count)
    {
        var areas = new double[count];
        for (var cell = 0; cell < labels.Length; cell++)
        {
            if (labels[cell] >= 0)
            {
                areas[labels[cell]] += grid.AreaKm2(cell);
            }
        }

        return areas;
    }

    private static IEnumerable<(int Cell, double Km)> Steps(Grid grid, int cell)
    {
        int i = cell % grid.Width, j = cell / grid.Width;
        double w = grid.CellWidthKm, h = grid.CellHeightKm, diagonal = Math.Sqrt((w * w) + (h * h));
        for (var dj = -1; dj <= 1; dj++)
        {
            for (var di = -1; di <= 1; di++)
            {
                int ni = i + di, nj = j + dj;
                if ((di != 0 || dj != 0) && ni >= 0 && nj >= 0 && ni < grid.Width && nj < grid.Height)
                {
                    yield return ((nj * grid.Width) + ni, di == 0 ? h : dj == 0 ? w : diagonal);
                }
            }
        }
    }
}
