namespace Infra.Domain.Planning;

/// <summary>An undirected graph with non-negative edge weights, vertices 0…N−1.</summary>
public sealed class WeightedGraph(int vertices)
{
    private readonly List<(int To, double Weight)>[] _adjacent = [.. Enumerable.Range(0, vertices).Select(_ => new List<(int, double)>())];
    private readonly List<(int U, int V, double Weight)> _edges = [];

    public int VertexCount => _adjacent.Length;

    public IReadOnlyList<(int U, int V, double Weight)> Edges => _edges;

    public IReadOnlyList<(int To, double Weight)> Neighbours(int v) => _adjacent[v];

    public void AddEdge(int u, int v, double weight)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(weight);
        if (u == v)
        {
            return;
        }

        _adjacent[u].Add((v, weight));
        _adjacent[v].Add((u, weight));
        _edges.Add((Math.Min(u, v), Math.Max(u, v), weight));
    }
}

/// <summary>
/// Steiner tree in a graph by Mehlhorn's heuristic (Inf. Process. Lett. 27, 1988): Voronoi regions of the
/// terminals by one multi-source Dijkstra, a minimum spanning tree over the cheapest bridge between each pair
/// of neighbouring regions, expanded to graph paths, re-spanned and pruned of non-terminal leaves. Its cost
/// is at most 2(1 − 1/t) times the optimum. Ties are broken by vertex and edge order, so results are deterministic.
/// </summary>
public static class SteinerTree
{
    public static IReadOnlyList<(int U, int V, double Weight)> Solve(WeightedGraph graph, IReadOnlyList<int> terminals, CancellationToken ct = default)
    {
        if (terminals.Count < 2)
        {
            return [];
        }

        var n = graph.VertexCount;
        var dist = Enumerable.Repeat(double.PositiveInfinity, n).ToArray();
        var basis = Enumerable.Repeat(-1, n).ToArray();
        var pred = Enumerable.Repeat(-1, n).ToArray();
        var predWeight = new double[n];
        var queue = new PriorityQueue<int, (double, int)>();
        foreach (var t in terminals.Distinct())
        {
            dist[t] = 0;
            basis[t] = t;
            queue.Enqueue(t, (0, t));
        }

        while (queue.TryDequeue(out var u, out var key))
        {
            ct.ThrowIfCancellationRequested();
            if (key.Item1 > dist[u])
            {
                continue;
            }

            foreach (var (v, w) in graph.Neighbours(u))
            {
                if (dist[u] + w < dist[v])
                {
                    dist[v] = dist[u] + w;
                    basis[v] = basis[u];
                    pred[v] = u;
                    predWeight[v] = w;
                    queue.Enqueue(v, (dist[v], v));
                }
            }
        }

        // The cheapest bridge between each pair of neighbouring Voronoi regions.
        var bridges = new Dictionary<(int, int), (double Cost, int U, int V, double W)>();
        foreach (var (u, v, w) in graph.Edges)
        {
            if (basis[u] < 0 || basis[v] < 0 || basis[u] == basis[v])
            {
                continue;
            }

            var key = (Math.Min(basis[u], basis[v]), Math.Max(basis[u], basis[v]));
            var cost = dist[u] + w + dist[v];
            if (!bridges.TryGetValue(key, out var best) || cost < best.Cost)
            {
                bridges[key] = (cost, u, v, w);
            }
        }

        var terminalTree = Kruskal(bridges.OrderBy(b => b.Value.Cost).ThenBy(b => b.Key.Item1).ThenBy(b => b.Key.Item2)
            .Select(b => (b.Key.Item1, b.Key.Item2, b.Value.Cost, (b.Value.U, b.Value.V, b.Value.W))), n);

        if (terminalTree.Count < terminals.Distinct().Count() - 1)
        {
            throw new DomainException("terminals", "Some terminals cannot be reached from the others in the graph.");
        }

        // Expand each bridge into graph edges: u back to its terminal, the bridge, v back to its terminal.
        var edges = new Dictionary<(int, int), double>();
        void Add(int a, int b, double w) => edges[(Math.Min(a, b), Math.Max(a, b))] = w;
        foreach (var (_, _, _, (u, v, w)) in terminalTree)
        {
            Add(u, v, w);
            foreach (var end in new[] { u, v })
            {
                for (var x = end; pred[x] >= 0; x = pred[x])
                {
                    Add(x, pred[x], predWeight[x]);
                }
            }
        }

        var spanned = Kruskal(edges.OrderBy(e => e.Value).ThenBy(e => e.Key.Item1).ThenBy(e => e.Key.Item2)
            .Select(e => (e.Key.Item1, e.Key.Item2, e.Value, 0)), n).Select(e => (e.A, e.B, e.Cost)).ToList();
        return Prune(spanned, terminals.ToHashSet());
    }

    private static List<(int A, int B, double Cost, T Tag)> Kruskal<T>(IEnumerable<(int A, int B, double Cost, T Tag)> sorted, int n)
    {
        var parent = Enumerable.Range(0, n).ToArray();
        int Find(int x)
        {
            while (parent[x] != x)
            {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }

            return x;
        }

        var tree = new List<(int, int, double, T)>();
        foreach (var e in sorted)
        {
            var (ra, rb) = (Find(e.A), Find(e.B));
            if (ra != rb)
            {
                parent[ra] = rb;
                tree.Add(e);
            }
        }

        return tree;
    }

    /// <summary>Removes leaves that are not terminals until none is left.</summary>
    private static List<(int U, int V, double Weight)> Prune(List<(int U, int V, double Weight)> tree, HashSet<int> terminals)
    {
        var edges = tree.ToList();
        while (true)
        {
            var degree = new Dictionary<int, int>();
            foreach (var (u, v, _) in edges)
            {
                degree[u] = degree.GetValueOrDefault(u) + 1;
                degree[v] = degree.GetValueOrDefault(v) + 1;
            }

            var leaves = degree.Where(d => d.Value == 1 && !terminals.Contains(d.Key)).Select(d => d.Key).ToHashSet();
            if (leaves.Count == 0)
            {
                return edges;
            }

            edges.RemoveAll(e => leaves.Contains(e.U) || leaves.Contains(e.V));
        }
    }
}
