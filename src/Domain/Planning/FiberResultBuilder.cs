using Infra.Domain.Assets;
using Infra.Domain.Coverage;
using Infra.Domain.Geo;
using Infra.Domain.Regions;
using NetTopologySuite.Geometries;

namespace Infra.Domain.Planning;

/// <summary>Turns the Steiner tree into segments, per-terminal paths, the budget plan and the lower bound.</summary>
public static partial class FiberExtension
{
    private static FiberResult Assemble(CoverageResult coverage, RegionLocator regions, IReadOnlyList<County> counties, FiberOptions options,
        List<PlaceNode> places, (FiberRoute Route, Coordinate At, double DistanceM)?[] attach, List<int> terminals,
        IReadOnlyList<(int U, int V, double Weight)> edges, List<string> unreachable)
    {
        // Root the tree at the network: parent and weight of each vertex's edge toward it.
        var adjacent = new Dictionary<int, List<(int To, double W)>>();
        foreach (var (u, v, w) in edges)
        {
            (adjacent.TryGetValue(u, out var a) ? a : adjacent[u] = []).Add((v, w));
            (adjacent.TryGetValue(v, out var b) ? b : adjacent[v] = []).Add((u, w));
        }

        var parent = new Dictionary<int, (int Parent, double W)>();
        var order = new List<int>();
        var queue = new Queue<int>([Network]);
        var seen = new HashSet<int> { Network };
        while (queue.TryDequeue(out var u))
        {
            order.Add(u);
            foreach (var (v, w) in adjacent.GetValueOrDefault(u, []).OrderBy(x => x.To))
            {
                if (seen.Add(v))
                {
                    parent[v] = (u, w);
                    queue.Enqueue(v);
                }
            }
        }

        var terminalVertices = terminals.Select(i => i + 1).ToHashSet();
        var downstream = order.ToDictionary(v => v, v => terminalVertices.Contains(v) ? new List<int> { v } : []);
        foreach (var v in Enumerable.Reverse(order).Where(v => v != Network))
        {
            downstream[parent[v].Parent].AddRange(downstream[v]);
        }

        var pathKm = new Dictionary<int, double>();
        foreach (var v in order.Where(v => v != Network))
        {
            pathKm[v] = pathKm.GetValueOrDefault(parent[v].Parent) + (parent[v].W / 1000);
        }

        var built = Budget(options.BudgetKm, terminalVertices, parent, places, out var budgetOrder);
        var segments = new List<FiberSegment>();
        foreach (var v in order.Where(v => v != Network))
        {
            var (p, w) = parent[v];
            var to = places[v - 1];
            var from = p == Network ? attach[v - 1]!.Value.At : places[p - 1].At;
            var line = Wgs84.Factory.CreateLineString([new Coordinate(from.X, from.Y), new Coordinate(to.At.X, to.At.Y)]);
            var serves = downstream[v].Order().Select(t => places[t - 1]).ToList();
            segments.Add(new FiberSegment(segments.Count + 1, line, w / 1000, p == Network ? null : places[p - 1].Code, to.Code,
                p == Network ? attach[v - 1]!.Value.Route.Id : null, [.. serves.Select(s => s.Code)], serves.Sum(s => (long)s.Population),
                built.Contains(v)));
        }

        // Segments inside one county count whole; one that crosses a border is split by the township polygons.
        var byCounty = counties.ToDictionary(c => c.Code, _ => 0.0, StringComparer.Ordinal);
        foreach (var s in segments)
        {
            var from = regions.Locate(s.Line.StartPoint)?.CountyCode;
            var to = regions.Locate(s.Line.EndPoint)?.CountyCode;
            if (from is not null && from == to)
            {
                byCounty[from] += s.RouteKm;
                continue;
            }

            foreach (var c in counties)
            {
                byCounty[c.Code] += regions.LengthWithinM(s.Line, t => t.CountyCode == c.Code) * options.DetourFactor / 1000;
            }
        }

        byCounty = byCounty.ToDictionary(kv => kv.Key, kv => Math.Round(kv.Value, 3), StringComparer.Ordinal);
        var terminalResults = terminals.Select(i => new FiberTerminalResult(places[i].Code, places[i].Name, places[i].CountyCode,
            places[i].Population, Math.Round(pathKm.GetValueOrDefault(i + 1), 3), budgetOrder.TryGetValue(i + 1, out var o) ? o : null)).ToList();
        var within = terminalResults.Where(t => t.BudgetOrder is not null).ToList();
        return new FiberResult(coverage.AsOf, options, segments, terminalResults, Math.Round(segments.Sum(s => s.RouteKm), 3),
            Math.Round(LowerBoundKm(places, attach, terminals, options.DetourFactor), 3), byCounty,
            Math.Round(segments.Where(s => s.WithinBudget).Sum(s => s.RouteKm), 3), within.Count, within.Sum(t => (long)t.Population), unreachable);
    }

    /// <summary>
    /// Spends the budget: repeatedly the terminal with the most people per kilometre still unbuilt on its path,
    /// among those whose path still fits. Returns the vertices whose edge to their parent gets built.
    /// </summary>
    private static HashSet<int> Budget(double budgetKm, HashSet<int> terminals, Dictionary<int, (int Parent, double W)> parent,
        List<PlaceNode> places, out Dictionary<int, int> order)
    {
        var built = new HashSet<int>();
        order = [];
        var left = budgetKm * 1000;
        var pending = terminals.Where(parent.ContainsKey).Order().ToList();
        while (pending.Count > 0)
        {
            var best = (Vertex: -1, Ratio: -1.0, Cost: 0.0);
            foreach (var t in pending)
            {
                var cost = 0.0;
                for (var v = t; v != Network && !built.Contains(v); v = parent[v].Parent)
                {
                    cost += parent[v].W;
                }

                var ratio = cost <= 0 ? double.MaxValue : (places[t - 1].Population + 1) / cost;
                if (cost <= left && ratio > best.Ratio)
                {
                    best = (t, ratio, cost);
                }
            }

            if (best.Vertex < 0)
            {
                break;
            }

            for (var v = best.Vertex; v != Network && built.Add(v); v = parent[v].Parent)
            {
            }

            left -= best.Cost;
            order[best.Vertex] = order.Count + 1;
            pending.Remove(best.Vertex);
        }

        return built;
    }

    /// <summary>
    /// A proven lower bound on any tree joining the terminals to the network along detoured straight lines:
    /// the larger of half a minimum spanning tree over them (a Steiner tree costs at least half the MST of its
    /// terminals in any metric) and half the sum of each terminal's distance to its nearest other terminal or
    /// the network (an Euler tour of the tree visits them all).
    /// Distances are flat at each pair's mean latitude (within ~0.5 % of the geodesic below 500 km), shrunk by 2 %
    /// so they never exceed it.
    /// </summary>
    private static double LowerBoundKm(List<PlaceNode> places, (FiberRoute Route, Coordinate At, double DistanceM)?[] attach, List<int> terminals, double detour)
    {
        var n = terminals.Count;
        if (n == 0)
        {
            return 0;
        }

        double D(int a, int b)
        {
            var (p, q) = (places[terminals[a]].At, places[terminals[b]].At);
            var (dx, dy) = ((p.X - q.X) * 111_320 * Math.Cos((p.Y + q.Y) / 2 * Math.PI / 180), (p.Y - q.Y) * 110_570);
            return 0.98 * detour * Math.Sqrt((dx * dx) + (dy * dy));
        }

        double ToNetwork(int a) => detour * (attach[terminals[a]]?.DistanceM ?? double.PositiveInfinity);

        var mst = SpanningTreeM(n, ToNetwork, D);
        var nearest = Enumerable.Range(0, n).Select(ToNetwork).ToArray();
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                var d = D(i, j);
                nearest[i] = Math.Min(nearest[i], d);
                nearest[j] = Math.Min(nearest[j], d);
            }
        }

        return Math.Max(mst / 2, nearest.Sum() / 2) / 1000;
    }

    /// <summary>
    /// Prim's minimum spanning tree over <paramref name="n"/> points and a root joined to each by <paramref name="toRoot"/>
    /// (the network, for fiber): its length in the distances' unit. O(n²) time, O(n) memory: the graph is complete.
    /// </summary>
    internal static double SpanningTreeM(int n, Func<int, double> toRoot, Func<int, int, double> distance)
    {
        var best = Enumerable.Range(0, n).Select(toRoot).ToArray();
        var inTree = new bool[n];
        var total = 0.0;
        for (var step = 0; step < n; step++)
        {
            var next = -1;
            for (var i = 0; i < n; i++)
            {
                if (!inTree[i] && (next < 0 || best[i] < best[next]))
                {
                    next = i;
                }
            }

            inTree[next] = true;
            total += best[next];
            for (var i = 0; i < n; i++)
            {
                if (!inTree[i])
                {
                    best[i] = Math.Min(best[i], distance(next, i));
                }
            }
        }

        return total;
    }
}
