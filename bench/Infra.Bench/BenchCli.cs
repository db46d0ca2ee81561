using System.CommandLine;
using System.Diagnostics;
using Infra.Geodata.Scale;
using Infra.Domain.Coverage;

namespace Infra.Bench;

/// <summary>The bench verbs: generate and time in process, load into PostGIS, run the BenchmarkDotNet suites.</summary>
public static class BenchCli
{
    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("Infra benchmarks and the scale data generator.");
        var scale = new Option<string>("--scale") { Description = "prefecture, province, goal (1 M villages × 100 k stations) or national", DefaultValueFactory = _ => "province" };
        var runs = new Option<int>("--runs") { Description = "How many timed evaluations", DefaultValueFactory = _ => 7 };
        var time = new Command("time", "Generate a scale in memory and time full coverage evaluations (median of --runs).") { scale, runs };
        time.SetAction(r => Time(ScaleSpec.Named(r.GetValue(scale)!), r.GetValue(runs)));
        root.Subcommands.Add(time);
        return await root.Parse(args).InvokeAsync();
    }

    private static void Breakdown(CoverageInput input)
    {
        for (var i = 0; i < 2; i++)
        {
            var clock = Stopwatch.StartNew();
            var routes = new RouteIndex(input.FiberRoutes, r => r.Lifecycle.InServiceOn(ScaleSpec.AsOf), 500);
            var tRoutes = clock.Elapsed.TotalMilliseconds;
            var connected = 0;
            clock.Restart();
            foreach (var ap in input.AccessPoints)
            {
                connected += !ap.FiberConnected && routes.Nearest(ap.Location.X, ap.Location.Y) is not null ? 1 : 0;
            }

            Console.WriteLine($"route index {tRoutes:F0} ms, nearest for access points {clock.Elapsed.TotalMilliseconds:F0} ms ({connected})");
            clock.Restart();
            _ = CoveragePlaces.For(input.Villages);
            Console.WriteLine($"places {clock.Elapsed.TotalMilliseconds:F0} ms");
            clock.Restart();
            var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            var gc0 = GC.CollectionCount(2);
            var gcTime0 = GC.GetTotalPauseDuration();
            var index = new CoverageIndex(input, ScaleSpec.AsOf, CoverageOptions.Default);
            var build = clock.Elapsed.TotalMilliseconds;
            var cpu1 = Process.GetCurrentProcess().TotalProcessorTime;
            var places = index.Places;
            var bases = new Pages<CoverageBasis>(places.Count, 6);
            clock.Restart();
            Parallel.For(0, (places.Count + 2047) / 2048, block =>
            {
                for (var j = block * 2048; j < Math.Min(places.Count, (block + 1) * 2048); j++)
                {
                    CoverageEngine.EvaluatePlace(index, j, bases.Of(j));
                }
            });
            Console.WriteLine($"index {build:F0} ms (station slots {index.Stations.Grid.SlotCount:N0}, access {index.Access.Grid.SlotCount:N0}, nodes {index.Nodes.Grid.SlotCount:N0}, tx {index.Transmitters.Grid.SlotCount:N0}), places {clock.Elapsed.TotalMilliseconds:F0} ms; cpu index {(cpu1 - cpu0).TotalMilliseconds:F0} places {(Process.GetCurrentProcess().TotalProcessorTime - cpu1).TotalMilliseconds:F0}; gen2 {GC.CollectionCount(2) - gc0}, pauses {(GC.GetTotalPauseDuration() - gcTime0).TotalMilliseconds:F0} ms");
        }
    }

    private static void Time(ScaleSpec spec, int runs)
    {
        var data = ScaleData.GenerateLogged(spec, Console.Out);
        var input = ScaleData.Input(data);
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            var result = CoverageEngine.Evaluate(input, ScaleSpec.AsOf, CoverageOptions.Default);
            times.Add(clock.Elapsed.TotalMilliseconds);
            if (i == 0)
            {
                Console.WriteLine($"first evaluation {times[0]:F0} ms; served mobile {Enumerable.Range(0, input.Villages.Count).Count(v => result.IsServed(v, Infra.Domain.Plans.Service.Mobile)):N0} of {input.Villages.Count:N0}");
            }
        }

        times.Sort();
        Breakdown(input with { AccessPoints = [], SwitchingNodes = [], Transmitters = [], FiberRoutes = [], Filings = [] });
        Breakdown(input with { Stations = [], SwitchingNodes = [], Transmitters = [], Filings = [] });
        Breakdown(input with { Stations = [], AccessPoints = [], FiberRoutes = [], Filings = [] });
        Console.WriteLine($"evaluate: median {times[times.Count / 2]:F1} ms, min {times[0]:F1} ms, max {times[^1]:F1} ms over {runs} runs");
    }
}
