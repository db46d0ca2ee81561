using Infra.Domain.Planning;

namespace Infra.Domain.Tests.Planning;

public class SteinerTreeTests
{
    [Fact]
    public void Three_terminals_meet_at_the_hub_when_the_roads_go_through_it()
    {
        // Terminals 0, 1, 2 on a triangle whose sides are long detours (30); hub 3 is 6 from each.
        var g = new WeightedGraph(4);
        g.AddEdge(0, 1, 30);
        g.AddEdge(1, 2, 30);
        g.AddEdge(0, 2, 30);
        g.AddEdge(0, 3, 6);
        g.AddEdge(1, 3, 6);
        g.AddEdge(2, 3, 6);
        var tree = SteinerTree.Solve(g, [0, 1, 2], TestContext.Current.CancellationToken);
        Assert.Equal(18, tree.Sum(e => e.Weight));
        Assert.All(tree, e => Assert.Contains(3, new[] { e.U, e.V }));
    }

    [Fact]
    public void Non_terminal_leaves_are_pruned()
    {
        var g = new WeightedGraph(5);
        g.AddEdge(0, 1, 1);
        g.AddEdge(1, 2, 1);
        g.AddEdge(1, 3, 0.1);
        g.AddEdge(3, 4, 0.1);
        var tree = SteinerTree.Solve(g, [0, 2], TestContext.Current.CancellationToken);
        Assert.Equal(2, tree.Sum(e => e.Weight));
        Assert.DoesNotContain(tree, e => e.U == 4 || e.V == 4 || e.U == 3 || e.V == 3);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void On_small_random_graphs_it_is_within_twice_the_exact_optimum(int seed)
    {
        var random = new Random(seed);
        const int n = 9;
        var points = Enumerable.Range(0, n).Select(_ => (X: random.NextDouble() * 100, Y: random.NextDouble() * 100)).ToArray();
        var g = new WeightedGraph(n);
        for (var a = 0; a < n; a++)
        {
            for (var b = a + 1; b < n; b++)
            {
                if (random.NextDouble() < 0.6 || b == a + 1)
                {
                    g.AddEdge(a, b, Math.Round(Math.Sqrt(Math.Pow(points[a].X - points[b].X, 2) + Math.Pow(points[a].Y - points[b].Y, 2)), 3));
                }
            }
        }

        int[] terminals = [0, 3, 5, 8];
        var heuristic = SteinerTree.Solve(g, terminals, TestContext.Current.CancellationToken).Sum(e => e.Weight);

        // Exact: the best MST over the terminals plus any subset of the other vertices (connected ones only).
        var others = Enumerable.Range(0, n).Except(terminals).ToArray();
        var exact = double.PositiveInfinity;
        for (var mask = 0; mask < 1 << others.Length; mask++)
        {
            var keep = terminals.Concat(others.Where((_, i) => (mask & (1 << i)) != 0)).ToHashSet();
            exact = Math.Min(exact, Mst(g, keep));
        }

        Assert.InRange(heuristic, exact - 1e-9, 2 * exact);
        Assert.Equal(heuristic, SteinerTree.Solve(g, terminals, TestContext.Current.CancellationToken).Sum(e => e.Weight));
    }

    private static double Mst(WeightedGraph g, HashSet<int> keep)
    {
        var parent = Enumerable.Range(0, g.VertexCount).ToArray();
        int Find(int x) => parent[x] == x ? x : parent[x] = Find(parent[x]);
        double total = 0;
        var joined = 0;
        foreach (var (u, v, w) in g.Edges.Where(e => keep.Contains(e.U) && keep.Contains(e.V)).OrderBy(e => e.Weight))
        {
            if (Find(u) != Find(v))
            {
                parent[Find(u)] = Find(v);
                total += w;
                joined++;
            }
        }

        return joined == keep.Count - 1 ? total : double.PositiveInfinity;
    }
}
