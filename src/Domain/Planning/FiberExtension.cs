using Infra.Domain.Assets;
using Infra.Domain.Coverage;
using Infra.Domain.Geo;
using Infra.Domain.Plans;
using Infra.Domain.Regions;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;
using NetTopologySuite.Operation.Distance;

namespace Infra.Domain.Planning;

public enum FiberTerminals
{
    /// <summary>Administrative villages without broadband (the plan's 村村上宽带).</summary>
    AdministrativeVillages = 1,

    /// <summary>Township seats off the IP backbone.</summary>
    TownshipSeats = 2,
}

/// <summary>How to extend fiber. Defaults: unserved administrative villages, the plan's 1,400 km budget.</summary>
public sealed record FiberOptions
{
    public FiberTerminals Terminals { get; init; } = FiberTerminals.AdministrativeVillages;

    /// <summary>
    /// Cable length per straight-line metre: cable follows roads and field edges. 1.3 sits in the range of
    /// route circuity measured for road networks (about 1.2–1.4; Ballou, Rahardja &amp; Sakai 2002).
    /// </summary>
    public double DetourFactor { get; init; } = 1.3;

    public double BudgetKm { get; init; } = 1_400;

    /// <summary>Each place is linked to this many nearest places (the graph the cable may follow).</summary>
    public int Neighbours { get; init; } = 8;

    /// <summary>Farthest a place may be joined straight to the existing network.</summary>
    public double MaxAttachM { get; init; } = 30_000;

    public void Validate()
    {
        DomainException.Require(Enum.IsDefined(Terminals), "terminals", $"Unknown terminals {Terminals}.");
        DomainException.Require(double.IsFinite(DetourFactor) && DetourFactor is >= 1 and <= 3, "detourFactor", "The detour factor is between 1 and 3.");
        DomainException.Require(double.IsFinite(BudgetKm) && BudgetKm >= 0, "budgetKm", "The budget is a number of kilometres, 0 or more.");
        DomainException.Require(Neighbours is >= 2 and <= 32, "neighbours", "Between 2 and 32 neighbours.");
        DomainException.Require(double.IsFinite(MaxAttachM) && MaxAttachM is >= 100 and <= 200_000, "maxAttachM", "Between 100 m and 200 km.");
    }
}

/// <summary>One straight piece of proposed cable; <see cref="Serves"/> lists the terminals whose link to the network runs through it.</summary>
public sealed record FiberSegment(int Id, LineString Line, double RouteKm, string? FromCode, string? ToCode, long? NetworkRouteId,
    IReadOnlyList<string> Serves, long ServesPopulation, bool WithinBudget);

public sealed record FiberTerminalResult(string Code, string Name, string CountyCode, int Population, double PathKm, int? BudgetOrder);

/// <summary>The extension, its length against a proven lower bound, and what the budget reaches.</summary>
public sealed record FiberResult(DateOnly AsOf, FiberOptions Options, IReadOnlyList<FiberSegment> Segments, IReadOnlyList<FiberTerminalResult> Terminals,
    double TotalKm, double LowerBoundKm, IReadOnlyDictionary<string, double> KmByCounty, double BudgetUsedKm, int TerminalsWithinBudget,
    long PopulationWithinBudget, IReadOnlyList<string> Unreachable)
{
    public double ShareWithinBudget => Terminals.Count == 0 ? 1 : (double)TerminalsWithinBudget / Terminals.Count;
}

/// <summary>
/// Connects every terminal (an unserved village or township seat) to the existing in-service fiber at the least
/// total length: a graph of places joined to their nearest neighbours and to the network (which is one node),
/// weighted by geodesic length × detour factor, solved by <see cref="SteinerTree"/>. The budget is spent by
/// taking, again and again, the terminal with the most people per kilometre still to build on its path.
/// </summary>
public static partial class FiberExtension
{
    private const int Network = 0;

    public static FiberResult Solve(CoverageResult coverage, RegionLocator regions, IReadOnlyList<County> counties, FiberOptions options,
        CancellationToken ct = default)
    {
        options.Validate();
        var routes = coverage.Input.FiberRoutes.Where(r => r.Lifecycle.InServiceOn(coverage.AsOf)).ToList();
        var places = Places(coverage, options.Terminals);
        var terminalPlaces = places.Select((p, i) => (p, i)).Where(x => x.p.Terminal).Select(x => x.i).ToList();
        var tree = new STRtree<FiberRoute>();
        routes.ForEach(r => tree.Insert(r.Route.EnvelopeInternal, r));
        tree.Build();

        // Vertex 0 is the existing network; vertex i + 1 is place i.
        var graph = new WeightedGraph(places.Count + 1);
        var index = new PointIndex([.. places.Select(p => (p.At.X, p.At.Y))], 10_000);
        var attach = new (FiberRoute Route, Coordinate At, double DistanceM)?[places.Count];
        for (var i = 0; i < places.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            foreach (var (j, d) in index.Nearest(i, options.Neighbours, 25_000, firstM: 4_000))
            {
                graph.AddEdge(i + 1, j + 1, d * options.DetourFactor);
            }

            attach[i] = Attachment(tree, places[i].At, options.MaxAttachM);
            if (attach[i] is { } a)
            {
                graph.AddEdge(Network, i + 1, a.DistanceM * options.DetourFactor);
            }
        }

        var reachable = Reachable(graph);
        var unreachable = terminalPlaces.Where(i => !reachable[i + 1]).Select(i => places[i].Code).ToList();
        var terminals = terminalPlaces.Where(i => reachable[i + 1]).ToList();
        var edges = routes.Count == 0 ? [] : SteinerTree.Solve(graph, [Network, .. terminals.Select(i => i + 1)], ct);
        return Assemble(coverage, regions, counties, options, places, attach, terminals, edges, unreachable);
    }

    private sealed record PlaceNode(string Code, string Name, string CountyCode, int Population, Coordinate At, bool Terminal);

    private static List<PlaceNode> Places(CoverageResult coverage, FiberTerminals kind)
    {
        var list = new List<PlaceNode>();
        var admin = coverage.Villages.Select((v, i) => (v, i)).Where(x => x.v.Kind == VillageKind.Administrative);
        foreach (var (v, i) in admin)
        {
            list.Add(new PlaceNode(v.Code, v.Name, v.CountyCode, v.Population, v.Location.Coordinate,
                kind == FiberTerminals.AdministrativeVillages && !coverage.IsServed(i, Service.Broadband)));
        }

        var people = coverage.Villages.Where(v => v.Kind != VillageKind.Administrative)
            .GroupBy(v => v.TownshipCode).ToDictionary(g => g.Key, g => g.Sum(v => v.Population), StringComparer.Ordinal);
        for (var t = 0; t < coverage.TownshipRecords.Count; t++)
        {
            if (coverage.TownshipRecords[t] is { } township)
            {
                // A seat carries its township's people, so the budget favours populous townships too.
                list.Add(new PlaceNode(township.Code, township.Name, township.CountyCode, people.GetValueOrDefault(township.Code), township.Seat.Coordinate,
                    kind == FiberTerminals.TownshipSeats && !coverage.IsTownshipServed(t, Service.IpBackbone)));
            }
        }

        // Places of the other kind stay in the graph as places the cable may pass through.
        return list;
    }

    /// <summary>
    /// The nearest in-service route within reach and the point on it. Routes are ranked by a planar distance
    /// in locally scaled degrees (cheap); only the few nearest are measured geodesically.
    /// </summary>
    private static (FiberRoute, Coordinate, double)? Attachment(STRtree<FiberRoute> tree, Coordinate at, double maxM)
    {
        var degrees = maxM / 90_000;
        var point = Wgs84.Factory.CreatePoint(at);
        var scale = Math.Cos(at.Y * Math.PI / 180);
        var ranked = tree.Query(new Envelope(at.X - degrees, at.X + degrees, at.Y - degrees, at.Y + degrees))
            .Select(r => (Route: r, Planar: r.Route.Distance(point)))
            .OrderBy(x => x.Planar).ThenBy(x => x.Route.Id).Take(3).ToList();
        (FiberRoute, Coordinate, double)? best = null;
        foreach (var (route, planar) in ranked)
        {
            // A planar distance in degrees is at least the scaled one; skip routes clearly beyond the best.
            if (best is not null && planar * scale * 111_000 > best.Value.Item3 * 1.05)
            {
                continue;
            }

            var d = Geodesic.DistanceToLineM(at.X, at.Y, route.Route);
            if (d <= maxM && (best is null || d < best.Value.Item3))
            {
                best = (route, DistanceOp.NearestPoints(route.Route, point)[0], d);
            }
        }

        return best;
    }

    private static bool[] Reachable(WeightedGraph graph)
    {
        var seen = new bool[graph.VertexCount];
        var stack = new Stack<int>([Network]);
        seen[Network] = true;
        while (stack.TryPop(out var u))
        {
            foreach (var (v, _) in graph.Neighbours(u))
            {
                if (!seen[v])
                {
                    seen[v] = true;
                    stack.Push(v);
                }
            }
        }

        return seen;
    }
}
