using System.Diagnostics;
using Infra.Domain.Assets;
using Infra.Domain.Coverage;
using Infra.Domain.Geo;
using Infra.Domain.Planning;
using Infra.Domain.Plans;
using Infra.Domain.Regions;
using Infra.Geodata;
using Infra.Geodata.Scale;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;

namespace Infra.Bench.Planning;

/// <summary>
/// The planning tools on the demo data and on a province-scale set, each beside a baseline in the same run: station
/// siting (lazy greedy against plain greedy on the very same instance, newly covered people against the proven upper
/// bound) and fiber extension (the Steiner heuristic against each village cabled straight to its nearest fiber, km
/// against the domain's lower bound and a minimum spanning tree over the terminals and the network).
/// </summary>
internal static class PlanningBench
{
    /// <summary>The plan's baseline date (驻马店“十一五”规划: the 98 stations and 1,400 km are counted from the end of 2005).</summary>
    private static readonly DateOnly AsOf = new(2005, 12, 31);

    /// <summary>Siting and fiber on the demo data; siting alone at a generated scale (fiber's MST baseline is quadratic in the villages).</summary>
    public static void Run(string scale, int runs)
    {
        var (name, data) = scale == "zhumadian" ? ("Zhumadian demo", DemoGenerator.Generate()) : (scale, ScaleData.GenerateLogged(ScaleSpec.Named(scale), Console.Out));
        var input = ScaleData.Input(data);
        var coverage = CoverageEngine.Evaluate(input, AsOf, CoverageOptions.Default);
        var regions = new RegionLocator(input.Townships);
        Console.WriteLine($"{name}: {input.Villages.Count:N0} places, {input.Stations.Count:N0} stations, {input.FiberRoutes.Count:N0} fiber routes, as of {AsOf:yyyy-MM-dd}; " +
            $"runs {runs}; load average {LoadAverage()}");
        Siting(coverage, regions, runs);
        if (scale == "zhumadian")
        {
            Fiber(coverage, regions, data.Counties, runs);
        }

        Console.WriteLine($"load average at the end {LoadAverage()}");
    }

    private static void Siting(CoverageResult coverage, RegionLocator regions, int runs)
    {
        var options = new SitingOptions();
        var result = StationSiting.Solve(coverage, regions, options);
        var problem = StationSiting.Prepare(coverage, regions, options);
        var prepare = BenchCli.Median(runs, () => StationSiting.Prepare(coverage, regions, options));
        var lazy = MaxCoverage.Solve(problem.Sets, problem.Weights, options.Sites);
        var lazyMs = BenchCli.Median(runs, () => MaxCoverage.Solve(problem.Sets, problem.Weights, options.Sites));
        var plain = PlainGreedy(problem.Sets, problem.Weights, options.Sites);
        var plainMs = BenchCli.Median(Math.Max(3, runs / 2), () => PlainGreedy(problem.Sets, problem.Weights, options.Sites));
        var whole = BenchCli.Median(runs, () => StationSiting.Solve(coverage, regions, options));

        Console.WriteLine($"siting {options.Sites} sites ({options.Technology}, r = {result.RadiusM:N0} m, 2 km grid + village centres, rural only):");
        Console.WriteLine($"  instance: {result.Candidates:N0} candidates, {problem.Demand.Count:N0} places without mobile ({result.UnservedPopulation:N0} people), " +
            $"{problem.Sets.Sum(s => (long)s.Length):N0} (candidate, place) pairs");
        Console.WriteLine($"  time: instance (grid, village centres, rural check, sets) {prepare:F0} ms, lazy greedy {lazyMs:F1} ms, the whole tool (with the site records) {whole:F0} ms; " +
            $"plain greedy {plainMs:F0} ms ({plainMs / lazyMs:F0}× the lazy greedy)");
        Console.WriteLine($"  quality: newly covered {result.NewPopulation:N0} people in {result.NewVillages:N0} natural villages; proven upper bound {result.UpperBound:N0}; " +
            $"covered / bound = {result.ProvenRatio:P1} (greedy guarantees ≥ 63.2 %); share of the unserved people covered {(double)result.NewPopulation / result.UnservedPopulation:P1}");
        Console.WriteLine($"  baseline plain greedy: covered {plain.Covered:N0} people, same sites as the lazy greedy: {plain.Chosen.SequenceEqual(lazy.Chosen)}");
    }

    private static void Fiber(CoverageResult coverage, RegionLocator regions, IReadOnlyList<County> counties, int runs)
    {
        var options = new FiberOptions();
        var result = FiberExtension.Solve(coverage, regions, counties, options);
        var steinerMs = BenchCli.Median(runs, () => FiberExtension.Solve(coverage, regions, counties, options));
        var naiveMs = BenchCli.Median(runs, () => Naive(coverage, options));
        var naive = Naive(coverage, options);
        var mstKm = SpanningTreeKm(naive.Terminals, options.DetourFactor);
        var terminals = result.Terminals.Count;
        var people = result.Terminals.Sum(t => (long)t.Population);

        Console.WriteLine($"fiber to the administrative villages without broadband (detour × {options.DetourFactor}, budget {options.BudgetKm:N0} km):");
        Console.WriteLine($"  instance: {terminals + result.Unreachable.Count:N0} villages without broadband, {result.Unreachable.Count:N0} beyond {options.MaxAttachM / 1000:N0} km of any fiber");
        Console.WriteLine($"  time: Steiner tool median {steinerMs:F0} ms; baseline (each village straight to its nearest fiber) {naiveMs:F0} ms");
        Console.WriteLine($"  km to reach 100 %: Steiner {result.TotalKm:N1} km; baseline {naive.Km:N1} km (Steiner / baseline = {result.TotalKm / naive.Km:F3})");
        Console.WriteLine($"  lower bounds: the domain's (max of MST / 2 and nearest-neighbour / 2) {result.LowerBoundKm:N1} km, Steiner / bound = {result.TotalKm / result.LowerBoundKm:F3}; " +
            $"minimum spanning tree over terminals + network {mstKm:N1} km, Steiner / MST = {result.TotalKm / mstKm:F3} (MST / 2 = {mstKm / 2:N1} km is a proven bound)");
        Console.WriteLine($"  1,400 km: Steiner reaches {result.TerminalsWithinBudget:N0} of {terminals:N0} villages ({result.ShareWithinBudget:P1}), " +
            $"{result.PopulationWithinBudget:N0} of {people:N0} people ({(double)result.PopulationWithinBudget / people:P1}), {result.BudgetUsedKm:N1} km used; " +
            $"baseline reaches {naive.WithinBudget:N0} villages ({(double)naive.WithinBudget / naive.Terminals.Count:P1}), {naive.PeopleWithinBudget:N0} people");
        Console.WriteLine("  km per county (Steiner): " + string.Join(", ", counties.Select(c => $"{c.Name} {result.KmByCounty.GetValueOrDefault(c.Code):N1}")));
    }

    private sealed record NaivePlan(double Km, List<(Coordinate At, double AttachM)> Terminals, int WithinBudget, long PeopleWithinBudget);

    /// <summary>
    /// The naive plan: every village without broadband cabled straight to its nearest point of in-service fiber (detoured,
    /// within the same 30 km reach), no sharing of trenches; the budget taken by most people per km.
    /// </summary>
    private static NaivePlan Naive(CoverageResult coverage, FiberOptions options)
    {
        var tree = new STRtree<FiberRoute>();
        foreach (var r in coverage.Input.FiberRoutes.Where(r => r.Lifecycle.InServiceOn(coverage.AsOf)))
        {
            tree.Insert(r.Route.EnvelopeInternal, r);
        }

        tree.Build();
        var terminals = new List<(Coordinate At, double AttachM, int People)>();
        for (var v = 0; v < coverage.Villages.Count; v++)
        {
            var village = coverage.Villages[v];
            if (village.Kind != VillageKind.Administrative || coverage.IsServed(v, Service.Broadband))
            {
                continue;
            }

            var at = village.Location.Coordinate;
            var degrees = options.MaxAttachM / 90_000;
            var nearest = tree.Query(new Envelope(at.X - degrees, at.X + degrees, at.Y - degrees, at.Y + degrees))
                .Select(r => Geodesic.DistanceToLineM(at.X, at.Y, r.Route)).DefaultIfEmpty(double.PositiveInfinity).Min();
            if (nearest <= options.MaxAttachM)
            {
                terminals.Add((at, nearest * options.DetourFactor, village.Population));
            }
        }

        var left = options.BudgetKm * 1000;
        var (within, people) = (0, 0L);
        foreach (var t in terminals.OrderByDescending(t => (t.People + 1) / Math.Max(t.AttachM, 1)))
        {
            if (t.AttachM <= left)
            {
                left -= t.AttachM;
                within++;
                people += t.People;
            }
        }

        return new NaivePlan(terminals.Sum(t => t.AttachM) / 1000, [.. terminals.Select(t => (t.At, t.AttachM))], within, people);
    }

    /// <summary>
    /// Prim's minimum spanning tree over the terminals and the network as one more vertex (a terminal's edge to it is its
    /// detoured attachment), every other edge the detoured geodesic between two terminals: the tree that joins them all
    /// without Steiner points. Half of it is a proven lower bound on any Steiner tree (in any metric).
    /// </summary>
    private static double SpanningTreeKm(List<(Coordinate At, double AttachM)> terminals, double detour) =>
        FiberExtension.SpanningTreeM(terminals.Count, i => terminals[i].AttachM, (a, b) => detour * Geodesic.DistanceM(terminals[a].At, terminals[b].At)) / 1000;

    /// <summary>
    /// The baseline: plain greedy — every round, every candidate's marginal gain computed afresh, the largest taken (ties to
    /// the lower index, as the lazy greedy does), so the two choose the same sets and differ only in work.
    /// </summary>
    private static (List<int> Chosen, double Covered) PlainGreedy(IReadOnlyList<int[]> sets, IReadOnlyList<double> weights, int k)
    {
        var covered = new bool[weights.Count];
        var chosen = new List<int>();
        var total = 0.0;
        while (chosen.Count < k)
        {
            var (best, bestGain) = (-1, 0.0);
            for (var i = 0; i < sets.Count; i++)
            {
                var gain = 0.0;
                foreach (var e in sets[i])
                {
                    gain += covered[e] ? 0 : weights[e];
                }

                if (gain > bestGain)
                {
                    (best, bestGain) = (i, gain);
                }
            }

            if (best < 0)
            {
                break;
            }

            chosen.Add(best);
            total += bestGain;
            foreach (var e in sets[best])
            {
                covered[e] = true;
            }
        }

        return (chosen, total);
    }

    private static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];
}
