namespace Infra.Geodata;

/// <summary>
/// Clean-up that makes a labelled raster traceable into valid polygons: every label one 4-connected
/// piece, and no two cells of a label touching only at a corner (a pinch that would trace into a
/// self-touching ring).
/// </summary>
internal static class RasterOps
{
    /// <summary>The largest 4-connected piece of the mask, holes filled and corner pinches bridged.</summary>
    public static bool[] Solidify(Grid grid, bool[] mask)
    {
        var labels = mask.Select(m => m ? 0 : -1).ToArray();
        var (component, sizes, _) = Components(grid, labels);
        var largest = -1;
        for (var c = 0; c < sizes.Count; c++)
        {
            if (largest < 0 || sizes[c] > sizes[largest])
            {
                largest = c;
            }
        }

        var result = new bool[mask.Length];
        for (var cell = 0; cell < mask.Length; cell++)
        {
            result[cell] = mask[cell] && component[cell] == largest;
        }

        for (var round = 0; ; round++)
        {
            FillHoles(grid, result);
            if (!BridgeCorners(grid, result))
            {
                return result;
            }

            if (round > 100)
            {
                throw new InvalidOperationException("The city mask did not settle.");
            }
        }
    }

    /// <summary>
    /// Makes each label one 4-connected piece around its seed cell and removes corner pinches, moving
    /// cells only between labels of the same domain (so a township fix never moves a county border).
    /// </summary>
    public static void FixLabels(Grid grid, int[] labels, int[] domain, IReadOnlyList<int> seedCells)
    {
        var isSeed = new bool[labels.Length];
        foreach (var s in seedCells)
        {
            isSeed[s] = true;
        }

        for (var round = 0; round < 100; round++)
        {
            var changed = MergeFragments(grid, labels, domain, seedCells);
            changed |= UnpinchCorners(grid, labels, domain, isSeed);
            if (!changed)
            {
                return;
            }
        }

        throw new InvalidOperationException("The partition did not settle into clean pieces.");
    }

    /// <summary>4-connected components of equal, non-negative labels: per cell its component (or -1), sizes, first cells.</summary>
    public static (int[] Component, List<int> Sizes, List<int> FirstCells) Components(Grid grid, int[] labels)
    {
        var component = new int[labels.Length];
        Array.Fill(component, -1);
        var sizes = new List<int>();
        var firsts = new List<int>();
        var queue = new int[labels.Length];
        for (var start = 0; start < labels.Length; start++)
        {
            if (labels[start] < 0 || component[start] >= 0)
            {
                continue;
            }

            var id = sizes.Count;
            int head = 0, tail = 0;
            queue[tail++] = start;
            component[start] = id;
            while (head < tail)
            {
                var cell = queue[head++];
                foreach (var n in Neighbours4(grid, cell))
                {
                    if (component[n] < 0 && labels[n] == labels[start])
                    {
                        component[n] = id;
                        queue[tail++] = n;
                    }
                }
            }

            sizes.Add(tail);
            firsts.Add(start);
        }

        return (component, sizes, firsts);
    }

    public static IEnumerable<int> Neighbours4(Grid grid, int cell)
    {
        int i = cell % grid.Width, j = cell / grid.Width;
        if (i > 0)
        {
            yield return cell - 1;
        }

        if (i < grid.Width - 1)
        {
            yield return cell + 1;
        }

        if (j > 0)
        {
            yield return cell - grid.Width;
        }

        if (j < grid.Height - 1)
        {
            yield return cell + grid.Width;
        }
    }

    private static void FillHoles(Grid grid, bool[] mask)
    {
        var outside = new bool[mask.Length];
        var queue = new Queue<int>();
        for (var cell = 0; cell < mask.Length; cell++)
        {
            int i = cell % grid.Width, j = cell / grid.Width;
            var border = i == 0 || j == 0 || i == grid.Width - 1 || j == grid.Height - 1;
            if (border && !mask[cell])
            {
                outside[cell] = true;
                queue.Enqueue(cell);
            }
        }

        while (queue.TryDequeue(out var cell))
        {
            foreach (var n in Neighbours4(grid, cell))
            {
                if (!mask[n] && !outside[n])
                {
                    outside[n] = true;
                    queue.Enqueue(n);
                }
            }
        }

        for (var cell = 0; cell < mask.Length; cell++)
        {
            mask[cell] |= !outside[cell];
        }
    }

    private static bool BridgeCorners(Grid grid, bool[] mask)
    {
        var changed = false;
        for (var j = 0; j < grid.Height - 1; j++)
        {
            for (var i = 0; i < grid.Width - 1; i++)
            {
                var a = (j * grid.Width) + i;
                int b = a + 1, c = a + grid.Width, d = c + 1;
                if (mask[a] == mask[d] && mask[b] == mask[c] && mask[a] != mask[b])
                {
                    // Grow rather than shrink: the city keeps every cell it had.
                    mask[mask[a] ? b : a] = true;
                    changed = true;
                }
            }
        }

        return changed;
    }

    private static bool MergeFragments(Grid grid, int[] labels, int[] domain, IReadOnlyList<int> seedCells)
    {
        var (component, _, firsts) = Components(grid, labels);
        var keep = new bool[firsts.Count];
        foreach (var s in seedCells)
        {
            keep[component[s]] = true;
        }

        var cellsOf = new Dictionary<int, List<int>>();
        for (var cell = 0; cell < labels.Length; cell++)
        {
            if (component[cell] >= 0 && !keep[component[cell]])
            {
                if (!cellsOf.TryGetValue(component[cell], out var list))
                {
                    cellsOf[component[cell]] = list = [];
                }

                list.Add(cell);
            }
        }

        var changed = false;
        for (var c = 0; c < firsts.Count; c++)
        {
            if (keep[c])
            {
                continue;
            }

            var cells = cellsOf[c];
            var neighbours = new List<int>();
            foreach (var cell in cells)
            {
                neighbours.AddRange(Neighbours4(grid, cell)
                    .Where(n => component[n] != c && labels[n] >= 0 && domain[n] == domain[cell])
                    .Select(n => labels[n]));
            }

            if (neighbours.Count == 0)
            {
                throw new InvalidOperationException($"A piece of label {labels[firsts[c]]} has no neighbour to join.");
            }

            // The neighbour it shares the longest border with takes it, as an enclave would be merged in practice.
            var heir = neighbours.GroupBy(n => n).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
            foreach (var cell in cells)
            {
                labels[cell] = heir;
            }

            changed = true;
        }

        return changed;
    }

    private static bool UnpinchCorners(Grid grid, int[] labels, int[] domain, bool[] isSeed)
    {
        var changed = false;
        for (var j = 0; j < grid.Height - 1; j++)
        {
            for (var i = 0; i < grid.Width - 1; i++)
            {
                var a = (j * grid.Width) + i;
                int b = a + 1, c = a + grid.Width, d = c + 1;
                if (labels[a] >= 0 && labels[a] == labels[d] && labels[b] != labels[a] && labels[c] != labels[a])
                {
                    changed |= Bridge(labels, domain, isSeed, a, b, c);
                }
                else if (labels[b] >= 0 && labels[b] == labels[c] && labels[a] != labels[b] && labels[d] != labels[b])
                {
                    changed |= Bridge(labels, domain, isSeed, b, a, d);
                }
            }
        }

        return changed;
    }

    private static bool Bridge(int[] labels, int[] domain, bool[] isSeed, int from, int first, int second)
    {
        foreach (var cell in new[] { first, second })
        {
            if (labels[cell] >= 0 && domain[cell] == domain[from] && !isSeed[cell])
            {
                labels[cell] = labels[from];
                return true;
            }
        }

        throw new InvalidOperationException("A corner pinch cannot be bridged inside its domain.");
    }
}
